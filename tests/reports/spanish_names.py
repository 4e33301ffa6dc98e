"""The demo's coaches renamed with the surnames of issue 17, to read the Spanish order back from every output."""
from __future__ import annotations

from sigma_desktop.domain.text import sort_key

# given in an order that is not the Spanish one, so that any other order shows
SURNAMES = ["Ñahui", "Cusi", "Núñez", "Álvarez", "Cáceres", "Nuñovero", "Chávez", "Ángel"]


def rename_coaches(sigma) -> dict[str, str]:
    """Gives each coach of the demo one of the surnames (and a plain first name); DNI → new name."""
    from sigma_desktop.storage import models as m

    renamed = {}
    with sigma.db.session(write=True) as s:
        coaches = sorted(s.query(m.Coach).filter(m.Coach.deleted_at.is_(None)).all(), key=lambda c: c.dni)
        for coach, surname in zip(coaches, SURNAMES):
            coach.last_name_1, coach.last_name_2, coach.first_names = surname, None, "Ana"
            renamed[coach.dni] = f"{surname}, Ana"
    return renamed


def in_spanish_order(names: list[str]) -> bool:
    return names == sorted(names, key=sort_key)


def positions(text: str, names: list[str]) -> list[str]:
    """The names in the order they first appear in a text."""
    found = [(text.find(n), n) for n in names if n in text]
    return [n for _i, n in sorted(found)]

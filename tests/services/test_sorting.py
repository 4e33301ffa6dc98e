"""Lists sort alphabetically as a Peruvian reader expects: accents and ñ are not pushed after z."""
from __future__ import annotations

from sigma_desktop.domain.browse import ListFilter


def test_names_sort_with_accents_and_enie(world):
    for dni, last in (("40000101", "Ñahui"), ("40000102", "Nuñez"), ("40000103", "Ábalos"),
                      ("40000104", "Chávez"), ("40000105", "Choque"), ("40000106", "Zapata")):
        world.sigma.masters.add_teacher(dni, "Ana", last, None, "0512345")
    rows = world.sigma.browse.page("teachers", ListFilter(text="ana"), "name", False, 0, 50)
    names = [r.last_name_1 if hasattr(r, "last_name_1") else r.name.split(",")[0] for r in rows]
    mine = [n.split()[0] for n in names if n.split()[0] in {"Ñahui", "Nuñez", "Ábalos", "Chávez", "Choque", "Zapata"}]
    assert mine == ["Ábalos", "Chávez", "Choque", "Ñahui", "Nuñez", "Zapata"]

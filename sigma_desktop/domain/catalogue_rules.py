"""Rules of the administrator's catalogues: protocol targets and motivos de no ejecución.

The protocol (metas físicas) of an intervention, year and school level says what each teacher should
receive in a year; the indicators read it at every computation, so a change counts from the next report.
A motivo's code is what executions and imported sheets refer to: it is fixed once an execution uses it,
while its name (what people read) can be corrected at any time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError


@dataclass(frozen=True)
class TargetField:
    name: str      # ProtocolDef / Protocol attribute
    label: str     # Spanish, as the form and the messages say it
    low: int
    high: int


PROTOCOL_FIELDS: tuple[TargetField, ...] = (
    TargetField("visits", "Visitas al año", 0, 40),
    TargetField("visit_days", "Días por visita", 1, 10),
    TargetField("group_sessions", "GIA al año", 0, 30),
    TargetField("group_session_hours", "Horas por GIA", 1, 12),
    TargetField("workshops", "Talleres al año", 0, 20),
    TargetField("workshop_days", "Días por taller", 1, 10),
    TargetField("community_visits", "Visitas sociales comunitarias al año", 0, 20),
    TargetField("teachers_per_coach", "Docentes por acompañante", 1, 60),
    TargetField("first_month", "Primer mes de trabajo de campo", 1, 12),
    TargetField("last_month", "Último mes de trabajo de campo", 1, 12),
)
# what a new protocol must give; the others default (1 day a visit, no community visits, March to December)
REQUIRED = frozenset({"visits", "group_sessions", "group_session_hours", "workshops", "workshop_days",
                      "teachers_per_coach"})


def protocol_targets(values: dict[str, object]) -> dict[str, int]:
    """Whole numbers within each field's bounds, and a field-work period that ends after it starts."""
    out: dict[str, int] = {}
    for f in PROTOCOL_FIELDS:
        if f.name not in values:
            continue
        raw = values[f.name]
        try:
            number = int(str(raw).strip()) if not isinstance(raw, int) else raw
        except ValueError:
            raise ValidationError(f"{f.label}: escriba un número entero (se recibió «{raw}»).", f.name) from None
        if not f.low <= number <= f.high:
            raise ValidationError(f"{f.label}: debe estar entre {f.low} y {f.high} (se recibió {number}).", f.name)
        out[f.name] = number
    first, last = out.get("first_month"), out.get("last_month")
    if first is not None and last is not None and last < first:
        raise ValidationError("Último mes de trabajo de campo: no puede ser anterior al primer mes.", "last_month")
    return out


_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


def skip_reason_code(value: object) -> str:
    """A motivo's code: 2 to 30 lower-case letters, digits or «_», starting with a letter (e.g. «paro_transporte»)."""
    code = ("" if value is None else str(value)).strip().lower()
    if not _CODE.match(code):
        raise ValidationError(f"Código del motivo: «{value or ''}» no es válido (de 2 a 30 letras minúsculas sin "
                              "tildes, números o «_», empezando por una letra; por ejemplo «paro_transporte»).",
                              "codigo")
    return code


def code_change(old: str, new: str, uses: int) -> None:
    """A motivo's code is fixed once an execution record (even a deleted one) refers to it."""
    if new != old and uses:
        raise ValidationError(f"Código del motivo: «{old}» ya se usó en {uses} registro(s) de no ejecución y no se "
                              "puede cambiar; cambie el nombre, o desactive el motivo y cree otro.", "codigo")

"""Rules of assigning teachers to coaches that are not about activities: the school's level against the
protocol of the intervention.

A teacher counts in the avance and cumplimiento de protocolo only when the protocol of their coach's
intervention has targets for their school's level in that year (a Secundaria teacher under Soporte
Primaria has none). Such an assignment is allowed (an office may have reasons) but never silent: the
assignment form, `sigma import asignaciones` and the indicator report say it, with the same words.
"""
from __future__ import annotations

from .master_rules import LEVEL_LABELS


def level_warning(teacher: str, school_level: str, intervention_name: str, year: int,
                  protocol_levels: set[str] | frozenset[str]) -> str | None:
    """None when the protocol of the intervention and year has targets for the school's level; else why
    the teacher will have no target. `protocol_levels`: the levels with a protocol in that year."""
    if school_level in protocol_levels:
        return None
    level = LEVEL_LABELS.get(school_level, school_level).lower()
    if protocol_levels:
        levels = " y ".join(LEVEL_LABELS.get(lv, lv).lower() for lv in sorted(protocol_levels))
        has = f"tiene metas solo para {levels}"
    else:
        has = "no tiene metas de protocolo"
    return (f"El docente {teacher} enseña en una IE de {level} y {intervention_name} {year} {has}: no tendrá meta "
            "de protocolo, no contará en el avance ni en el cumplimiento (se cuenta en «docentes sin meta de "
            "protocolo» de los reportes).")

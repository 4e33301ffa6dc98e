"""People registered twice: the same name in the same school with different DNIs, or one DNI that is both
a teacher and a coach. (The register of people has no birth date: names and school are what it holds.)"""
from __future__ import annotations

from typing import Iterable

from ...text import fold
from ..facts import Person, SharedDni
from ..kinds import Kind
from ..model import COACH, TEACHER, CheckContext, Finding, Ref
from ._group import group


def _name(p: Person) -> str:
    surnames = " ".join(x for x in (p.last_name_1, p.last_name_2) if x)
    return f"{surnames}, {p.first_names}"


def duplicate_people(facts: Iterable[Person], ctx: CheckContext) -> list[Finding]:
    """Teachers of one school whose full names match (ignoring case and accents) with different DNIs."""
    out = []
    for _key, rows in group(facts, lambda p: (p.school_id, fold(_name(p)))).items():
        if len({p.dni for p in rows}) < 2:
            continue
        rows = sorted(rows, key=lambda p: p.dni)
        detail = (f"«{_name(rows[0])}» figura {len(rows)} veces en la misma IE, con DNI "
                  f"{', '.join(p.dni for p in rows)}.")
        out.append(Finding(Kind.DUPLICATE_PERSON, rows[0].ugel_id, ctx.year,
                           "docentes:" + ",".join(sorted(str(p.teacher_id) for p in rows)),
                           tuple(Ref(TEACHER, p.teacher_id) for p in rows), detail, teacher_id=rows[0].teacher_id))
    return out


def shared_dni(facts: Iterable[SharedDni], ctx: CheckContext) -> list[Finding]:
    """DNIs registered as a teacher and as a coach."""
    out = []
    for dni, rows in group(facts, lambda f: f.dni).items():
        refs = tuple(dict.fromkeys([*(Ref(TEACHER, r.teacher_id) for r in rows),
                                    *(Ref(COACH, r.coach_id) for r in rows)]))
        out.append(Finding(Kind.DNI_BOTH_ROLES, rows[0].coach_ugel_id, ctx.year, f"dni:{dni}", refs,
                           f"El DNI {dni} está registrado como docente y como acompañante.",
                           coach_id=rows[0].coach_id, teacher_id=rows[0].teacher_id))
    return out

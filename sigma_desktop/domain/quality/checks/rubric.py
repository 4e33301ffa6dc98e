"""Rubric levels that look filled in without observing: the same level in every desempeño of every visit
of a coach (straight-lining), or the same levels for all the coach's teachers in a month."""
from __future__ import annotations

from typing import Iterable

from ...dates import MONTHS
from ..facts import RatedVisit
from ..kinds import Kind
from ..model import EXECUTION, CheckContext, Finding, Ref
from ._group import coach_month, group, plural

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _rated(levels: tuple) -> tuple:
    return tuple(v for v in levels if v is not None)


def is_flat(levels: tuple) -> bool:
    """Every rated desempeño at the same level (and at least two rated)."""
    rated = _rated(levels)
    return len(rated) >= 2 and len(set(rated)) == 1


def _flat_coaches(facts: Iterable[RatedVisit], ctx: CheckContext) -> dict:
    """(UGEL, coach) → visits, for coaches with at least `flat_min_visits` executed visits, every one flat."""
    out = {}
    for key, rows in group(facts, lambda f: (f.ugel_id, f.coach_id)).items():
        visits = rows[0].coach_visits
        if len(rows) == visits >= ctx.params.flat_min_visits and all(is_flat(r.levels) for r in rows):
            out[key] = rows
    return out


def flat_rubric(facts: Iterable[RatedVisit], ctx: CheckContext) -> list[Finding]:
    """Coaches with at least `flat_min_visits` executed visits, every one of them flat."""
    out = []
    for (ugel, coach), rows in _flat_coaches(facts, ctx).items():
        visits = rows[0].coach_visits
        levels = sorted({_rated(r.levels)[0] for r in rows})
        detail = (f"Las {visits} visitas ejecutadas tienen el mismo nivel en todos los desempeños "
                  f"(nivel {', '.join(_ROMAN[v] for v in levels)}).")
        out.append(Finding(Kind.FLAT_RUBRIC, ugel, ctx.year, f"ap:{coach}",
                           tuple(Ref(EXECUTION, r.execution_id) for r in rows), detail, coach_id=coach))
    return out


def same_rubric(facts: Iterable[RatedVisit], ctx: CheckContext) -> list[Finding]:
    """Coach-months with visits to at least `same_min_teachers` teachers, all rated with identical levels
    (not for a coach whose every visit is flat: flat_rubric reports that coach once)."""
    facts = list(facts)
    flat = {coach for _ugel, coach in _flat_coaches(facts, ctx)}
    out = []
    for (ugel, coach, month), rows in group(facts, lambda f: (f.ugel_id, f.coach_id, f.month)).items():
        if coach in flat or len(rows) != rows[0].month_visits or len({r.levels for r in rows}) != 1 or not _rated(rows[0].levels):
            continue
        teachers = len({r.teacher_id for r in rows})
        if teachers < ctx.params.same_min_teachers:
            continue
        detail = (f"{plural(teachers, 'docente', 'docentes')} con exactamente los mismos niveles en {MONTHS[month - 1]} "
                  f"(niveles {'-'.join(_ROMAN[v] for v in _rated(rows[0].levels))}).")
        out.append(Finding(Kind.SAME_RUBRIC, ugel, ctx.year, coach_month(coach, month),
                           tuple(Ref(EXECUTION, r.execution_id) for r in rows), detail, coach_id=coach,
                           month=month))
    return out

"""Assignments against the protocol: the school's level, the months without a planned visit, and how
many teachers a coach has."""
from __future__ import annotations

from typing import Iterable

from ..facts import Assignment
from ..kinds import Kind
from ..model import ASSIGNMENT, CheckContext, Finding, ProtocolFacts, Ref
from ._group import group, month_names, plural


def level_mismatch(facts: Iterable[Assignment], ctx: CheckContext) -> list[Finding]:
    """Teachers assigned to an intervention that has no protocol for their school's level this year.
    (An intervention without any protocol for the year is a catalogue problem, not the teacher's.)"""
    wrong = []
    for f in facts:
        protocols = ctx.protocols.get(f.intervention_id)
        if protocols and f.school_level not in {p.level for p in protocols}:
            wrong.append(f)
    out = []
    for (ugel, teacher), rows in group(wrong, lambda f: (f.ugel_id, f.teacher_id)).items():
        levels = sorted({p.level for p in ctx.protocols[rows[0].intervention_id]})
        detail = (f"La IE del docente es de nivel {rows[0].school_level}; la intervención solo tiene protocolo "
                  f"para {', '.join(levels)}.")
        out.append(Finding(Kind.LEVEL_MISMATCH, ugel, ctx.year, f"docente:{teacher}",
                           tuple(Ref(ASSIGNMENT, f.assignment_id) for f in rows), detail,
                           coach_id=rows[0].coach_id, teacher_id=teacher))
    return out


def _protocol(ctx: CheckContext, intervention, level: str) -> ProtocolFacts | None:
    protocols = ctx.protocols.get(intervention) or ()
    return next((p for p in protocols if p.level == level), None)


def no_planned_visit(facts: Iterable[Assignment], ctx: CheckContext) -> list[Finding]:
    """Teachers to plan (not «no planificar») without a planned visit (of any coach of the intervention) in
    more months, so far, than the protocol leaves free, at least one of them still open: with `v` visits over
    `n` field months a teacher may go `n - v` months without one; beyond that the year's visits no longer fit."""
    out = []
    for (ugel, teacher, intervention), rows in group(
            (f for f in facts if not f.no_plan), lambda f: (f.ugel_id, f.teacher_id, f.intervention_id)).items():
        p = _protocol(ctx, intervention, rows[0].school_level)
        if p is None:  # no protocol for the level: level_mismatch reports it
            continue
        mask = 0
        for r in rows:
            mask |= r.months_mask
        field = range(p.first_month, p.last_month + 1)
        free = max(0, len(field) - p.visits)
        missing = [m for m in field if m <= ctx.last_month and not mask >> m & 1]
        if len(missing) <= free or all(ctx.is_closed(ugel, m) for m in missing):
            continue
        allowed = "ningún mes" if free == 0 else plural(free, "mes", "meses")
        where = month_names(missing) if len(missing) <= 4 else \
            f"{len(missing)} meses (de {month_names(missing[:1])} a {month_names(missing[-1:])})"
        detail = (f"Sin visita planificada en {where}; el protocolo ({p.visits} visitas de "
                  f"{month_names([p.first_month])} a {month_names([p.last_month])}) permite {allowed} sin visita.")
        out.append(Finding(Kind.NO_PLANNED_VISIT, ugel, ctx.year, f"docente:{teacher}:{intervention}",
                           tuple(Ref(ASSIGNMENT, r.assignment_id) for r in rows), detail,
                           coach_id=rows[0].coach_id, teacher_id=teacher))
    return out


def over_ratio(facts: Iterable[Assignment], ctx: CheckContext) -> list[Finding]:
    """Coaches with more teachers than their intervention's protocol allows (the largest teachers-per-coach
    figure among its levels, plus the margin `ratio_margin`)."""
    out = []
    for (ugel, coach), rows in group(facts, lambda f: (f.ugel_id, f.coach_id)).items():
        protocols = ctx.protocols.get(rows[0].intervention_id)
        if not protocols:
            continue
        ratio = max(p.teachers_per_coach for p in protocols)
        teachers = len({r.teacher_id for r in rows})
        if teachers <= ratio + ctx.params.ratio_margin:
            continue
        detail = f"{plural(teachers, 'docente asignado', 'docentes asignados')}; el protocolo fija {ratio} por acompañante."
        if ctx.params.ratio_margin:
            detail += f" (margen aceptado: {ctx.params.ratio_margin})"
        out.append(Finding(Kind.OVER_RATIO, ugel, ctx.year, f"ap:{coach}",
                           tuple(Ref(ASSIGNMENT, r.assignment_id) for r in rows), detail, coach_id=coach))
    return out

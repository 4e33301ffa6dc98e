"""The aggregate queries behind the Módulo de Control and the indicators.

A handful of GROUP BY queries, each returning one row per coach (and month, or teacher) with many
conditional sums, so that a national month costs a few scans however many indicators are asked for.
The meaning of every base measure is written here once; domain/measures.py derives the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..domain.catalogues import SKIP_REASONS, ProtocolDef
from . import models as m
from .unit import Unit

A, E = m.Activity, m.Execution
KINDS = ("visita", "gia", "taller", "visita_social", "ruta", "materiales")
MOTIVO_KINDS = ("visita", "gia", "taller", "visita_social")
EXECUTED, NOT_EXECUTED = "ejecutada", "no_ejecutada"


@dataclass(frozen=True)
class Scope:
    """Which activities count: a year, months up to a cut-off, and where."""

    year: int
    cutoff: int  # last month included (12 for the whole year)
    period_month: int | None  # the month whose additive counts are reported (None: every month ≤ cutoff)
    ugel_ids: list[UUID] | None = None  # None: the whole nation
    intervention_id: UUID | None = None
    coach_id: UUID | None = None


def _days_between(u: Unit, later, earlier):
    if u._s.bind.dialect.name == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier  # PostgreSQL: date - date is an integer number of days


def _where(stmt, s: Scope, activity=A):
    stmt = stmt.where(activity.deleted_at.is_(None), activity.year == s.year, activity.month <= s.cutoff)
    if s.ugel_ids is not None:
        stmt = stmt.where(activity.ugel_id.in_(s.ugel_ids))
    if s.intervention_id is not None:
        stmt = stmt.where(activity.intervention_id == s.intervention_id)
    if s.coach_id is not None:
        stmt = stmt.where(activity.coach_id == s.coach_id)
    return stmt


def _plain(row) -> dict:
    """Row as a dict of Python ints (PostgreSQL sums of BIGINT come back as Decimal)."""
    return {k: (int(v) if isinstance(v, Decimal) else v) for k, v in row._mapping.items()}


def _sum(cond, value=1):
    return func.sum(case((cond, value), else_=0))


def _activity_columns(u: Unit, in_period) -> list:
    executed = E.outcome == EXECUTED
    cols = []
    for k in KINDS:
        is_k = and_(A.kind == k, in_period)
        cols += [
            _sum(is_k).label(f"{k}.planned"),
            _sum(and_(is_k, executed)).label(f"{k}.executed"),
            _sum(and_(is_k, E.outcome == NOT_EXECUTED)).label(f"{k}.not_executed"),
            _sum(and_(is_k, executed, E.validation_state == "validada")).label(f"{k}.validated"),
            _sum(and_(is_k, executed, E.validation_state == "observada")).label(f"{k}.observed"),
            _sum(and_(is_k, executed, E.validation_state == "pendiente")).label(f"{k}.pending"),
        ]
    for k in MOTIVO_KINDS:
        for reason in SKIP_REASONS:
            cols.append(_sum(and_(A.kind == k, in_period, E.outcome == NOT_EXECUTED,
                                  _SR.code == reason.code)).label(f"{k}.not_executed.{reason.code}"))
    for vt in ("diagnostica", "desarrollo", "cierre"):
        cols.append(_sum(and_(A.kind == "visita", in_period, executed, A.visit_type == vt))
                    .label(f"visita.executed.{vt}"))
    ex = lambda k: and_(A.kind == k, in_period, executed)  # noqa: E731
    cols += [
        _sum(ex("gia"), func.coalesce(E.hours, 0)).label("gia.hours"),
        _sum(ex("taller"), func.coalesce(E.hours, 0)).label("taller.hours"),
        _sum(ex("taller"), func.coalesce(E.days, 0)).label("taller.days"),
        _sum(ex("visita_social"), func.coalesce(E.parents, 0)).label("visita_social.parents"),
        _sum(ex("visita_social"), func.coalesce(E.elders, 0)).label("visita_social.elders"),
        _sum(ex("visita_social"), func.coalesce(E.authorities, 0)).label("visita_social.authorities"),
        _sum(and_(A.kind == "ruta", in_period), func.coalesce(A.allowance_assigned_cents, 0))
        .label("ruta.assigned_cents"),
        _sum(ex("ruta"), func.coalesce(E.allowance_spent_cents, 0)).label("ruta.spent_cents"),
        _sum(ex("ruta"), func.coalesce(E.days, 0)).label("ruta.days"),
        _sum(and_(A.kind == "materiales", in_period), func.coalesce(A.quantity_planned, 0))
        .label("materiales.qty_planned"),
        _sum(ex("materiales"), func.coalesce(E.quantity_delivered, 0)).label("materiales.qty_delivered"),
        _sum(and_(ex("materiales"), A.planned_date.is_not(None)),
             _days_between(u, E.executed_on, A.planned_date)).label("materiales.delay_days"),
        _sum(and_(ex("materiales"), A.planned_date.is_not(None))).label("materiales.dated"),
        # up to the cut-off whatever the period: what a coach has done towards the protocol
        _sum(and_(A.kind == "gia", executed)).label("cum.gia.executed"),
        _sum(and_(A.kind == "taller", executed)).label("cum.taller.executed"),
        _sum(and_(A.kind == "visita_social", executed)).label("cum.visita_social.executed"),
    ]
    return cols


_SR = aliased(m.SkipReason)


def _joined(stmt):
    return (stmt.outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
            .outerjoin(_SR, _SR.id == E.skip_reason_id))


def activity_counts(u: Unit, s: Scope, by_month: bool) -> list[dict]:
    """One row per coach (and month when `by_month`) with every additive base measure."""
    in_period = literal(True) if s.period_month is None else A.month == s.period_month
    keys = [A.coach_id] + ([A.month] if by_month else [])
    stmt = _where(_joined(select(*keys, *_activity_columns(u, in_period)).select_from(A)), s).group_by(*keys)
    return [_plain(r) for r in u._s.execute(stmt)]


def attendance_counts(u: Unit, s: Scope, by_month: bool) -> list[dict]:
    """Convened and attending teachers of executed GIA and talleres, per coach (and month)."""
    P = m.ExecutionParticipant
    in_period = literal(True) if s.period_month is None else A.month == s.period_month
    keys = [A.coach_id] + ([A.month] if by_month else [])
    cols = []
    for k in ("gia", "taller"):
        cols += [_sum(and_(A.kind == k, in_period)).label(f"{k}.convened"),
                 _sum(and_(A.kind == k, in_period, P.attended.is_(True))).label(f"{k}.attended")]
    stmt = (select(*keys, *cols).select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
            .join(P, and_(P.execution_id == E.id, P.deleted_at.is_(None), P.teacher_id.is_not(None)))
            .where(A.kind.in_(("gia", "taller"))))
    stmt = _where(stmt, s).group_by(*keys)
    return [_plain(r) for r in u._s.execute(stmt)]


def teacher_visit_facts(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, executed visits, diagnóstica done, visits in the cut-off month, first date,
    last date) for executed visits up to the cut-off."""
    executed = and_(E.outcome == EXECUTED)
    stmt = (select(A.teacher_id, A.coach_id, func.count(),
                   func.max(case((A.visit_type == "diagnostica", 1), else_=0)),
                   _sum(A.month == s.cutoff),
                   func.min(E.executed_on), func.max(E.executed_on))
            .select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), executed))
            .where(A.kind == "visita", A.teacher_id.is_not(None)))
    stmt = _where(stmt, s).group_by(A.teacher_id, A.coach_id)
    return [tuple(r) for r in u._s.execute(stmt)]


def teacher_attendance_facts(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, GIA attended, talleres attended) up to the cut-off."""
    P = m.ExecutionParticipant
    stmt = (select(P.teacher_id, A.coach_id, _sum(A.kind == "gia"), _sum(A.kind == "taller"))
            .select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
            .join(P, and_(P.execution_id == E.id, P.deleted_at.is_(None), P.attended.is_(True),
                          P.teacher_id.is_not(None)))
            .where(A.kind.in_(("gia", "taller"))))
    stmt = _where(stmt, s).group_by(P.teacher_id, A.coach_id)
    return [tuple(r) for r in u._s.execute(stmt)]


def assignment_facts(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, school, school level) of live assignments to plan in the year, in scope."""
    S, T, C = m.School, m.Teacher, m.Coach
    stmt = (select(m.Assignment.teacher_id, m.Assignment.coach_id, T.school_id, S.level)
            .join(T, T.id == m.Assignment.teacher_id).join(S, S.id == T.school_id)
            .join(C, C.id == m.Assignment.coach_id)
            .where(m.Assignment.deleted_at.is_(None), m.Assignment.year == s.year,
                   m.Assignment.no_plan.is_(False)))
    if s.ugel_ids is not None:
        stmt = stmt.where(C.ugel_id.in_(s.ugel_ids))
    if s.intervention_id is not None:
        stmt = stmt.where(m.Assignment.intervention_id == s.intervention_id)
    if s.coach_id is not None:
        stmt = stmt.where(m.Assignment.coach_id == s.coach_id)
    return [tuple(r) for r in u._s.execute(stmt)]


def community_schools(u: Unit, s: Scope) -> list[tuple]:
    """Distinct (coach, school) with an executed visita social up to the cut-off."""
    stmt = (select(A.coach_id, A.school_id).distinct().select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
            .where(A.kind == "visita_social", A.school_id.is_not(None)))
    return [tuple(r) for r in u._s.execute(_where(stmt, s))]


def material_facts(u: Unit, s: Scope) -> list[tuple]:
    """(coach, teacher or None, school, planned deliveries, complete deliveries) up to the cut-off.

    A delivery is complete when executed with at least the planned quantity.
    """
    complete = and_(E.outcome == EXECUTED, E.quantity_delivered >= func.coalesce(A.quantity_planned, 0))
    stmt = (select(A.coach_id, A.teacher_id, A.school_id, func.count(), _sum(complete))
            .select_from(A).outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
            .where(A.kind == "materiales"))
    stmt = _where(stmt, s).group_by(A.coach_id, A.teacher_id, A.school_id)
    return [tuple(r) for r in u._s.execute(stmt)]


def rubric_facts(u: Unit, s: Scope) -> list[tuple]:
    """Per (teacher, coach): the latest executed visit up to the cut-off and the diagnóstica, with levels.

    Rows: (teacher, coach, is_latest, is_diagnostic, executed_on, level_1 … level_6).
    """
    levels = [getattr(E, f"level_{n}") for n in m.RUBRIC_SLOTS]
    rank = func.row_number().over(partition_by=(A.teacher_id, A.coach_id),
                                  order_by=(E.executed_on.desc(), A.id.desc()))
    inner = (select(A.teacher_id, A.coach_id, A.visit_type, E.executed_on, *levels, rank.label("rn"))
             .select_from(A)
             .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
             .where(A.kind == "visita", A.teacher_id.is_not(None)))
    sub = _where(inner, s).subquery()
    stmt = (select(sub.c.teacher_id, sub.c.coach_id, sub.c.rn == 1, sub.c.visit_type == "diagnostica",
                   sub.c.executed_on, *[sub.c[f"level_{n}"] for n in m.RUBRIC_SLOTS])
            .where(or_(sub.c.rn == 1, sub.c.visit_type == "diagnostica")))
    return [tuple(r) for r in u._s.execute(stmt)]


@dataclass(frozen=True)
class CoachDim:
    coach_id: UUID
    dni: str
    name: str
    ugel_code: str
    ugel_name: str
    dre_code: str
    dre_name: str
    intervention: str


def coach_dims(u: Unit, s: Scope) -> dict[UUID, CoachDim]:
    C, U, D, I = m.Coach, m.Ugel, m.Dre, m.Intervention
    name = C.last_name_1 + func.coalesce(literal(" ") + C.last_name_2, literal("")) + literal(", ") + C.first_names
    stmt = (select(C.id, C.dni, name, U.code, U.name, D.code, D.name, I.key)
            .join(U, U.id == C.ugel_id).join(D, D.id == U.dre_id).join(I, I.id == C.intervention_id))
    if s.ugel_ids is not None:
        stmt = stmt.where(C.ugel_id.in_(s.ugel_ids))
    if s.coach_id is not None:
        stmt = stmt.where(C.id == s.coach_id)
    return {r[0]: CoachDim(*r) for r in u._s.execute(stmt)}


def protocols(u: Unit, year: int) -> dict[tuple[str, str], ProtocolDef]:
    """(intervention key, level) → the protocol targets of the year."""
    I, P = m.Intervention, m.Protocol
    stmt = select(I.key, P).join(I, I.id == P.intervention_id).where(P.year == year, P.deleted_at.is_(None))
    return {(key, p.level): ProtocolDef(key, p.level, p.visits, p.visit_days, p.group_sessions,
                                        p.group_session_hours, p.workshops, p.workshop_days,
                                        p.community_visits, p.teachers_per_coach, p.first_month, p.last_month)
            for key, p in u._s.execute(stmt)}


def ugel_ids_for(u: Unit, ugel_code: str | None, dre_code: str | None) -> list[UUID] | None:
    if ugel_code:
        return list(u._s.scalars(select(m.Ugel.id).where(m.Ugel.code == ugel_code)))
    if dre_code:
        return list(u._s.scalars(select(m.Ugel.id).join(m.Dre, m.Dre.id == m.Ugel.dre_id)
                                 .where(m.Dre.code == dre_code)))
    return None


def intervention_id(u: Unit, key: str) -> UUID | None:
    return u._s.scalar(select(m.Intervention.id).where(m.Intervention.key == key))


def activity_records(u: Unit, s: Scope, measure: str, limit: int = 5000) -> list[tuple]:
    """The activities behind an activity measure ("visita.executed", "gia.not_executed.huelga" …).

    Rows: (activity id, kind, coach name, subject, month, outcome or None, executed_on, validation
    state, skip reason code).
    """
    kind, _, rest = measure.partition(".")
    field, _, sub = rest.partition(".")
    T, S = aliased(m.Teacher), aliased(m.School)
    C = m.Coach
    coach_name = C.last_name_1 + func.coalesce(literal(" ") + C.last_name_2, literal("")) + literal(", ") + C.first_names
    teacher_name = T.last_name_1 + func.coalesce(literal(" ") + T.last_name_2, literal("")) + literal(", ") + T.first_names
    subject = func.coalesce(teacher_name, A.topic, S.name, literal(""))
    stmt = (_joined(select(A.id, A.kind, coach_name, subject, A.month, E.outcome, E.executed_on,
                           E.validation_state, _SR.code).select_from(A))
            .join(C, C.id == A.coach_id).outerjoin(T, T.id == A.teacher_id).outerjoin(S, S.id == A.school_id)
            .where(A.kind == kind))
    if s.period_month is not None:
        stmt = stmt.where(A.month == s.period_month)
    executed = E.outcome == EXECUTED
    conditions = {
        "planned": None, "executed": executed, "not_executed": E.outcome == NOT_EXECUTED,
        "validated": and_(executed, E.validation_state == "validada"),
        "observed": and_(executed, E.validation_state == "observada"),
        "pending": and_(executed, E.validation_state == "pendiente"),
        "unregistered": E.id.is_(None),
    }
    if field not in conditions:
        raise KeyError(measure)
    if conditions[field] is not None:
        stmt = stmt.where(conditions[field])
    if sub and field == "not_executed":
        stmt = stmt.where(_SR.code == sub)
    elif sub and field == "executed":
        stmt = stmt.where(A.visit_type == sub)
    stmt = _where(stmt, s).order_by(A.month, coach_name).limit(limit)
    return [tuple(r) for r in u._s.execute(stmt)]

"""Queries behind the Inicio of each role (services/dashboard.py): what the Control's queries do not
already give. Counts are grouped in the database; records are read only when a person opens them."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import and_, func, select

from ..domain.review import ReviewRow
from . import models as m
from .indicator_queries import Scope, _covered, _day, _rows, _where, raw
from .review_queries import _base as review_base
from .unit import Unit

A, E = m.Activity, m.Execution


def planned_dates(u: Unit, s: Scope, kinds: tuple[str, ...]) -> list[tuple]:
    """Live activities of the scope's reported month by coach, kind and planned date.
    Rows: (coach id as the aggregate queries give it, kind, planned date or None, count)."""
    stmt = (select(raw(A.coach_id), A.kind, A.planned_date, func.count()).select_from(A)
            .where(A.kind.in_(kinds)).group_by(raw(A.coach_id), A.kind, A.planned_date))
    by_coach = s.coach_id is not None or s.coach_ids is not None
    stmt = _covered(_where(stmt, s, month=s.period_month), u, s, execution=False,
                    index=None if by_coach else "ix_activity_scope")
    return [(c, k, _day(d) if d is not None else None, int(n)) for c, k, d, n in _rows(u, stmt)]


def _year_where(stmt, s: Scope):
    """The scope's live activities of the months up to the cut-off, the months as a list: SQLite then seeks
    (year, month, UGEL) in the scope index once per month instead of reading the nation's year."""
    stmt = stmt.where(A.deleted_at.is_(None), A.year == s.year, A.month.in_(list(range(1, s.cutoff + 1))))
    if s.ugel_ids is not None:
        stmt = stmt.where(A.ugel_id.in_(s.ugel_ids))
    if s.intervention_id is not None:
        stmt = stmt.where(A.intervention_id == s.intervention_id)
    if s.coach_id is not None:
        stmt = stmt.where(A.coach_id == s.coach_id)
    if s.coach_ids is not None:  # a live dashboard re-reading the coaches a write touched
        stmt = stmt.where(A.coach_id.in_(s.coach_ids))
    return stmt


def _pending(ugel_ids: list[UUID] | None, year: int):
    cond = [E.deleted_at.is_(None), E.validation_state == "pendiente", A.deleted_at.is_(None), A.year == year]
    if ugel_ids is not None:
        cond.append(A.ugel_id.in_(ugel_ids))
    return and_(*cond)


def pending_by_coach_day(u: Unit, s: Scope) -> list[tuple]:
    """Records of the scope's year waiting for validation (executions and non-executions) counted by coach,
    the activity's date and outcome: (coach id as the aggregate queries give it, date, outcome, count).
    Driven by the activities of the scope (one UGEL: a few thousand) through the covering indexes, never by
    the year's executions; by coach, so that a live dashboard re-reads only the coaches a write touched."""
    stmt = (select(raw(A.coach_id), E.executed_on, E.outcome, func.count()).select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.validation_state == "pendiente"))
            .group_by(raw(A.coach_id), E.executed_on, E.outcome))
    stmt = _covered(_year_where(stmt, s), u, s)
    return [(c, _day(d), outcome, int(n)) for c, d, outcome, n in _rows(u, stmt)]


def month_counts_by_coach(u: Unit, s: Scope, kind: str) -> list[tuple]:
    """The scope's `kind` per coach and month up to the cut-off: (coach id as the aggregate queries give it,
    month, planned, executed), the Control's figures without the amounts its grid also reads."""
    stmt = (select(raw(A.coach_id), A.month, func.count(), func.count(E.id)).select_from(A)
            .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == "ejecutada"))
            .where(A.kind == kind).group_by(raw(A.coach_id), A.month))
    stmt = _covered(_year_where(stmt, s), u, s)
    return [(c, int(mth), int(planned), int(executed)) for c, mth, planned, executed in _rows(u, stmt)]


def pending_records(u: Unit, ugel_ids: list[UUID] | None, year: int, first: date | None,
                    last: date | None, limit: int = 5000) -> list[ReviewRow]:
    """The records behind an age band of the backlog (dates between `first` and `last`), oldest first."""
    stmt = review_base(ugel_ids).where(_pending(None, year))
    if first is not None:
        stmt = stmt.where(E.executed_on >= first)
    if last is not None:
        stmt = stmt.where(E.executed_on <= last)
    stmt = stmt.order_by(E.executed_on, m.Coach.search_key, A.kind, A.id).limit(limit)
    return [ReviewRow(e.id, e.activity_id, kind, vtype, year_, month_, dni, name, subject, e.outcome,
                      e.executed_on, e.validation_state, e.validation_comment)
            for e, kind, vtype, year_, month_, dni, name, subject in u.execute(stmt)]


def ugels(u: Unit, ugel_ids: list[UUID] | None) -> list[tuple[UUID, str, str]]:
    """(id, code, name) of the UGELs of a scope, by code."""
    stmt = select(m.Ugel.id, m.Ugel.code, m.Ugel.name).where(m.Ugel.deleted_at.is_(None))
    if ugel_ids is not None:
        stmt = stmt.where(m.Ugel.id.in_(ugel_ids))
    return [tuple(r) for r in u.execute(stmt.order_by(m.Ugel.code))]


def month_closings(u: Unit, ugel_ids: list[UUID] | None, year: int) -> dict[tuple[UUID, int], bool]:
    """(UGEL id, month) → closed, for the months of the year that have a row in the closing table."""
    stmt = (select(m.MonthClosing.ugel_id, m.MonthClosing.month, m.MonthClosing.closed)
            .where(m.MonthClosing.year == year, m.MonthClosing.deleted_at.is_(None)))
    if ugel_ids is not None:
        stmt = stmt.where(m.MonthClosing.ugel_id.in_(ugel_ids))
    return {(ugel_id, month): bool(closed) for ugel_id, month, closed in u.execute(stmt)}


def coach_teachers(u: Unit, coach_id: UUID, year: int) -> list[tuple]:
    """The coach's live assignments of the year with the school's level and the coach's own visits planned
    and executed in the year (two queries, both by the coach's indexes).
    Rows: (teacher id, DNI, "Apellidos, Nombres", school "código-anexo nombre", level, no_plan, planned,
    executed), in Spanish order of the names."""
    from .review_queries import _person

    T, S, G = m.Teacher, m.School, m.Assignment
    stmt = (select(T.id, T.dni, _person(T), S.modular_code, S.annex, S.name, S.level, G.no_plan)
            .join(T, G.teacher_id == T.id).join(S, T.school_id == S.id)
            .where(G.coach_id == coach_id, G.year == year, G.deleted_at.is_(None), T.deleted_at.is_(None))
            .order_by(T.search_key, T.id))
    visits = (select(A.teacher_id, func.count(), func.count(E.id)).select_from(A)
              .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == "ejecutada"))
              .where(A.coach_id == coach_id, A.year == year, A.kind == "visita", A.deleted_at.is_(None),
                     A.teacher_id.is_not(None))
              .group_by(A.teacher_id))
    counts = {t: (int(p), int(x)) for t, p, x in u.execute(visits)}
    return [(t, dni, name, f"{code}-{annex} {school}", level, bool(no_plan), *counts.get(t, (0, 0)))
            for t, dni, name, code, annex, school, level, no_plan in u.execute(stmt)]


def coach_intervention_key(u: Unit, coach_id: UUID) -> str | None:
    return u.scalar(select(m.Intervention.key).join(m.Coach, m.Coach.intervention_id == m.Intervention.id)
                       .where(m.Coach.id == coach_id))

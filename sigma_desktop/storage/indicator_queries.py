"""The aggregate queries behind the Módulo de Control and the indicators.

A handful of GROUP BY queries over a few low-cardinality keys (kind, outcome, validation, motivo…),
per coach (and month, or teacher), so that a national month costs a few scans however many indicators
are asked for; domain/fact_pivot.py names the measures and domain/measures.py derives the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import orjson

from sqlalchemy import Integer, String, and_, case, cast, func, literal, or_, select, text, type_coerce
from sqlalchemy.orm import aliased

from ..domain.catalogues import ProtocolDef
from . import models as m
from .twin_unit import PACKED
from .unit import Unit
from .codes import (
    COMMUNITY as _COMMUNITY, DIAGNOSTIC as _DIAGNOSTIC, EXECUTED, GIA as _GIA, KINDS, MATERIALS as _MATERIALS,
    NOT_EXECUTED, OBSERVED as _OBSERVED, PENDING as _PENDING, ROUTE as _ROUTE, VALIDATED as _VALIDATED,
    VISIT as _VISIT, WORKSHOP as _WORKSHOP,
)

A, E = m.Activity, m.Execution


@dataclass(frozen=True)
class Scope:
    """Which activities count: a year, months up to a cut-off, and where."""

    year: int
    cutoff: int  # last month included (12 for the whole year)
    period_month: int | None  # the month whose additive counts are reported (None: every month ≤ cutoff)
    ugel_ids: list[UUID] | None = None  # None: the whole nation
    intervention_id: UUID | None = None
    coach_id: UUID | None = None
    # only these coaches (a live report re-reading the coaches a write touched: services/live_figures.py)
    coach_ids: tuple | None = None

    def narrowed(self, coach_ids) -> "Scope":
        from dataclasses import replace

        return replace(self, coach_ids=tuple(coach_ids))


def _days_between(u: Unit, later, earlier):
    if u.dialect == "sqlite":
        return cast(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier  # PostgreSQL: date - date is an integer number of days


def _where(stmt, s: Scope, activity=A, *, month: int | None = None):
    """Live activities of the scope: months up to the cut-off, or only `month` (an equality, so
    that SQLite seeks it in the (year, month, UGEL) index instead of scanning a range)."""
    in_period = activity.month <= s.cutoff if month is None else activity.month == month
    stmt = stmt.where(activity.deleted_at.is_(None), activity.year == s.year, in_period)
    if s.ugel_ids is not None:
        stmt = stmt.where(activity.ugel_id.in_(s.ugel_ids))
    if s.intervention_id is not None:
        stmt = stmt.where(activity.intervention_id == s.intervention_id)
    if s.coach_id is not None:
        stmt = stmt.where(activity.coach_id == s.coach_id)
    if s.coach_ids is not None:
        stmt = stmt.where(activity.coach_id.in_(s.coach_ids))
    return stmt


def _sum(cond, value=1):
    return func.sum(case((cond, value), else_=0))


_SR = aliased(m.SkipReason)


def _rows(u: Unit, stmt, key: tuple | None = None) -> list[tuple]:
    """Plain tuples: the ORM's row machinery costs seconds on the few hundred thousand grouped rows
    of a national month, and even Core's rows cost a few tenths of a second. On SQLite the statement
    is rendered with its values inline (ids, years, months and codes only) and read through the
    driver's cursor in the unit's own transaction; dates then come back as ISO text (`_day`). While
    a twin works alongside (storage/twin_unit.py) the rows travel as one JSON array, turned back into
    the same tuples. With a `key` (`_key`: the query and everything its text depends on)
    the rendered text is kept and reused (`_sql`)."""
    conn = u.connection()
    if conn.dialect.name == "postgresql":
        return _pg_rows(conn, _sql(conn, stmt, False, key))
    if conn.dialect.name != "sqlite":
        return conn.execute(stmt() if callable(stmt) else stmt).all()
    packed = u.info.get(PACKED, False)
    sql = _sql(conn, stmt, packed, key)
    cursor = conn.connection.driver_connection.cursor()
    try:
        if packed:  # tuples again: the caller gets the same rows whichever thread or unit asked
            return list(map(tuple, orjson.loads(cursor.execute(sql).fetchone()[0])))
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


_SQL: dict[tuple, str] = {}  # rendered statements by `_key` (a few per open report; cleared when it grows)


def _key(u: Unit, name: str, s: Scope, *extra) -> tuple:
    """What the text of one of these queries depends on: its name, the scope, its own options and, on SQLite,
    whether the database has the covering indexes it names."""
    ugels = None if s.ugel_ids is None else tuple(s.ugel_ids)
    scope = (s.year, s.cutoff, s.period_month, ugels, s.intervention_id, s.coach_id, s.coach_ids)
    hints = _has_fact_indexes(u) if u.dialect == "sqlite" else None
    return (name, scope, extra, hints)


def _sql(conn, stmt, packed: bool, key: tuple | None) -> str:
    """The statement's text with its values inline. SQLAlchemy compiles it again on every call (a tenth of a
    second for the ten queries of a report, more than the queries of a coach after a write), so the text is
    kept by `key`; `stmt` may be a function that builds the statement, called only when it is not."""
    full = None if key is None else (conn.dialect.name, packed, key)
    if full is not None:
        found = _SQL.get(full)
        if found is not None:
            return found
    if callable(stmt):  # built only when its text is not kept yet (building costs a third of compiling)
        stmt = stmt()
    if packed:  # one JSON row: see storage/twin_unit.py
        sub = stmt.subquery()
        stmt = select(func.json_group_array(func.json_array(*sub.c)))
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    if full is not None:
        if len(_SQL) > 1000:
            _SQL.clear()
        _SQL[full] = sql
    return sql


def _pg_rows(conn, sql: str) -> list[tuple]:
    """PostgreSQL through psycopg's own cursor, with ids as text: hashing and comparing uuid.UUID
    objects (their __hash__ and __eq__ are Python code) cost about a second on a national month; text
    ids are what SQLite gives too. Values are inlined as on SQLite; the % that the compiler doubles for
    the driver's parameter style is undone by passing (empty) parameters."""
    from psycopg.types.string import TextLoader

    with conn.connection.driver_connection.cursor() as cursor:
        cursor.adapters.register_loader("uuid", TextLoader)
        return cursor.execute(sql, ()).fetchall()


def _day(value):
    """A date from either engine: SQLite's driver cursor gives ISO text, PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def raw(col):
    """An id column without per-row UUID conversion: aggregate rows only need ids as dict keys, and
    converting a few hundred thousand of them costs seconds. SQLite gives the stored hex text,
    PostgreSQL its native UUID; `coach_dims` gives each coach a canonical key for output."""
    return type_coerce(col, String)


def _joined(stmt):
    return (stmt.outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
            .outerjoin(_SR, _SR.id == E.skip_reason_id))


def _has_fact_indexes(u: Unit) -> bool:
    """Whether this SQLite database has the covering indexes (cached per unit of work)."""
    info = u.info
    if "fact_indexes" not in info:
        info["fact_indexes"] = u.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_activity_facts_by_id'")
        ).scalar() == 1
    return info["fact_indexes"]


def _activity_index(s: Scope) -> str:
    """The activity index that serves the scope best.

    The nation (or an intervention) reads the covering index in id order, so that the look-ups into
    the execution index, ordered by activity_id, are sequential (migration 0006); one UGEL or DRE
    seeks its rows by (year, month, UGEL), one coach by (coach, year, month): a few thousand rows
    instead of a pass over the whole year.
    """
    if s.coach_id is not None or s.coach_ids is not None:
        return "ix_activity_coach_period"
    if s.ugel_ids is not None:
        return "ix_activity_scope"
    return "ix_activity_facts_by_id"


def _render_sqlite_hints() -> None:
    """SQLAlchemy's SQLite compiler drops table hints (its `get_from_hint_text` returns nothing), so
    `with_hint(…, "sqlite")` alone never reached the database. Render them after the table name,
    where SQLite expects `INDEXED BY`. Only statements that carry a hint for "sqlite" (these
    queries) are affected."""
    from sqlalchemy.dialects.sqlite.base import SQLiteCompiler

    if getattr(SQLiteCompiler, "_sigma_hints", False):
        return
    SQLiteCompiler.get_from_hint_text = lambda self, table, text: text
    SQLiteCompiler._sigma_hints = True


def _covered(stmt, u: Unit, s: Scope, *, execution: bool = True, participant: bool = False,
             index: str | None = None):
    """On SQLite, name the indexes: the planner, left alone (no statistics), may pick an index that
    makes it visit every table row, or read the activities in an order that scatters the look-ups."""
    if u.dialect != "sqlite" or not _has_fact_indexes(u):
        return stmt
    _render_sqlite_hints()
    stmt = stmt.with_hint(A, f"INDEXED BY {index or _activity_index(s)}", "sqlite")
    if execution:
        stmt = stmt.with_hint(E, "INDEXED BY ix_execution_facts", "sqlite")
    if participant:
        stmt = stmt.with_hint(m.ExecutionParticipant, "INDEXED BY ix_execution_participant_facts", "sqlite")
    return stmt


def _reported(s: Scope, by_month: bool) -> int | None:
    """The one month whose additive counts are reported, unless broken down by month or the year."""
    return None if by_month else s.period_month


def _period_key(s: Scope, by_month: bool):
    """The month (broken down by month), or 1 inside the reported period and 0 before it."""
    if by_month:
        return A.month
    if s.period_month is None:
        return literal(1)
    return case((A.month == s.period_month, 1), else_=0)


def _skip_codes(u: Unit) -> dict:
    return dict(_rows(u, select(raw(m.SkipReason.id), m.SkipReason.code)))  # keys as `_rows` gives them


def activity_groups(u: Unit, s: Scope, by_month: bool) -> list[tuple]:
    """Planned activities of the reported months counted by coach, kind, visit type, month (or 1),
    outcome, validation and motivo.

    Rows: (coach, kind, visit_type, period, outcome, validation_state, skip code, count, hours, days).
    Only columns of the covering indexes are read (migrations 0005 and 0006), so no table row is visited.
    """
    def build():
        period = A.month if by_month else literal(1)
        keys = (raw(A.coach_id), A.kind, A.visit_type, E.outcome, E.validation_state, raw(E.skip_reason_id))
        stmt = (select(keys[0], keys[1], keys[2], period, *keys[3:], func.count(), func.sum(E.hours),
                       func.sum(E.days)).select_from(A)
                .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
                .where(A.kind.in_(KINDS)))
        group = (*keys, A.month) if by_month else keys
        month = _reported(s, by_month)
        # every kind of one month: seek (year, month) rather than pass over the year's activities
        index = "ix_activity_scope" if month is not None and s.coach_id is None and s.coach_ids is None else None
        stmt = _covered(_where(stmt, s, month=month).group_by(*group), u, s, index=index)
        return stmt
    codes = _skip_codes(u)
    return [(c, k, vt, int(p), out, st, codes.get(skip), n, int(h or 0), int(d or 0))
            for c, k, vt, p, out, st, skip, n, h, d in _rows(u, build, _key(u, "activities", s, by_month))]


def not_yet_due(u: Unit, s: Scope, by_month: bool, today: date) -> list[tuple]:
    """(coach, kind, period, count) of the planned activities that are not due yet on `today`: no live
    record, and planned for a later day (or, without a date, in a month that has not ended). The month in
    progress is compared with what was planned up to today (docs/indicadores.md)."""
    later = or_(A.planned_date > today,
                and_(A.planned_date.is_(None), A.year * 100 + A.month >= today.year * 100 + today.month))
    keys = (raw(A.coach_id), A.kind, _period_key(s, by_month))
    stmt = (select(*keys, func.count()).select_from(A)
            .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
            .where(A.kind.in_(KINDS), E.id.is_(None), later))
    stmt = _where(stmt, s, month=_reported(s, by_month)).group_by(*keys)
    return [(c, k, int(p), n) for c, k, p, n in _rows(u, stmt)]


def executed_to_date(u: Unit, s: Scope) -> list[tuple]:
    """(coach, kind, executed count) up to the cut-off for GIA, talleres and visitas sociales: what a
    coach has done so far against the protocol, whatever month is reported."""
    def build():
        keys = (raw(A.coach_id), A.kind)
        stmt = (select(*keys, func.count()).select_from(A)
                .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
                .where(A.kind.in_((_GIA, _WORKSHOP, _COMMUNITY))))
        stmt = _covered(_where(stmt, s).group_by(*keys), u, s)
        return stmt
    return [tuple(r) for r in _rows(u, build, _key(u, "executed_to_date", s))]


def quantity_groups(u: Unit, s: Scope, by_month: bool) -> list[tuple]:
    """Visitas sociales, rutas and materiales with their amounts, by coach, kind, period, teacher,
    school and outcome. Rows: (coach, kind, period, teacher, school, outcome, count, assigned cents,
    planned quantity, parents, elders, authorities, spent cents, delivered, route days, complete
    deliveries, delay days, dated deliveries).

    Teacher and school are only kept where a measure needs them (materiales per teacher or school,
    the schools of visitas sociales), so that the 50,000 rutas of a national year collapse per coach.
    """
    def build():
        period = _period_key(s, by_month)
        executed = E.outcome == EXECUTED
        complete = and_(executed, E.quantity_delivered >= func.coalesce(A.quantity_planned, 0))
        dated = and_(executed, A.planned_date.is_not(None))
        teacher = case((A.kind == _MATERIALS, raw(A.teacher_id)))
        school = case((or_(A.kind == _COMMUNITY, and_(A.kind == _MATERIALS, A.teacher_id.is_(None))),
                       raw(A.school_id)))
        keys = (raw(A.coach_id), A.kind, period, teacher, school, E.outcome)
        stmt = (select(*keys, func.count(), func.sum(A.allowance_assigned_cents), func.sum(A.quantity_planned),
                       func.sum(E.parents), func.sum(E.elders), func.sum(E.authorities),
                       func.sum(E.allowance_spent_cents), func.sum(E.quantity_delivered), func.sum(E.days),
                       _sum(complete), _sum(dated, _days_between(u, E.executed_on, A.planned_date)), _sum(dated))
                .select_from(A).outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
                .where(A.kind.in_((_COMMUNITY, _ROUTE, _MATERIALS))))
        if not by_month and s.period_month is not None:
            # rutas only count in the reported month; materiales and visitas sociales also count up to
            # the cut-off (teachers and schools served so far)
            stmt = stmt.where(or_(A.kind != _ROUTE, A.month == s.period_month))
        constant = not by_month and s.period_month is None  # a literal would be read as a column number
        stmt = _covered(_where(stmt, s).group_by(*(k for k in keys if not (constant and k is period))), u, s,
                        execution=False)
        return stmt
    rows = _rows(u, build, _key(u, "quantities", s, by_month))
    if u.dialect == "sqlite":
        return rows  # SQLite sums integers as integers
    return [tuple(int(v) if isinstance(v, Decimal) else v for v in r) for r in rows]


def _attendance(s: Scope):
    P = m.ExecutionParticipant
    return (select().select_from(A)
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
            .join(P, and_(P.execution_id == E.id, P.deleted_at.is_(None), P.teacher_id.is_not(None)))
            .where(A.kind.in_((_GIA, _WORKSHOP))))


def attendance_groups(u: Unit, s: Scope, by_month: bool) -> list[tuple]:
    """Teachers recorded in the executed GIA and talleres of the reported months, per coach.
    Rows: (coach, kind, month or 1, attended, count)."""
    def build():
        P = m.ExecutionParticipant
        keys = (raw(A.coach_id), A.kind, P.attended) + ((A.month,) if by_month else ())
        period = A.month if by_month else literal(1)
        columns = (raw(A.coach_id), A.kind, period, P.attended, func.count())
        stmt = _where(_attendance(s).add_columns(*columns), s, month=_reported(s, by_month)).group_by(*keys)
        stmt = _covered(stmt, u, s, participant=True)
        return stmt
    return [(c, k, int(p), bool(att), n) for c, k, p, att, n in _rows(u, build, _key(u, "attendance", s, by_month))]


def attendance_by_teacher(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, GIA attended, talleres attended) up to the cut-off: what each teacher has
    attended of each coach's sessions, for progress against the protocol."""
    def build():
        P = m.ExecutionParticipant
        keys = (raw(P.teacher_id), raw(A.coach_id))
        stmt = _where(_attendance(s).add_columns(*keys, _sum(A.kind == _GIA), _sum(A.kind == _WORKSHOP)), s)
        stmt = _covered(stmt.where(P.attended.is_(True)).group_by(*keys), u, s, participant=True)
        return stmt
    return [tuple(r) for r in _rows(u, build, _key(u, "attendance_by_teacher", s))]


def teacher_visit_facts(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, executed visits, diagnóstica done, visits in the cut-off month, first date,
    last date) for executed visits up to the cut-off."""
    def build():
        executed = and_(E.outcome == EXECUTED)
        stmt = (select(raw(A.teacher_id), raw(A.coach_id), func.count(),
                       func.max(case((A.visit_type == _DIAGNOSTIC, 1), else_=0)),
                       _sum(A.month == s.cutoff),
                       func.min(E.executed_on), func.max(E.executed_on))
                .select_from(A)
                .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), executed))
                .where(A.kind == _VISIT, A.teacher_id.is_not(None)))
        stmt = _covered(_where(stmt, s).group_by(raw(A.teacher_id), raw(A.coach_id)), u, s)
        return stmt
    rows = _rows(u, build, _key(u, "teacher_visits", s))
    day = {v: _day(v) for v in {v for r in rows for v in (r[5], r[6])}}  # a year has a few hundred dates
    return [(t, c, n, diag, in_month, day[first], day[last]) for t, c, n, diag, in_month, first, last in rows]


def assignment_facts(u: Unit, s: Scope) -> list[tuple]:
    """(teacher, coach, school, school level) of live assignments to plan in the year, in scope."""
    def build():
        S, T, C = m.School, m.Teacher, m.Coach
        stmt = (select(raw(m.Assignment.teacher_id), raw(m.Assignment.coach_id), raw(T.school_id), S.level)
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
        if s.coach_ids is not None:
            stmt = stmt.where(m.Assignment.coach_id.in_(s.coach_ids))
        return stmt
    return [tuple(r) for r in _rows(u, build, _key(u, "assignments", s))]


def teacher_diagnostics(u: Unit, s: Scope, *, levels: bool = True) -> list[tuple]:
    """The executed diagnóstica of each teacher assigned in the scope, up to the cut-off, whoever the coach
    (one per teacher, intervention and year: docs/decisions.md, «La diagnóstica en EIB»).

    Rows: (teacher, intervention key, coach, executed_on, level_1 … level_6); without `levels` (no rubric
    indicator asked for) the levels are None and every column comes from the covering indexes. Only the
    year, the cut-off and the intervention narrow the visits: the teachers are those the scope's assignments
    name, so a teacher whose diagnóstica another coach (of another UGEL, or no longer assigned) made still
    counts it."""
    def build():
        As, C, I = m.Assignment, m.Coach, m.Intervention
        rated = [getattr(E, f"level_{n}") if levels else literal(None) for n in m.RUBRIC_SLOTS]
        stmt = (select(raw(A.teacher_id), I.key, raw(A.coach_id), E.executed_on, *rated)
                .select_from(A)
                .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
                .join(I, I.id == A.intervention_id)
                .where(A.kind == _VISIT, A.visit_type == _DIAGNOSTIC, A.teacher_id.is_not(None),
                       A.deleted_at.is_(None), A.year == s.year, A.month <= s.cutoff))
        if s.intervention_id is not None:
            stmt = stmt.where(A.intervention_id == s.intervention_id)
        if s.ugel_ids is not None or s.coach_id is not None or s.coach_ids is not None:
            assigned = (select(As.teacher_id).join(C, C.id == As.coach_id)
                        .where(As.deleted_at.is_(None), As.year == s.year))
            if s.ugel_ids is not None:
                assigned = assigned.where(C.ugel_id.in_(s.ugel_ids))
            if s.coach_id is not None:
                assigned = assigned.where(As.coach_id == s.coach_id)
            if s.coach_ids is not None:
                assigned = assigned.where(As.coach_id.in_(s.coach_ids))
            stmt = stmt.where(A.teacher_id.in_(assigned))
        # the partial index of the live diagnósticas (migration 0009): left alone, SQLite reads every activity row of
        # the year; the covering index of the facts still scans every visit of it
        stmt = _covered(stmt, u, s, execution=not levels, index="ix_activity_diagnostics")
        return stmt
    return [(t, key, c, _day(day), *lv) for t, key, c, day, *lv in _rows(u, build, _key(u, "diagnostics", s, levels))]


def rubric_facts(u: Unit, s: Scope) -> list[tuple]:
    """Per (teacher, coach): the latest executed visit up to the cut-off and the diagnóstica, with levels.

    Rows: (teacher, coach, is_latest, is_diagnostic, executed_on, level_1 … level_6).
    """
    def build():
        levels = [getattr(E, f"level_{n}") for n in m.RUBRIC_SLOTS]
        rank = func.row_number().over(partition_by=(A.teacher_id, A.coach_id),
                                      order_by=(E.executed_on.desc(), A.id.desc()))
        inner = (select(A.teacher_id, A.coach_id, A.visit_type, E.executed_on, *levels, rank.label("rn"))
                 .select_from(A)
                 .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED))
                 .where(A.kind == _VISIT, A.teacher_id.is_not(None)))
        # activities in id order, so the execution rows (stored in about that order) are read in sequence
        sub = _covered(_where(inner, s), u, s, execution=False).subquery()
        stmt = (select(raw(sub.c.teacher_id), raw(sub.c.coach_id), sub.c.rn == 1, sub.c.visit_type == _DIAGNOSTIC,
                       sub.c.executed_on, *[sub.c[f"level_{n}"] for n in m.RUBRIC_SLOTS])
                .where(or_(sub.c.rn == 1, sub.c.visit_type == _DIAGNOSTIC)))
        return stmt
    return [(t, c, bool(latest), bool(diag), _day(day), *levels) for t, c, latest, diag, day, *levels
            in _rows(u, build, _key(u, "rubric", s))]


@dataclass(frozen=True)
class CoachDim:
    coach_id: UUID  # as the aggregate queries return it (see `raw`)
    key: str  # canonical text form, the same on every engine
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
    stmt = (select(raw(C.id), C.dni, name, U.code, U.name, D.code, D.name, I.key)
            .join(U, U.id == C.ugel_id).join(D, D.id == U.dre_id).join(I, I.id == C.intervention_id))
    if s.ugel_ids is not None:
        stmt = stmt.where(C.ugel_id.in_(s.ugel_ids))
    if s.coach_id is not None:
        stmt = stmt.where(C.id == s.coach_id)
    return {r[0]: CoachDim(r[0], str(UUID(str(r[0]))), *r[1:]) for r in _rows(u, stmt)}


def protocols(u: Unit, year: int) -> dict[tuple[str, str], ProtocolDef]:
    """(intervention key, level) → the protocol targets of the year."""
    I, P = m.Intervention, m.Protocol
    stmt = select(I.key, P).join(I, I.id == P.intervention_id).where(P.year == year, P.deleted_at.is_(None))
    return {(key, p.level): ProtocolDef(key, p.level, p.visits, p.visit_days, p.group_sessions,
                                        p.group_session_hours, p.workshops, p.workshop_days,
                                        p.community_visits, p.teachers_per_coach, p.first_month, p.last_month)
            for key, p in u.execute(stmt)}


def ugel_ids_for(u: Unit, ugel_code: str | None, dre_code: str | None) -> list[UUID] | None:
    if ugel_code:
        return list(u.scalars(select(m.Ugel.id).where(m.Ugel.code == ugel_code)))
    if dre_code:
        return list(u.scalars(select(m.Ugel.id).join(m.Dre, m.Dre.id == m.Ugel.dre_id)
                                 .where(m.Dre.code == dre_code)))
    return None


def intervention_id(u: Unit, key: str) -> UUID | None:
    return u.scalar(select(m.Intervention.id).where(m.Intervention.key == key))


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
        "validated": and_(executed, E.validation_state == _VALIDATED),
        "observed": and_(executed, E.validation_state == _OBSERVED),
        "pending": and_(executed, E.validation_state == _PENDING),
        "unregistered": E.id.is_(None),
        # the Gestor Local's review of a non-execution's motivo
        **{f"ne_{name}": and_(E.outcome == NOT_EXECUTED, E.validation_state == state)
           for name, state in (("validated", "validada"), ("observed", "observada"), ("pending", "pendiente"))},
    }
    if field not in conditions:
        raise KeyError(measure)
    if conditions[field] is not None:
        stmt = stmt.where(conditions[field])
    if sub and field == "not_executed":
        stmt = stmt.where(_SR.code == sub)
    elif sub and field == "executed":
        stmt = stmt.where(A.visit_type == sub)
    stmt = _where(stmt, s).order_by(A.month, C.search_key, T.search_key, A.planned_date, A.id).limit(limit)
    return [tuple(r) for r in u.execute(stmt)]


def teachers_of(u: Unit, activity_ids, execution_ids) -> set:
    """The teachers of these activities and of the activities of these executions, keyed as the aggregate
    queries key them (`raw`): whom a write touched, for the live figures (services/live_figures.py). Two plain
    look-ups by key (an OR of the two made PostgreSQL read the whole table: 125 ms)."""
    found: set = set()
    activity_ids, execution_ids = list(activity_ids), list(execution_ids)
    for start in range(0, len(activity_ids), 500):
        stmt = select(raw(A.teacher_id)).where(A.id.in_(activity_ids[start:start + 500]), A.teacher_id.is_not(None))
        found.update(r[0] for r in _rows(u, stmt))
    for start in range(0, len(execution_ids), 500):
        stmt = (select(raw(A.teacher_id)).join(E, E.activity_id == A.id)
                .where(E.id.in_(execution_ids[start:start + 500]), A.teacher_id.is_not(None)))
        found.update(r[0] for r in _rows(u, stmt))
    return found

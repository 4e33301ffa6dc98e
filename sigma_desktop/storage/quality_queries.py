"""The queries behind the quality-of-information module: one per check (the facts of
domain/quality/facts.py, with a cheap filter in SQL so that a national year sends back only rows that
may matter), the shared reference facts, the records of a finding, names, and the review states.

`ugels` is the scope (None: the whole nation). Rows of a UGEL are those of its activities (executions),
of its coaches (assignments) or of its teachers (people).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterable, Sequence
from uuid import UUID

from sqlalchemy import (Integer, String, Uuid, and_, case, cast, distinct, exists, func, literal, literal_column, or_,
                        select, type_coerce)
from sqlalchemy.orm import aliased

from ..domain.quality import facts as f
from ..domain.quality.model import ASSIGNMENT, COACH, EXECUTION, TEACHER, ProtocolFacts
from ..domain.quality.records import RecordLine
from . import models as m
from .ids import uuid_from_hex
from .unit import Unit
from .codes import EXECUTED, GIA as _GIA, NOT_EXECUTED, OBSERVED as _OBSERVED, PENDING as _PENDING, ROUTE as _ROUTE
from .codes import VISIT as _VISIT

A, E, EP = m.Activity, m.Execution, m.ExecutionParticipant
OTHER = "otro"  # the motivo code of «Otro»
LEVELS = (E.level_1, E.level_2, E.level_3, E.level_4, E.level_5, E.level_6)
PARAMS_PREFIX = "calidad."


def _sqlite(u: Unit) -> bool:
    return u.dialect == "sqlite"


# Scopes of up to this many UGELs are read from their activities (the (year, month, UGEL) index); wider ones
# from the executions' own columns (docs/performance.md, «Calidad de la información»).
NARROW_SCOPE = 3


def _executions(u: Unit, year: int, ugels: list[UUID] | None, *columns, kinds: Sequence[str] | None = None,
                selective: bool = True):
    """SELECT `columns` FROM live executions of live activities of the year in the scope.

    `selective`: the caller filters on the execution's own columns (a state, a date) and keeps a small part
    of the year. Over a wide scope SQLite then reads the executions first and looks up each survivor's
    activity by its key (4 to 14 times faster on a national year than walking the year's activities and
    looking up each one's execution); `year + 0` keeps it off the (year, …) indexes of activity.
    PostgreSQL's planner chooses by itself."""
    wide = ugels is None or len(ugels) > NARROW_SCOPE
    year_is = (A.year + 0 == year) if selective and wide and _sqlite(u) else A.year == year
    stmt = (select(*columns).select_from(E).join(A, A.id == E.activity_id)
            .where(year_is, A.deleted_at.is_(None), E.deleted_at.is_(None)))
    if kinds is not None:
        stmt = stmt.where(A.kind.in_(list(kinds)) if len(kinds) > 1 else A.kind == kinds[0])
    if ugels is not None:
        stmt = stmt.where(A.ugel_id.in_(ugels))
    return stmt


def _uuid(value) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _rows(u: Unit, stmt, row_type, make=None) -> list:
    """The statement's rows as `row_type` (or `make(values)`). Keys are read as text and turned into UUIDs
    here, a third of the cost of the column type's own conversion (a national year sends back tens of
    thousands of rows with four or five keys each)."""
    columns = list(stmt.selected_columns)
    keys = {i for i, c in enumerate(columns) if isinstance(c.type, Uuid)}
    if keys:
        stmt = stmt.with_only_columns(*(type_coerce(c, String).label(f"key_{i}") if i in keys else c
                                        for i, c in enumerate(columns)), maintain_column_froms=True)
    to_uuid = uuid_from_hex if _sqlite(u) else _uuid
    where = sorted(keys)
    seen: dict = {}  # UGELs, coaches, interventions repeat thousands of times: each converted once
    out = []
    for row in u.connection().execute(stmt):  # noqa: SLF001 - Core rows: no ORM loading layer
        values = list(row)
        for i in where:
            v = values[i]
            if v is not None:
                key = seen.get(v)
                values[i] = key if key is not None else seen.setdefault(v, to_uuid(v))
        out.append(row_type(*values) if make is None else make(values))
    return out


# --- registrations -------------------------------------------------------------------------------------

def _on_or_after_days(u: Unit, moment, day, days: int):
    """`moment` (a UTC timestamp) at or after `day` + `days` days (midnight): a coarse filter, one day wide
    of the Lima-calendar rule the check applies."""
    if _sqlite(u):  # timestamps are stored as 'YYYY-MM-DD HH:MM:SS.ffffff' text in UTC
        return moment >= func.datetime(day, f"+{int(days)} days")
    return moment >= day + literal(int(days), Integer)  # date + integer: a date, compared at its midnight


def late_registrations(u: Unit, year: int, ugels: list[UUID] | None, late_days: int) -> list[f.Registration]:
    """Executions registered by a person at least `late_days` days after the day they were done."""
    stmt = _executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month, E.executed_on, E.created_at).where(
        E.created_by.is_not(None), _on_or_after_days(u, E.created_at, E.executed_on, late_days))
    return _rows(u, stmt, f.Registration)


def reopened_month_registrations(u: Unit, year: int, ugels: list[UUID] | None) -> list[f.ReopenedRegistration]:
    """Executions registered by a person after their month was first closed, in months whose closing was
    reopened since (the row changed after it was made, or stands open again)."""
    mc = m.MonthClosing
    stmt = (select(E.id, A.ugel_id, A.coach_id, A.month, E.created_at, mc.created_at).select_from(mc)
            .join(A, and_(A.ugel_id == mc.ugel_id, A.year == mc.year, A.month == mc.month))
            .join(E, E.activity_id == A.id)
            .where(mc.year + 0 == year, mc.deleted_at.is_(None), or_(mc.version > 1, mc.closed.is_(False)),
                   A.deleted_at.is_(None), E.deleted_at.is_(None), E.created_by.is_not(None),
                   E.created_at > mc.created_at))
    if ugels is not None:
        stmt = stmt.where(mc.ugel_id.in_(ugels))
    return _rows(u, stmt, f.ReopenedRegistration)


def executions_on_days_off(u: Unit, year: int, ugels: list[UUID] | None, holidays: Iterable[date]
                           ) -> list[f.Execution]:
    """Executed visits and GIA dated a Sunday or one of `holidays`."""
    if _sqlite(u):
        sunday = func.strftime("%w", E.executed_on) == "0"
    else:
        sunday = func.extract("dow", E.executed_on) == 0
    days = [d for d in holidays if d.year == year]
    off = or_(sunday, E.executed_on.in_(days)) if days else sunday
    stmt = _executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month, E.executed_on,
                       kinds=(_VISIT, _GIA)).where(E.outcome == EXECUTED, off)
    return _rows(u, stmt, f.Execution)


# --- rubric ------------------------------------------------------------------------------------------------

def rated_visits(u: Unit, year: int, ugels: list[UUID] | None, flat_min_visits: int, same_min_teachers: int
                 ) -> list[f.RatedVisit]:
    """Executed visits of coaches whose every visit is flat, and of coach-months with at least
    `same_min_teachers` visits all rated alike; each with the coach's and the month's number of visits.

    Flat: every rated desempeño equals the first rated one. Rated alike: the same levels encoded as one
    number (0 for a desempeño not rated). Both are counted per coach and month in one pass in SQL; only the
    visits of the coach-months that may matter are read back (a national year has 320 000 visits)."""
    first = func.coalesce(*LEVELS)
    rated = sum((case((lv.is_not(None), 1), else_=0) for lv in LEVELS), literal(0))
    flat = case((and_(first.is_not(None), rated >= 2, *(or_(lv.is_(None), lv == first) for lv in LEVELS)), 1),
                else_=0)
    code = sum((cast(func.coalesce(lv, 0), Integer) * literal(10 ** (5 - i), Integer) for i, lv in enumerate(LEVELS)),
               literal(0, Integer))
    months = (_executions(u, year, ugels, A.coach_id.label("coach_id"), A.month.label("month"),
                          func.count().label("n"), func.sum(flat).label("flat"),
                          func.count(distinct(code)).label("codes"), kinds=(_VISIT,), selective=False)
              .where(E.outcome == EXECUTED).group_by(A.coach_id, A.month).cte("rated_months"))
    coaches = (select(months.c.coach_id, func.sum(months.c.n).label("n"), func.sum(months.c.flat).label("flat"))
               .group_by(months.c.coach_id).cte("rated_coaches"))
    pick = (select(months.c.coach_id, months.c.month, months.c.n.label("month_n"), coaches.c.n.label("coach_n"))
            .join(coaches, coaches.c.coach_id == months.c.coach_id)
            .where(or_(and_(coaches.c.flat == coaches.c.n, coaches.c.n >= flat_min_visits),
                       and_(months.c.codes == 1, months.c.n >= same_min_teachers)))
            .cte("suspicious_months").prefix_with("MATERIALIZED"))  # the few coach-months first, then their visits
    stmt = (select(E.id, A.ugel_id, A.coach_id, A.month, A.teacher_id, *LEVELS, pick.c.coach_n, pick.c.month_n)
            .select_from(pick)
            .join(A, and_(A.coach_id == pick.c.coach_id, A.month == pick.c.month, A.year + 0 == year,
                          A.kind == _VISIT, A.deleted_at.is_(None)))  # + 0: from the picked coaches, by coach
            .join(E, and_(E.activity_id == A.id, E.deleted_at.is_(None), E.outcome == EXECUTED)))
    return _rows(u, stmt, None, lambda r: f.RatedVisit(r[0], r[1], r[2], r[3], r[4], tuple(r[5:11]), r[11], r[12]))


# --- rutas -------------------------------------------------------------------------------------------------

def suspicious_routes(u: Unit, year: int, ugels: list[UUID] | None) -> list[f.Route]:
    """Executed rutas that spent more than assigned or list no IE visited, with their IE count."""
    schools = (select(func.count()).select_from(EP)
               .where(EP.execution_id == E.id, EP.deleted_at.is_(None), EP.school_id.is_not(None))
               .correlate(E).scalar_subquery())
    visited = exists().where(EP.execution_id == E.id, EP.deleted_at.is_(None), EP.school_id.is_not(None))
    stmt = (_executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month, A.allowance_assigned_cents,
                        E.allowance_spent_cents, schools, kinds=(_ROUTE,), selective=False)
            .where(E.outcome == EXECUTED,
                   or_(E.allowance_spent_cents > A.allowance_assigned_cents, ~visited)))
    return _rows(u, stmt, f.Route)


# --- assignments -------------------------------------------------------------------------------------------

def _assignments(year: int, ugels: list[UUID] | None, *columns):
    T, S, C, AS = m.Teacher, m.School, m.Coach, m.Assignment
    stmt = (select(*columns).select_from(AS).join(C, C.id == AS.coach_id).join(T, T.id == AS.teacher_id)
            .join(S, S.id == T.school_id).where(AS.year == year, AS.deleted_at.is_(None)))
    if ugels is not None:
        stmt = stmt.where(C.ugel_id.in_(ugels))
    return stmt


def assignments(u: Unit, year: int, ugels: list[UUID] | None) -> list[f.Assignment]:
    """Every live assignment of the year with its teacher's school level and the months in which the teacher
    has a live planned visit of the intervention, any coach (a bit mask: SUM of the distinct 1 << month)."""
    AS = m.Assignment
    bit = literal_column("1", Integer).op("<<")(A.month)
    stmt = select(A.teacher_id, A.intervention_id, func.sum(distinct(bit)).label("mask")).where(
        A.kind == _VISIT, A.year == year, A.deleted_at.is_(None), A.teacher_id.is_not(None))
    if ugels is not None:
        stmt = stmt.where(A.ugel_id.in_(ugels))
    masks = stmt.group_by(A.teacher_id, A.intervention_id).subquery("visit_months")
    stmt = (_assignments(year, ugels, AS.id, AS.teacher_id, m.Coach.ugel_id, AS.coach_id, AS.intervention_id,
                         m.School.level, AS.no_plan, func.coalesce(masks.c.mask, 0))
            .outerjoin(masks, and_(masks.c.teacher_id == AS.teacher_id,
                                   masks.c.intervention_id == AS.intervention_id)))
    return _rows(u, stmt, None, lambda r: f.Assignment(*r[:7], int(r[7])))


# --- people ------------------------------------------------------------------------------------------------

def people(u: Unit, ugels: list[UUID] | None) -> list[f.Person]:
    T = m.Teacher
    stmt = select(T.id, T.ugel_id, T.school_id, T.dni, T.first_names, T.last_name_1, T.last_name_2).where(
        T.deleted_at.is_(None))
    if ugels is not None:
        stmt = stmt.where(T.ugel_id.in_(ugels))
    return _rows(u, stmt, f.Person)


def shared_dnis(u: Unit, ugels: list[UUID] | None) -> list[f.SharedDni]:
    T, C = m.Teacher, m.Coach
    stmt = (select(T.dni, T.id, T.ugel_id, C.id, C.ugel_id).join(C, C.dni == T.dni)
            .where(T.deleted_at.is_(None), C.deleted_at.is_(None)))
    if ugels is not None:
        stmt = stmt.where(or_(T.ugel_id.in_(ugels), C.ugel_id.in_(ugels)))
    return _rows(u, stmt, f.SharedDni)


# --- the review cycle --------------------------------------------------------------------------------------

def pending_validations(u: Unit, year: int, ugels: list[UUID] | None, before: date) -> list[f.Pending]:
    """Executed records waiting for validation, done before `before`."""
    stmt = _executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month, E.executed_on).where(
        E.outcome == EXECUTED, E.validation_state == _PENDING, E.executed_on < before)
    return _rows(u, stmt, f.Pending)


def open_observations(u: Unit, year: int, ugels: list[UUID] | None, before: datetime) -> list[f.Observation]:
    """Executed records observed before `before` and still observed (a correction sends them back to
    pendiente)."""
    stmt = _executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month, E.validated_at).where(
        E.outcome == EXECUTED, E.validation_state == _OBSERVED, E.validated_at < before)
    return _rows(u, stmt, f.Observation)


def non_executions(u: Unit, year: int, ugels: list[UUID] | None) -> list[f.NonExecution]:
    """The non-executions with motivo «Otro», each with how many non-executions its coach has in the year
    (counted in SQL: a national year has some 64 000 non-executions, a few thousand of them «Otro»)."""
    R = m.SkipReason
    totals = dict(_rows(u, _executions(u, year, ugels, A.coach_id, func.count())
                        .where(E.outcome == NOT_EXECUTED).group_by(A.coach_id), None, tuple))
    other = select(R.id).where(R.code == OTHER).scalar_subquery()
    stmt = (_executions(u, year, ugels, E.id, A.ugel_id, A.coach_id, A.month)
            .where(E.outcome == NOT_EXECUTED, E.skip_reason_id == other))
    return _rows(u, stmt, None, lambda r: f.NonExecution(*r, OTHER, totals.get(r[2], 0)))


# --- shared reference facts --------------------------------------------------------------------------------

def protocols(u: Unit, year: int) -> dict[UUID, tuple[ProtocolFacts, ...]]:
    P = m.Protocol
    out: dict[UUID, list[ProtocolFacts]] = {}
    for row in u.execute(select(P.intervention_id, P.level, P.visits, P.teachers_per_coach, P.first_month,  # noqa: SLF001
                                   P.last_month).where(P.year == year, P.deleted_at.is_(None))):
        out.setdefault(row[0], []).append(ProtocolFacts(*row[1:]))
    return {k: tuple(v) for k, v in out.items()}


def closed_months(u: Unit, year: int, ugels: list[UUID] | None) -> frozenset[tuple[UUID, int]]:
    mc = m.MonthClosing
    stmt = select(mc.ugel_id, mc.month).where(mc.year == year, mc.closed.is_(True), mc.deleted_at.is_(None))
    if ugels is not None:
        stmt = stmt.where(mc.ugel_id.in_(ugels))
    return frozenset((r[0], r[1]) for r in u.execute(stmt))  # noqa: SLF001


def years(u: Unit, ugels: list[UUID] | None) -> list[int]:
    """Years with planned activities in the scope, newest first."""
    stmt = select(distinct(A.year)).where(A.deleted_at.is_(None))
    if ugels is not None:
        stmt = stmt.where(A.ugel_id.in_(ugels))
    return sorted(u.scalars(stmt), reverse=True)  # noqa: SLF001


# --- names and records -------------------------------------------------------------------------------------

def _full_name(model):
    return (model.last_name_1 + func.coalesce(literal(" ") + model.last_name_2, literal("")) + literal(", ")
            + model.first_names)


def names(u: Unit, coach_ids: Iterable[UUID], teacher_ids: Iterable[UUID], ugel_ids: Iterable[UUID]
          ) -> dict[UUID, str]:
    """Display names of coaches and teachers («Apellidos, Nombres») and UGELs («UGEL Grau»)."""
    out: dict[UUID, str] = {}
    for model, ids in ((m.Coach, coach_ids), (m.Teacher, teacher_ids)):
        ids = list(set(ids))
        for start in range(0, len(ids), 900):
            out.update(u.execute(select(model.id, _full_name(model))  # noqa: SLF001
                                    .where(model.id.in_(ids[start:start + 900]))).all())
    ugel_ids = list(set(ugel_ids))
    if ugel_ids:
        out.update(u.execute(select(m.Ugel.id, m.Ugel.name).where(m.Ugel.id.in_(ugel_ids))).all())  # noqa: SLF001
    return out


def ugel_codes(u: Unit, codes: Sequence[str]) -> dict[str, UUID]:
    return dict(u.execute(select(m.Ugel.code, m.Ugel.id).where(m.Ugel.code.in_(list(codes)))).all())  # noqa: SLF001


def ugels_named(u: Unit, ugels: list[UUID] | None) -> list[tuple[UUID, str, str]]:
    """(id, code, name) of the UGELs of a scope, by code."""
    stmt = select(m.Ugel.id, m.Ugel.code, m.Ugel.name).where(m.Ugel.deleted_at.is_(None)).order_by(m.Ugel.code)
    if ugels is not None:
        stmt = stmt.where(m.Ugel.id.in_(ugels))
    return list(u.execute(stmt).all())  # noqa: SLF001


def record_lines(u: Unit, refs: Sequence[tuple[str, UUID]]) -> list[RecordLine]:
    """What a person reads about each record of a finding, in the order given."""
    by_entity: dict[str, list[UUID]] = {}
    for entity, id_ in refs:
        by_entity.setdefault(entity, []).append(id_)
    found: dict[tuple[str, UUID], RecordLine] = {}
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for line in _LINES[entity](u, chunk):
                found[(entity, line.record_id)] = line
    return [found[(e, i)] for e, i in refs if (e, i) in found]


def _execution_lines(u: Unit, ids: list[UUID]) -> list[RecordLine]:
    T, S, C, R = aliased(m.Teacher), aliased(m.School), m.Coach, m.SkipReason
    subject = func.coalesce(_full_name(T), A.topic, S.name, literal(""))
    stmt = (select(E.id, A.kind, A.visit_type, A.month, _full_name(C), C.dni, subject, E.executed_on, E.outcome,
                   E.validation_state, R.code, E.created_at, E.deleted_at, A.allowance_assigned_cents,
                   E.allowance_spent_cents)
            .select_from(E).join(A, A.id == E.activity_id).join(C, C.id == A.coach_id)
            .outerjoin(T, T.id == A.teacher_id).outerjoin(S, S.id == A.school_id)
            .outerjoin(R, R.id == E.skip_reason_id).where(E.id.in_(ids)))
    return [RecordLine(EXECUTION, r[0], r[1], r[4], r[5], r[6], r[3], r[7], r[8], r[9], r[10], r[11],
                       r[12] is not None, r[13], r[14]) for r in u.execute(stmt)]  # noqa: SLF001


def _assignment_lines(u: Unit, ids: list[UUID]) -> list[RecordLine]:
    AS, T, S, C = m.Assignment, m.Teacher, m.School, m.Coach
    stmt = (select(AS.id, _full_name(C), C.dni, _full_name(T), S.name, S.level, AS.no_plan, AS.created_at,
                   AS.deleted_at)
            .select_from(AS).join(C, C.id == AS.coach_id).join(T, T.id == AS.teacher_id)
            .join(S, S.id == T.school_id).where(AS.id.in_(ids)))
    return [RecordLine(ASSIGNMENT, r[0], "asignacion", r[1], r[2], f"{r[3]} — {r[4]} ({r[5]})",
                       status="no_planificar" if r[6] else "asignado", registered_at=r[7], deleted=r[8] is not None)
            for r in u.execute(stmt)]  # noqa: SLF001


def _teacher_lines(u: Unit, ids: list[UUID]) -> list[RecordLine]:
    T, S = m.Teacher, m.School
    stmt = (select(T.id, _full_name(T), T.dni, S.name, S.modular_code, T.created_at, T.deleted_at)
            .join(S, S.id == T.school_id).where(T.id.in_(ids)))
    return [RecordLine(TEACHER, r[0], "docente", "", r[2], f"{r[1]} — {r[3]} ({r[4]})", registered_at=r[5],
                       deleted=r[6] is not None) for r in u.execute(stmt)]  # noqa: SLF001


def _coach_lines(u: Unit, ids: list[UUID]) -> list[RecordLine]:
    C, I = m.Coach, m.Intervention
    stmt = (select(C.id, _full_name(C), C.dni, I.name, C.created_at, C.deleted_at)
            .join(I, I.id == C.intervention_id).where(C.id.in_(ids)))
    return [RecordLine(COACH, r[0], "acompanante", r[1], r[2], f"Acompañante de {r[3]}", registered_at=r[4],
                       deleted=r[5] is not None) for r in u.execute(stmt)]  # noqa: SLF001


_LINES = {EXECUTION: _execution_lines, ASSIGNMENT: _assignment_lines, TEACHER: _teacher_lines,
          COACH: _coach_lines}


# --- review states -----------------------------------------------------------------------------------------

def states(u: Unit, year: int, ugels: list[UUID] | None) -> dict[UUID, m.QualityFinding]:
    """The review-state rows of the year in the scope, by id (live objects: inside the unit only)."""
    Q = m.QualityFinding
    stmt = select(Q).where(Q.year == year, Q.deleted_at.is_(None))
    if ugels is not None:
        stmt = stmt.where(Q.ugel_id.in_(ugels))
    return {q.id: q for q in u.scalars(stmt)}  # noqa: SLF001


def state_authors(u: Unit, state_ids: Sequence[UUID]) -> dict[UUID, tuple[str, datetime]]:
    """Who last changed each finding's state, and when (from the change log)."""
    L = m.ChangeLog
    out: dict[UUID, tuple[str, datetime]] = {}
    ids = list(state_ids)
    for start in range(0, len(ids), 900):
        stmt = (select(L.entity_id, L.user_dni, L.at)
                .where(L.entity == "quality_finding", L.entity_id.in_(ids[start:start + 900])).order_by(L.seq))
        for entity_id, dni, at in u.execute(stmt):  # noqa: SLF001
            out[entity_id] = (dni, at)  # the last one wins
    return out


# --- parameters (this database's) --------------------------------------------------------------------------

def load_params(u: Unit) -> dict[str, str]:
    AM = m.AppMeta
    rows = u.execute(select(AM.key, AM.value).where(AM.key.like(PARAMS_PREFIX + "%"))).tuples()
    return {k[len(PARAMS_PREFIX):]: v for k, v in rows}


def save_params(u: Unit, values: dict[str, int]) -> None:
    for name, value in values.items():
        key = PARAMS_PREFIX + name
        row = u.get(m.AppMeta, key)
        if row is None:
            u.add(m.AppMeta(key=key, value=str(value)))  # noqa: SLF001
        else:
            row.value = str(value)


"""Queries behind the coach's desk and the teacher's ficha: a few queries per screen, names resolved by joins.

Every function takes a `Unit` and returns DTOs of the domain; none writes.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import UUID

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..domain.coach_work import (ActivityDetail, CoachProfile, MyTeacherRow, Participant, PlanRow,
                                 RubricItemRow, SchoolOption, SkipReasonRow)
from ..domain.ficha import FichaActivity, FichaAssignment, FichaTeacher
from ..domain.money import from_cents
from ..domain.rules.facts import CoachName
from ..domain.text import sort_key
from ..domain.enums import ActivityKind, ActivityStatus
from . import models as m
from . import record_queries as rec
from .codes import DIAGNOSTIC as _DIAGNOSTIC, EXECUTED as _EXECUTED, GIA, VISIT as _VISIT, WORKSHOP
from .unit import Unit

_GROUP_KINDS = (GIA, WORKSHOP)


def _person(model):
    # " " || NULL is NULL on both engines, so a missing second surname leaves no stray space
    return (model.last_name_1 + func.coalesce(literal(" ") + model.last_name_2, literal("")) +
            literal(", ") + model.first_names)


def _live_execution():
    """The live execution of each activity (at most one: partial unique index), for outer joins."""
    e = aliased(m.Execution)
    return e, and_(e.activity_id == m.Activity.id, e.deleted_at.is_(None))


def _levels(e: m.Execution) -> dict[int, int]:
    return {n: getattr(e, f"level_{n}") for n in m.RUBRIC_SLOTS if getattr(e, f"level_{n}") is not None}


# --- catalogues ----------------------------------------------------------------------------------------

def skip_reasons(u: Unit) -> list[SkipReasonRow]:
    stmt = (select(m.SkipReason.code, m.SkipReason.name, m.SkipReason.requires_text)
            .where(m.SkipReason.deleted_at.is_(None), m.SkipReason.active.is_(True))
            .order_by(m.SkipReason.position, m.SkipReason.name))
    return [SkipReasonRow(code, name, bool(req)) for code, name, req in u.execute(stmt)]


def rubric_items(u: Unit, year: int) -> list[RubricItemRow]:
    return [RubricItemRow(i.number, i.name) for i in rec.rubric_items_for_year(u, year)]


# --- the coach -----------------------------------------------------------------------------------------

def coach_profile(u: Unit, coach_id: UUID) -> CoachProfile | None:
    stmt = (select(m.Coach.id, m.Coach.dni, _person(m.Coach), m.Intervention.key, m.Intervention.name,
                   m.Intervention.has_community_visits, m.Ugel.name)
            .join(m.Intervention, m.Coach.intervention_id == m.Intervention.id)
            .join(m.Ugel, m.Coach.ugel_id == m.Ugel.id)
            .where(m.Coach.id == coach_id, m.Coach.deleted_at.is_(None)))
    row = u.execute(stmt).first()
    if row is None:
        return None
    id_, dni, name, key, inter, community, ugel = row
    return CoachProfile(id_, dni, name, key, inter, bool(community), ugel)


def coach_teachers(u: Unit, coach_id: UUID, intervention_id: UUID, year: int) -> list[MyTeacherRow]:
    """The coach's live assignments of the year, with visit counts and the latest rubric (3 queries)."""
    stmt = (select(m.Assignment.id, m.Assignment.no_plan, m.Assignment.no_plan_reason, m.Teacher.id,
                   m.Teacher.dni, _person(m.Teacher), m.School.id, m.School.modular_code, m.School.annex,
                   m.School.name)
            .join(m.Teacher, m.Assignment.teacher_id == m.Teacher.id)
            .join(m.School, m.Teacher.school_id == m.School.id)
            .where(m.Assignment.coach_id == coach_id, m.Assignment.year == year,
                   m.Assignment.deleted_at.is_(None), m.Teacher.deleted_at.is_(None))
            .order_by(m.Teacher.search_key, m.Teacher.id))  # Spanish order (domain/text.py)
    base = list(u.execute(stmt))
    teacher_ids = [r[3] for r in base]
    if not teacher_ids:
        return []

    # visits of the intervention in the year: the coach's own counts, the diagnóstica's month and the first one
    e, on = _live_execution()
    mine = m.Activity.coach_id == coach_id
    counts = (select(m.Activity.teacher_id,
                     func.sum(case((mine, 1), else_=0)),
                     func.sum(case((and_(mine, e.outcome == _EXECUTED), 1), else_=0)),
                     func.min(case((m.Activity.visit_type == _DIAGNOSTIC, m.Activity.month), else_=None)),
                     func.min(m.Activity.month))
              .outerjoin(e, on)
              .where(m.Activity.teacher_id.in_(teacher_ids), m.Activity.kind == _VISIT,
                     m.Activity.year == year, m.Activity.intervention_id == intervention_id,
                     m.Activity.deleted_at.is_(None))
              .group_by(m.Activity.teacher_id))
    stats = {t: (int(p or 0), int(x or 0), d, first) for t, p, x, d, first in u.execute(counts)}

    # who planned each teacher's diagnóstica (in EIB it may be another coach: the form names them)
    diagnostics = (select(m.Activity.teacher_id, m.Coach.id, m.Coach.first_names, m.Coach.last_name_1, m.Coach.dni)
                   .join(m.Coach, m.Activity.coach_id == m.Coach.id)
                   .where(m.Activity.teacher_id.in_(teacher_ids), m.Activity.kind == _VISIT,
                          m.Activity.visit_type == _DIAGNOSTIC, m.Activity.year == year,
                          m.Activity.intervention_id == intervention_id, m.Activity.deleted_at.is_(None))
                   .order_by(m.Activity.month.desc()))
    planned_by = {t: CoachName.of(c, first, last, dni) for t, c, first, last, dni in u.execute(diagnostics)}

    # the latest executed visit of each teacher in the year (any coach of the intervention)
    e2, on2 = _live_execution()
    rated = (select(m.Activity.teacher_id, m.Activity.visit_type, e2)
             .join(e2, on2)
             .where(m.Activity.teacher_id.in_(teacher_ids), m.Activity.kind == _VISIT,
                    m.Activity.year == year, m.Activity.intervention_id == intervention_id,
                    m.Activity.deleted_at.is_(None), e2.outcome == _EXECUTED)
             .order_by(e2.executed_on, e2.created_at))
    last: dict[UUID, tuple[date, str, dict[int, int]]] = {}
    for teacher_id, vtype, ex in u.execute(rated):
        last[teacher_id] = (ex.executed_on, vtype, _levels(ex))

    rows = []
    for a_id, no_plan, reason, t_id, dni, name, s_id, code, annex, s_name in base:
        planned, executed, diag_month, first_month = stats.get(t_id, (0, 0, None, None))
        on_day, vtype, levels = last.get(t_id, (None, None, {}))
        rows.append(MyTeacherRow(a_id, t_id, dni, name, s_id, f"{code}-{annex}", s_name, bool(no_plan), reason,
                                 planned, executed, diag_month is not None, on_day, vtype, levels,
                                 diag_month, first_month, planned_by.get(t_id)))
    return rows


def coach_schools(u: Unit, coach_id: UUID, year: int) -> list[SchoolOption]:
    """Schools of the coach's teachers in the year: where routes, community visits and kits go."""
    stmt = (select(m.School.id, m.School.modular_code, m.School.annex, m.School.name)
            .join(m.Teacher, m.Teacher.school_id == m.School.id)
            .join(m.Assignment, m.Assignment.teacher_id == m.Teacher.id)
            .where(m.Assignment.coach_id == coach_id, m.Assignment.year == year,
                   m.Assignment.deleted_at.is_(None), m.School.deleted_at.is_(None))
            .distinct())
    return sorted((SchoolOption(*r) for r in u.execute(stmt)), key=lambda o: (sort_key(o.name), o.modular_code))


# --- the month's plan ----------------------------------------------------------------------------------

def _plan_select():
    e, on = _live_execution()
    t = aliased(m.Teacher)
    s = aliased(m.School)
    stmt = (select(m.Activity, e, m.SkipReason.code, m.SkipReason.name, t.dni, _person(t), s.modular_code,
                   s.annex, s.name)
            .outerjoin(e, on)
            .outerjoin(m.SkipReason, m.SkipReason.id == e.skip_reason_id)
            .outerjoin(t, t.id == m.Activity.teacher_id)
            .outerjoin(s, s.id == m.Activity.school_id)
            .where(m.Activity.deleted_at.is_(None)))
    return stmt


def _participant_counts(u: Unit, activity_ids: list[UUID]) -> dict[UUID, tuple[int, int]]:
    if not activity_ids:
        return {}
    stmt = (select(m.ActivityParticipant.activity_id, func.count(m.ActivityParticipant.teacher_id),
                   func.count(m.ActivityParticipant.school_id))
            .where(m.ActivityParticipant.activity_id.in_(activity_ids),
                   m.ActivityParticipant.deleted_at.is_(None))
            .group_by(m.ActivityParticipant.activity_id))
    return {a: (int(t), int(s)) for a, t, s in u.execute(stmt)}


def _plan_row(a: m.Activity, e: m.Execution | None, reason_code, reason_name, t_dni, t_name, s_code, s_annex,
              s_name, counts: tuple[int, int]) -> PlanRow:
    return PlanRow(
        id=a.id, kind=a.kind, year=a.year, month=a.month, planned_date=a.planned_date,
        teacher_id=a.teacher_id, teacher_dni=t_dni, teacher_name=t_name, school_id=a.school_id,
        school_code=f"{s_code}-{s_annex}" if s_code else None, school_name=s_name,
        visit_type=a.visit_type, topic=a.topic, kit=a.kit, quantity_planned=a.quantity_planned,
        planned_hours=a.planned_hours, planned_days=a.planned_days,
        allowance_assigned=from_cents(a.allowance_assigned_cents),
        teachers_convened=counts[0], schools_in_route=counts[1],
        status=ActivityStatus.PLANNED.value if e is None else e.outcome,
        execution_id=e.id if e else None, executed_on=e.executed_on if e else None,
        skip_reason_code=reason_code, skip_reason_name=reason_name, skip_note=e.skip_note if e else None,
        validation_state=e.validation_state if e else None,
        validation_comment=e.validation_comment if e else None)


_KIND_ORDER = {kind.value: i for i, kind in enumerate(ActivityKind)}


def month_plan(u: Unit, coach_id: UUID, year: int, month: int) -> list[PlanRow]:
    """The coach's live plan for a month: two queries whatever its size."""
    stmt = _plan_select().where(m.Activity.coach_id == coach_id, m.Activity.year == year,
                                m.Activity.month == month)
    found = list(u.execute(stmt))
    counts = _participant_counts(u, [r[0].id for r in found])
    rows = [_plan_row(*r, counts.get(r[0].id, (0, 0))) for r in found]
    rows.sort(key=lambda r: (r.planned_date or date.max, _KIND_ORDER.get(r.kind, 9), sort_key(r.teacher_name),
                             r.topic or "", r.school_name or "", r.id.int))
    return rows


def activity_detail(u: Unit, activity_id: UUID) -> ActivityDetail | None:
    found = u.execute(_plan_select().where(m.Activity.id == activity_id)).first()
    if found is None:
        return None
    a, e = found[0], found[1]
    t = aliased(m.Teacher)
    s = aliased(m.School)
    parts = list(u.execute(
        select(m.ActivityParticipant.teacher_id, t.dni, _person(t), m.ActivityParticipant.school_id,
               s.modular_code, s.annex, s.name)
        .outerjoin(t, t.id == m.ActivityParticipant.teacher_id)
        .outerjoin(s, s.id == m.ActivityParticipant.school_id)
        .where(m.ActivityParticipant.activity_id == a.id, m.ActivityParticipant.deleted_at.is_(None))
        .order_by(t.search_key, s.search_key)))
    teachers = tuple(Participant(tid, f"{name} (DNI {dni})") for tid, dni, name, *_ in parts if tid)
    schools = tuple(Participant(sid, f"{code}-{annex} {name}") for *_, sid, code, annex, name in parts if sid)
    row = _plan_row(*found, (len(teachers), len(schools)))
    if e is None:
        return ActivityDetail(row, teachers, schools)
    attended = frozenset(
        (tid or sid) for tid, sid in u.execute(
            select(m.ExecutionParticipant.teacher_id, m.ExecutionParticipant.school_id)
            .where(m.ExecutionParticipant.execution_id == e.id, m.ExecutionParticipant.deleted_at.is_(None),
                   m.ExecutionParticipant.attended.is_(True))))
    return ActivityDetail(row, teachers, schools, attended, _levels(e), e.notes, e.hours, e.days, e.parents,
                          e.elders, e.authorities, from_cents(e.allowance_spent_cents), e.quantity_delivered,
                          e.outcome)


# --- the teacher's ficha -------------------------------------------------------------------------------

def ficha_teacher(u: Unit, teacher_id: UUID) -> FichaTeacher | None:
    stmt = (select(m.Teacher.id, m.Teacher.dni, _person(m.Teacher), m.School.id, m.School.modular_code,
                   m.School.annex, m.School.name, m.School.level, m.School.area, m.School.characteristic,
                   m.Ubigeo.district, m.Ubigeo.province, m.Ubigeo.department, m.Ugel.code, m.Ugel.name)
            .join(m.School, m.Teacher.school_id == m.School.id)
            .join(m.Ubigeo, m.School.ubigeo == m.Ubigeo.code)
            .join(m.Ugel, m.Teacher.ugel_id == m.Ugel.id)
            .where(m.Teacher.id == teacher_id, m.Teacher.deleted_at.is_(None)))
    r = u.execute(stmt).first()
    if r is None:
        return None
    (t_id, dni, name, s_id, code, annex, s_name, level, area, charac, district, province, department,
     ugel_code, ugel_name) = r
    return FichaTeacher(t_id, dni, name, s_id, f"{code}-{annex}", s_name, level, area, charac,
                        f"{district}, {province}, {department}", ugel_code, ugel_name)


def ficha_assignments(u: Unit, teacher_id: UUID, year: int) -> list[FichaAssignment]:
    stmt = (select(m.Assignment.id, m.Coach.id, m.Coach.dni, _person(m.Coach), m.Intervention.name,
                   m.Assignment.no_plan, m.Assignment.no_plan_reason)
            .join(m.Coach, m.Assignment.coach_id == m.Coach.id)
            .join(m.Intervention, m.Assignment.intervention_id == m.Intervention.id)
            .where(m.Assignment.teacher_id == teacher_id, m.Assignment.year == year,
                   m.Assignment.deleted_at.is_(None))
            .order_by(m.Intervention.name, m.Coach.search_key))
    return [FichaAssignment(a, c, dni, name, inter, bool(np), reason)
            for a, c, dni, name, inter, np, reason in u.execute(stmt)]


def ficha_activities(u: Unit, teacher_id: UUID, year: int) -> list[FichaActivity]:
    """The teacher's visits and kits, and the GIA and talleres they were convened to (2 queries)."""
    convened = (select(m.ActivityParticipant.activity_id)
                .where(m.ActivityParticipant.teacher_id == teacher_id,
                       m.ActivityParticipant.deleted_at.is_(None)))
    e, on = _live_execution()
    coach = aliased(m.Coach)
    stmt = (select(m.Activity, e, m.SkipReason.name, _person(coach))
            .outerjoin(e, on)
            .outerjoin(m.SkipReason, m.SkipReason.id == e.skip_reason_id)
            .join(coach, coach.id == m.Activity.coach_id)
            .where(m.Activity.year == year, m.Activity.deleted_at.is_(None),
                   or_(m.Activity.teacher_id == teacher_id, m.Activity.id.in_(convened))))
    found = list(u.execute(stmt))
    group_execs = [ex.id for a, ex, *_ in found if ex is not None and a.kind in _GROUP_KINDS]
    attended: dict[UUID, bool] = defaultdict(bool)
    if group_execs:
        for exec_id, flag in u.execute(
                select(m.ExecutionParticipant.execution_id, m.ExecutionParticipant.attended)
                .where(m.ExecutionParticipant.execution_id.in_(group_execs),
                       m.ExecutionParticipant.teacher_id == teacher_id,
                       m.ExecutionParticipant.deleted_at.is_(None))):
            attended[exec_id] = bool(flag)
    rows = []
    for a, ex, reason, coach_name in found:
        executed = ex is not None and ex.outcome == _EXECUTED
        rows.append(FichaActivity(
            activity_id=a.id, kind=a.kind, month=a.month, planned_date=a.planned_date,
            visit_type=a.visit_type, topic=a.topic or a.kit, coach_name=coach_name,
            status=ActivityStatus.PLANNED.value if ex is None else ex.outcome,
            executed_on=ex.executed_on if ex else None, skip_reason=reason,
            skip_note=ex.skip_note if ex else None,
            validation_state=ex.validation_state if ex else None,
            validation_comment=ex.validation_comment if ex else None,
            attended=(attended[ex.id] if executed and a.kind in _GROUP_KINDS else None),
            levels=_levels(ex) if executed and a.kind == _VISIT else {}))
    rows.sort(key=lambda r: (r.month, r.executed_on or r.planned_date or date(year, r.month, 1),
                             _KIND_ORDER.get(r.kind, 9), r.activity_id.int))
    return rows

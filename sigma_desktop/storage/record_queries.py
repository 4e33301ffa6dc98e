"""Queries about one record and its neighbours (a UGEL's DRE, a teacher's visits, an activity's
execution, a record's history), for the services' writes and checks. Like every `*_queries.py` module they
take the unit as first argument and read through its statements; the unit itself only opens the transaction
and gets, finds, adds and counts rows."""
from __future__ import annotations

from datetime import date
from typing import Sequence, TypeVar
from uuid import UUID

from sqlalchemy import and_, or_, select

from ..domain.dates import LIMA
from ..domain.rules.facts import MonthClosed
from . import models as m
from .codes import EXECUTED as _EXECUTED, VISIT as _VISIT
from .unit import Unit

T = TypeVar("T")


# --- organisation and catalogues -----------------------------------------------------------------------------------
def ugel_dre_ids(u: Unit, ugel_id: UUID) -> tuple[UUID, UUID] | None:
    row = u.execute(select(m.Ugel.id, m.Ugel.dre_id).where(m.Ugel.id == ugel_id)).first()
    return (row[0], row[1]) if row else None


def rubric_items_for_year(u: Unit, year: int) -> list[m.RubricItem]:
    version = u.scalars(
        select(m.RubricVersion)
        .where(m.RubricVersion.deleted_at.is_(None), m.RubricVersion.first_year <= year,
               or_(m.RubricVersion.last_year.is_(None), m.RubricVersion.last_year >= year))
        .order_by(m.RubricVersion.first_year.desc())
        .limit(1)
    ).first()
    if version is None:  # years before the first version use the oldest one
        version = u.scalars(select(m.RubricVersion).order_by(m.RubricVersion.first_year)).first()
    if version is None:
        return []
    return u.all(m.RubricItem, order_by="number", version_id=version.id)


def is_month_closed(u: Unit, ugel_id: UUID, year: int, month: int) -> MonthClosed | None:
    """Who closed the month and when (truthy), or None while it is open."""
    row = u.find(m.MonthClosing, ugel_id=ugel_id, year=year, month=month)
    if row is None or not row.closed:
        return None
    return MonthClosed(row.updated_at.astimezone(LIMA).date(), user_name(u, row.updated_by))


def user_name(u: Unit, user_id: UUID | None) -> str:
    """A person's name for «… por Nombre»; the system (demo data, first run) when no user."""
    if user_id is None:
        return "el sistema"
    name = u.scalar(select(m.UserAccount.name).where(m.UserAccount.id == user_id))
    return name or "un usuario ya no registrado"

# --- assignments ---------------------------------------------------------------------------------------------------
def live_assignments(u: Unit, teacher_id: UUID, year: int, intervention_id: UUID | None = None
                     ) -> list[m.Assignment]:
    stmt = select(m.Assignment).where(
        m.Assignment.teacher_id == teacher_id, m.Assignment.year == year,
        m.Assignment.deleted_at.is_(None))
    if intervention_id is not None:
        stmt = stmt.where(m.Assignment.intervention_id == intervention_id)
    return list(u.scalars(stmt))


def any_assignment(u: Unit, teacher_id: UUID, coach_id: UUID, intervention_id: UUID, year: int
                   ) -> m.Assignment | None:
    """The assignment row for this pair, live or deleted (to restore instead of duplicating)."""
    return u.scalars(select(m.Assignment).where(
        m.Assignment.teacher_id == teacher_id, m.Assignment.coach_id == coach_id,
        m.Assignment.intervention_id == intervention_id, m.Assignment.year == year)).first()

# --- activities ----------------------------------------------------------------------------------------------------
def live_execution(u: Unit, activity_id: UUID) -> m.Execution | None:
    return u.find(m.Execution, activity_id=activity_id)


def teacher_visits(u: Unit, teacher_id: UUID, year: int, intervention_id: UUID) -> list[m.Activity]:
    """Live planned visits of a teacher in a year and intervention, oldest month first."""
    return list(u.scalars(select(m.Activity).where(
        m.Activity.teacher_id == teacher_id, m.Activity.kind == _VISIT, m.Activity.year == year,
        m.Activity.intervention_id == intervention_id, m.Activity.deleted_at.is_(None))
        .order_by(m.Activity.month, m.Activity.planned_date)))


def executed_visit_types(u: Unit, teacher_id: UUID, year: int, intervention_id: UUID,
                         exclude_activity: UUID | None = None) -> list[str]:
    """Visit types of the teacher's executed (live) visits in the year and intervention."""
    stmt = (select(m.Activity.visit_type)
            .join(m.Execution, and_(m.Execution.activity_id == m.Activity.id,
                                    m.Execution.deleted_at.is_(None)))
            .where(m.Activity.teacher_id == teacher_id, m.Activity.kind == _VISIT,
                   m.Activity.year == year, m.Activity.intervention_id == intervention_id,
                   m.Activity.deleted_at.is_(None), m.Execution.outcome == _EXECUTED))
    if exclude_activity is not None:
        stmt = stmt.where(m.Activity.id != exclude_activity)
    return list(u.scalars(stmt))


def visit_days(u: Unit, teacher_id: UUID, coach_id: UUID, exclude_activity: UUID) -> list[date]:
    """Days of the coach's other executed (live) visits to the teacher."""
    stmt = (select(m.Execution.executed_on)
            .join(m.Activity, m.Execution.activity_id == m.Activity.id)
            .where(m.Activity.teacher_id == teacher_id, m.Activity.coach_id == coach_id,
                   m.Activity.kind == _VISIT, m.Activity.deleted_at.is_(None),
                   m.Execution.deleted_at.is_(None), m.Execution.outcome == _EXECUTED,
                   m.Activity.id != exclude_activity))
    return list(u.scalars(stmt))


def live_children(u: Unit, model: type[T], parent_field: str, parent_id: UUID) -> list[T]:
    return u.all(model, **{parent_field: parent_id})


def executions_by_ids(u: Unit, ids: Sequence[UUID]) -> list[m.Execution]:
    if not ids:
        return []
    return list(u.scalars(select(m.Execution).where(m.Execution.id.in_(list(ids)))))


def family_ids(u: Unit, entity_id: UUID) -> list[UUID]:
    """A record and the rows that belong to it (an activity's executions, ratings, attendance)."""
    ids = [entity_id]
    execs: list[UUID] = []
    if u.get(m.Activity, entity_id) is not None:
        ids += u.scalars(select(m.ActivityParticipant.id)
                               .where(m.ActivityParticipant.activity_id == entity_id)).all()
        execs = list(u.scalars(select(m.Execution.id).where(m.Execution.activity_id == entity_id)))
    elif u.get(m.Execution, entity_id) is not None:
        execs = [entity_id]
        ids = []
    for eid in execs:
        ids.append(eid)
        ids += u.scalars(select(m.ExecutionParticipant.id)
                               .where(m.ExecutionParticipant.execution_id == eid)).all()
    return ids


def entity_scope(u: Unit, entity: str, entity_id: UUID) -> UUID | None:
    """The UGEL a logged record belongs to, for scope checks on history (None: global rows)."""
    model = next((c for c in m.SYNC_MODELS if c.__tablename__ == entity), None)
    obj = u.get(model, entity_id) if model else None
    if obj is None:
        return None
    if isinstance(obj, m.Execution):
        obj = u.get(m.Activity, obj.activity_id)
    if isinstance(obj, m.Assignment):
        obj = u.get(m.Coach, obj.coach_id)
    return getattr(obj, "ugel_id", None)


def entity_coach(u: Unit, entity: str, entity_id: UUID) -> UUID | None:
    """The coach a record of one coach's work belongs to (an activity, its execution, an assignment)."""
    model = next((c for c in m.SYNC_MODELS if c.__tablename__ == entity), None)
    obj = u.get(model, entity_id) if model else None
    if isinstance(obj, m.ExecutionParticipant):
        obj = u.get(m.Execution, obj.execution_id)
    if isinstance(obj, (m.Execution, m.ActivityParticipant)):
        obj = u.get(m.Activity, obj.activity_id)
    return getattr(obj, "coach_id", None)

# --- change log ----------------------------------------------------------------------------------------------------
def history(u: Unit, entity_ids: Sequence[UUID]) -> list[m.ChangeLog]:
    return list(u.scalars(select(m.ChangeLog).where(m.ChangeLog.entity_id.in_(list(entity_ids)))
                                .order_by(m.ChangeLog.seq)))

"""A unit of work: one transaction with query-shaped methods, so that services never see SQL or sessions."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any, Iterator, Sequence, TypeVar
from uuid import UUID

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.changes import ChangeSet
from . import models as m
from .database import Database
from .ids import new_id, utcnow
from .written import Written
from ..domain.enums import ActivityKind, Outcome

T = TypeVar("T")


class Unit:
    """Transaction-scoped access to the data. Objects it returns are live only inside the unit.

    After a write unit ends, `changes` holds what it wrote (a `ChangeSet`, gathered from the rows
    themselves: see `written.py`)."""

    def __init__(self, session: Session):
        self._s = session
        self._written = session.info["written"] = Written()
        self.changes = ChangeSet()

    def seal(self) -> ChangeSet:
        """Writes what is pending and sums up what the unit wrote (before its commit)."""
        self._s.flush()
        self.changes = self._written.seal(self._s)
        return self.changes

    def act_as(self, user_id: UUID | None, dni: str) -> None:
        """Attributes the following writes of this unit to another user in the change log."""
        self._s.info.update(user_id=user_id, user_dni=dni)

    # --- generic ----------------------------------------------------------------------------------
    def get(self, model: type[T], id_: UUID | None) -> T | None:
        if id_ is None:
            return None
        return self._s.get(model, id_)

    def find(self, model: type[T], **equals: Any) -> T | None:
        """The one live row whose columns equal the given values, or None."""
        stmt = select(model).filter_by(**equals)
        if hasattr(model, "deleted_at"):
            stmt = stmt.where(model.deleted_at.is_(None))
        return self._s.scalars(stmt.limit(2)).one_or_none()

    def all(self, model: type[T], order_by: str | None = None, **equals: Any) -> list[T]:
        stmt = select(model).filter_by(**equals)
        if hasattr(model, "deleted_at"):
            stmt = stmt.where(model.deleted_at.is_(None))
        if order_by:
            stmt = stmt.order_by(getattr(model, order_by))
        return list(self._s.scalars(stmt))

    def add(self, obj: T) -> T:
        """Adds a new row; its key is made now so that callers can refer to it before the flush."""
        if isinstance(obj, m.SyncRow) and obj.id is None:
            obj.id = new_id()
        self._s.add(obj)
        return obj

    def flush(self) -> None:
        """Writes pending changes now, turning database constraint failures into IntegrityError."""
        self._s.flush()

    def count(self, model: type) -> int:
        return self._s.scalar(select(func.count()).select_from(model)) or 0

    # --- organisation and catalogues --------------------------------------------------------------
    def ugel_dre_ids(self, ugel_id: UUID) -> tuple[UUID, UUID] | None:
        row = self._s.execute(select(m.Ugel.id, m.Ugel.dre_id).where(m.Ugel.id == ugel_id)).first()
        return (row[0], row[1]) if row else None

    def rubric_items_for_year(self, year: int) -> list[m.RubricItem]:
        version = self._s.scalars(
            select(m.RubricVersion)
            .where(m.RubricVersion.deleted_at.is_(None), m.RubricVersion.first_year <= year,
                   or_(m.RubricVersion.last_year.is_(None), m.RubricVersion.last_year >= year))
            .order_by(m.RubricVersion.first_year.desc())
            .limit(1)
        ).first()
        if version is None:  # years before the first version use the oldest one
            version = self._s.scalars(select(m.RubricVersion).order_by(m.RubricVersion.first_year)).first()
        if version is None:
            return []
        return self.all(m.RubricItem, order_by="number", version_id=version.id)

    def is_month_closed(self, ugel_id: UUID, year: int, month: int) -> bool:
        row = self.find(m.MonthClosing, ugel_id=ugel_id, year=year, month=month)
        return bool(row and row.closed)

    # --- assignments ------------------------------------------------------------------------------
    def live_assignments(self, teacher_id: UUID, year: int, intervention_id: UUID | None = None
                         ) -> list[m.Assignment]:
        stmt = select(m.Assignment).where(
            m.Assignment.teacher_id == teacher_id, m.Assignment.year == year,
            m.Assignment.deleted_at.is_(None))
        if intervention_id is not None:
            stmt = stmt.where(m.Assignment.intervention_id == intervention_id)
        return list(self._s.scalars(stmt))

    def any_assignment(self, teacher_id: UUID, coach_id: UUID, intervention_id: UUID, year: int
                       ) -> m.Assignment | None:
        """The assignment row for this pair, live or deleted (to restore instead of duplicating)."""
        return self._s.scalars(select(m.Assignment).where(
            m.Assignment.teacher_id == teacher_id, m.Assignment.coach_id == coach_id,
            m.Assignment.intervention_id == intervention_id, m.Assignment.year == year)).first()

    # --- activities -------------------------------------------------------------------------------
    def live_execution(self, activity_id: UUID) -> m.Execution | None:
        return self.find(m.Execution, activity_id=activity_id)

    def deleted_executions(self, activity_id: UUID) -> list[m.Execution]:
        return list(self._s.scalars(select(m.Execution).where(
            m.Execution.activity_id == activity_id, m.Execution.deleted_at.is_not(None))
            .order_by(m.Execution.deleted_at.desc())))

    def teacher_visits(self, teacher_id: UUID, year: int, intervention_id: UUID) -> list[m.Activity]:
        """Live planned visits of a teacher in a year and intervention, oldest month first."""
        return list(self._s.scalars(select(m.Activity).where(
            m.Activity.teacher_id == teacher_id, m.Activity.kind == ActivityKind.VISIT.value, m.Activity.year == year,
            m.Activity.intervention_id == intervention_id, m.Activity.deleted_at.is_(None))
            .order_by(m.Activity.month, m.Activity.planned_date)))

    def executed_visit_types(self, teacher_id: UUID, year: int, intervention_id: UUID,
                             exclude_activity: UUID | None = None) -> list[str]:
        """Visit types of the teacher's executed (live) visits in the year and intervention."""
        stmt = (select(m.Activity.visit_type)
                .join(m.Execution, and_(m.Execution.activity_id == m.Activity.id,
                                        m.Execution.deleted_at.is_(None)))
                .where(m.Activity.teacher_id == teacher_id, m.Activity.kind == ActivityKind.VISIT.value,
                       m.Activity.year == year, m.Activity.intervention_id == intervention_id,
                       m.Activity.deleted_at.is_(None), m.Execution.outcome == Outcome.EXECUTED.value))
        if exclude_activity is not None:
            stmt = stmt.where(m.Activity.id != exclude_activity)
        return list(self._s.scalars(stmt))

    def visit_days(self, teacher_id: UUID, coach_id: UUID, exclude_activity: UUID) -> list[date]:
        """Days of the coach's other executed (live) visits to the teacher."""
        stmt = (select(m.Execution.executed_on)
                .join(m.Activity, m.Execution.activity_id == m.Activity.id)
                .where(m.Activity.teacher_id == teacher_id, m.Activity.coach_id == coach_id,
                       m.Activity.kind == ActivityKind.VISIT.value, m.Activity.deleted_at.is_(None),
                       m.Execution.deleted_at.is_(None), m.Execution.outcome == Outcome.EXECUTED.value,
                       m.Activity.id != exclude_activity))
        return list(self._s.scalars(stmt))

    def live_children(self, model: type[T], parent_field: str, parent_id: UUID) -> list[T]:
        return self.all(model, **{parent_field: parent_id})

    def executions_by_ids(self, ids: Sequence[UUID]) -> list[m.Execution]:
        if not ids:
            return []
        return list(self._s.scalars(select(m.Execution).where(m.Execution.id.in_(list(ids)))))

    def family_ids(self, entity_id: UUID) -> list[UUID]:
        """A record and the rows that belong to it (an activity's executions, ratings, attendance)."""
        ids = [entity_id]
        execs: list[UUID] = []
        if self._s.get(m.Activity, entity_id) is not None:
            ids += self._s.scalars(select(m.ActivityParticipant.id)
                                   .where(m.ActivityParticipant.activity_id == entity_id)).all()
            execs = list(self._s.scalars(select(m.Execution.id).where(m.Execution.activity_id == entity_id)))
        elif self._s.get(m.Execution, entity_id) is not None:
            execs = [entity_id]
            ids = []
        for eid in execs:
            ids.append(eid)
            ids += self._s.scalars(select(m.ExecutionParticipant.id)
                                   .where(m.ExecutionParticipant.execution_id == eid)).all()
        return ids

    def entity_scope(self, entity: str, entity_id: UUID) -> UUID | None:
        """The UGEL a logged record belongs to, for scope checks on history (None: global rows)."""
        model = next((c for c in m.SYNC_MODELS if c.__tablename__ == entity), None)
        obj = self._s.get(model, entity_id) if model else None
        if obj is None:
            return None
        if isinstance(obj, m.Execution):
            obj = self._s.get(m.Activity, obj.activity_id)
        if isinstance(obj, m.Assignment):
            obj = self._s.get(m.Coach, obj.coach_id)
        return getattr(obj, "ugel_id", None)

    def entity_coach(self, entity: str, entity_id: UUID) -> UUID | None:
        """The coach a record of one coach's work belongs to (an activity, its execution, an assignment)."""
        model = next((c for c in m.SYNC_MODELS if c.__tablename__ == entity), None)
        obj = self._s.get(model, entity_id) if model else None
        if isinstance(obj, m.ExecutionParticipant):
            obj = self._s.get(m.Execution, obj.execution_id)
        if isinstance(obj, (m.Execution, m.ActivityParticipant)):
            obj = self._s.get(m.Activity, obj.activity_id)
        return getattr(obj, "coach_id", None)

    # --- change log -------------------------------------------------------------------------------
    def history(self, entity_ids: Sequence[UUID]) -> list[m.ChangeLog]:
        return list(self._s.scalars(select(m.ChangeLog).where(m.ChangeLog.entity_id.in_(list(entity_ids)))
                                    .order_by(m.ChangeLog.seq)))

    def now(self):
        return utcnow()


@contextmanager
def unit(db: Database, *, write: bool, user_id: UUID | None = None, user_dni: str = "00000000",
         wait: bool = True) -> Iterator[Unit]:
    with db.session(write=write, user_id=user_id, user_dni=user_dni, wait=wait) as session:
        u = Unit(session)
        yield u
        if write:
            u.seal()


def is_integrity_error(exc: BaseException) -> bool:
    return isinstance(exc, IntegrityError)

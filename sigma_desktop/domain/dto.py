"""Frozen row objects that services return (never live ORM objects)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class UserRow:
    id: UUID
    dni: str
    name: str
    role: str
    scope: str
    ugel_code: str | None
    dre_code: str | None
    active: bool
    locked: bool
    ugel_name: str | None = None
    dre_name: str | None = None


@dataclass(frozen=True)
class AssignmentRow:
    id: UUID
    teacher_id: UUID
    coach_id: UUID
    intervention: str
    year: int
    no_plan: bool


@dataclass(frozen=True)
class ActivityRow:
    id: UUID
    kind: str
    coach_id: UUID
    year: int
    month: int
    planned_date: date | None
    teacher_id: UUID | None
    school_id: UUID | None
    visit_type: str | None
    topic: str | None
    status: str
    execution_id: UUID | None = None
    executed_on: date | None = None
    skip_reason: str | None = None
    validation_state: str | None = None
    validation_comment: str | None = None
    version: int = 1


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: datetime
    user_dni: str
    entity: str
    entity_id: UUID
    op: str
    changes: dict[str, list]
    new_version: int


@dataclass(frozen=True)
class MonthState:
    ugel_code: str
    year: int
    month: int
    closed: bool
    reason: str | None

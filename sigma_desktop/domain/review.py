"""Rows of the Gestor Local's validation queue and of the RCI's papelera."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(frozen=True)
class ReviewRow:
    execution_id: UUID
    activity_id: UUID
    kind: str
    visit_type: str | None
    year: int
    month: int
    coach_dni: str
    coach_name: str
    subject: str  # the teacher (visits, materials) or the school / topic (others)
    outcome: str
    executed_on: date
    validation_state: str
    validation_comment: str | None


@dataclass(frozen=True)
class DeletedRow:
    execution_id: UUID
    activity_id: UUID
    kind: str
    coach_dni: str
    coach_name: str
    subject: str
    outcome: str
    executed_on: date
    deleted_at: datetime
    deleted_by: str
    reason: str

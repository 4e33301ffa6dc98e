"""Rows of the coach's desk: their teachers, the month's plan and one activity in detail (frozen DTOs)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from .rules.facts import CoachName
from .enums import ValidationState

_CORRECTABLE = (ValidationState.PENDING, ValidationState.OBSERVED)


@dataclass(frozen=True)
class RubricItemRow:
    """One desempeño of the rubric in force in a year."""

    number: int
    name: str


@dataclass(frozen=True)
class SkipReasonRow:
    code: str
    name: str
    requires_text: bool


@dataclass(frozen=True)
class CoachProfile:
    id: UUID
    dni: str
    name: str
    intervention_key: str
    intervention_name: str
    has_community_visits: bool  # EIB: the visita social comunitaria exists
    ugel_name: str


@dataclass(frozen=True)
class SchoolOption:
    id: UUID
    modular_code: str
    annex: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.modular_code}-{self.annex} {self.name}"


@dataclass(frozen=True)
class MyTeacherRow:
    """A teacher assigned to the coach in a year, with the coach's visits so far and the last rubric."""

    assignment_id: UUID
    teacher_id: UUID
    dni: str
    name: str  # "Apellidos, Nombres"
    school_id: UUID
    school_code: str  # código modular-anexo
    school_name: str
    no_plan: bool
    no_plan_reason: str | None
    visits_planned: int
    visits_executed: int
    has_diagnostic: bool  # a diagnóstica is already planned (by any coach of the intervention)
    last_visit_on: date | None = None
    last_visit_type: str | None = None
    last_levels: dict[int, int] = field(default_factory=dict)  # desempeño number → level 1..4
    diagnostic_month: int | None = None  # month of the planned diagnóstica (any coach of the intervention)
    first_visit_month: int | None = None  # earliest month of any planned visit (idem)
    diagnostic_by: CoachName | None = None  # who planned the diagnóstica (in EIB, maybe another coach)


@dataclass(frozen=True)
class PlanRow:
    """One planned activity of the month with names resolved and its current outcome."""

    id: UUID
    kind: str
    year: int
    month: int
    planned_date: date | None
    teacher_id: UUID | None
    teacher_dni: str | None
    teacher_name: str | None
    school_id: UUID | None
    school_code: str | None
    school_name: str | None
    visit_type: str | None
    topic: str | None
    kit: str | None
    quantity_planned: int | None
    planned_hours: int | None
    planned_days: int | None
    allowance_assigned: Decimal | None
    teachers_convened: int
    schools_in_route: int
    status: str  # planificada | ejecutada | no_ejecutada
    execution_id: UUID | None = None
    executed_on: date | None = None
    skip_reason_code: str | None = None
    skip_reason_name: str | None = None
    skip_note: str | None = None
    validation_state: str | None = None
    validation_comment: str | None = None

    @property
    def correctable(self) -> bool:
        """An execution record the coach may still register again (pending or observed)."""
        return self.execution_id is not None and self.validation_state in _CORRECTABLE


@dataclass(frozen=True)
class Participant:
    """A teacher convened to a GIA or taller, or a school of a ruta."""

    id: UUID
    label: str


@dataclass(frozen=True)
class ActivityDetail:
    """What the registration forms need: the plan, who or what it covers, and the live record (if any)."""

    row: PlanRow
    teachers: tuple[Participant, ...] = ()  # convened (GIA, taller)
    schools: tuple[Participant, ...] = ()  # in the route
    attended: frozenset[UUID] = frozenset()  # teachers who attended / schools visited (live record)
    ratings: dict[int, int] = field(default_factory=dict)
    notes: str | None = None
    hours: int | None = None
    days: int | None = None
    parents: int | None = None
    elders: int | None = None
    authorities: int | None = None
    allowance_spent: Decimal | None = None
    quantity_delivered: int | None = None
    outcome: str | None = None

"""What the demo generator needs from the database, and the plain state it keeps while it works."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping, Sequence
from uuid import UUID

SCALES = {  # scale: number of coaches
    "small": 7,
    "ugel": 40,
    "region": 400,
    "national": 5000,
}


@dataclass(frozen=True)
class ProtocolSpec:
    visits: int
    visit_days: int
    group_sessions: int
    group_session_hours: int
    workshops: int
    workshop_days: int
    community_visits: int
    teachers_per_coach: int
    first_month: int
    last_month: int


@dataclass(frozen=True)
class DemoInputs:
    scale: str
    seed: int
    year: int
    today: date                      # in Lima: nothing is executed after it
    now: datetime                    # UTC: validation and deletion times stay before it
    interventions: Mapping[str, UUID]
    skip_reasons: Mapping[str, UUID]
    protocols: Mapping[tuple[str, str], ProtocolSpec]   # (intervention key, level) → targets
    rubric_items: Sequence[int]      # desempeño numbers of the year's rubric
    ubigeos: Sequence[tuple[str, str, str, str]]        # ubigeo, departamento, provincia, distrito
    password_hash: str
    holidays: frozenset[date] = frozenset()  # the year's national holidays: no school work on them


@dataclass
class TeacherState:
    id: UUID
    school_id: UUID
    level: str
    base: tuple[int, ...]            # rubric level per desempeño at the diagnóstica
    growth: float                    # levels gained per month of accompaniment
    diag_month: int | None = None
    diag_done: date | None = None    # day the diagnóstica was executed (None: not executed)
    diag_failed: bool = False        # the diagnóstica was registered as not executed


@dataclass
class UgelState:
    id: UUID
    dre_id: UUID
    code: str
    gestor_id: UUID | None = None
    rci_id: UUID | None = None
    closed_months: frozenset[int] = frozenset()


@dataclass
class CoachState:
    id: UUID
    intervention: str
    rural: bool
    teachers: list[TeacherState] = field(default_factory=list)
    no_plan: set[UUID] = field(default_factory=set)
    shared: set[UUID] = field(default_factory=set)   # EIB teachers whose first coach is another
    schools: list[tuple[UUID, int]] = field(default_factory=list)  # (school id, teachers there)
    disrupted: dict[int, str] = field(default_factory=dict)        # month → motivo of a lost month

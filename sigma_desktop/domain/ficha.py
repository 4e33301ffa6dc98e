"""The teacher's ficha: who they are, who accompanies them, what was planned and done, and their rubric
levels visit by visit (frozen DTOs; the rules that read them are plain functions here)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from .coach_work import RubricItemRow
from .enums import ActivityKind, ActivityStatus


@dataclass(frozen=True)
class FichaTeacher:
    id: UUID
    dni: str
    name: str  # "Apellidos, Nombres"
    school_id: UUID
    school_code: str  # código modular-anexo
    school_name: str
    school_level: str
    school_area: str
    school_characteristic: str | None
    district: str  # "Distrito, Provincia, Departamento"
    ugel_code: str
    ugel_name: str


@dataclass(frozen=True)
class FichaAssignment:
    id: UUID
    coach_id: UUID
    coach_dni: str
    coach_name: str
    intervention: str
    no_plan: bool
    no_plan_reason: str | None


@dataclass(frozen=True)
class FichaActivity:
    """An activity that concerns the teacher: a visit, a GIA or taller they were convened to, materials."""

    activity_id: UUID
    kind: str
    month: int
    planned_date: date | None
    visit_type: str | None
    topic: str | None
    coach_name: str
    status: str  # planificada | ejecutada | no_ejecutada
    executed_on: date | None = None
    skip_reason: str | None = None
    skip_note: str | None = None
    validation_state: str | None = None
    validation_comment: str | None = None
    attended: bool | None = None  # GIA / taller: did the teacher attend (None: not registered)
    levels: dict[int, int] = field(default_factory=dict)  # visits: desempeño number → level 1..4


@dataclass(frozen=True)
class TeacherFicha:
    teacher: FichaTeacher
    year: int
    assignments: tuple[FichaAssignment, ...]
    activities: tuple[FichaActivity, ...]
    rubric_items: tuple[RubricItemRow, ...]

    def rated_visits(self) -> list[FichaActivity]:
        """Executed visits with rubric levels, oldest first: the rows of the progress table."""
        visits = [a for a in self.activities
                  if a.kind == ActivityKind.VISIT and a.status == ActivityStatus.EXECUTED and a.levels]
        return sorted(visits, key=lambda a: (a.executed_on or date.min, a.activity_id.int))

    def improvement(self) -> tuple[int, int] | None:
        """(desempeños improved, desempeños compared) from the first to the latest rated visit."""
        visits = self.rated_visits()
        if len(visits) < 2:
            return None
        first, last = visits[0].levels, visits[-1].levels
        shared = [n for n in first if n in last]
        return sum(1 for n in shared if last[n] > first[n]), len(shared)


def satisfactory(level: int) -> bool:
    """Levels III and IV are satisfactory; I and II are not."""
    return level >= 3

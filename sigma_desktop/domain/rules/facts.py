"""The snapshot a rule reads: plain frozen facts, loaded by whoever asks (a service for one record, the
import for a whole file). Facts say what the database holds; rules never look anything up themselves."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping
from uuid import UUID

from ..enums import VisitType

_DIAGNOSTIC = VisitType.DIAGNOSTIC.value


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, as far as the rules care: an AP acts only on their own activities (`coach_id`, None for
    an AP account not linked to a coach); other roles within their scope (checked by the permissions)."""

    is_coach: bool = False
    coach_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class CoachFacts:
    id: UUID
    ugel_id: UUID
    intervention_id: UUID
    community_visits: bool = False  # the intervention has visitas sociales comunitarias (EIB)


@dataclass(frozen=True, slots=True)
class TeacherFacts:
    """A registered teacher as seen from one coach and year: assigned to them, and marked «no planificar»."""

    id: UUID
    dni: str
    school_id: UUID
    assigned: bool
    no_plan: bool = False


@dataclass(frozen=True, slots=True)
class CoachName:
    """A coach as the rule book's messages name them: «Nombres Apellido (DNI …)»."""

    id: UUID
    name: str

    @classmethod
    def of(cls, id_: UUID, first_names: str, last_name_1: str, dni: str) -> "CoachName":
        return cls(id_, f"{first_names} {last_name_1} (DNI {dni})")


@dataclass(frozen=True, slots=True)
class VisitHistory:
    """A teacher's live planned visits of the year and intervention (any coach): one diagnóstica per teacher,
    whoever plans it, and it counts for all their coaches (in EIB a teacher may have several)."""

    diagnostic_month: int | None = None  # month of the planned diagnóstica
    first_month: int | None = None       # earliest month of any planned visit
    diagnostic_by: CoachName | None = None  # who planned the diagnóstica

    @classmethod
    def of(cls, visits: Iterable[tuple[int, str | None, CoachName | None]]) -> "VisitHistory":
        """From (month, visit type, coach who planned it) triples; the coach matters for a diagnóstica only."""
        diagnostic = first = diagnostic_by = None
        for month, visit_type, by in visits:
            if first is None or month < first:
                first = month
            if visit_type == _DIAGNOSTIC and (diagnostic is None or month < diagnostic):
                diagnostic, diagnostic_by = month, by
        return cls(diagnostic, first, diagnostic_by)

    def with_visit(self, month: int, visit_type: str | None, by: CoachName | None = None) -> "VisitHistory":
        """The history once one more visit is planned (by `by`)."""
        diagnostic, diagnostic_by = self.diagnostic_month, self.diagnostic_by
        if visit_type == _DIAGNOSTIC and (diagnostic is None or month < diagnostic):
            diagnostic, diagnostic_by = month, by
        first = month if self.first_month is None or month < self.first_month else self.first_month
        return VisitHistory(diagnostic, first, diagnostic_by)


@dataclass(frozen=True, slots=True)
class PlanFacts:
    coach: CoachFacts
    month_closed: bool
    teachers: tuple[TeacherFacts, ...] = ()  # those the command names, in its order
    history: VisitHistory = VisitHistory()    # of the visit's teacher


@dataclass(frozen=True, slots=True)
class ActivityFacts:
    id: UUID
    kind: str
    coach_id: UUID
    ugel_id: UUID
    year: int
    month: int
    visit_type: str | None = None
    members: tuple[UUID, ...] = ()  # teachers convened (GIA, taller) or schools of the route


@dataclass(frozen=True, slots=True)
class ExecutionFacts:
    """The activity's live execution record: its state and what it says (for «nothing changes»)."""

    id: UUID
    validation_state: str
    values: Mapping[str, object]                  # every outcome column (see registration.EXECUTION_FIELDS)
    members: Mapping[UUID, bool] = field(default_factory=dict)  # live attendance: teacher or school → attended


@dataclass(frozen=True, slots=True)
class RecordFacts:
    """What every registration reads: the plan, whether its month is closed, its live record, today."""

    activity: ActivityFacts
    month_closed: bool
    execution: ExecutionFacts | None
    today: date


@dataclass(frozen=True, slots=True)
class VisitFacts:
    teacher: TeacherFacts                      # assigned: to the activity's coach, year and intervention
    rubric: Mapping[int, str]                  # desempeño number → name, of the activity's year
    other_executed_types: tuple[str | None, ...] = ()  # the teacher's other executed visits (any coach)
    other_days: frozenset[date] = frozenset()  # days of this coach's other executed visits to the teacher


@dataclass(frozen=True, slots=True)
class GroupFacts:
    assigned: frozenset[UUID]      # teachers assigned to the coach (among those convened or attending)
    dni: Mapping[UUID, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SkipReasonFacts:
    id: UUID
    code: str
    name: str
    requires_text: bool
    active: bool = True


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """An execution record under review (validation, papelera)."""

    execution_id: UUID
    kind: str
    outcome: str
    validation_state: str
    deleted: bool
    month_closed: bool
    other_live: bool = False  # the activity has another live record (restore)


@dataclass(frozen=True, slots=True)
class AssignmentFacts:
    """A teacher's assignments of one year and intervention, as seen when assigning a coach."""

    teacher_id: UUID
    coach_id: UUID
    intervention_key: str
    intervention_name: str
    multi_coach: bool
    live_coach_dnis: tuple[str, ...]    # the teacher's other live coaches there (DNI)
    assigned_here: bool                 # already assigned to this coach
    removed_id: UUID | None = None      # a removed assignment of the same pair, to bring back
    teacher_dni: str = ""
    coach_dni: str = ""
    teacher_active: bool = True
    coach_active: bool = True
    school_level: str | None = None     # of the teacher's school
    protocol_levels: frozenset[str] = frozenset()  # levels the intervention's protocol has targets for, that year

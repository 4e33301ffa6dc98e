"""Rows of the master-data lists (docentes, IIEE, acompañantes), their filter, and catalogue rows.

The lists have national size (40,000 teachers): services return one page of these frozen rows at a
time, filtered and sorted in SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

# The kinds of list that `BrowseService.count/page` serve.
TEACHERS = "teachers"
SCHOOLS = "schools"
COACHES = "coaches"
KINDS = (TEACHERS, SCHOOLS, COACHES)

# Sort keys each kind accepts (the first is the default). The UI maps its columns to these.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    TEACHERS: ("name", "dni", "school", "school_name", "ugel", "coaches", "intervention"),
    SCHOOLS: ("name", "modular_code", "annex", "local_code", "level", "characteristic", "area",
              "district", "province", "department", "ugel"),
    COACHES: ("name", "dni", "ugel", "intervention", "contract", "teachers"),
}

MAX_PAGE = 1000


@dataclass(frozen=True)
class ListFilter:
    """What the user narrowed a list to.

    `text`: words typed in the search box; every word must appear (accent- and case-insensitive) in
    the row's search key (for teachers, also in their school's). `year`: the school year whose
    assignments give the coach and intervention columns. `intervention`: an intervention key
    (teachers with an assignment in it that year; coaches of it).
    """

    text: str = ""
    year: int | None = None
    intervention: str | None = None
    active_only: bool = False  # pickers (assignments, a teacher's school) leave out deactivated records


@dataclass(frozen=True)
class CoachRef:
    """A coach as other lists show it: name, DNI and the intervention of the assignment."""

    coach_id: UUID
    dni: str
    name: str
    intervention: str  # intervention name (e.g. "EIB")


@dataclass(frozen=True)
class TeacherListRow:
    id: UUID
    dni: str
    name: str  # "Apellido1 Apellido2, Nombres"
    school_id: UUID
    modular_code: str
    annex: str
    school_name: str
    ugel_code: str
    ugel_name: str
    coaches: tuple[CoachRef, ...] = ()
    school_level: str = ""
    active: bool = True

    @property
    def school_code(self) -> str:
        return f"{self.modular_code}-{self.annex}"

    @property
    def interventions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.intervention for c in self.coaches))


@dataclass(frozen=True)
class SchoolListRow:
    id: UUID
    modular_code: str
    annex: str
    local_code: str | None
    name: str
    level: str
    characteristic: str | None
    area: str
    ubigeo: str
    district: str
    province: str
    department: str
    ugel_code: str
    ugel_name: str
    active: bool = True


@dataclass(frozen=True)
class CoachListRow:
    id: UUID
    dni: str
    name: str
    ugel_code: str
    ugel_name: str
    intervention_key: str
    intervention: str
    contract_start: date | None
    contract_end: date | None
    teacher_count: int  # live assignments in the filter's year
    active: bool = True


@dataclass(frozen=True)
class CoachAssignmentRow:
    """One teacher assigned to a coach in a year, for the Asignaciones module."""

    assignment_id: UUID
    teacher_id: UUID
    dni: str
    name: str
    school_code: str
    school_name: str
    intervention: str
    no_plan: bool
    no_plan_reason: str | None
    other_coaches: tuple[CoachRef, ...] = ()


# --- catalogues ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InterventionRow:
    id: UUID
    key: str
    name: str
    multi_coach: bool
    has_community_visits: bool


@dataclass(frozen=True)
class SkipReasonRow:
    id: UUID
    code: str
    name: str
    requires_text: bool
    active: bool
    position: int


@dataclass(frozen=True)
class RubricVersionRow:
    id: UUID
    code: str
    first_year: int
    last_year: int | None
    items: tuple[tuple[int, str], ...]  # (desempeño number, text)


@dataclass(frozen=True)
class ProtocolRow:
    id: UUID
    intervention: str  # its name, as people read it
    year: int
    level: str
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
    intervention_key: str = ""
    version: int = 1


@dataclass(frozen=True)
class OfficeRow:
    """A DRE or a UGEL, for pickers (users, filters)."""

    id: UUID
    kind: str  # "dre" | "ugel"
    code: str
    name: str
    dre_code: str

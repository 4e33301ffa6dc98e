"""What each role's Inicio shows (issue 18): plain figures the dashboard service computes and the window
draws. Rates are executed ÷ planned × 100, as in the Módulo de Control and the printed reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from .coach_work import PlanRow
from .reporting import ReportFilter
from .review import ReviewRow

# The validation backlog by age: (first day, last day or None, label). Age = days since the activity's date
# (its execution or the date the coach gave for not doing it): how long the record has been waiting.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 7, "≤ 7 días"),
    (8, 15, "8–15 días"),
    (16, 30, "16–30 días"),
    (31, 60, "31–60 días"),
    (61, None, "> 60 días"),
)


def rate(done: int, planned: int) -> float | None:
    return done * 100.0 / planned if planned else None


def age_band(age_days: int) -> int:
    """The index in AGE_BANDS of a record waiting `age_days` days (a future date counts as 0)."""
    age = max(age_days, 0)
    return next(i for i, (low, high, _label) in enumerate(AGE_BANDS) if high is None or low <= age <= high)


@dataclass(frozen=True)
class GroupRate:
    """One bar of a manager's chart: a coach (key: the coach's id), a UGEL or a DRE (key: its code)."""

    key: str
    label: str
    planned: int
    executed: int
    not_executed: int
    planned_to_date: int | None = None  # only for the month in course: what was due by today

    @property
    def rate(self) -> float | None:
        return rate(self.executed, self.planned)

    @property
    def rate_to_date(self) -> float | None:
        return None if self.planned_to_date is None else rate(self.executed, self.planned_to_date)


@dataclass(frozen=True)
class MonthRate:
    month: int
    planned: int
    executed: int

    @property
    def rate(self) -> float | None:
        return rate(self.executed, self.planned)


@dataclass(frozen=True)
class MotivoCount:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class AgeBand:
    index: int
    label: str
    executions: int
    non_executions: int
    oldest: date | None  # the date of its oldest record

    @property
    def total(self) -> int:
        return self.executions + self.non_executions


@dataclass(frozen=True)
class MonthClosingState:
    ugel_code: str
    ugel_name: str
    month: int
    closed: bool


@dataclass(frozen=True)
class ManagerDashboard:
    """The Inicio of a Gestor Local (bars per coach) or of a Gestor Regional / Coordinador (bars per UGEL of
    the DRE, or per DRE for the nation)."""

    filter: ReportFilter  # year, month and the UGEL or DRE asked for (None: the actor's whole scope)
    level: str  # what a bar is: "acompanante", "ugel" or "dre"
    kind: str  # the activity kind of the bars and the trend (visita, gia, taller)
    today: date
    groups: list[GroupRate]
    months: list[MonthRate]  # the trend: every month of the year with something planned
    motivos: list[MotivoCount]  # non-executions of the month by motivo, every kind, most frequent first
    backlog: list[AgeBand]  # records of the year waiting for validation, by age
    closings: list[MonthClosingState]  # each UGEL of the scope × each month up to the reported one

    @property
    def in_course(self) -> bool:
        """Whether the reported month is the one in course (planned-to-date applies)."""
        return (self.filter.year, self.filter.month) == (self.today.year, self.today.month)

    def total(self) -> GroupRate:
        return GroupRate("total", "Total", sum(g.planned for g in self.groups),
                         sum(g.executed for g in self.groups), sum(g.not_executed for g in self.groups),
                         None if not self.in_course else sum(g.planned_to_date or 0 for g in self.groups))

    def unclosed(self) -> dict[tuple[str, str], list[int]]:
        """(UGEL code, name) → the months it has not closed, for the UGELs with any; months of the year that
        ended before today only (the month in course cannot be closed yet)."""
        out: dict[tuple[str, str], list[int]] = {}
        for c in self.closings:
            if not c.closed and date(self.filter.year, c.month, 1) < date(self.today.year, self.today.month, 1):
                out.setdefault((c.ugel_code, c.ugel_name), []).append(c.month)
        return out


@dataclass(frozen=True)
class KindProgress:
    """The coach's month for one activity kind, against what was planned up to today."""

    kind: str
    planned: int  # the whole month
    planned_to_date: int  # planned with a date up to today (the whole month once it is over)
    executed: int
    not_executed: int

    @property
    def rate(self) -> float | None:
        return rate(self.executed, self.planned_to_date)


@dataclass(frozen=True)
class TeacherProgress:
    """A teacher of the coach this year against the protocol: visits done ÷ visits expected by today's month."""

    teacher_id: UUID
    dni: str
    name: str
    school: str  # "código-anexo nombre"
    planned: int  # visits the coach planned this year
    executed: int  # visits the coach executed this year
    expected: int | None  # by today's month (None: no protocol for the school's level)
    target: int | None  # the whole year

    @property
    def rate(self) -> float | None:
        return None if self.expected is None else rate(self.executed, self.expected)


@dataclass(frozen=True)
class CoachDashboard:
    coach_id: UUID
    year: int
    month: int
    today: date
    kinds: list[KindProgress]
    next_activities: list[PlanRow]  # not registered yet, from today on, soonest first
    observed: list[ReviewRow]  # observed by the Gestor Local, waiting for the coach's correction
    not_visited: list[TeacherProgress]  # teachers with no executed visit this year (and a plan)
    teachers: list[TeacherProgress] = field(default_factory=list)  # those with a protocol, least advanced first

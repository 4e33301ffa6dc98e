"""The Inicio of each role (issue 18): the AP's month against plan, the Gestor Local's coaches and the Gestor
Regional's / Coordinador's UGELs. Execution figures come from the Control's own service (`ControlService.grid`),
so the window, the Control grid and the printed monthly report show the same numbers.

Two figures are owned by issue 15 (month closing, planned-to-date) and come from one small function each, so
that they are reconciled in one place: `planned_to_date` (`due_by`) and `closing_states` below.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

from ..domain.catalogues import SKIP_REASONS
from ..domain.dashboard import (AGE_BANDS, AgeBand, CoachDashboard, GroupRate, KindProgress, ManagerDashboard,
                                MonthClosingState, MonthRate, MotivoCount, TeacherProgress, age_band)
from ..domain.dates import check_month, today_lima
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.measures import expected
from ..domain.permissions import Action
from ..domain.reporting import ControlGrid, ReportFilter
from ..domain.review import ReviewRow
from ..storage import dashboard_queries as dq
from ..storage import indicator_queries as iq
from .context import Context
from .control import ControlService
from .report_scope import resolve

# The kinds a manager's charts can show, and those of the AP's month.
MANAGER_KINDS = ("visita", "gia", "taller")
COACH_KINDS = ("visita", "gia", "taller", "visita_social", "ruta", "materiales")
NEXT_ACTIVITIES = 8


def month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


# --- the two figures issue 15 also defines ----------------------------------------------------------------
def planned_to_date(u, scope: iq.Scope, today: date, kinds=COACH_KINDS) -> dict[tuple[str, str], int]:
    """(coach key, kind) → activities of the scope's month (`scope.period_month`) that were due by `today`:
    planned for a date up to today, or without a date once the month is over. A past month gives all
    its planned activities, a future one none."""
    return due_by(dq.planned_dates(u, scope, tuple(kinds)), scope.year, scope.period_month, today)


def due_by(rows, year: int, month: int, today: date) -> dict[tuple[str, str], int]:
    """`planned_to_date` from the rows of `dq.planned_dates` (coach, kind, planned date, count)."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    end = month_end(year, month)
    for coach, kind, planned_on, n in rows:
        if (planned_on or end) <= today:
            out[(str(UUID(str(coach))), kind)] += n
    return dict(out)


def closing_states(ugels: list[tuple], closed: dict, months: list[int]) -> list[MonthClosingState]:
    """Whether each UGEL of the scope (`dq.ugels`) closed each of `months` (`dq.month_closings`; no row: open)."""
    return [MonthClosingState(code, name, month, closed.get((ugel_id, month), False))
            for ugel_id, code, name in ugels for month in months]


def _in_course(f: ReportFilter, today: date) -> bool:
    return (f.year, f.month) == (today.year, today.month)


def coach_parts(u, scope: iq.Scope, kind: str, in_course: bool) -> tuple[list | None, list, list]:
    """The per-coach rows of a manager's Inicio for `scope` (all its coaches, or `scope.coach_ids`): what was
    planned by date (only for the month in course), each month's planned and executed `kind`, and the
    year's records waiting for validation by date."""
    whole_year = dataclasses.replace(scope, cutoff=12, period_month=None)
    due = dq.planned_dates(u, scope, (kind,)) if in_course else None
    return due, dq.month_counts_by_coach(u, whole_year, kind), dq.pending_by_coach_day(u, whole_year)


@dataclasses.dataclass(frozen=True)
class ManagerParts:
    """A manager's Inicio before it is summed: the Control's grid and rows per coach (keys as the aggregate
    queries give them), so that a live dashboard replaces only the rows of the coaches a write touched."""

    filter: ReportFilter
    kind: str
    level: str
    today: date
    dims: dict
    grid: ControlGrid
    due: list | None  # (coach, kind, planned date, n) of the month in course; None for another month
    months: list  # (coach, month, planned, executed)
    pending: list  # (coach, date, outcome, n)
    ugels: list[tuple]  # (id, code, name) of the scope's UGELs
    closed: dict  # (UGEL id, month) → closed, for the months with a row in the closing table

    def spliced(self, coaches: set, grid: ControlGrid, due: list | None, months: list, pending: list
                ) -> "ManagerParts":
        """These parts with the rows of `coaches` replaced by fresh ones (read for those coaches only)."""
        def keep(rows):
            return [r for r in rows if r[0] not in coaches]

        return dataclasses.replace(self, grid=grid, months=keep(self.months) + months,
                                   pending=keep(self.pending) + pending,
                                   due=None if self.due is None else keep(self.due) + (due or []))

    def dashboard(self) -> ManagerDashboard:
        f, kind, today = self.filter, self.kind, self.today
        due = None if self.due is None else due_by(self.due, f.year, f.month, today)
        per_month: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for _coach, mth, planned, executed in self.months:
            per_month[mth][0] += planned
            per_month[mth][1] += executed
        months = [MonthRate(mth, planned, done) for mth, (planned, done) in sorted(per_month.items()) if planned]
        by_day: dict[tuple, int] = defaultdict(int)
        for _coach, day, outcome, n in self.pending:
            by_day[(day, outcome)] += n
        backlog = _backlog([(day, outcome, n) for (day, outcome), n in by_day.items()], today)
        groups = _groups(self.grid, kind, self.level, due, self.dims)
        total = self.grid.totals.get(("total", "total"), {})
        motivos = [MotivoCount(r.code, r.name, n) for r in SKIP_REASONS
                   if (n := sum(total.get(f"{k}.not_executed.{r.code}", 0) for k in COACH_KINDS))]
        motivos.sort(key=lambda x: -x.count)
        # the months shown: those of the trend (a write may plan the first activity of a month) and the filter's
        shown = sorted({m.month for m in months} | {f.month})
        closings = closing_states(self.ugels, self.closed, [m for m in shown if m <= f.month])
        return ManagerDashboard(f, self.level, kind, today, groups, months, motivos, backlog, closings)


# --- the service --------------------------------------------------------------------------------------------
class DashboardService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _read(self):
        return self._ctx.unit(write=False, action=Action.READ)

    # --- Gestor Local, Gestor Regional, Coordinador ---------------------------------------------------------
    def manager(self, year: int, month: int, *, ugel_code: str | None = None, dre_code: str | None = None,
                kind: str = "visita", today: date | None = None) -> ManagerDashboard:
        """A month of the actor's scope (or of the UGEL or DRE asked for, inside it): execution of `kind`
        per coach (one UGEL), per UGEL (one DRE) or per DRE (the nation), the year's trend, non-executions
        by motivo, the validation backlog by age and the months each UGEL closed."""
        f, today = self.manager_filter(year, month, ugel_code=ugel_code, dre_code=dre_code, kind=kind,
                                       today=today)
        grid = ControlService(self._ctx).grid(f)  # checks the month, the codes and the actor's scope
        return self.manager_parts(f, kind, today, grid).dashboard()

    def manager_filter(self, year: int, month: int, *, ugel_code: str | None = None, dre_code: str | None = None,
                       kind: str = "visita", today: date | None = None) -> tuple[ReportFilter, date]:
        """The filter of a manager's Inicio, its arguments checked (also for a live one: live_dashboards.py)."""
        check_month(year, month)
        if kind not in MANAGER_KINDS:
            raise ValidationError(f"Tipo de actividad: «{kind}» no se muestra en el Inicio.", "tipo")
        if self._ctx.current().role is Role.COACH:
            raise PermissionDenied("Este Inicio es el de quien supervisa una UGEL o una DRE.")
        return ReportFilter(year, month, ugel_code=ugel_code or None, dre_code=dre_code or None), \
            today or today_lima()

    def manager_parts(self, f: ReportFilter, kind: str, today: date, grid: ControlGrid,
                      actor=None) -> "ManagerParts":
        """What the Inicio of `f` is made of besides the Control's `grid`, read as `actor` (a live dashboard
        reading again for whoever opened it) or as the signed-in actor."""
        who = actor or self._ctx.current()
        level = self._level(who, f)
        with self._ctx.reader(actor) as u:
            scope, dims = resolve(u, who, f)
            due, months, pending = coach_parts(u, scope, kind, _in_course(f, today))
            ugels, closed = dq.ugels(u, scope.ugel_ids), dq.month_closings(u, scope.ugel_ids, f.year)
        return ManagerParts(f, kind, level, today, dims, grid, due, months, pending, ugels, closed)

    @staticmethod
    def _level(actor, f: ReportFilter) -> str:
        if f.ugel_code or actor.scope is ScopeLevel.UGEL:
            return "acompanante"
        if f.dre_code or actor.scope is ScopeLevel.DRE:
            return "ugel"
        return "dre"

    def backlog_records(self, year: int, band: int, *, ugel_code: str | None = None, dre_code: str | None = None,
                        today: date | None = None) -> list[ReviewRow]:
        """The records behind one age band of the backlog (index in AGE_BANDS), oldest first."""
        if not 0 <= band < len(AGE_BANDS):
            raise ValidationError(f"Antigüedad: el tramo {band} no existe.", "antiguedad")
        today = today or today_lima()
        low, high, _label = AGE_BANDS[band]
        first = None if high is None else today - timedelta(days=high)
        last = today - timedelta(days=low) if low else None  # the first band takes future dates too
        with self._read() as u:
            scope, _dims = resolve(u, self._ctx.current(), ReportFilter(year, None, ugel_code or None,
                                                                        dre_code or None))
            return dq.pending_records(u, scope.ugel_ids, year, first, last)

    # --- the AP -------------------------------------------------------------------------------------------
    def coach(self, year: int, month: int, *, today: date | None = None) -> CoachDashboard:
        """The signed-in AP's month against what was planned up to today, their next activities, what the
        Gestor Local observed, teachers not visited this year and each teacher's protocol progress."""
        check_month(year, month)
        actor = self._ctx.current()
        if actor.role is not Role.COACH or actor.coach_id is None:
            raise PermissionDenied("Este Inicio es el de un acompañante pedagógico.")
        today = today or today_lima()
        coach_id = actor.coach_id
        f = ReportFilter(year, month)
        grid = ControlService(self._ctx).grid(f)  # an AP's grid is their own row
        counts = grid.rows[0].counts if grid.rows else {}
        from .coach_desk import CoachDeskService
        from .validation import ValidationService

        desk = CoachDeskService(self._ctx)
        observed = ValidationService(self._ctx).queue(year, None, coach_id, ("observada",))
        with self._read() as u:
            scope, _dims = resolve(u, actor, f)
            due = planned_to_date(u, scope, today)
            assigned = dq.coach_teachers(u, coach_id, year)
            intervention = dq.coach_intervention_key(u, coach_id)
            protocols = iq.protocols(u, year)
        key = str(coach_id)
        kinds = [KindProgress(k, counts.get(f"{k}.planned", 0), due.get((key, k), 0), counts.get(f"{k}.executed", 0),
                              counts.get(f"{k}.not_executed", 0))
                 for k in COACH_KINDS if counts.get(f"{k}.planned", 0)]
        # visits are counted up to today (the year so far), so they are held against what is due by today's month
        cutoff = 12 if year < today.year else today.month if year == today.year else 0
        teachers = []
        for teacher_id, dni, name, school, level, no_plan, planned, executed in assigned:
            protocol = protocols.get((intervention, level))
            teachers.append((no_plan, TeacherProgress(
                teacher_id, dni, name, school, planned, executed,
                None if protocol is None else expected(protocol.visits, protocol, cutoff),
                None if protocol is None else protocol.visits)))
        progress = sorted((t for no_plan, t in teachers if not no_plan and t.expected is not None),
                          key=lambda t: (t.rate is None, t.rate or 0.0))  # ties keep the names' order
        not_visited = [t for no_plan, t in teachers if not no_plan and not t.executed]
        return CoachDashboard(coach_id, year, month, today, kinds, self._next(desk, coach_id, today), observed,
                              not_visited, progress)

    @staticmethod
    def _next(desk, coach_id: UUID, today: date) -> list:
        """Activities not registered yet, planned from today on (this month and the next), soonest first."""
        rows = []
        for month in (today.month, today.month + 1):
            if month <= 12:
                end = month_end(today.year, month)
                rows += [r for r in desk.month_plan(coach_id, today.year, month)
                         if r.status == "planificada" and (r.planned_date or end) >= today]
        rows.sort(key=lambda r: (r.planned_date or month_end(r.year, r.month), r.month))
        return rows[:NEXT_ACTIVITIES]


# --- pure helpers -------------------------------------------------------------------------------------------
def _groups(grid: ControlGrid, kind: str, level: str, due: dict | None, dims: dict) -> list[GroupRate]:
    """One bar per coach (in the Control's order, those with `kind` planned: as the monthly report's chart),
    per UGEL or per DRE (the Control's totals)."""
    def due_of(keys: set[str]) -> int | None:
        return None if due is None else sum(n for (coach, _k), n in due.items() if coach in keys)

    if level == "acompanante":
        return [GroupRate(str(r.coach_id), r.coach_name, r.get(f"{kind}.planned"), r.get(f"{kind}.executed"),
                          r.get(f"{kind}.not_executed"), due_of({str(r.coach_id)}))
                for r in grid.rows if r.get(f"{kind}.planned")]
    names: dict[str, str] = {}
    members: dict[str, set[str]] = defaultdict(set)
    for d in dims.values():
        code, name = (d.ugel_code, d.ugel_name) if level == "ugel" else (d.dre_code, d.dre_name)
        names[code] = name
        members[code].add(d.key)
    out = []
    for (lvl, code), counts in grid.totals.items():
        if lvl == level and counts.get(f"{kind}.planned"):
            out.append(GroupRate(code, f"{names.get(code, code)} ({code})", counts[f"{kind}.planned"],
                                 counts.get(f"{kind}.executed", 0), counts.get(f"{kind}.not_executed", 0),
                                 due_of(members[code])))
    out.sort(key=lambda g: g.key)
    return out


def _backlog(rows: list[tuple[date, str, int]], today: date) -> list[AgeBand]:
    executions = [0] * len(AGE_BANDS)
    others = [0] * len(AGE_BANDS)
    oldest: list[date | None] = [None] * len(AGE_BANDS)
    for day, outcome, n in rows:
        i = age_band((today - day).days)
        if outcome == "ejecutada":
            executions[i] += n
        else:
            others[i] += n
        oldest[i] = day if oldest[i] is None else min(oldest[i], day)
    return [AgeBand(i, label, executions[i], others[i], oldest[i]) for i, (_l, _h, label) in enumerate(AGE_BANDS)]

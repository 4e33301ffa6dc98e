"""The Inicio dashboards kept live (issue 19), as the Reportes and the Control are (services/live_figures.py).

A manager's Inicio is the Control's grid of the month plus rows per coach (the year's trend, the backlog
waiting for validation, what was due by today): after a write it re-reads the grid's and those rows only for
the coaches the write touched, and sums them again in memory. An AP's Inicio is one coach: it is read again
whole when a write touches that coach, and only then.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain.dashboard import CoachDashboard, ManagerDashboard
from ..domain.dates import today_lima
from ..domain.reporting import ReportFilter
from ..storage.indicator_queries import Scope
from .context import Context
from .dashboard import DashboardService, ManagerParts, _in_course, coach_parts
from .live_figures import LiveControl, LiveFigures, LiveView


class LiveManagerDashboard(LiveView):
    """The Inicio of a Gestor Local, Gestor Regional or Coordinador for a month, kept live."""

    def __init__(self, ctx: Context, f: ReportFilter, kind: str, today: date):
        super().__init__(ctx, f)
        self.kind, self.today = kind, today
        self._control = LiveControl(ctx, f)  # driven from here, not followed on its own
        self._parts: ManagerParts | None = None

    @property
    def dashboard(self) -> ManagerDashboard:
        return self.value

    def _load(self) -> None:
        opener = self._actor  # None the first time: read as the signed-in actor, with its checks
        control = self._control
        control._actor = opener  # noqa: SLF001
        control._load()  # noqa: SLF001
        self._parts = DashboardService(self._ctx).manager_parts(self.filter, self.kind, self.today, control.grid,
                                                                actor=opener)
        self._actor = control._actor  # noqa: SLF001
        self.scope = control.scope
        self._set_dims(control._dims)  # noqa: SLF001
        self.value = self._parts.dashboard()

    def _reload_coaches(self, coaches: set, u) -> None:
        control = self._control
        control._reload_coaches(coaches, u)  # noqa: SLF001
        dims = control._dims  # noqa: SLF001
        scope = self.scope.narrowed([UUID(dims[c].key) for c in coaches if c in dims])
        due, months, pending = coach_parts(u, scope, self.kind, _in_course(self.filter, self.today))
        self._parts = self._parts.spliced(coaches, control.grid, due, months, pending)
        self.value = self._parts.dashboard()


class LiveCoachDashboard(LiveView):
    """The AP's own Inicio for a month, kept live: read again whole (one coach) when a write touches them."""

    def __init__(self, ctx: Context, year: int, month: int, today: date):
        super().__init__(ctx, ReportFilter(year, month))
        self.today = today

    @property
    def dashboard(self) -> CoachDashboard:
        return self.value

    def _load(self) -> None:
        actor = self._actor or self._ctx.current()  # read again as the AP who opened it, whoever wrote
        self.value = DashboardService(self._ctx.reading_as(actor)).coach(self.filter.year, self.filter.month,
                                                                         today=self.today)
        self._actor = actor
        # which writes touch it: those of this coach (LiveView.affected reads the scope's year and UGEL)
        self.scope = Scope(self.filter.year, 12, self.filter.month, [actor.ugel_id] if actor.ugel_id else None,
                           coach_id=actor.coach_id)
        self._raw_of = {actor.coach_id: str(actor.coach_id)}

    def _reload_coaches(self, coaches: set, u) -> None:
        self._load()


class LiveScreens(LiveFigures):
    """`sigma.live`: the live Reportes and Control (LiveFigures) and the live Inicio of each role."""

    def manager_dashboard(self, year: int, month: int, *, ugel_code: str | None = None, dre_code: str | None = None,
                          kind: str = "visita", today: date | None = None) -> LiveManagerDashboard:
        """The Inicio of a Gestor Local, Gestor Regional or Coordinador (DashboardService.manager), kept live."""
        f, today = DashboardService(self._ctx).manager_filter(year, month, ugel_code=ugel_code, dre_code=dre_code,
                                                              kind=kind, today=today)
        return self._open(LiveManagerDashboard(self._ctx, f, kind, today))

    def coach_dashboard(self, year: int, month: int, *, today: date | None = None) -> LiveCoachDashboard:
        """The AP's Inicio (DashboardService.coach), kept live."""
        return self._open(LiveCoachDashboard(self._ctx, year, month, today or today_lima()))

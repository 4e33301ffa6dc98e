"""Live figures: the open Reportes, Control and dashboards follow every write, as a spreadsheet does.

A live view (`LiveReport`, `LiveControl`) keeps the facts of its filter per coach. Every write unit that
commits through the services hands its change set to `LiveFigures.apply` (services/context.py,
`on_commit`); each open view whose figures it may touch re-reads **only the coaches it names** (and, for
the indicators, the other coaches of the teachers whose visits it touched: a diagnóstica counts for every
coach of the teacher), splices their facts into the ones it holds and recomputes its figures from them in
memory. The rest of the scope is never read again. Changes the per-coach facts cannot follow (a coach
moved to another UGEL, a teacher's school, a protocol, a rubric, a coarse change set) reload the view
whole. `tests/services/test_live_figures.py` checks, on random sequences of writes and on both engines,
that a live view always equals a fresh computation of the same filter.

Views are used from the GUI thread while writes may commit in a worker (an import, a sync): each view
has its lock, swaps its result in one assignment, and calls its subscriber from the writer's thread
(the GUI wraps the callback in a queued signal: ui/panels/query_panel.py).
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from contextlib import ExitStack
from dataclasses import dataclass, fields, replace
from typing import Callable
from uuid import UUID

from ..domain.changes import FIELD_WORK, ChangeSet, Entity
from ..domain.measures import Facts
from ..domain.permissions import SYSTEM
from ..domain.reporting import ControlGrid, IndicatorReport, ReportFilter
from ..storage import indicator_queries as q
from .context import Context

log = logging.getLogger(__name__)

# what the per-coach facts are made of: a change to these re-reads the coaches it names
PER_COACH = FIELD_WORK | {Entity.ASSIGNMENT, Entity.MONTH_CLOSING}
# what changes the dimensions, targets or labels of every coach: the view is read again whole
WHOLE = frozenset({Entity.TEACHER, Entity.SCHOOL, Entity.COACH, Entity.UGEL, Entity.DRE, Entity.INTERVENTION,
                   Entity.SKIP_REASON, Entity.RUBRIC_VERSION, Entity.RUBRIC_ITEM, Entity.PROTOCOL})


@dataclass(frozen=True)
class Update:
    """What one change set did to one view: how many coaches it re-read (None: the whole view) and how long
    it took from the start of `apply` (the write's commit) to the new figures."""

    coaches: int | None
    seconds: float


class LiveView:
    """A filter's figures kept current. `value` is the latest result; `subscribe` gets called after each
    update (from the thread that committed the write)."""

    def __init__(self, ctx: Context, f: ReportFilter):
        self._ctx = ctx
        self.filter = f
        self._lock = threading.RLock()
        self._subscribers: list[Callable[["LiveView"], None]] = []
        self.last_update: Update | None = None
        self.value = None
        self.scope: q.Scope | None = None
        self._actor = None  # who opened it: reloads see what they saw (set after the first, checked, read)
        self._raw_of: dict[UUID, object] = {}  # coach id → the key the aggregate queries give it
        # a paused view (its screen hidden) only notes what a write touched: the coaches to re-read when it is
        # shown again (None: read it whole), so that a write pays only for the figures someone is looking at
        self._paused = False
        self._stale: set | None = set()

    # --- to override ----------------------------------------------------------------------------------------
    def _load(self) -> None:
        """Reads the whole filter (sets `scope`, the dimensions and `value`)."""
        raise NotImplementedError

    def _reload_coaches(self, coaches: set, u) -> None:
        """Re-reads these coaches (keys as the queries give them) in the read unit `u` and recomputes `value`."""
        raise NotImplementedError

    def _coaches_of_teachers(self, teachers: set) -> set:
        """The coaches in the view who work with these teachers (only the indicators need them)."""
        return set()

    # --- shared ---------------------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[["LiveView"], None]) -> None:
        self._subscribers.append(callback)

    def _set_dims(self, dims: dict) -> None:
        self._raw_of = {UUID(d.key): raw for raw, d in dims.items()}

    def affected(self, changes: ChangeSet) -> set | None:
        """The coaches (as the queries key them) whose facts `changes` may change; None: every coach (read
        the view again whole); an empty set: nothing of this view."""
        if self.scope is None or changes.coarse & (PER_COACH | WHOLE) or changes.touches(*WHOLE):
            return None  # (not read yet: read it whole)
        if not changes.touches(*PER_COACH):
            return set()
        year = self.scope.year
        coaches = set()
        for p in changes.periods:
            if p.year != year:
                continue
            if p.coach_id is None:  # every coach of a UGEL (a month closing)
                if self.scope.ugel_ids is None or p.ugel_id in self.scope.ugel_ids:
                    return None
                continue
            raw = self._raw_of.get(p.coach_id)
            if raw is not None:
                coaches.add(raw)
        return coaches

    def apply(self, changes: ChangeSet, teachers_of: Callable[[], set], reader: Callable[[], object]
              ) -> Update | None:
        """Brings the view up to date with a committed change set. `teachers_of()` reads the teachers of the
        activities it touched (only asked when needed); `reader()` is the read unit every view of the change
        set shares (one transaction, one round of checkout and BEGIN on a server, not one per view)."""
        start = time.perf_counter()
        with self._lock:
            coaches = self.affected(changes)
            if coaches is not None:
                coaches |= self._coaches_of_teachers(teachers_of()) if self._needs_teachers(changes) else set()
                if not coaches:
                    return None
            if self._paused:
                self._stale = None if coaches is None or self._stale is None else self._stale | coaches
                return None
            update = self._update(coaches, reader, start)
        self._notify()
        return update

    def _update(self, coaches: set | None, reader: Callable[[], object], start: float) -> Update:
        if coaches is not None:
            self._reload_coaches(coaches, reader())
        else:
            self._load()
        self.last_update = Update(None if coaches is None else len(coaches), time.perf_counter() - start)
        return self.last_update

    def pause(self) -> None:
        """Its screen is hidden: writes from now on are only noted (`resume` catches up)."""
        with self._lock:
            self._paused = True

    @property
    def stale(self) -> bool:
        return self._paused and self._stale != set()

    def resume(self) -> Update | None:
        """Its screen is shown again: re-reads what the writes noted while paused touched (the coaches, or
        the whole view) and tells the subscribers. Reads, so a screen calls it outside the GUI thread."""
        start = time.perf_counter()
        with self._lock:
            stale, self._paused, self._stale = self._stale, False, set()
            if stale == set():
                return None
            try:
                with ExitStack() as stack:
                    update = self._update(stale, lambda: stack.enter_context(self._ctx.system_read()), start)
            except BaseException:
                self._paused, self._stale = True, None  # (the next `resume` reads it whole)
                raise
        self._notify()
        return update

    def _notify(self) -> None:
        for callback in list(self._subscribers):
            try:
                callback(self)
            except Exception:  # noqa: BLE001 - a screen gone away must not stop the others
                log.exception("a subscriber of the live view %s failed", self.filter)

    def _needs_teachers(self, changes: ChangeSet) -> bool:
        return False


class LiveReport(LiveView):
    """The indicators of a filter (IndicatorService.compute's arguments), kept live."""

    def __init__(self, ctx: Context, f: ReportFilter, *, levels: set[str] | None = None,
                 include_performance: bool = True, codes: set[str] | None = None, by_month: bool | None = None):
        super().__init__(ctx, f)
        self._levels = levels
        self._options = dict(codes=codes, by_month=by_month, include_performance=include_performance)
        self._base = None

    @property
    def report(self) -> IndicatorReport:
        return self.value

    def _load(self) -> None:
        from .indicators import IndicatorService, without_cycle_collection

        with without_cycle_collection():
            self._base = IndicatorService(self._ctx).gather(self.filter, actor=self._actor, **self._options)
            self._actor = self._actor or self._ctx.actor or SYSTEM
            self.scope = self._base.scope
            self._set_dims(self._base.dims)
            self._facts = self._base.facts
            self._memo, self._cache = {}, {}  # kept from one update to the next (Gathered.report)
            self.value = self._base.report(self._facts, self._levels, self._memo, self._cache)

    def _needs_teachers(self, changes: ChangeSet) -> bool:
        return changes.touches(Entity.ACTIVITY, Entity.EXECUTION)

    def _coaches_of_teachers(self, teachers: set) -> set:
        if not teachers:
            return set()
        return {p.coach for p in self._facts.pairs if p.teacher in teachers}

    def _reload_coaches(self, coaches: set, u) -> None:
        from .indicators import gather_facts, without_cycle_collection

        base = self._base
        ids = [UUID(base.dims[c].key) for c in coaches if c in base.dims]
        with without_cycle_collection():
            fresh = gather_facts(u, self.scope.narrowed(ids), base.dims, by_month=base.by_month,
                                 rubric=base.rubric, parallel=False, as_of=base.as_of)
            self._facts = splice(self._facts, fresh, coaches)
            self.value = base.report(self._facts, self._levels, self._memo, self._cache)


class LiveControl(LiveView):
    """The control grid of a filter, kept live."""

    def __init__(self, ctx: Context, f: ReportFilter):
        super().__init__(ctx, f)

    @property
    def grid(self) -> ControlGrid:
        return self.value

    def _load(self) -> None:
        from .control import ControlService

        self.value, self.scope, self._dims, self._names, self._rows = ControlService(self._ctx).read(
            self.filter, self._actor)
        self._actor = self._actor or self._ctx.actor or SYSTEM
        self._made = {}  # each row's ControlRow, kept from one update to the next (control.grid_of)
        self._as_of, self._mark = self.value.as_of, self.value.closed_mark  # as the grid was opened
        self._set_dims(self._dims)

    def _reload_coaches(self, coaches: set, u) -> None:
        from .control import control_rows, grid_of

        ids = [UUID(self._dims[c].key) for c in coaches if c in self._dims]
        fresh = control_rows(u, self.scope.narrowed(ids), self.filter, self._as_of)
        self._rows = [r for r in self._rows if r["coach_id"] not in coaches] + fresh
        self.value = grid_of(self.filter, self._dims, self._names, self._rows, self._made, as_of=self._as_of,
                             mark=self._mark)


# How each part of the facts belongs to a coach. A new per-coach part of `Facts` (issue 15's measures, say)
# is added here, or `splice` refuses to run (so that a live view cannot silently keep stale figures).
_COACH_OF = {
    "activity_rows": lambda row: row["coach_id"],
    "pairs": lambda p: p.coach,
    "community": lambda pair: pair[0],
    "materials": lambda row: row[0],
}
_SHARED = frozenset({"year", "cutoff", "coaches", "protocols", "by_month"})  # the same for every coach


def splice(old: Facts, fresh: Facts, coaches: set) -> Facts:
    """`old` with the facts of `coaches` replaced by `fresh`'s (which were read for those coaches only)."""
    changes = {}
    for f in fields(old):
        name = f.name
        if name in _SHARED:
            continue
        if name == "coach_cum":
            cum = {c: v for c, v in old.coach_cum.items() if c not in coaches}
            cum.update(fresh.coach_cum)
            changes[name] = cum
        elif name in _COACH_OF:
            coach_of = _COACH_OF[name]
            changes[name] = [x for x in getattr(old, name) if coach_of(x) not in coaches] + list(getattr(fresh, name))
        else:
            raise TypeError(f"Facts.{name}: say how it belongs to a coach (services/live_figures.py)")
    return replace(old, **changes)


class LiveFigures:
    """The open live views of this program, updated from every committed write (`Context.on_commit`).

    Every screen follows a view the same way: `view = sigma.live.report(f)` (or `.control(f)`, and the
    Inicio's `.manager_dashboard(…)`, `.coach_dashboard(…)` that services/live_dashboards.LiveScreens adds),
    `view.subscribe(callback)`, and `sigma.live.close(view)` when the screen goes away."""

    def __init__(self, ctx: Context):
        self._ctx = ctx
        self._views: weakref.WeakSet[LiveView] = weakref.WeakSet()  # a view nobody holds any more is gone
        self._lock = threading.Lock()
        self.last_seconds: float | None = None  # the last change set: commit → every view updated
        self.last_cpu: float | None = None  # the same in CPU time of the writing thread (steadier when shared)
        ctx.on_commit(self.apply)

    def report(self, f: ReportFilter, **options) -> LiveReport:
        return self._open(LiveReport(self._ctx, f, **options))

    def control(self, f: ReportFilter) -> LiveControl:
        return self._open(LiveControl(self._ctx, f))

    def _open(self, view: LiveView) -> LiveView:
        """Follows the view first, then reads it (holding its lock): a write that commits meanwhile waits for
        the read and is then applied to it, so none falls between reading and following."""
        with view._lock:  # noqa: SLF001
            with self._lock:
                self._views.add(view)
            try:
                view._load()  # noqa: SLF001
            except BaseException:
                self.close(view)
                raise
        return view

    def close(self, view: LiveView | None) -> None:
        if view is None:  # (a screen that had not opened one yet)
            return
        with self._lock:
            self._views.discard(view)

    @property
    def views(self) -> list[LiveView]:
        with self._lock:
            return list(self._views)

    def apply(self, changes: ChangeSet) -> list[Update]:
        """Updates every open view a committed change set touches. A view that fails is read again whole on
        the next change (the write itself has already committed: it never fails because of a view)."""
        views = self.views
        if not views or not changes:
            return []
        start, start_cpu = time.perf_counter(), time.thread_time()
        with ExitStack() as stack:
            unit: list = []
            teachers: list[set] = []

            def reader():
                if not unit:
                    unit.append(stack.enter_context(self._ctx.system_read()))
                return unit[0]

            def teachers_of() -> set:
                if not teachers:
                    teachers.append(q.teachers_of(reader(), changes.of(Entity.ACTIVITY), changes.of(Entity.EXECUTION)))
                return teachers[0]

            done = []
            for view in views:
                try:
                    update = view.apply(changes, teachers_of, reader)
                except Exception:  # noqa: BLE001 - a view must never undo or fail a committed write
                    log.exception("live view %s could not follow %s", view.filter, changes.describe())
                    try:
                        view.apply(ChangeSet.of_kinds(Entity.COACH), teachers_of, reader)
                    except Exception:  # noqa: BLE001
                        log.exception("live view %s could not be read again", view.filter)
                    continue
                if update is not None:
                    done.append(update)
        self.last_seconds = time.perf_counter() - start
        self.last_cpu = time.thread_time() - start_cpu
        return done

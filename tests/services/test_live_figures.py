"""Live figures (services/live_figures.py): after every write, each open view equals a fresh computation.

The random sequences are the rule book's (tests/services/test_rule_book_writers.py): every command goes
through the services on one database and as a one-row spreadsheet import on its twin, and the office's
commands (validate, observe, delete, restore, withdraw, close a month, assignments) through the services on
both. Live views are open on both sides: the nation by month with every level, a UGEL's year, the other
UGEL's month, the control grid of a UGEL's month and of the year, the Inicio of a Gestor Local (its month
in course) and of the nation, and the Inicio of two APs. After each command every view must equal what
`IndicatorService.compute` / `ControlService.grid` / `DashboardService` give for its filter, from scratch.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigma_desktop.domain.changes import ChangeSet, Entity
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.services import Sigma
from sigma_desktop.services.live_dashboards import LiveCoachDashboard, LiveManagerDashboard
from sigma_desktop.services.live_figures import LiveControl, LiveReport, splice
from tests.conftest import prepared_url
from tests.services.test_rule_book_writers import _SETTINGS, STEPS, Run, Side, _build
from tests.world import COACH_EIB, COACH_EIB2, COACH_MG, COACH_OTHER, GESTOR, PASSWORD, RATINGS_2018, RCI, YEAR

GRAU, ABANCAY = "030007", "030001"


IN_COURSE = date(YEAR, 4, 15)  # the dashboards' «today»: April is the month in course (planned to date)


def _open(sigma: Sigma) -> list:
    """The views a Gestor Regional and a Gestor Local would have open, opened as the system, and the Inicio of
    two APs (one of them EIB, whose teacher has a second coach), opened by each AP."""
    sigma.sign_in_as_system()
    live = sigma.live
    views = [live.report(ReportFilter(YEAR, 4)),
             live.report(ReportFilter(YEAR, ugel_code=GRAU)),
             live.report(ReportFilter(YEAR, 5, ugel_code=ABANCAY), include_performance=False),
             live.control(ReportFilter(YEAR, 4, ugel_code=GRAU)),
             live.control(ReportFilter(YEAR)),
             live.manager_dashboard(YEAR, 4, ugel_code=GRAU, today=IN_COURSE),
             live.manager_dashboard(YEAR, 5, kind="gia", today=IN_COURSE)]
    for dni in (COACH_MG, COACH_EIB):
        sigma.auth.sign_in(dni, PASSWORD)
        views.append(live.coach_dashboard(YEAR, 4, today=IN_COURSE))
    sigma.sign_in_as_system()
    return views


def _fresh(side: Side, view):
    sigma = side.sigma
    if isinstance(view, LiveReport):
        return sigma.indicators.compute(view.filter, **view._options)
    if isinstance(view, LiveManagerDashboard):
        f = view.filter
        return sigma.dashboard.manager(f.year, f.month, ugel_code=f.ugel_code, dre_code=f.dre_code, kind=view.kind,
                                       today=view.today)
    if isinstance(view, LiveCoachDashboard):
        side.act_as(view._actor.dni)
        return sigma.dashboard.coach(view.filter.year, view.filter.month, today=view.today)
    return sigma.control.grid(view.filter)


def _same(view, fresh) -> None:
    got = view.value
    if isinstance(view, LiveControl):
        assert (got.rows, got.totals) == (fresh.rows, fresh.totals), view.filter
        return
    if isinstance(view, (LiveManagerDashboard, LiveCoachDashboard)):
        assert got == fresh, view.filter
        return
    assert (got.cutoff, got.absent, got.groups) == (fresh.cutoff, fresh.absent, fresh.groups), view.filter
    mismatched = [(a, b) for a, b in zip(got.values, fresh.values) if a != b]
    assert not mismatched and len(got.values) == len(fresh.values), (view.filter, mismatched[:5])


def _check(side: Side, views: list) -> None:
    for view in views:
        side.act_as(None)  # the figures were opened by the system: compare with what the system sees
        _same(view, _fresh(side, view))


def _run(request, tmp_path, engine: str, data) -> None:
    a_url, world = prepared_url(request, tmp_path, engine, "rule-book-world", _build)
    b_url, _ = prepared_url(request, tmp_path, engine, "rule-book-world", _build)
    a, b = Side(Sigma.open(a_url)), Side(Sigma.open(b_url))
    try:
        views = _open(a.sigma), _open(b.sigma)
        run = Run(a, b, world, tmp_path)
        names = [n for n, weight in STEPS.items() for _ in range(weight)]
        for _ in range(data.draw(st.integers(12, 24), "steps")):
            getattr(run, data.draw(st.sampled_from(names), "command"))(data)
            _check(a, views[0])
            _check(b, views[1])
    finally:
        a.sigma.close()
        b.sigma.close()


@settings(max_examples=5, **_SETTINGS)
@given(data=st.data())
def test_live_figures_equal_a_full_computation_after_random_writes_on_sqlite(request, tmp_path, data):
    _run(request, tmp_path, "sqlite", data)


@pytest.mark.postgres
@settings(max_examples=2, **_SETTINGS)
@given(data=st.data())
def test_live_figures_equal_a_full_computation_after_random_writes_on_postgresql(request, tmp_path, data):
    _run(request, tmp_path, "postgresql", data)


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_each_kind_of_write_rereads_only_the_coaches_it_touched(request, tmp_path, engine):
    """Register, validate, delete, restore: the UGEL's view re-reads one coach (two when the teacher has a
    second coach, whose figures the diagnóstica also changes); a write in the other UGEL leaves it alone; a
    teacher's new school reads it again whole. Each time it equals a fresh computation."""
    url, world = prepared_url(request, tmp_path, engine, "rule-book-world", _build)
    side = Side(Sigma.open(url))
    try:
        s = side.sigma
        s.sign_in_as_system()  # the views are opened as the system (see _open)
        (report,) = views = [s.live.report(ReportFilter(YEAR, 4, ugel_code=GRAU))]
        grid = s.live.control(ReportFilter(YEAR, 4, ugel_code=GRAU))
        views.append(grid)
        seen = []
        report.subscribe(seen.append)

        def step(dni, call, coaches):
            side.act_as(dni)
            call(s)
            assert report.last_update is not None and report.last_update.coaches == coaches
            _check(side, views)

        side.act_as(COACH_MG)
        plan = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
        assert report.last_update.coaches == 1
        _check(side, views)
        done = {}
        step(COACH_MG, lambda s: done.update(v=s.registration.register_visit(plan.id, date(YEAR, 4, 5),
                                                                             RATINGS_2018)), 1)
        step(GESTOR, lambda s: s.validation.validate([done["v"].execution_id]), 1)
        step(RCI, lambda s: s.trash.delete_execution(done["v"].execution_id, "Registro duplicado"), 1)
        step(RCI, lambda s: s.trash.restore_execution(done["v"].execution_id), 1)
        # the EIB teacher shared by two coaches: the first coach's diagnóstica changes the second's figures
        side.act_as(COACH_EIB)
        diag = s.planning.plan_visit(world.coaches[COACH_EIB], world.teachers["40000004"], YEAR, 4,
                                     visit_type="diagnostica")
        step(COACH_EIB, lambda s: s.registration.register_visit(diag.id, date(YEAR, 4, 6), RATINGS_2018), 2)
        before = report.last_update
        side.act_as(COACH_OTHER)  # the other UGEL's coach: nothing of this view
        other = s.planning.plan_visit(world.coaches[COACH_OTHER], world.teachers["40000009"], YEAR, 4)
        assert report.last_update is before and other.id
        side.act_as(None)
        s.live.apply(ChangeSet.of_kinds(Entity.TEACHER))
        assert report.last_update.coaches is None
        _check(side, views)
        assert seen and all(v is report for v in seen)
        s.live.close(report)
        side.act_as(COACH_EIB2)
        s.planning.plan_visit(world.coaches[COACH_EIB2], world.teachers["40000004"], YEAR, 4)
        assert report.last_update.coaches is None  # closed: no longer followed
    finally:
        side.sigma.close()


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_paused_view_only_notes_writes_and_catches_up_when_resumed(request, tmp_path, engine):
    """A hidden screen's view does no work on a write; shown again, it re-reads only the coaches the writes
    noted meanwhile (the whole view after a teacher's change) and equals a fresh computation."""
    url, world = prepared_url(request, tmp_path, engine, "rule-book-world", _build)
    side = Side(Sigma.open(url))
    try:
        s = side.sigma
        s.sign_in_as_system()
        views = [s.live.report(ReportFilter(YEAR, 4, ugel_code=GRAU)),
                 s.live.manager_dashboard(YEAR, 4, ugel_code=GRAU, today=IN_COURSE)]
        told = []
        for view in views:
            view.subscribe(told.append)
            view.pause()
            assert not view.stale and view.resume() is None  # nothing noted: nothing read
            view.pause()
        side.act_as(COACH_MG)
        plan = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
        s.registration.register_visit(plan.id, date(YEAR, 4, 5), RATINGS_2018)
        assert all(v.stale and v.last_update is None for v in views) and not told
        side.act_as(None)
        assert [v.resume().coaches for v in views] == [1, 1] and told == views
        _check(side, views)
        views[0].pause()
        s.live.apply(ChangeSet.of_kinds(Entity.TEACHER))
        assert views[0].stale and views[0].resume().coaches is None  # read again whole
        _check(side, views)
    finally:
        side.sigma.close()


def test_splice_refuses_facts_it_does_not_know_how_to_split():
    """A new per-coach part of the facts must say how it belongs to a coach, or live views would keep it stale."""
    import dataclasses

    from sigma_desktop.domain.measures import Facts

    @dataclasses.dataclass
    class MoreFacts(Facts):
        planned_to_date: list = dataclasses.field(default_factory=list)

    old = MoreFacts(YEAR, 4, {}, [], [], [], [], {})
    with pytest.raises(TypeError, match="planned_to_date"):
        splice(old, old, set())


def test_a_view_nobody_holds_is_dropped(sqlite_sigma):
    import gc

    sqlite_sigma.live.report(ReportFilter(2017, 4))
    gc.collect()
    assert sqlite_sigma.live.views == []

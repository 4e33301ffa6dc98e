"""A sync batch applied moves the open figures, on both sides (issue 19): the hub's live views follow what a
replica pushed, the replica's follow what it pulled, each re-reading only the coach the batch touched and equal
to a fresh computation (PostgreSQL hub, SQLite replica)."""
from __future__ import annotations

from datetime import date

import pytest

from sigma_desktop.domain.reporting import ReportFilter
from tests.sync.conftest import sign_in
from tests.world import COACH_MG, GESTOR, RATINGS_2018, YEAR

pytestmark = pytest.mark.postgres

GRAU = "030007"


def _views(sigma):
    sigma.sign_in_as_system()
    f = ReportFilter(YEAR, 4, ugel_code=GRAU)
    return [sigma.live.report(f), sigma.live.control(f),
            sigma.live.manager_dashboard(YEAR, 4, ugel_code=GRAU, today=date(YEAR, 4, 30))]


def _check(sigma, views) -> None:
    sigma.sign_in_as_system()
    report, grid, inicio = views
    assert report.value.values == sigma.indicators.compute(report.filter).values
    assert grid.value.totals == sigma.control.grid(grid.filter).totals
    assert inicio.value == sigma.dashboard.manager(YEAR, 4, ugel_code=GRAU, today=inicio.today)


def test_a_push_moves_the_hubs_figures_and_a_pull_the_replicas(net):
    replica, hub, w = net.add_replica("grau"), net.hub, net.world
    on_hub, on_replica = _views(hub), _views(replica)
    sign_in(replica, COACH_MG)
    plan = replica.planning.plan_visit(w.coaches[COACH_MG], w.teachers["40000001"], YEAR, 4)
    done = replica.registration.register_visit(plan.id, date(YEAR, 4, 9), RATINGS_2018)
    executed = on_hub[1].value.totals[("total", "total")].get("visita.executed", 0)
    assert net.sync("grau").outcomes == {"aplicado": 2}
    assert [v.last_update.coaches for v in on_hub] == [1, 1, 1]
    assert on_hub[1].value.totals[("total", "total")]["visita.executed"] == executed + 1
    _check(hub, on_hub)
    sign_in(hub, GESTOR)
    hub.validation.validate([done.execution_id])
    seen = [v.last_update for v in on_replica]
    assert net.sync("grau").pulled_entries == 1
    assert [v.last_update.coaches for v in on_replica] == [1, 1, 1]
    assert all(v.last_update is not s for v, s in zip(on_replica, seen))
    assert on_replica[1].value.totals[("total", "total")]["visita.validated"] >= 1
    _check(replica, on_replica)

"""The Inicio dashboards kept live (services/live_dashboards.py). Their equality with a fresh computation after
random writes is checked with the other live views (tests/services/test_live_figures.py); here: the AP's Inicio
is read again only for that AP's writes, as that AP whoever wrote, and the Gestor Local's re-reads one coach."""
from __future__ import annotations

from datetime import date

import pytest

from sigma_desktop.services import Sigma
from sigma_desktop.services.live_dashboards import LiveCoachDashboard
from tests.conftest import prepared_url
from tests.services.test_rule_book_writers import Side, _build
from tests.world import COACH_EIB, COACH_MG, GESTOR, PASSWORD, RATINGS_2018, YEAR

TODAY = date(YEAR, 4, 15)


def test_the_ap_inicio_follows_only_that_aps_writes_and_reads_as_that_ap(request, tmp_path):
    url, world = prepared_url(request, tmp_path, "sqlite", "rule-book-world", _build)
    side = Side(Sigma.open(url))
    try:
        s = side.sigma
        s.auth.sign_in(COACH_MG, PASSWORD)
        mine = s.live.coach_dashboard(YEAR, 4, today=TODAY)
        assert isinstance(mine, LiveCoachDashboard) and mine.dashboard.coach_id == world.coaches[COACH_MG]
        planned = sum(k.planned for k in mine.dashboard.kinds)
        side.act_as(GESTOR)
        manager = s.live.manager_dashboard(YEAR, 4, ugel_code="030007", today=TODAY)  # the Gestor Local's
        side.act_as(COACH_EIB)  # another AP of the same UGEL: not this Inicio
        s.planning.plan_visit(world.coaches[COACH_EIB], world.teachers["40000005"], YEAR, 4)
        assert mine.last_update is None
        side.act_as(None)  # the system writes (a sync, say): the Inicio is read again as the AP who opened it
        plan = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
        assert mine.last_update.coaches == 1
        assert sum(k.planned for k in mine.dashboard.kinds) == planned + 1
        assert mine.dashboard.coach_id == world.coaches[COACH_MG]
        side.act_as(COACH_MG)
        s.registration.register_visit(plan.id, date(YEAR, 4, 5), RATINGS_2018)
        assert mine.dashboard == s.dashboard.coach(YEAR, 4, today=TODAY)
        assert manager.last_update.coaches == 1  # the Gestor Local's Inicio re-read that coach only
        side.act_as(GESTOR)
        assert manager.value == s.dashboard.manager(YEAR, 4, ugel_code="030007", today=TODAY)
    finally:
        side.sigma.close()


def test_a_live_inicio_refuses_bad_input_and_leaves_nothing_open(request, tmp_path):
    """The live Inicio checks what the Inicio checks (services/dashboard.manager_filter): an activity kind the
    Inicio does not show, a month out of range, an AP asking for a manager's Inicio and a Gestor Local asking for
    an AP's. A refused view is never followed."""
    from sigma_desktop.domain.errors import PermissionDenied, ValidationError

    url, _world = prepared_url(request, tmp_path, "sqlite", "rule-book-world", _build)
    side = Side(Sigma.open(url))
    try:
        s = side.sigma
        side.act_as(GESTOR)
        with pytest.raises(ValidationError, match="Tipo de actividad: «ruta»"):
            s.live.manager_dashboard(YEAR, 4, kind="ruta")
        with pytest.raises(ValidationError):
            s.live.manager_dashboard(YEAR, 13)
        with pytest.raises(PermissionDenied):
            s.live.coach_dashboard(YEAR, 4, today=TODAY)
        side.act_as(COACH_MG)
        with pytest.raises(PermissionDenied, match="supervisa"):
            s.live.manager_dashboard(YEAR, 4)
        assert s.live.views == []
    finally:
        side.sigma.close()

"""Every role against every action, through real service calls: allowed where PERMISSIONS says so,
refused (with nothing written) everywhere else. PERMISSIONS is also the source of docs/security.md.

Each action has a probe: `setup` prepares what the call needs (as the system or the role that makes
it), `act` is the call that the action's permission guards. Data lies in UGEL Grau, inside the scope
of every test user, so that a refusal can only come from the role.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest

from sigma_desktop.domain.enums import Role
from sigma_desktop.domain.errors import PermissionDenied
from sigma_desktop.domain.permissions import PERMISSIONS, Action

from tests.world import (ADMIN, COACH_MG, COACH_MG2, GESTOR, GESTOR_OTHER, PASSWORD, RATINGS_2018, RCI, REGIONAL,
                         YEAR, World)

COORDINATOR = "46000001"


def _build(sigma):
    """The test world plus a Coordinador de Calidad, its users hashed with cheap argon2 parameters:
    every test signs in for real, in milliseconds instead of 0.75 s (the production parameters are
    checked by tests/services/test_auth_users.py and listed in docs/security.md)."""
    from argon2 import PasswordHasher

    from sigma_desktop.services import auth
    from tests.world import build

    saved = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        world = build(sigma)
        sigma.users.add(COORDINATOR, "Coordinadora de Calidad", Role.QUALITY_COORDINATOR.value, PASSWORD,
                        ugel_code="030007")
    finally:
        auth._hasher = saved
    return world


@pytest.fixture
def sqlite_world(request, tmp_path):
    """Shadows the shared fixture: the same world, cheaper sign-ins (see `_build`)."""
    import dataclasses

    from sigma_desktop.services import Sigma
    from tests.conftest import prepared_url

    url, template = prepared_url(request, tmp_path, "sqlite", "permission-matrix", _build)
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    yield dataclasses.replace(template, sigma=sigma)
    sigma.close()


ROLE_USERS = {Role.COACH: COACH_MG, Role.LOCAL_MANAGER: GESTOR, Role.REGIONAL_MANAGER: REGIONAL,
              Role.DATA_QUALITY: RCI, Role.QUALITY_COORDINATOR: COORDINATOR, Role.ADMIN: ADMIN}


@dataclass(frozen=True)
class Probe:
    act: Callable[[World, Any, Path], Any]
    setup: Callable[[World, Path], Any] = lambda w, tmp: None


def _planned_visit(w: World, tmp: Path):
    w.sigma.sign_in_as_system()
    return w.sigma.planning.plan_visit(w.coaches[COACH_MG], w.teachers["40000001"], YEAR, 4)


def _executed_visit(w: World, tmp: Path):
    v = _planned_visit(w, tmp)
    return w.sigma.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)


def _deleted_execution(w: World, tmp: Path):
    done = _executed_visit(w, tmp)
    w.sign_in(RCI)
    w.sigma.trash.delete_execution(done.execution_id, "registro duplicado")
    w.sigma.sign_in_as_system()
    return done


def _assignment(w: World, tmp: Path):
    return w.sigma.assignments.for_teacher(w.teachers["40000001"], YEAR)[0]


def _backup(w: World, tmp: Path):
    return w.sigma.backup.create()


def _activities_sheet(w: World, tmp: Path):
    """A sheet that plans one visit of COACH_MG (the format of tests/services/test_imports.py)."""
    from tests.importing.helpers import xlsx
    from tests.services.test_imports import ACT, _act

    return xlsx(tmp / "actividades.xlsx", ACT, [_act(COACH_MG, "visita", 4, "40000001")])


PROBES: dict[Action, Probe] = {
    Action.READ: Probe(lambda w, _, tmp: w.sigma.browse.count("teachers")),
    Action.READ_HISTORY: Probe(lambda w, _, tmp: w.sigma.history.of_record(w.teachers["40000001"])),
    Action.PLAN: Probe(lambda w, _, tmp: w.sigma.planning.plan_visit(
        w.coaches[COACH_MG], w.teachers["40000001"], YEAR, 4)),
    Action.REGISTER: Probe(lambda w, v, tmp: w.sigma.registration.register_visit(
        v.id, date(YEAR, 4, 10), RATINGS_2018), _planned_visit),
    Action.MARK_NO_PLAN: Probe(lambda w, a, tmp: w.sigma.assignments.set_no_plan(
        a.id, True, "Docente con licencia todo el año"), _assignment),
    Action.VALIDATE: Probe(lambda w, v, tmp: w.sigma.validation.validate([v.execution_id]), _executed_visit),
    Action.CLOSE_MONTH: Probe(lambda w, _, tmp: w.sigma.closing.close("030007", YEAR, 4, confirmed=True)),
    Action.DELETE_EXECUTION: Probe(lambda w, v, tmp: w.sigma.trash.delete_execution(
        v.execution_id, "registro duplicado"), _executed_visit),
    Action.RESTORE_EXECUTION: Probe(lambda w, v, tmp: w.sigma.trash.restore_execution(v.execution_id),
                                    _deleted_execution),
    Action.ASSIGN: Probe(lambda w, _, tmp: w.sigma.assignments.assign("40000006", COACH_MG2, YEAR)),
    Action.MANAGE_MASTER_DATA: Probe(lambda w, _, tmp: w.sigma.masters.add_teacher(
        "40000077", "Nueva", "Docente", None, "0512345")),
    Action.MANAGE_USERS: Probe(lambda w, _, tmp: w.sigma.users.add(
        "41000077", "Nuevo Gestor", "gestor_local", PASSWORD, ugel_code="030007")),
    Action.MANAGE_CATALOGUES: Probe(lambda w, _, tmp: w.sigma.setup.ensure_protocols(YEAR + 5)),
    Action.EXPORT_AUDIT: Probe(lambda w, _, tmp: w.sigma.audit.export(tmp / "bitacora.csv")),
    Action.BACKUP: Probe(lambda w, _, tmp: w.sigma.backup.create()),
    Action.RESTORE_BACKUP: Probe(lambda w, b, tmp: w.sigma.backup.restore(b.path), _backup),
    Action.IMPORT_ACTIVITIES: Probe(lambda w, path, tmp: w.sigma.imports.run("actividades", path),
                                    _activities_sheet),
    Action.EDIT_SIGNATORIES: Probe(lambda w, _, tmp: w.sigma.signatories.set(
        "030007", reviewer_name="Rosa Quispe Mamani", director_name="Julián Ñahui Pérez")),
    Action.REVIEW_QUALITY: Probe(lambda w, _, tmp: w.sigma.quality.run(YEAR)),
}


def test_every_action_has_a_probe():
    """A new action in the table needs its probe here (and appears in docs/security.md)."""
    assert set(PROBES) == set(PERMISSIONS)


def _state(w: World) -> tuple[int, set[str]]:
    folder = w.sigma.backup.folder()
    return w.log_count(), {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(PERMISSIONS), ids=lambda a: a.value)
def test_role_against_action(sqlite_world, tmp_path, role, action):
    w = sqlite_world
    probe = PROBES[action]
    prepared = probe.setup(w, tmp_path)
    w.sign_in(ROLE_USERS[role])
    if role in PERMISSIONS[action]:
        probe.act(w, prepared, tmp_path)  # no PermissionDenied, and no other error either
    else:
        before = _state(w)
        with pytest.raises(PermissionDenied, match=r"^Su rol \(.+\) no permite: "):
            probe.act(w, prepared, tmp_path)
        assert _state(w) == before, "a refused call wrote something"
        assert not (tmp_path / "bitacora.csv").exists()


# --- scope: allowed roles still see and change only their part of the country -----------------------

@pytest.mark.parametrize("dni, expected", [(GESTOR, 6), (GESTOR_OTHER, 1), (RCI, 6), (REGIONAL, 7), (ADMIN, 7)])
def test_lists_are_limited_to_the_scope(sqlite_world, dni, expected):
    sqlite_world.sign_in(dni)
    assert sqlite_world.sigma.browse.count("teachers") == expected


def test_history_outside_the_scope_is_refused(sqlite_world):
    sqlite_world.sign_in(GESTOR)
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        sqlite_world.sigma.history.of_record(sqlite_world.teachers["40000009"])  # a teacher of Abancay
    sqlite_world.sign_in(REGIONAL)
    assert sqlite_world.sigma.history.of_record(sqlite_world.teachers["40000009"])


def test_writes_outside_the_scope_are_refused(sqlite_world):
    w = sqlite_world
    done = _executed_visit(w, Path("."))
    before = w.log_count()
    w.sign_in(GESTOR_OTHER)
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        w.sigma.validation.validate([done.execution_id])
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        w.sigma.closing.close("030007", YEAR, 4, confirmed=True)
    w.sign_in(COACH_MG2)  # same UGEL, but not the coach of the activity
    with pytest.raises(PermissionDenied):
        w.sigma.planning.plan_visit(w.coaches[COACH_MG], w.teachers["40000001"], YEAR, 5)
    assert w.log_count() == before


def test_validation_queue_shows_only_the_scope(sqlite_world):
    w = sqlite_world
    _executed_visit(w, Path("."))
    w.sign_in(GESTOR)
    assert len(w.sigma.validation.queue(YEAR)) == 1
    w.sign_in(GESTOR_OTHER)
    assert w.sigma.validation.queue(YEAR) == []

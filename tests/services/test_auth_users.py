"""Sign-in, lockout after repeated failures, password rules and user administration."""
from __future__ import annotations

import pytest

from sigma_desktop.domain.enums import Role, ScopeLevel
from sigma_desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError

from sigma_desktop.domain.reporting import ReportFilter
from tests.world import ADMIN, COACH_MG, GESTOR, PASSWORD, REGIONAL, YEAR


def test_sign_in_gives_role_and_scope(world):
    actor = world.sigma.auth.sign_in(GESTOR, PASSWORD)
    assert (actor.role, actor.scope, actor.dni) == (Role.LOCAL_MANAGER, ScopeLevel.UGEL, GESTOR)
    assert actor.ugel_id is not None and actor.dre_id is not None
    regional = world.sigma.auth.sign_in(REGIONAL, PASSWORD)
    assert (regional.scope, regional.ugel_id) == (ScopeLevel.DRE, None)
    coach = world.sigma.auth.sign_in(COACH_MG, PASSWORD)
    assert coach.coach_id == world.coaches[COACH_MG]


@pytest.mark.parametrize("dni, password", [(GESTOR, "otra-clave-1"), ("99999999", PASSWORD), ("abc", PASSWORD)])
def test_wrong_credentials_same_message(world, dni, password):
    world.sigma.auth.sign_out()
    with pytest.raises(AuthenticationError, match="^DNI o contraseña incorrectos.$"):
        world.sigma.auth.sign_in(dni, password)
    assert world.sigma.actor is None


def test_five_failures_make_that_dni_wait_on_this_pc_until_reset(world):
    for _ in range(5):
        with pytest.raises(AuthenticationError, match="incorrectos"):
            world.sigma.auth.sign_in(GESTOR, "mala-clave-9")
    with pytest.raises(AuthenticationError, match="Demasiados intentos fallidos en esta computadora"):
        world.sigma.auth.sign_in(GESTOR, PASSWORD)
    world.sigma.auth.sign_in(ADMIN, PASSWORD)
    assert [u.locked for u in world.sigma.users.list() if u.dni == GESTOR] == [True]
    world.sigma.users.reset_password(GESTOR, "nueva-clave-2")
    assert world.sigma.auth.sign_in(GESTOR, "nueva-clave-2").dni == GESTOR


def test_password_rules(world):
    world.sigma.auth.sign_in(ADMIN, PASSWORD)
    for bad in ("corta1", "solamenteletras", "1234567890"):
        with pytest.raises(ValidationError, match="Contraseña"):
            world.sigma.users.add("48000001", "Nuevo Usuario", "rci", bad, ugel_code="030007")
    assert "48000001" not in {u.dni for u in world.sigma.users.list()}


def test_change_own_password(world):
    world.sigma.auth.sign_in(GESTOR, PASSWORD)
    with pytest.raises(ValidationError, match="Contraseña actual"):
        world.sigma.auth.change_password("no-es-la-1", "nueva-clave-3")
    world.sigma.auth.change_password(PASSWORD, "nueva-clave-3")
    world.sigma.auth.sign_out()
    assert world.sigma.auth.sign_in(GESTOR, "nueva-clave-3").dni == GESTOR


def test_only_admin_manages_users(world):
    world.sigma.auth.sign_in(GESTOR, PASSWORD)
    with pytest.raises(PermissionDenied):
        world.sigma.users.add("48000002", "Otro Usuario", "rci", "clave-segura-1", ugel_code="030007")
    with pytest.raises(PermissionDenied):
        world.sigma.users.list()


def test_user_validation_messages(world):
    world.sigma.auth.sign_in(ADMIN, PASSWORD)
    with pytest.raises(ValidationError, match="ya existe un usuario con el DNI"):
        world.sigma.users.add(GESTOR, "Duplicado", "rci", "clave-segura-1", ugel_code="030007")
    with pytest.raises(ValidationError, match="Rol: «jefe» no es válido"):
        world.sigma.users.add("48000003", "Alguien Más", "jefe", "clave-segura-1")
    with pytest.raises(ValidationError, match="Código de UGEL: 030099 no existe"):
        world.sigma.users.add("48000003", "Alguien Más", "rci", "clave-segura-1", ugel_code="030099")
    with pytest.raises(ValidationError, match="no está registrado como acompañante"):
        world.sigma.users.add("48000003", "Alguien Más", "ap", "clave-segura-1", ugel_code="030007")


def test_deactivated_user_cannot_sign_in(world):
    world.sigma.users.set_active(GESTOR, False)
    with pytest.raises(AuthenticationError):
        world.sigma.auth.sign_in(GESTOR, PASSWORD)


def test_nobody_signed_in_cannot_validate(world):
    world.sigma.auth.sign_out()
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        world.sigma.validation.validate([])


# No service acts as the system by default: with nobody signed in, reads and writes alike are refused (the
# command line signs in as the system explicitly; the window never does, its user signs in).
WITHOUT_PRINCIPAL = {
    "planning.plan_visit": lambda w: w.sigma.planning.plan_visit(w.coaches[COACH_MG], w.teachers["40000001"], YEAR, 4),
    "planning.list_for_coach": lambda w: w.sigma.planning.list_for_coach(w.coaches[COACH_MG], YEAR),
    "control.grid": lambda w: w.sigma.control.grid(ReportFilter(YEAR)),
    "indicators.compute": lambda w: w.sigma.indicators.compute(ReportFilter(YEAR)),
    "exports.filter_options": lambda w: w.sigma.exports.filter_options(),
    "users.list": lambda w: w.sigma.users.list(),
    "users.add": lambda w: w.sigma.users.add("48000009", "Nueva Persona", "rci", "clave-nueva-9", ugel_code="030007"),
    "masters.add_teacher": lambda w: w.sigma.masters.add_teacher("48000010", "Ana", "Ríos", "Ríos", "0000001"),
    "browse.coach_assignments": lambda w: w.sigma.browse.coach_assignments(w.coaches[COACH_MG], YEAR),
    "validation.queue": lambda w: w.sigma.validation.queue(YEAR),
    "signatories.get": lambda w: w.sigma.signatories.get("030007"),
    "backup.list": lambda w: w.sigma.backup.list(),
    "sync.conflicts": lambda w: w.sigma.sync.conflicts(),
    "imports.kinds": lambda w: w.sigma.imports.kinds(),
}


@pytest.mark.parametrize("name", sorted(WITHOUT_PRINCIPAL))
def test_a_service_call_without_a_principal_is_refused(world, name):
    world.sigma.auth.sign_out()
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        WITHOUT_PRINCIPAL[name](world)


def test_the_system_principal_is_explicit(world):
    """The system acts only once signed in as it (what the command line does), and signing out ends it."""
    world.sigma.auth.sign_out()
    assert world.sigma.actor is None
    world.sigma.sign_in_as_system()
    assert world.sigma.actor.is_system and world.sigma.users.list()
    world.sigma.auth.sign_out()
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        world.sigma.users.list()


def test_the_first_administrator_only_while_there_is_no_account(world, sigma):
    sigma.auth.sign_out()
    row = sigma.users.add_first_admin("48000011", "Primera Administradora", "clave-primera-1")
    assert row.role == Role.ADMIN
    with pytest.raises(PermissionDenied, match="Ya hay usuarios"):
        sigma.users.add_first_admin("48000012", "Segunda Persona", "clave-segunda-2")
    world.sigma.auth.sign_out()
    with pytest.raises(PermissionDenied, match="Ya hay usuarios"):
        world.sigma.users.add_first_admin("48000013", "Otra Persona", "clave-otra-3")


def test_admin_cannot_deactivate_own_account(world):
    world.sigma.auth.sign_in(ADMIN, PASSWORD)
    before = world.log_count()
    with pytest.raises(ValidationError, match="propia cuenta"):
        world.sigma.users.set_active(ADMIN, False)
    assert world.log_count() == before


def test_recovering_a_sound_database_without_signing_in_is_refused(sqlite_world):
    """The window restores a damaged database before anyone can sign in (ui/recovery.py); a sound one is
    restored only by a signed-in administrator."""
    s = sqlite_world.sigma
    good = s.backup.create()  # as the system, like `sigma backup`
    s.auth.sign_out()
    with pytest.raises(PermissionDenied, match="no está dañada"):
        s.backup.recover_damaged(good.path)
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        s.backup.restore(good.path)

"""Sign-in, lockout after repeated failures, password rules and user administration."""
from __future__ import annotations

import pytest

from sigma_desktop.domain.enums import Role, ScopeLevel
from sigma_desktop.domain.errors import AuthenticationError, PermissionDenied, ValidationError

from tests.world import ADMIN, COACH_MG, GESTOR, PASSWORD, REGIONAL


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
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        world.sigma.validation.validate([])


def test_admin_cannot_deactivate_own_account(world):
    world.sigma.auth.sign_in(ADMIN, PASSWORD)
    before = world.log_count()
    with pytest.raises(ValidationError, match="propia cuenta"):
        world.sigma.users.set_active(ADMIN, False)
    assert world.log_count() == before

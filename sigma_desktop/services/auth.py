"""Sign-in and passwords (argon2). Accounts lock for a while after repeated failures."""
from __future__ import annotations

from datetime import timedelta

from ..domain import codes
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import AuthenticationError, ValidationError
from ..domain.permissions import Actor
from ..storage import models as m
from .context import Context

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8

_hasher = None


def hasher():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def hash_password(password: str) -> str:
    check_password_strength(password)
    return hasher().hash(password)


def check_password_strength(password: str, field: str = "contrasena") -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Contraseña: debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.", field)
    if password.isdigit() or password.isalpha():
        raise ValidationError("Contraseña: combine letras y números.", field)


def actor_from_account(u, acc: m.UserAccount) -> Actor:
    dre_id = acc.dre_id
    if acc.ugel_id is not None and dre_id is None:
        ids = u.ugel_dre_ids(acc.ugel_id)
        dre_id = ids[1] if ids else None
    return Actor(user_id=acc.id, dni=acc.dni, name=acc.name, role=Role(acc.role),
                 scope=ScopeLevel(acc.scope), ugel_id=acc.ugel_id, dre_id=dre_id, coach_id=acc.coach_id)


class AuthService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def sign_in(self, dni: str, password: str) -> Actor:
        """Checks the credentials and makes the user the actor of every following service call."""
        from argon2.exceptions import VerificationError, InvalidHashError

        bad = AuthenticationError("DNI o contraseña incorrectos.")
        try:
            dni = codes.dni(dni)
        except ValidationError:
            raise bad from None
        with self._ctx.system_unit() as u:
            u.act_as(None, dni)  # the failed-attempt counter is the user's own change
            acc = u.find(m.UserAccount, dni=dni)
            if acc is None or not acc.active:
                raise bad
            now = u.now()
            if acc.locked_until is not None and acc.locked_until > now:
                minutes = max(1, int((acc.locked_until - now).total_seconds() // 60) + 1)
                raise AuthenticationError(
                    f"Cuenta bloqueada por intentos fallidos. Intente de nuevo en {minutes} minutos "
                    "o pida al administrador que restablezca su contraseña.")
            try:
                hasher().verify(acc.password_hash, password)
            except (VerificationError, InvalidHashError):
                acc.failed_attempts += 1
                if acc.failed_attempts >= MAX_FAILED_ATTEMPTS:
                    acc.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    acc.failed_attempts = 0
                u.flush()
                failed = bad
            else:
                failed = None
                if acc.failed_attempts or acc.locked_until:
                    acc.failed_attempts = 0
                    acc.locked_until = None
                actor = actor_from_account(u, acc)
        if failed is not None:
            raise failed  # raised after the commit so that the failed attempt is counted
        self._ctx.actor = actor
        return actor

    def sign_out(self) -> None:
        self._ctx.actor = None

    def change_password(self, old: str, new: str) -> None:
        from argon2.exceptions import VerificationError, InvalidHashError

        actor = self._ctx.current()
        with self._ctx.unit(write=True) as u:
            acc = u.get(m.UserAccount, actor.user_id)
            try:
                hasher().verify(acc.password_hash, old)
            except (VerificationError, InvalidHashError):
                raise ValidationError("Contraseña actual: no es correcta.", "contrasena_actual") from None
            acc.password_hash = hash_password(new)
            acc.must_change_password = False

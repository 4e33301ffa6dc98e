"""Sign-in and passwords (argon2), with a back-off after repeated failures (docs/security.md).

- Every attempt that is not waiting costs one argon2 verification: an unknown or deactivated DNI is
  checked against a dummy hash, so the answer takes the same time and says the same thing.
- Failures are counted per (PC, DNI) and per PC (storage/sign_in_store.py, domain/session_policy.py):
  after 5 failures of one DNI on one PC that DNI waits on that PC (1 minute, doubling to 15); after 20
  failures on one PC, whatever the DNIs, the PC waits. Someone guessing on one PC never locks the person
  out of the PC they work at; a correct password after the wait clears the counters.
- A temporary password (from `reset-password`, or a new account the administrator marked so) must be
  changed before anything else: the actor carries `must_change_password` and Context refuses every
  other unit of work.
- On a replica, accounts are the hub's: a password change is a request the hub applies, online.
"""
from __future__ import annotations

import re
import socket
from dataclasses import replace
from typing import Callable

from ..domain import codes
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import AuthenticationError, ValidationError
from ..domain.permissions import Actor
from ..domain.session_policy import (FAILURES_BEFORE_WAIT_PER_DNI, FAILURES_BEFORE_WAIT_PER_PC,
                                     sign_in_wait_seconds)
from ..storage import models as m
from ..storage import sign_in_store as throttle
from .context import Context
from .replica_guard import is_replica
from ..storage import record_queries as rec

MIN_PASSWORD_LENGTH = 8
WRONG = "DNI o contraseña incorrectos."

_hasher = None
_dummy_hash: str | None = None


def hasher():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def _dummy() -> str:
    """A hash of a random password with the same parameters: what an unknown DNI is checked against."""
    global _dummy_hash
    if _dummy_hash is None:
        import secrets

        _dummy_hash = hasher().hash(secrets.token_urlsafe(24))
    return _dummy_hash


def verify(password_hash: str | None, password: str) -> bool:
    """One argon2 verification, whatever the input (a missing or damaged hash costs the same)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        hasher().verify(password_hash or _dummy(), password or "")
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


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
        ids = rec.ugel_dre_ids(u, acc.ugel_id)
        dre_id = ids[1] if ids else None
    return Actor(user_id=acc.id, dni=acc.dni, name=acc.name, role=Role(acc.role),
                 scope=ScopeLevel(acc.scope), ugel_id=acc.ugel_id, dre_id=dre_id, coach_id=acc.coach_id,
                 must_change_password=bool(acc.must_change_password))


def this_pc() -> str:
    """The name of this computer, as the sign-in counters know it."""
    try:
        name = socket.gethostname()
    except OSError:
        name = ""
    return re.sub(r"[^A-Za-z0-9._-]", "", name)[:60] or "pc"


def throttle_keys(pc: str, dni: str | None) -> tuple[str, ...]:
    return (f"pc:{pc}",) if dni is None else (f"dni:{pc}:{dni}", f"pc:{pc}")


def _wait_message(minutes: int) -> str:
    return (f"Demasiados intentos fallidos en esta computadora. Espere {minutes} "
            f"{'minuto' if minutes == 1 else 'minutos'} antes de intentar de nuevo, o pida al administrador "
            "que restablezca su contraseña.")


class AuthService:
    def __init__(self, ctx: Context, pc: str | None = None,
                 hub_password: Callable[[str, str, str], None] | None = None):
        self._ctx = ctx
        self.pc = pc or this_pc()  # counters of failed sign-ins are this PC's
        # on a replica: asks the hub to change (dni, old, new) (SyncService.change_password_on_hub, wired by
        # the facade so that signing in does not depend on synchronisation)
        self._hub_password = hub_password

    def sign_in(self, dni: str, password: str) -> Actor:
        """Checks the credentials and makes the user the actor of every following service call.

        The read needs no write lock; only a failure (counted) or the first success after failures
        (counters cleared) writes, after the argon2 check, outside any transaction."""
        try:
            dni = codes.dni(dni)
        except ValidationError:
            dni = None
        keys = throttle_keys(self.pc, dni)
        with self._ctx.system_read() as u:
            now = u.now()
            until = throttle.blocked_until(u, keys, now)
            acc = u.find(m.UserAccount, dni=dni) if dni and until is None else None
            stored = acc.password_hash if acc is not None and acc.active else None
            actor = actor_from_account(u, acc) if stored else None
            counted = any(throttle.failures(u, keys).values()) if until is None else False
        if until is not None:
            minutes = max(1, int((until - now).total_seconds() + 59) // 60)
            raise AuthenticationError(_wait_message(minutes))
        if not verify(stored, password):
            self._count_failure(keys)
            raise AuthenticationError(WRONG)
        if counted:
            with self._ctx.system_unit() as u:
                throttle.clear(u, keys)
        self._ctx.actor = actor
        return actor

    def _count_failure(self, keys: tuple[str, ...]) -> None:
        with self._ctx.system_unit() as u:
            now = u.now()
            for key in keys:
                threshold = FAILURES_BEFORE_WAIT_PER_PC if key.startswith("pc:") else FAILURES_BEFORE_WAIT_PER_DNI
                throttle.count_failure(u, key, now, lambda n, t=threshold: sign_in_wait_seconds(n, t))

    def sign_out(self) -> None:
        self._ctx.actor = None

    def change_password(self, old: str, new: str) -> None:
        """The signed-in user's own password, knowing the current one (a temporary one included).

        On a replica the hub owns the accounts: the change is sent to it (online only) and comes back
        with the next synchronisation."""
        actor = self._ctx.current()
        if old == new:
            raise ValidationError("Contraseña nueva: debe ser distinta de la actual.", "contrasena")
        check_password_strength(new)
        with self._ctx.system_read() as u:  # whoever is signed in (a temporary password included)
            on_replica = is_replica(u)
        if on_replica:
            if self._hub_password is None:
                raise ValidationError("Contraseña: en una réplica se cambia en el servidor central.", "contrasena")
            self._hub_password(actor.dni, old, new)
        else:
            with self._ctx.unit(write=True, password_change=True) as u:
                acc = u.get(m.UserAccount, actor.user_id)
                if acc is None or not verify(acc.password_hash, old):
                    wrong = True
                else:
                    wrong = False
                    acc.password_hash = hash_password(new)
                    acc.must_change_password = False
            if wrong:
                self._count_failure(throttle_keys(self.pc, actor.dni))
                raise ValidationError("Contraseña actual: no es correcta.", "contrasena_actual")
        self._ctx.actor = replace(actor, must_change_password=False)

"""Counters of failed sign-ins (table `sign_in_throttle`): read, count a failure, clear after a success.

A failure is counted with one upsert per key, so that two PCs failing at once on a shared server both
count (a read-then-insert would lose one, or fail on the primary key).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Iterable

from sqlalchemy import select, update

from .models import SignInThrottle
from .unit import Unit, session_of


def blocked_until(unit: Unit, keys: Iterable[str], now: datetime) -> datetime | None:
    """The latest time any of `keys` is blocked until (None: none is blocked now)."""
    rows = unit.scalars(select(SignInThrottle.blocked_until).where(
        SignInThrottle.key.in_(list(keys)), SignInThrottle.blocked_until > now)).all()
    return max(rows) if rows else None


def failures(unit: Unit, keys: Iterable[str]) -> dict[str, int]:
    rows = unit.execute(select(SignInThrottle.key, SignInThrottle.failures).where(
        SignInThrottle.key.in_(list(keys))))
    return {k: int(n) for k, n in rows}


def count_failure(unit: Unit, key: str, now: datetime, wait_seconds: Callable[[int], int]) -> int:
    """One more failure for `key`; its block follows `wait_seconds(failures)`. Returns the failures."""
    session = session_of(unit)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(SignInThrottle).values(key=key, failures=1, last_failure_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={
        "failures": SignInThrottle.failures + 1, "last_failure_at": now})
    session.execute(stmt)
    count = int(session.scalar(select(SignInThrottle.failures).where(SignInThrottle.key == key)) or 1)
    wait = wait_seconds(count)
    session.execute(update(SignInThrottle).where(SignInThrottle.key == key).values(
        blocked_until=now + timedelta(seconds=wait) if wait else None))
    return count


def clear(unit: Unit, keys: Iterable[str]) -> None:
    unit.execute(update(SignInThrottle).where(SignInThrottle.key.in_(list(keys))).values(  # noqa: SLF001
        failures=0, blocked_until=None))


def clear_dni(unit: Unit, dni: str) -> None:
    """After the administrator resets a password: the DNI's counters on every PC start again."""
    unit.execute(update(SignInThrottle).where(SignInThrottle.key.like(f"dni:%:{dni}")).values(  # noqa: SLF001
        failures=0, blocked_until=None))


def blocked_dnis(unit: Unit, now: datetime) -> set[str]:
    """DNIs waiting on some PC now (the users list shows them as «en espera»)."""
    keys = unit.scalars(select(SignInThrottle.key).where(
        SignInThrottle.key.like("dni:%"), SignInThrottle.blocked_until > now)).all()
    return {k.rsplit(":", 1)[1] for k in keys}

"""A second read-only unit that sees exactly the committed data of a running read unit.

A national report is a handful of independent aggregate queries; SQLite and PostgreSQL run one query
on one core. With a twin, a service can run some of them on a second connection in another thread
(the SQLite driver lets go of the GIL while a statement runs) and use both cores of an office PC.

Both units must read the same state, or a report could mix a record's before and after. Every
committed write appends to the change log in its own transaction (storage/changelog.py, bulk.py), so
two transactions that see the same last change-log entry see the same data: the twin is handed out
only when its first read finds the same head as the unit's. Otherwise (a commit landed in between,
the unit has written, an in-memory database that a second connection cannot see) there is no twin
and the caller runs everything in its own unit, as before.

While a twin is out, both units on SQLite hand their aggregate rows over as one JSON value
(`indicator_queries._rows`): the driver takes the GIL back after every row it steps, and with the
other thread busy in Python each hand-over costs several microseconds; tens of thousands of rows took
longer in parallel than in turn.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .database import is_write_unit
from .models import ChangeLog
from .unit import Unit, session_of

_HEAD = select(func.max(ChangeLog.seq))
PACKED = "packed_rows"  # session.info flag read by indicator_queries._rows


def _can_share(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and bind.url.database in (None, "", ":memory:"):
        return False  # a second connection would open another, empty database
    return not is_write_unit() and not (session.new or session.dirty or session.deleted)


@contextmanager
def twin(u: Unit) -> Iterator[Unit | None]:
    """A read-only unit at the same committed state as `u`, or None when none can be promised.

    The twin may be used from one other thread while `u` goes on in this one; it is rolled back and
    closed on exit.
    """
    session = session_of(u)
    if not _can_share(session):
        yield None
        return
    head = session.scalar(_HEAD)  # also starts `u`'s read snapshot if nothing was read yet
    other = Session(bind=session.get_bind(), info={PACKED: True})
    try:
        same = other.scalar(_HEAD) == head
        if not same:
            yield None
            return
        session.info[PACKED] = True  # both threads step their statements once
        try:
            yield Unit(other)
        finally:
            session.info.pop(PACKED, None)
    finally:
        other.rollback()
        other.close()

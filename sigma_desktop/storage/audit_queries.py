"""Reading the change log in order for an export: keyset pages by `seq`, so memory stays flat."""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from sqlalchemy import select

from . import models as m
from .unit import Unit

COLUMNS = ("seq", "at", "user_dni", "node", "entity", "entity_id", "op", "base_version", "new_version",
           "change_id", "changes")


def change_log_pages(u: Unit, since: datetime | None = None, until: datetime | None = None,
                     page: int = 5000) -> Iterator[list[tuple]]:
    """Pages of change-log rows (in COLUMNS order) with since <= at < until, oldest first."""
    cols = [getattr(m.ChangeLog, c) for c in COLUMNS]
    last = 0
    while True:
        stmt = select(*cols).where(m.ChangeLog.seq > last)
        if since is not None:
            stmt = stmt.where(m.ChangeLog.at >= since)
        if until is not None:
            stmt = stmt.where(m.ChangeLog.at < until)
        rows = [tuple(r) for r in u.execute(stmt.order_by(m.ChangeLog.seq).limit(page))]
        if not rows:
            return
        yield rows
        last = rows[-1][0]

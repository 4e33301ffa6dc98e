"""Bulk inserts (demo data, imports): Core executemany in chunks, with the same change-log entries as the ORM.

The ORM's add_all is an order of magnitude slower and holds every object in memory; these paths build
plain dicts, fill the sync columns and write one `insert` entry per row, so the change log stays complete.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence
from uuid import UUID

from sqlalchemy import insert, inspect

from .changelog import dumps, json_value
from .ids import new_id, utcnow
from .models import BOOKKEEPING, ChangeLog, SyncRow, derive
from .unit import Unit

CHUNK = 5000


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def insert_reference(unit: Unit, model: type, rows: Sequence[dict]) -> int:
    """Reference tables shipped with the app (ubigeo): not synced, not logged."""
    session = unit._s  # noqa: SLF001 - storage-internal
    for chunk in _chunks(rows, CHUNK):
        session.execute(insert(model), chunk)
    return len(rows)


def insert_sync_rows(unit: Unit, model: type[SyncRow], rows: Iterable[dict], *, log: bool = True) -> int:
    """Insert user-data rows with their sync columns and one change-log entry each.

    Each row must carry its own `id` when the caller needs it (children refer to it); one is made
    otherwise. Columns not given take their defaults. Returns the number of rows.
    """
    session = unit._s  # noqa: SLF001 - storage-internal
    info = session.info
    now = info.get("fixed_now") or utcnow()
    user_id: UUID | None = info.get("user_id")
    node = info.get("node", "local")
    dni = info.get("user_dni", "00000000")
    entity = model.__tablename__
    mapper = inspect(model)
    defaults = {c.key: c.columns[0].default.arg for c in mapper.column_attrs
                if c.columns[0].default is not None and not callable(c.columns[0].default.arg)}
    table = model.__table__
    total = 0
    for chunk in _chunks(rows, CHUNK):
        log_rows = []
        for row in chunk:
            for key, value in defaults.items():
                row.setdefault(key, value)
            if row.get("id") is None:
                row["id"] = new_id()
            key_value = derive(model, row)
            if key_value is not None:
                row["search_key"] = key_value
            row["version"] = 1
            row["created_at"] = row["updated_at"] = now
            row["created_by"] = row["updated_by"] = user_id
            row["origin"] = node
            if log:
                changes = {k: [None, json_value(v)] for k, v in row.items()
                           if v is not None and k not in BOOKKEEPING}
                log_rows.append({
                    "change_id": new_id(), "entity": entity, "entity_id": row["id"], "op": "insert",
                    "changes": dumps(changes), "base_version": None, "new_version": 1,
                    "user_id": user_id, "user_dni": dni, "node": node, "at": now,
                })
        session.execute(insert(table), chunk)
        if log_rows:
            session.execute(insert(ChangeLog.__table__), log_rows)
        total += len(chunk)
    return total

"""Bulk updates of synced rows (imports): executemany in chunks, with the same change-log entries as the ORM.

Each update names the row, the version it was read at and the fields that change with their old and
new values. The row's version goes up by one, `updated_at/by` are set, the search key is derived again
when a searched field changed, and one change-log entry per row records the diff — op «update», or
«restore» / «delete» when `deleted_at` is cleared / set, exactly as `changelog._on_update` writes them.
A row whose version moved since it was read is not overwritten: the whole unit fails with StaleRecord.
"""
from __future__ import annotations

from typing import Any, Iterable, NamedTuple
from uuid import UUID

from sqlalchemy import bindparam, insert, select, update

from ..domain.errors import StaleRecord
from .ids import new_ids
from ..domain.canonical_json import dumps, json_value
from .ids import utcnow
from .models import BOOKKEEPING, ChangeLog, SyncRow, derive
from .unit import Unit, session_of

CHUNK = 2000


class RowUpdate(NamedTuple):
    id: UUID
    base_version: int
    changes: dict[str, tuple[Any, Any]]  # field → (old, new)


def update_sync_rows(unit: Unit, model: type[SyncRow], updates: Iterable[RowUpdate]) -> int:
    """Applies the updates (at most one per row) and logs them; returns the number of rows changed."""
    session = session_of(unit)
    info = session.info
    now = info.get("fixed_now") or utcnow()
    user_id: UUID | None = info.get("user_id")
    node = info.get("node", "local")
    dni = info.get("user_dni", "00000000")
    table = model.__table__
    search_fields = set(getattr(model, "SEARCH_FIELDS", ()))
    groups: dict[tuple[str, ...], list[RowUpdate]] = {}
    for upd in updates:
        changes = {k: v for k, v in upd.changes.items() if v[0] != v[1]}
        if not changes:
            continue
        bad = [k for k in changes if k in BOOKKEEPING or k in ("id", "version") or k not in table.c]
        if bad:
            raise ValueError(f"{table.name}: cannot update {', '.join(bad)}")
        groups.setdefault(tuple(sorted(changes)), []).append(RowUpdate(upd.id, upd.base_version, changes))
    total = 0
    reindex: list[UUID] = []
    for fields, rows in groups.items():
        stmt = (update(table)
                .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_base"))
                .values({**{f: bindparam(f"_v_{f}") for f in fields}, "version": bindparam("_new"),
                         "updated_at": bindparam("_at"), "updated_by": bindparam("_by")}))
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params = [{"_id": r.id, "_base": r.base_version, "_new": r.base_version + 1, "_at": now,
                       "_by": user_id, **{f"_v_{f}": r.changes[f][1] for f in fields}} for r in chunk]
            result = session.execute(stmt, params, execution_options={"synchronize_session": False})
            if result.rowcount is not None and result.rowcount >= 0 and result.rowcount != len(chunk):
                raise StaleRecord("Otro usuario modificó algunos de estos registros mientras se importaba el "
                                  "archivo; no se guardó nada. Vuelva a intentarlo.")
            ids = new_ids(len(chunk))
            log_rows = []
            for r, change_id in zip(chunk, ids):
                op = "update"
                if "deleted_at" in r.changes:
                    op = "delete" if r.changes["deleted_at"][1] is not None else "restore"
                log_rows.append({
                    "change_id": change_id, "entity": table.name, "entity_id": r.id, "op": op,
                    "changes": dumps({k: [json_value(o), json_value(n)] for k, (o, n) in r.changes.items()}),
                    "base_version": r.base_version, "new_version": r.base_version + 1,
                    "user_id": user_id, "user_dni": dni, "node": node, "at": now})
            session.execute(insert(ChangeLog.__table__), log_rows)
            total += len(chunk)
        if search_fields & set(fields):
            reindex.extend(r.id for r in rows)
    if reindex:
        _rederive_search_keys(session, model, reindex)
    written = info.get("written")  # the unit's change set (storage/written.py)
    if written is not None:
        written.updated(table.name, (r.id for rows in groups.values() for r in rows))
    return total


def _rederive_search_keys(session, model, ids: list[UUID]) -> None:
    table = model.__table__
    fields = list(model.SEARCH_FIELDS)
    stmt = update(table).where(table.c.id == bindparam("_id")).values(search_key=bindparam("_key"))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = session.execute(select(table.c.id, *(table.c[f] for f in fields)).where(table.c.id.in_(chunk)))
        params = [{"_id": row[0], "_key": derive(model, dict(zip(fields, row[1:])))} for row in rows]
        if params:
            session.execute(stmt, params, execution_options={"synchronize_session": False})

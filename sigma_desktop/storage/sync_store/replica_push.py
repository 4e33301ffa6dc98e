"""Replica side: reading this node's pending local changes (what a push sends)."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from ...domain.canonical_json import dumps
from ..unit import Unit
from .codecs import _hyphens, _json_from_sqlite_datetime
from .tables import _LOG

# --- replica: pending local changes --------------------------------------------------------------------

def _entry_json(row) -> dict:
    return {"change_id": str(row.change_id), "entity": row.entity, "entity_id": str(row.entity_id),
            "op": row.op, "changes": json.loads(row.changes), "base_version": row.base_version,
            "new_version": row.new_version, "user_id": None if row.user_id is None else str(row.user_id),
            "user_dni": row.user_dni, "node": row.node, "at": row.at.isoformat(),
            "offline_at": None if row.offline_at is None else row.offline_at.isoformat()}


def pending_changes(unit: Unit, node: str, after_seq: int, limit: int, *, raw: bool = False
                    ) -> list[tuple[int, dict]]:
    """This node's own change-log entries after `after_seq`, oldest first: (seq, change). With `raw`,
    each change's `changes` is its stored JSON text (to be sent as it is)."""
    conn = unit.connection()
    if conn.dialect.name != "sqlite":
        rows = unit.execute(select(_LOG).where(_LOG.c.seq > after_seq, _LOG.c.node == node)
                                .order_by(_LOG.c.seq).limit(limit))
        return [(r.seq, _entry_json(r)) for r in rows]
    found = conn.exec_driver_sql(
        "SELECT seq, change_id, entity, entity_id, op, changes, base_version, new_version, user_id, user_dni, node, "
        "at FROM change_log WHERE seq > ? AND node = ? ORDER BY seq LIMIT ?", (after_seq, node, limit))
    loads = (lambda text: text) if raw else json.loads
    return [(seq, {"change_id": _hyphens(cid), "entity": entity, "entity_id": _hyphens(eid), "op": op,
                   "changes": loads(changes), "base_version": base, "new_version": new,
                   "user_id": None if uid is None else _hyphens(uid), "user_dni": dni, "node": n,
                   "at": _json_from_sqlite_datetime(at)})
            for seq, cid, entity, eid, op, changes, base, new, uid, dni, n, at in found]


def _hex_to_uuid_sql(column: str) -> str:
    """SQLite: a stored 32-digit UUID as its hyphenated text (what json_value writes)."""
    return (f"substr({column},1,8)||'-'||substr({column},9,4)||'-'||substr({column},13,4)||'-'||"
            f"substr({column},17,4)||'-'||substr({column},21)")


# One change-log entry as the JSON object a push sends (the same fields as `pending_changes`), built by
# SQLite itself: formatting thousands of entries in Python cost more than the hub's work on them.
_PUSH_JSON_SQL = (
    "SELECT seq, op, entity, " + _hex_to_uuid_sql("entity_id") + ", json_object("
    "'change_id', " + _hex_to_uuid_sql("change_id") + ", 'entity', entity, 'entity_id', "
    + _hex_to_uuid_sql("entity_id") + ", 'op', op, 'changes', json(changes), 'base_version', base_version, "
    "'new_version', new_version, 'user_id', CASE WHEN user_id IS NULL THEN NULL ELSE "
    + _hex_to_uuid_sql("user_id") + " END, 'user_dni', user_dni, 'node', node, 'at', "
    "CASE WHEN length(at) = 19 OR substr(at, 21, 6) = '000000' THEN substr(at,1,10)||'T'||substr(at,12,8)||'+00:00' "
    "ELSE substr(at,1,10)||'T'||substr(at,12,15)||'+00:00' END) "
    "FROM change_log WHERE seq > ? AND node = ? ORDER BY seq LIMIT ?")
_json_in_sqlite: bool | None = None


def pending_push_json(unit: Unit, node: str, after_seq: int, limit: int
                      ) -> list[tuple[int, str, str, str, str]]:
    """This node's own change-log entries after `after_seq`, oldest first, as (seq, op, entity, entity
    id, the entry as JSON text) — the text a push sends, made by SQLite's JSON functions. Where those
    are missing (an old SQLite) the same text is made in Python."""
    global _json_in_sqlite
    conn = unit.connection()
    if conn.dialect.name == "sqlite" and _json_in_sqlite is not False:
        try:
            rows = conn.exec_driver_sql(_PUSH_JSON_SQL, (after_seq, node, limit)).fetchall()
            _json_in_sqlite = True
            return [tuple(r) for r in rows]
        except OperationalError:  # no JSON functions in this SQLite
            if _json_in_sqlite:
                raise
            _json_in_sqlite = False
    encode = dumps
    out = []
    for seq, c in pending_changes(unit, node, after_seq, limit, raw=True):
        raw = c["changes"]
        rest = encode({k: v for k, v in c.items() if k != "changes"})
        text = rest[:-1] + ',"changes":' + (raw if isinstance(raw, str) else encode(raw)) + "}"
        out.append((seq, c["op"], c["entity"], c["entity_id"], text))
    return out


def pending_count(unit: Unit, node: str, after_seq: int) -> int:
    return int(unit.scalar(select(func.count()).select_from(_LOG)
                               .where(_LOG.c.seq > after_seq, _LOG.c.node == node)) or 0)


def pending_fields(unit: Unit, node: str, after_seq: int) -> dict[tuple[str, str], set[str]]:
    """Fields of rows with local changes not yet acknowledged by the hub: a pull must not overwrite them."""
    out: dict[tuple[str, str], set[str]] = {}
    rows = unit.execute(select(_LOG.c.entity, _LOG.c.entity_id, _LOG.c.changes)
                            .where(_LOG.c.seq > after_seq, _LOG.c.node == node))
    for entity, entity_id, changes in rows:
        out.setdefault((entity, str(entity_id)), set()).update(json.loads(changes))
    return out

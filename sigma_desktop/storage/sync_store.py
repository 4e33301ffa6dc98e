"""The SQL of synchronisation (docs/sync.md): sync state, reading and applying batches, the hub's feed.

Rows travel as dicts of JSON values, the change log's own form (`changelog.json_value`: UUIDs, dates
and times as ISO text). This module converts them back with each column's type and writes them with
Core statements, never through the ORM: rows applied from another node must not produce change-log
entries of this node (they carry their original entries), and batches of thousands of rows need
executemany (or COPY on PostgreSQL) to be fast.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Mapping, Sequence
from uuid import UUID

from sqlalchemy import (BigInteger, Boolean, Date, Integer, SmallInteger, Text, bindparam, cast, delete, func, insert,
                        select, text, update)
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.sql.sqltypes import Uuid

from . import models as m
from .changelog import dumps, json_value
from .ids import utcnow
from .sync_models import SyncConflict, SyncFeed, SyncNode, SyncPending, SyncReceipt
from .types import UTCDateTime
from .unit import Unit

# Every synced entity, parents before children (the order rows are written in).
MODELS: dict[str, type] = {model.__tablename__: model for model in (*m.SYNC_MODELS, SyncConflict)}
ORDER: tuple[str, ...] = tuple(MODELS)
CHUNK = 1000
HUB_LOCK = 0x5167_6D61_5359_4E43  # pg_advisory_xact_lock key of the hub sequencer ("SgmaSYNC")

# what a write of a batch raises when the database refuses a row (a constraint, a value it cannot take)
IntegrityFailure = (IntegrityError, DataError)

META_HUB_ID = "sync.hub_id"
META_MODE = "sync.mode"


try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; the standard library gives the same text
    orjson = None


def _json_text(value: Any) -> str:
    """Compact JSON text with sorted keys, as changelog.dumps writes a diff (orjson when it can)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _s(unit: Unit):
    return unit._s  # noqa: SLF001 - storage-internal


def _keys(values: Iterable) -> str:
    """A PostgreSQL array literal of ids or numbers: one text parameter, however many keys."""
    return "{" + ",".join(str(v) for v in values) + "}"


def _by_keys(unit: Unit, sql: str, keys: Sequence, *extra) -> list:
    """Runs `sql` (PostgreSQL, with `{keys}` where the key set goes: joined as a table, `unnest` of one
    array parameter, so that the planner walks the index once per key whatever plan it keeps) for the
    keys in chunks; returns all rows."""
    conn = _s(unit).connection()
    out: list = []
    for start in range(0, len(keys), CHUNK * 10):
        chunk = keys[start:start + CHUNK * 10]
        out += conn.exec_driver_sql(sql, (_keys(chunk), *extra)).fetchall()
    return out


def is_postgres(unit: Unit) -> bool:
    return _s(unit).connection().dialect.name == "postgresql"


# --- columns and values ------------------------------------------------------------------------------

def _from_json_for(column) -> Callable[[Any], Any]:
    t = column.type
    if isinstance(t, Uuid):
        return lambda v: v if isinstance(v, UUID) else UUID(str(v))
    if isinstance(t, UTCDateTime):
        return lambda v: v if isinstance(v, datetime) else datetime.fromisoformat(v)
    if isinstance(t, Date):
        return lambda v: v if isinstance(v, date) else date.fromisoformat(v)
    if isinstance(t, Boolean):
        return bool
    if isinstance(t, (Integer, SmallInteger, BigInteger)):
        return int
    return str


# --- fast codecs: JSON values ⇄ what SQLite stores, and PostgreSQL rows → JSON values ----------------------
# The generic path (JSON → Python object → SQLAlchemy bind processor) costs microseconds per value; a
# pull of thousands of rows spends most of its time there. These give the same stored text directly.

def _kind(column) -> str:
    t = column.type
    if isinstance(t, Uuid):
        return "uuid"
    if isinstance(t, UTCDateTime):
        return "datetime"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Boolean):
        return "bool"
    return "plain"


def _sqlite_uuid(v):
    return None if v is None else (v.hex if isinstance(v, UUID) else str(v).replace("-", ""))


def _sqlite_datetime(v):
    """ISO text in UTC (as json_value writes it) → SQLite's stored text 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    if v is None:
        return None
    if isinstance(v, str) and v.endswith("+00:00"):
        if len(v) == 32:
            return f"{v[:10]} {v[11:26]}"
        if len(v) == 25:
            return f"{v[:10]} {v[11:19]}.000000"
    value = v if isinstance(v, datetime) else datetime.fromisoformat(v)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_bool(v):
    return None if v is None else int(bool(v))


_TO_SQLITE = {"uuid": _sqlite_uuid, "datetime": _sqlite_datetime, "bool": _sqlite_bool}


def _hyphens(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _json_from_sqlite_datetime(v: str) -> str:
    """SQLite's stored text → json_value's ISO text (microseconds omitted when zero, like isoformat)."""
    if v[20:26] == "000000" or len(v) == 19:
        return f"{v[:10]}T{v[11:19]}+00:00"
    return f"{v[:10]}T{v[11:26]}+00:00"


def _json_from_pg(kind: str):
    if kind == "datetime":
        return lambda v: None if v is None else v.astimezone(timezone.utc).isoformat()
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    return None


class _Table:
    """Per entity: its columns, JSON → Python converters and foreign keys to other synced entities."""

    def __init__(self, model):
        self.model = model
        self.table = model.__table__
        self.name = self.table.name
        self.columns = [c.key for c in self.table.columns]
        self.names = frozenset(self.columns)
        self.convert = {c.key: _from_json_for(c) for c in self.table.columns}
        self.fks: list[tuple[str, str]] = []
        for fk in self.table.foreign_keys:
            target = fk.column.table.name
            if target in MODELS:
                self.fks.append((fk.parent.key, target))
        self.search_fields = tuple(getattr(model, "SEARCH_FIELDS", ()))
        self.kinds = {c.key: _kind(c) for c in self.table.columns}
        self.to_sqlite = [_TO_SQLITE.get(self.kinds[c]) for c in self.columns]
        self.from_pg = [_json_from_pg(self.kinds[c]) for c in self.columns]
        self.pg_select = select(*(cast(c, Text).label(c.key) if self.kinds[c.key] == "uuid" else c
                                  for c in self.table.columns))

    def python(self, field: str, value: Any) -> Any:
        return None if value is None else self.convert[field](value)


_TABLES: dict[str, _Table] = {}


def table(entity: str) -> _Table:
    t = _TABLES.get(entity)
    if t is not None:
        return t
    if t is None:
        if entity not in MODELS:
            raise KeyError(entity)
        t = _TABLES[entity] = _Table(MODELS[entity])
    return t


def is_entity(entity: str) -> bool:
    return entity in MODELS


def columns(entity: str) -> list[str]:
    return table(entity).columns


def foreign_keys(entity: str) -> list[tuple[str, str]]:
    return table(entity).fks


_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_uuid_text(value: Any) -> bool:
    return isinstance(value, str) and _UUID_TEXT.fullmatch(value) is not None


def row_json(row: Mapping) -> dict:
    return {k: json_value(v) for k, v in row.items()}


def search_key(entity: str, row: Mapping) -> str | None:
    return m.derive(MODELS[entity], dict(row))


# --- app_meta: this database's sync state ------------------------------------------------------------

def meta(unit: Unit, prefix: str = "sync.") -> dict[str, str]:
    rows = _s(unit).execute(select(m.AppMeta.key, m.AppMeta.value).where(m.AppMeta.key.like(f"{prefix}%")))
    return {k: v for k, v in rows}


def set_meta(unit: Unit, values: Mapping[str, Any]) -> None:
    session = _s(unit)
    for key, value in values.items():
        row = session.get(m.AppMeta, key)
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            session.add(m.AppMeta(key=key, value=str(value)))
        else:
            row.value = str(value)
    session.flush()


def node_id(unit: Unit) -> str | None:
    row = _s(unit).get(m.AppMeta, "node_id")
    return row.value if row else None


def set_node_id(unit: Unit, value: str) -> None:
    set_meta(unit, {"node_id": value})


def has_user_data(unit: Unit) -> bool:
    """Whether any synced table has a row (a database that is not empty cannot become a replica)."""
    session = _s(unit)
    return any(session.execute(select(MODELS[e].id).limit(1)).first() for e in ORDER)


def last_seq(unit: Unit) -> int:
    return int(_s(unit).scalar(select(func.max(m.ChangeLog.seq))) or 0)


# --- replica: pending local changes --------------------------------------------------------------------

_LOG = m.ChangeLog.__table__


def _entry_json(row) -> dict:
    return {"change_id": str(row.change_id), "entity": row.entity, "entity_id": str(row.entity_id),
            "op": row.op, "changes": json.loads(row.changes), "base_version": row.base_version,
            "new_version": row.new_version, "user_id": None if row.user_id is None else str(row.user_id),
            "user_dni": row.user_dni, "node": row.node, "at": row.at.isoformat()}


def pending_changes(unit: Unit, node: str, after_seq: int, limit: int, *, raw: bool = False
                    ) -> list[tuple[int, dict]]:
    """This node's own change-log entries after `after_seq`, oldest first: (seq, change). With `raw`,
    each change's `changes` is its stored JSON text (to be sent as it is)."""
    conn = _s(unit).connection()
    if conn.dialect.name != "sqlite":
        rows = _s(unit).execute(select(_LOG).where(_LOG.c.seq > after_seq, _LOG.c.node == node)
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
    conn = _s(unit).connection()
    if conn.dialect.name == "sqlite" and _json_in_sqlite is not False:
        try:
            rows = conn.exec_driver_sql(_PUSH_JSON_SQL, (after_seq, node, limit)).fetchall()
            _json_in_sqlite = True
            return [tuple(r) for r in rows]
        except OperationalError:  # no JSON functions in this SQLite
            if _json_in_sqlite:
                raise
            _json_in_sqlite = False
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out = []
    for seq, c in pending_changes(unit, node, after_seq, limit, raw=True):
        raw = c["changes"]
        rest = encode({k: v for k, v in c.items() if k != "changes"})
        text = rest[:-1] + ',"changes":' + (raw if isinstance(raw, str) else encode(raw)) + "}"
        out.append((seq, c["op"], c["entity"], c["entity_id"], text))
    return out


def pending_count(unit: Unit, node: str, after_seq: int) -> int:
    return int(_s(unit).scalar(select(func.count()).select_from(_LOG)
                               .where(_LOG.c.seq > after_seq, _LOG.c.node == node)) or 0)


def pending_fields(unit: Unit, node: str, after_seq: int) -> dict[tuple[str, str], set[str]]:
    """Fields of rows with local changes not yet acknowledged by the hub: a pull must not overwrite them."""
    out: dict[tuple[str, str], set[str]] = {}
    rows = _s(unit).execute(select(_LOG.c.entity, _LOG.c.entity_id, _LOG.c.changes)
                            .where(_LOG.c.seq > after_seq, _LOG.c.node == node))
    for entity, entity_id, changes in rows:
        out.setdefault((entity, str(entity_id)), set()).update(json.loads(changes))
    return out


def rows_by_id(unit: Unit, entity: str, ids: Iterable[str], *, lock: bool = False,
               columns: Sequence[str] | None = None) -> dict[str, dict]:
    """Current rows (JSON values) of `entity` by id; `lock` takes row locks on PostgreSQL (FOR UPDATE);
    `columns`: only these (with "id")."""
    t = table(entity)
    out: dict[str, dict] = {}
    session = _s(unit)
    pg = is_postgres(unit)
    ids = list(dict.fromkeys(str(i) for i in ids)) if pg else \
        [i if isinstance(i, UUID) else UUID(str(i)) for i in dict.fromkeys(ids)]
    cols = list(columns) if columns else t.columns
    for start in range(0, len(ids), CHUNK * 5 if pg else CHUNK):
        chunk = ids[start:start + (CHUNK * 5 if pg else CHUNK)]
        if pg:  # UUIDs come back as text, times converted once: no Python UUID objects on the way
            index = [t.columns.index(c) for c in cols]
            conv = [t.from_pg[i] for i in index]
            q = _s(unit).connection().dialect.identifier_preparer.quote
            names = ", ".join(f"CAST(t.{q(c)} AS TEXT)" if t.kinds[c] == "uuid" else f"t.{q(c)}" for c in cols)
            sql = (f"SELECT {names} FROM {t.name} t JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON t.id = k.id"
                   + (" FOR UPDATE OF t" if lock else ""))
            for row in _s(unit).connection().exec_driver_sql(sql, (_keys(chunk),)).fetchall():
                values = {c: (v if f is None or v is None else f(v)) for c, f, v in zip(cols, conv, row)}
                out[values["id"]] = values
            continue
        for row in session.execute(select(*(t.table.c[c] for c in cols)).where(t.table.c.id.in_(chunk))).mappings():
            out[str(row["id"])] = row_json(row)
    return out


# --- replica: applying what the hub sends -------------------------------------------------------------

def _upsert_sql(unit: Unit, t: _Table, cols: Sequence[str], update_cols: Sequence[str]) -> str:
    dialect = _s(unit).connection().dialect
    prep = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(prep.quote(c) for c in cols)
    marks = ", ".join([mark] * len(cols))
    sql = f"INSERT INTO {prep.format_table(t.table)} ({names}) VALUES ({marks}) ON CONFLICT (id) DO "
    if update_cols:
        sql += "UPDATE SET " + ", ".join(f"{prep.quote(c)} = excluded.{prep.quote(c)}" for c in update_cols)
    else:
        sql += "NOTHING"
    return sql


def _bind(unit: Unit, t: _Table, cols: Sequence[str]) -> list[Callable | None]:
    dialect = _s(unit).connection().dialect
    return [t.table.c[c].type._cached_bind_processor(dialect) for c in cols]  # noqa: SLF001


def upsert_rows(unit: Unit, entity: str, rows: Sequence[Mapping], keep: Mapping[str, set[str]] | None = None
                ) -> int:
    """Writes hub rows (JSON values) as they are; for ids in `keep`, the named fields (local changes
    not yet acknowledged) and the version stay as they are here."""
    if not rows:
        return 0
    t = table(entity)
    conn = _s(unit).connection()
    cols = [c for c in t.columns]
    sqlite = conn.dialect.name == "sqlite"
    procs = _bind(unit, t, cols)
    keep = keep or {}
    plain: list[tuple] = []
    special: dict[frozenset, list[tuple]] = {}
    # tombstones first: a record deleted on the hub frees its place (one live execution per activity)
    # for the live one the same batch brings
    rows = sorted(rows, key=lambda r: r.get("deleted_at") is None)
    fast = t.to_sqlite
    for row in rows:
        if sqlite:
            values = [row.get(c) if f is None else f(row.get(c)) for c, f in zip(cols, fast)]
        else:
            values = []
            for c, proc in zip(cols, procs):
                v = t.python(c, row.get(c))
                values.append(v if proc is None or v is None else proc(v))
        kept = keep.get(str(row["id"]))
        if kept:
            special.setdefault(frozenset(kept | {"version"}), []).append(tuple(values))
        else:
            plain.append(tuple(values))
    others = [c for c in cols if c != "id"]
    if plain:
        conn.exec_driver_sql(_upsert_sql(unit, t, cols, others), plain)
    for kept, params in special.items():
        conn.exec_driver_sql(_upsert_sql(unit, t, cols, [c for c in others if c not in kept]), params)
    return len(rows)


def insert_entries(unit: Unit, entries: Sequence[Mapping]) -> int:
    """Adds change-log entries from the hub (their own change ids, users, nodes and times); an entry
    this database already has (its own change coming back) is skipped. Returns how many were added."""
    if not entries:
        return 0
    session = _s(unit)
    conn = session.connection()
    dialect = conn.dialect
    cols = ["change_id", "entity", "entity_id", "op", "changes", "base_version", "new_version", "user_id",
            "user_dni", "node", "at"]
    params = []
    if dialect.name == "sqlite":
        for e in entries:
            uid = e.get("user_id")
            changes = e["changes"]
            params.append((_sqlite_uuid(e["change_id"]), e["entity"], _sqlite_uuid(e["entity_id"]), e["op"],
                           changes if isinstance(changes, str) else dumps(changes), e.get("base_version"), e["new_version"],
                           None if uid is None else _sqlite_uuid(uid), e["user_dni"], e["node"],
                           _sqlite_datetime(e["at"])))
    else:
        procs = [_LOG.c[c].type._cached_bind_processor(dialect) for c in cols]  # noqa: SLF001
        conv = {"change_id": UUID, "entity_id": UUID, "user_id": UUID, "at": datetime.fromisoformat,
                "changes": lambda v: v if isinstance(v, str) else dumps(v)}
        for e in entries:
            row = []
            for c, proc in zip(cols, procs):
                v = e.get(c)
                if v is not None and c in conv:
                    v = conv[c](v)
                row.append(v if proc is None or v is None else proc(v))
            params.append(tuple(row))
    prep = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO change_log ({', '.join(prep.quote(c) for c in cols)}) "
           f"VALUES ({', '.join([mark] * len(cols))}) ON CONFLICT (change_id) DO NOTHING")
    before = last_seq(unit)
    conn.exec_driver_sql(sql, params)
    return int(session.scalar(select(func.count()).select_from(_LOG).where(_LOG.c.seq > before)) or 0)


def defer_foreign_keys(unit: Unit) -> None:
    """SQLite: check foreign keys at commit (a batch may bring a child before its parent)."""
    conn = _s(unit).connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def _children(entity: str) -> list[tuple[str, str]]:
    """(child entity, column) pairs that refer to `entity`."""
    return [(e, col) for e in ORDER for col, target in foreign_keys(e) if target == entity]


def retire_rows(unit: Unit, items: Iterable[tuple[str, str]]) -> int:
    """Removes local rows the hub refused to create (they are kept in a conflict record on the hub),
    with the local rows that depend on them. Only rows of this replica are touched; returns the count."""
    session = _s(unit)
    removed = 0
    todo = [(e, str(i)) for e, i in items if is_entity(e)]
    seen: set[tuple[str, str]] = set()
    ordered: list[tuple[str, str]] = []
    while todo:  # the rows and, recursively, whatever refers to them
        entity, id_ = todo.pop()
        if (entity, id_) in seen:
            continue
        seen.add((entity, id_))
        ordered.append((entity, id_))
        for child, col in _children(entity):
            ct = table(child).table
            for (cid,) in session.execute(select(ct.c.id).where(ct.c[col] == UUID(id_))):
                todo.append((child, str(cid)))
    for entity, id_ in sorted(ordered, key=lambda x: -ORDER.index(x[0])):  # children first
        t = table(entity).table
        removed += session.execute(delete(t).where(t.c.id == UUID(id_))).rowcount or 0
    return removed


# --- hub: identity, nodes, receipts -----------------------------------------------------------------------

def hub_id(unit: Unit) -> str | None:
    """This database's id as a hub (None when it is not a hub; a replica keeps its hub's id too)."""
    state = meta(unit)
    return state.get(META_HUB_ID) if state.get(META_MODE) == "hub" else None


def make_hub(unit: Unit, new_hub_id: str) -> int:
    """Turns this PostgreSQL database into a hub: records its id and queues every existing change-log
    entry for the feed (in log order). Returns the number of entries queued."""
    session = _s(unit)
    set_meta(unit, {META_HUB_ID: new_hub_id, META_MODE: "hub"})
    result = session.execute(text(
        "INSERT INTO sync_pending (entity, entity_id, change_seq) "
        "SELECT entity, entity_id, seq FROM change_log c "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_feed f WHERE f.change_seq = c.seq) ORDER BY seq"))
    return result.rowcount or 0


def sequence(unit: Unit) -> int:
    """Gives hub sequence numbers to the queued entries, in commit order: under a transaction-level
    advisory lock, so that a later sequencer waits for this one to commit and a pull never sees
    number N+1 before N. Returns how many were sequenced."""
    session = _s(unit)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": HUB_LOCK})
    result = session.execute(text(
        "WITH moved AS (DELETE FROM sync_pending RETURNING id, entity, entity_id, change_seq) "
        "INSERT INTO sync_feed (hub_seq, entity, entity_id, change_seq) "
        "SELECT (SELECT coalesce(max(hub_seq), 0) FROM sync_feed) + row_number() OVER (ORDER BY id), "
        "entity, entity_id, change_seq FROM moved"))
    return result.rowcount or 0


def lock_node(unit: Unit, node: str) -> None:
    """One push at a time per node (a retry while the first attempt still runs waits for it)."""
    _s(unit).execute(text("SELECT pg_advisory_xact_lock(:k, hashtext(:n))"), {"k": 0x5167, "n": node})


def add_node(unit: Unit, *, id_: UUID, name: str, scope_kind: str, ugel_id: UUID, coach_id: UUID | None,
             token_hash: str) -> None:
    _s(unit).add(SyncNode(id=id_, name=name, scope_kind=scope_kind, ugel_id=ugel_id, coach_id=coach_id,
                          token_hash=token_hash, active=True, created_at=utcnow()))
    _s(unit).flush()


@dataclass(frozen=True)
class NodeInfo:
    id: UUID
    name: str
    scope_kind: str
    ugel_id: UUID
    coach_id: UUID | None
    token_hash: str
    active: bool


def _info(node: SyncNode | None) -> NodeInfo | None:
    if node is None:
        return None
    return NodeInfo(node.id, node.name, node.scope_kind, node.ugel_id, node.coach_id, node.token_hash, node.active)


def node_by_token(unit: Unit, token_hash: str) -> NodeInfo | None:
    return _info(_s(unit).scalars(select(SyncNode).where(SyncNode.token_hash == token_hash)).first())


def node_by_id(unit: Unit, id_: UUID) -> NodeInfo | None:
    return _info(_s(unit).get(SyncNode, id_))


def nodes(unit: Unit) -> list[SyncNode]:
    return list(_s(unit).scalars(select(SyncNode).order_by(SyncNode.created_at)))


def set_node_token(unit: Unit, id_: UUID, token_hash: str | None, active: bool = True) -> bool:
    node = _s(unit).get(SyncNode, id_)
    if node is None:
        return False
    if token_hash is not None:
        node.token_hash = token_hash
    node.active = active
    _s(unit).flush()
    return True


def seen(unit: Unit, id_: UUID) -> None:
    _s(unit).execute(update(SyncNode).where(SyncNode.id == id_).values(last_seen_at=utcnow()))


def receipts(unit: Unit, change_ids: Sequence[str]) -> dict[str, str]:
    """Outcomes of the changes (by id) the hub has already processed."""
    ids = list(dict.fromkeys(change_ids))
    if not ids:
        return {}
    if is_postgres(unit):
        rows = _by_keys(unit, "SELECT CAST(r.change_id AS TEXT), r.outcome FROM sync_receipt r "
                              "JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON r.change_id = k.id", ids)
        return {cid: outcome for cid, outcome in rows}
    t = SyncReceipt.__table__
    out: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = [UUID(c) for c in ids[start:start + CHUNK]]
        for cid, outcome in _s(unit).execute(select(t.c.change_id, t.c.outcome).where(t.c.change_id.in_(chunk))):
            out[str(cid)] = outcome
    return out


def closed_months(unit: Unit, ugel_ids: Iterable[str]) -> set[tuple[str, int, int]]:
    ids = [UUID(u) for u in set(ugel_ids) if u]
    if not ids:
        return set()
    mc = m.MonthClosing
    rows = _s(unit).execute(select(mc.ugel_id, mc.year, mc.month).where(
        mc.ugel_id.in_(ids), mc.closed.is_(True), mc.deleted_at.is_(None)))
    return {(str(u), int(y), int(mo)) for u, y, mo in rows}


def last_change_of_field(unit: Unit, entity_id: str, field: str) -> tuple[str | None, datetime | None]:
    """Who and when last set `field` of a record on this database (for a conflict record)."""
    rows = _s(unit).execute(select(_LOG.c.user_dni, _LOG.c.at, _LOG.c.changes)
                            .where(_LOG.c.entity_id == UUID(entity_id)).order_by(_LOG.c.seq.desc()).limit(200))
    for dni, at, changes in rows:
        if field == "" or field in json.loads(changes):
            return dni, at
    return None, None


# --- hub: writing a batch -------------------------------------------------------------------------------

def _copy_or_insert(unit: Unit, tbl, cols: Sequence[str], params: list[tuple]) -> None:
    """Many rows into one table: COPY on PostgreSQL (psycopg), executemany elsewhere."""
    if not params:
        return
    conn = _s(unit).connection()
    dialect = conn.dialect
    prep = dialect.identifier_preparer
    names = ", ".join(prep.quote(c) for c in cols)
    table_sql = tbl if isinstance(tbl, str) else prep.format_table(tbl)
    if dialect.name == "postgresql":
        import psycopg

        raw = conn.connection.dbapi_connection
        statement = f"COPY {table_sql} ({names}) FROM STDIN"
        try:
            with raw.cursor() as cur:
                with cur.copy(statement) as copy:
                    for row in params:
                        copy.write_row(row)
        except psycopg.IntegrityError as exc:  # as SQLAlchemy would have raised them
            raise IntegrityError(statement, None, exc) from exc
        except psycopg.DataError as exc:
            raise DataError(statement, None, exc) from exc
        return
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {table_sql} ({names}) VALUES ({', '.join([mark] * len(cols))})", params)


def _python_rows(unit: Unit, t: _Table, cols: Sequence[str], rows: Iterable[Mapping], *, copy: bool) -> list[tuple]:
    procs = _bind(unit, t, cols) if not copy else [None] * len(cols)
    out = []
    for row in rows:
        values = []
        for c, proc in zip(cols, procs):
            v = t.python(c, row.get(c))
            values.append(v if proc is None or v is None else proc(v))
        out.append(tuple(values))
    return out


def insert_rows(unit: Unit, entity: str, rows: Sequence[Mapping]) -> None:
    """New rows with every column given (JSON values): the hub's inserts of pushed records."""
    if not rows:
        return
    t = table(entity)
    if is_postgres(unit):  # COPY's text format parses ISO times, dates and UUID text itself
        _copy_or_insert(unit, t.table, t.columns, [tuple(map(row.get, t.columns)) for row in rows])
        return
    _copy_or_insert(unit, t.table, t.columns, _python_rows(unit, t, t.columns, rows, copy=False))


def update_rows(unit: Unit, entity: str, updates: Sequence[tuple[str, Mapping]]) -> None:
    """(id, {column: JSON value}) updates, grouped by the set of columns they set."""
    t = table(entity)
    groups: dict[tuple[str, ...], list[tuple[str, Mapping]]] = {}
    for id_, values in updates:
        groups.setdefault(tuple(sorted(values)), []).append((id_, values))
    session = _s(unit)
    conn = session.connection()
    pg = conn.dialect.name == "postgresql"
    prep = conn.dialect.identifier_preparer
    for cols, items in groups.items():
        if pg and len(items) >= 500:  # many rows: COPY them to a scratch table, then one UPDATE … FROM
            _update_by_copy(unit, t, cols, items)
            continue
        if pg:  # JSON values as they are: text parameters reach PostgreSQL untyped and take the column's type
            sql = (f"UPDATE {prep.format_table(t.table)} SET "
                   + ", ".join(f"{prep.quote(c)} = %s" for c in cols) + " WHERE id = %s")
            conn.exec_driver_sql(sql, [tuple(v[c] for c in cols) + (id_,) for id_, v in items])
            continue
        stmt = (update(t.table).where(t.table.c.id == bindparam("_id"))
                .values({c: bindparam(f"_v_{c}") for c in cols}))
        for start in range(0, len(items), CHUNK):
            params = [{"_id": UUID(id_), **{f"_v_{c}": t.python(c, v[c]) for c in cols}}
                      for id_, v in items[start:start + CHUNK]]
            session.execute(stmt, params, execution_options={"synchronize_session": False})


def _update_by_copy(unit: Unit, t: _Table, cols: Sequence[str], items: Sequence[tuple[str, Mapping]]) -> None:
    conn = _s(unit).connection()
    q = conn.dialect.identifier_preparer.quote
    target = q(t.name)
    names = ", ".join(q(c) for c in cols)
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE sync_update AS SELECT id, {names} FROM {target} WITH NO DATA")
    try:
        _copy_or_insert(unit, "sync_update", ["id", *cols],
                        [(id_, *(v[c] for c in cols)) for id_, v in items])
        conn.exec_driver_sql(f"UPDATE {target} AS t SET " + ", ".join(f"{q(c)} = u.{q(c)}" for c in cols)
                             + " FROM sync_update AS u WHERE t.id = u.id")
    finally:
        conn.exec_driver_sql("DROP TABLE IF EXISTS sync_update")


_LOG_COLS = ["change_id", "entity", "entity_id", "op", "changes", "base_version", "new_version", "user_id",
             "user_dni", "node", "at"]


def write_entries(unit: Unit, entries: Sequence[Mapping]) -> None:
    """Change-log entries of changes applied on the hub (the pushing node's ids, users and times)."""
    if not entries:
        return
    copy = is_postgres(unit)
    if copy:  # text for COPY: UUIDs and times as they are, the changes as JSON text
        _copy_or_insert(unit, _LOG, _LOG_COLS, [
            (e["change_id"], e["entity"], e["entity_id"], e["op"], _json_text(e["changes"]), e.get("base_version"),
             e["new_version"], e.get("user_id"), e["user_dni"], e["node"], e["at"]) for e in entries])
        return
    conv = {"change_id": UUID, "entity_id": UUID, "user_id": UUID, "at": datetime.fromisoformat, "changes": dumps}
    procs = ([None] * len(_LOG_COLS) if copy else
             [_LOG.c[c].type._cached_bind_processor(_s(unit).connection().dialect) for c in _LOG_COLS])  # noqa: SLF001
    params = []
    for e in entries:
        row = []
        for c, proc in zip(_LOG_COLS, procs):
            v = e.get(c)
            if v is not None and c in conv:
                v = conv[c](v)
            row.append(v if proc is None or v is None else proc(v))
        params.append(tuple(row))
    _copy_or_insert(unit, _LOG, _LOG_COLS, params)


_RECEIPT_COLS = ("change_id", "node_id", "outcome", "in_step", "received_at")


def write_receipts(unit: Unit, node: str, outcomes: Sequence[tuple[str, str, bool]]) -> None:
    """(change id, outcome, in step) of each processed change."""
    if not outcomes:
        return
    now = utcnow()
    if is_postgres(unit):  # one statement from three arrays, each one text parameter joined in C
        _s(unit).connection().exec_driver_sql(
            "INSERT INTO sync_receipt (change_id, node_id, outcome, in_step, received_at) SELECT "
            "unnest(CAST(%s AS UUID[])), CAST(%s AS UUID), unnest(CAST(%s AS TEXT[])), "
            "unnest(CAST(%s AS BOOLEAN[])), CAST(%s AS TIMESTAMPTZ)",
            (_keys(cid for cid, _, _ in outcomes), node, _keys(o for _, o, _ in outcomes),
             _keys("t" if step else "f" for _, _, step in outcomes), now.isoformat()))
        return
    else:
        dialect = _s(unit).connection().dialect
        t = SyncReceipt.__table__
        procs = [t.c[c].type._cached_bind_processor(dialect) for c in _RECEIPT_COLS]  # noqa: SLF001
        rows = [tuple(v if p is None else p(v) for v, p in zip((UUID(cid), UUID(node), outcome, bool(step), now), procs))
                for cid, outcome, step in outcomes]
    _copy_or_insert(unit, SyncReceipt.__table__, list(_RECEIPT_COLS), rows)


def touch(unit: Unit, items: Iterable[tuple[str, str]]) -> None:
    """Queues "row refreshed" markers: the replicas of its scope get the hub's row again (after a
    conflict, the replica that pushed must see the value the hub kept)."""
    rows = [{"entity": e, "entity_id": UUID(i), "change_seq": None} for e, i in dict.fromkeys(items)]
    if rows:
        _s(unit).execute(insert(SyncPending.__table__), rows)


def savepoint(unit: Unit):
    """A nested transaction (SAVEPOINT): `with savepoint(u): ...` undoes only its own writes on error."""
    return _s(unit).begin_nested()


# --- hub: pulling ---------------------------------------------------------------------------------------

def feed_head(unit: Unit) -> int:
    return int(_s(unit).scalar(select(func.max(SyncFeed.hub_seq))) or 0)


def feed_after(unit: Unit, cursor: int, limit: int, head: int, echo_of: str = ""
               ) -> tuple[list[tuple[int, str, str, int | None]], int]:
    """The next `limit` feed items after `cursor` (up to `head`, read in the same snapshot) and the hub
    sequence number the walk reaches: the last item's when `limit` were found, else `head`. Items of
    node `echo_of`'s own changes applied in step (SyncReceipt.in_step) are skipped in the query itself:
    after a push of thousands of changes, the pull walks past them in one statement, not batch by batch
    through Python."""
    conn = _s(unit).connection()
    rows = conn.exec_driver_sql(
        "SELECT f.hub_seq, f.entity, CAST(f.entity_id AS TEXT), f.change_seq FROM sync_feed f "
        "WHERE f.hub_seq > %s AND f.hub_seq <= %s AND NOT EXISTS (SELECT 1 FROM change_log c "
        "JOIN sync_receipt s ON s.change_id = c.change_id WHERE c.seq = f.change_seq AND c.node = %s "
        "AND s.in_step) ORDER BY f.hub_seq LIMIT %s",
        (cursor, head, echo_of, limit)).fetchall()
    last = int(rows[-1][0]) if len(rows) >= limit else max(head, cursor)
    return [(int(a), e, i, c) for a, e, i, c in rows], last


def entries_by_seq(unit: Unit, seqs: Sequence[int], brief_for: str | None = None) -> dict[int, dict]:
    """Change-log entries by seq (JSON values); those of node `brief_for` only as {change_id, node,
    in_step} (a pull does not send a node its own entries; see SyncReceipt.in_step)."""
    out: dict[int, dict] = {}
    seqs = list(seqs)
    pg = is_postgres(unit)
    for start in range(0, len(seqs), CHUNK * 5):
        chunk = seqs[start:start + CHUNK * 5]
        if not pg:
            for r in _s(unit).execute(select(_LOG).where(_LOG.c.seq.in_(chunk))):
                out[int(r.seq)] = _entry_json(r)
            continue
        rows = _s(unit).connection().exec_driver_sql(
            "SELECT c.seq, CAST(c.change_id AS TEXT), c.entity, CAST(c.entity_id AS TEXT), c.op, "
            "CASE WHEN c.node = %s THEN NULL ELSE c.changes END, c.base_version, c.new_version, "
            "CAST(c.user_id AS TEXT), c.user_dni, c.node, c.at, r.in_step FROM change_log c "
            "JOIN unnest(CAST(%s AS BIGINT[])) AS k(seq) ON c.seq = k.seq "
            "LEFT JOIN sync_receipt r ON r.change_id = c.change_id AND c.node = %s",
            (brief_for or "", _keys(chunk), brief_for or ""))
        for seq, cid, entity, eid, op, changes, base, new, uid, dni, node, at, step in rows:
            if node == brief_for:
                out[int(seq)] = {"change_id": cid, "node": node, "in_step": bool(step)}
                continue
            # `changes` stays JSON text (as stored): the node stores it as it is
            out[int(seq)] = {"change_id": cid, "entity": entity, "entity_id": eid, "op": op,
                             "changes": changes, "base_version": base, "new_version": new, "user_id": uid,
                             "user_dni": dni, "node": node, "at": at.astimezone(timezone.utc).isoformat()}
    return out


def first_feed_seq(unit: Unit, ids: Iterable[str]) -> dict[str, int]:
    """The first hub sequence number of each row (when the hub first had it)."""
    return _feed_seq(unit, ids, "min")


def last_feed_seq(unit: Unit, ids: Iterable[str]) -> dict[str, int]:
    """The last hub sequence number of each row (its latest change)."""
    return _feed_seq(unit, ids, "max")


def _feed_seq(unit: Unit, ids: Iterable[str], agg) -> dict[str, int]:
    keys = list(dict.fromkeys(str(i) for i in ids))
    if not keys:
        return {}
    rows = _by_keys(unit, f"SELECT CAST(f.entity_id AS TEXT), {agg}(f.hub_seq) FROM sync_feed f "
                          "JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON f.entity_id = k.id GROUP BY f.entity_id", keys)
    return {i: int(seq) for i, seq in rows}


def repeatable_read(unit: Unit) -> None:
    """A pull reads the feed and the rows from one snapshot (PostgreSQL; SQLite reads are snapshots)."""
    session = _s(unit)
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


# --- conflicts ------------------------------------------------------------------------------------------

def add_conflicts(unit: Unit, rows: Sequence[dict]) -> int:
    """Conflict records, logged like any synced row (so they reach the replicas of their scope)."""
    if not rows:
        return 0
    t = table("sync_conflict")
    session = _s(unit)
    for values in rows:  # few rows: through the ORM, whose flush hook logs them like any synced row
        session.add(SyncConflict(**{k: t.python(k, v) for k, v in values.items()}))
    session.flush()
    return len(rows)


def conflict_rows(unit: Unit, *, status: str | None = "abierto", ugel_ids: Sequence[UUID] | None = None,
                  entity_id: UUID | None = None, limit: int = 5000) -> list[SyncConflict]:
    stmt = select(SyncConflict).where(SyncConflict.deleted_at.is_(None))
    if status:
        stmt = stmt.where(SyncConflict.status == status)
    if ugel_ids is not None:
        stmt = stmt.where(SyncConflict.ugel_id.in_(list(ugel_ids)))
    if entity_id is not None:
        stmt = stmt.where(SyncConflict.entity_id == entity_id)
    return list(_s(unit).scalars(stmt.order_by(SyncConflict.created_at, SyncConflict.id).limit(limit)))


def conflict(unit: Unit, id_: UUID) -> SyncConflict | None:
    return _s(unit).get(SyncConflict, id_)


def open_conflict_for(unit: Unit, entity_id: str) -> SyncConflict | None:
    """An open whole-record conflict that holds a record the hub does not have (a refused insert)."""
    return _s(unit).scalars(select(SyncConflict).where(
        SyncConflict.entity_id == UUID(entity_id), SyncConflict.status == "abierto",
        SyncConflict.change_op == "insert", SyncConflict.field == "").limit(1)).first()


def count_open_conflicts(unit: Unit, ugel_ids: Sequence[UUID] | None = None, coach_id: UUID | None = None) -> int:
    stmt = select(func.count()).select_from(SyncConflict).where(
        SyncConflict.status == "abierto", SyncConflict.deleted_at.is_(None))
    if ugel_ids is not None:
        stmt = stmt.where(SyncConflict.ugel_id.in_(list(ugel_ids)))
    if coach_id is not None:
        stmt = stmt.where(SyncConflict.coach_id == coach_id)
    return int(_s(unit).scalar(stmt) or 0)


def orm_row(unit: Unit, entity: str, id_: UUID):
    """The live ORM object of a synced row (resolutions are normal, logged changes)."""
    return _s(unit).get(MODELS[entity], id_)


def new_orm_row(unit: Unit, entity: str, values: Mapping[str, Any]):
    """A new ORM row from JSON values (a refused insert accepted by a resolution)."""
    t = table(entity)
    obj = MODELS[entity](**{k: t.python(k, v) for k, v in values.items() if k in t.convert})
    _s(unit).add(obj)
    return obj


def set_orm_fields(obj, entity: str, values: Mapping[str, Any]) -> None:
    t = table(entity)
    for k, v in values.items():
        setattr(obj, k, t.python(k, v))


def ugel_label(unit: Unit, ugel_id: UUID | None) -> str | None:
    if ugel_id is None:
        return None
    row = _s(unit).execute(select(m.Ugel.code, m.Ugel.name).where(m.Ugel.id == ugel_id)).first()
    return f"{row[0]} {row[1]}" if row else None


def coach_label(unit: Unit, coach_id: UUID | None) -> str | None:
    if coach_id is None:
        return None
    c = m.Coach
    row = _s(unit).execute(select(c.dni, c.first_names, c.last_name_1).where(c.id == coach_id)).first()
    return f"{row[1]} {row[2]} ({row[0]})" if row else None


def ugel_by_code(unit: Unit, code: str) -> UUID | None:
    return _s(unit).scalar(select(m.Ugel.id).where(m.Ugel.code == code, m.Ugel.deleted_at.is_(None)))


def coach_by_dni(unit: Unit, dni: str) -> tuple[UUID, UUID] | None:
    row = _s(unit).execute(select(m.Coach.id, m.Coach.ugel_id).where(
        m.Coach.dni == dni, m.Coach.deleted_at.is_(None))).first()
    return (row[0], row[1]) if row else None


def live_rows(unit: Unit, entity: str) -> dict[str, dict]:
    """Every row of an entity (JSON values): for comparisons in tests and checks."""
    t = table(entity)
    return {str(r["id"]): row_json(r) for r in _s(unit).execute(select(t.table)).mappings()}


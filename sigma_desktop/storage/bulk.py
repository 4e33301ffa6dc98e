"""Bulk inserts (demo data, imports): driver-level executemany in chunks, with the same change-log
entries as the ORM.

The ORM's add_all is an order of magnitude slower and holds every object in memory; these paths take
plain dicts, fill the sync columns and write one `insert` entry per row, so the change log stays complete.

Speed (see docs/performance.md): values are converted column by column with the same bind processors
SQLAlchemy uses (so the stored text is identical), constant sync columns are converted once per call,
the change-log JSON is assembled from per-column fragments instead of one `json.dumps` per row, and the
change ids come from a batched UUIDv7 maker. `fast_load` gives SQLite a large page cache for a big load.
"""
from __future__ import annotations

import gc
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence
from uuid import UUID

from sqlalchemy import Boolean, Date, Integer, String, Uuid, insert, inspect
from sqlalchemy.engine import make_url

from ..domain.canonical_json import dumps, encode_str as _json_str, json_value
from .ids import new_id, new_ids, new_v7_ints, utcnow
from .models import BOOKKEEPING, ChangeLog, SyncRow, derive
from .database import Database
from .types import UTCDateTime
from .unit import Unit, session_of

CHUNK = 5000

_SYNC_COLUMNS = ("version", "created_at", "created_by", "updated_at", "updated_by", "origin")
_LOG_COLUMNS = ("change_id", "entity", "entity_id", "op", "changes", "base_version", "new_version",
                "user_id", "user_dni", "node", "at")


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
    session = session_of(unit)
    for chunk in _chunks(rows, CHUNK):
        session.execute(insert(model), chunk)
    return len(rows)


# --- column kinds: conversion to stored values and change-log JSON, one column at a time ------------
#
# Each column is converted with a list comprehension specialised for its type, instead of calling
# SQLAlchemy's bind processor and `json_value` once per value; distinct objects that repeat (foreign
# keys, dates) are converted once. `_GENERIC` columns (timestamps…) use the bind processor itself.

_UUID, _STR, _INT, _BOOL, _DATE, _UTC, _GENERIC = "uuid", "str", "int", "bool", "date", "utc", "generic"
_UTC_TZ = timezone.utc


def _kind(column) -> str:
    t = column.type
    if isinstance(t, Uuid):
        return _UUID
    if isinstance(t, Boolean):
        return _BOOL
    if isinstance(t, Integer):
        return _INT
    if isinstance(t, String):  # Text is a String
        return _STR
    if type(t) is Date:
        return _DATE
    if isinstance(t, UTCDateTime):
        return _UTC
    return _GENERIC


def _hyphens(h: str) -> str:
    return f'"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"'


def _json_fragment(value: Any) -> str:
    """The JSON text of `json_value(value)`, as `canonical_json.dumps` writes it."""
    t = type(value)
    if t is str:
        return _json_str(value)
    if t is UUID:
        return _hyphens("%032x" % value.int)
    if t is int:
        return int.__repr__(value)
    if t is bool:
        return "true" if value else "false"
    if t is date:
        return f'"{value.isoformat()}"'
    return dumps(json_value(value))


def _memo_map(values: Sequence, fn: Callable) -> list:
    """[fn(v) for v in values] (None stays None), computing once per distinct object.

    Keyed by id(): cheap for UUIDs, whose __hash__ is Python code; safe because `values` keeps every
    object alive while the map runs, so no id is reused.
    """
    memo: dict[int, Any] = {}
    get = memo.get
    out = []
    append = out.append
    for v in values:
        if v is None:
            append(None)
            continue
        k = id(v)
        r = get(k)
        if r is None:
            r = memo[k] = fn(v)
        append(r)
    return out


def _column(kind: str, key: str, values: Sequence, proc: Callable | None, sqlite: bool, repeat: bool,
            log: bool) -> tuple[Sequence, list | None]:
    """(values to bind, change-log fragments `"key":[null,<json>]` or None) of one column."""
    nones = values.count(None)
    if nones == len(values):
        return values, None
    prefix = _json_str(key) + ":[null,"
    frags = None
    if kind == _UUID:
        if repeat:
            def both(v):
                h = "%032x" % v.int
                return h, (prefix + _hyphens(h) + "]" if log else None)
            pairs = _memo_map(values, both)
            if log:
                frags = [None if p is None else p[1] for p in pairs]
            stored = [None if p is None else p[0] for p in pairs] if sqlite else values
        else:
            hexes = [None if v is None else "%032x" % v.int for v in values]
            if log:
                frags = [None if h is None else f'{prefix}"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"]'
                         for h in hexes]
            stored = hexes if sqlite else values
        return stored, frags
    if kind == _STR and all(type(v) is str for v in values if v is not None):
        if log:
            frags = ([prefix + s + "]" for s in map(_json_str, values)] if not nones else
                     [None if v is None else prefix + _json_str(v) + "]" for v in values])
        return values, frags
    if kind == _INT and all(type(v) is int for v in values if v is not None):
        if log:
            frags = [None if v is None else f"{prefix}{v}]" for v in values]
        return values, frags
    if kind == _BOOL and all(type(v) is bool for v in values if v is not None):
        if log:
            frags = [None if v is None else prefix + ("true]" if v else "false]") for v in values]
        return ([None if v is None else int(v) for v in values] if sqlite else values), frags
    if kind == _DATE and all(type(v) is date for v in values if v is not None):
        iso = _memo_map(values, date.isoformat)
        if log:
            frags = [None if v is None else f'{prefix}"{v}"]' for v in iso]
        return (iso if sqlite else values), frags
    if (kind == _UTC and sqlite and all(type(v) is datetime and v.tzinfo is _UTC_TZ
                                          for v in values if v is not None)):
        # what UTCDateTime + SQLite's DATETIME store: "YYYY-MM-DD HH:MM:SS.ffffff" in UTC
        stored = [None if v is None else v.replace(tzinfo=None).isoformat(" ", "microseconds") for v in values]
        if log:
            frags = [None if v is None else f'{prefix}"{v.isoformat()}"]' for v in values]
        return stored, frags
    # anything else, or a value of an unexpected type: SQLAlchemy's own processor, one value at a time
    stored = values if proc is None else [None if v is None else proc(v) for v in values]
    if log:
        frags = (_memo_map(values, lambda v: prefix + _json_fragment(v) + "]") if repeat else
                 [None if v is None else prefix + _json_fragment(v) + "]" for v in values])
    return stored, frags


# --- per table and dialect: columns, converters and the INSERT text ---------------------------------

class _Plan:
    def __init__(self, table, model, dialect):
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True
                                                          and c.name != "id")]
        self.keys = [c.key for c in self.columns]
        self.names = frozenset(self.keys)
        self.index_of_id = self.keys.index("id") if "id" in self.names else -1
        self.procs: dict[str, Callable | None] = {
            c.key: c.type._cached_bind_processor(dialect) for c in self.columns}  # noqa: SLF001
        self.kinds = {c.key: _kind(c) for c in self.columns}
        self.sqlite = dialect.name == "sqlite"
        mapper = inspect(model) if model is not None else None
        self.defaults = {} if mapper is None else {
            c.key: c.columns[0].default.arg for c in mapper.column_attrs
            if c.columns[0].default is not None and not callable(c.columns[0].default.arg)}
        self.given = [k for k in self.keys if k not in _SYNC_COLUMNS]  # read from the rows
        self.logged = frozenset(k for k in self.names if k not in BOOKKEEPING)
        self.log_order = sorted(self.logged)  # canonical_json.dumps sorts keys
        # columns whose values repeat across rows (foreign keys, codes, flags): convert each object once
        self.repeat = {k for k in self.keys if k not in ("id", "change_id", "changes", "dni", "name")}
        prep = dialect.identifier_preparer
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self.sql = (f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.quote(c.name) for c in self.columns)})"
                    f" VALUES ({', '.join([mark] * len(self.columns))})")


_PLANS: dict[tuple, _Plan] = {}


def _plan(table, model, dialect) -> _Plan:
    key = (table, type(dialect), dialect.paramstyle)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _Plan(table, model, dialect)
    return plan


def _const(plan: _Plan, key: str, value: Any) -> Any:
    proc = plan.procs[key]
    return value if proc is None or value is None else proc(value)


class RowPreparer:
    """Turns dict rows into the driver's parameter tuples of a table and of its change-log entries.

    Needs no connection, only the dialect and the writer's constants (time, user, node), so that it can
    run in another process while this one only executes (`services/demo/worker.py`). The tuples are
    exactly what `insert_sync_rows` binds.
    """

    def __init__(self, dialect, *, now: datetime, user_id: UUID | None, node: str, dni: str):
        self.dialect = dialect
        self.now, self.user_id, self.node, self.dni = now, user_id, node, dni
        self.log_plan = _plan(ChangeLog.__table__, None, dialect)
        self._consts: dict[type, tuple[dict, dict]] = {}

    def _constants(self, model: type) -> tuple[dict, dict]:
        found = self._consts.get(model)
        if found is None:
            plan, log_plan, now, user_id = self.plan(model), self.log_plan, self.now, self.user_id
            sync = {k: _const(plan, k, v) for k, v in zip(_SYNC_COLUMNS, (1, now, user_id, now, user_id,
                                                                            self.node))}
            log_consts = {"entity": model.__tablename__, "op": "insert", "base_version": None, "new_version": 1,
                          "user_id": user_id, "user_dni": self.dni, "node": self.node, "at": now,
                          "offline_at": None}
            found = self._consts[model] = (sync, {k: _const(log_plan, k, v) for k, v in log_consts.items()})
        return found

    def plan(self, model: type) -> _Plan:
        return _plan(model.__table__, model, self.dialect)

    def prepare(self, model: type[SyncRow], rows: Iterable[dict], *,
                log: bool = True) -> Iterator[tuple[list[tuple], list[tuple] | None]]:
        """(row tuples, change-log tuples or None) per chunk of `CHUNK` rows."""
        plan, log_plan = self.plan(model), self.log_plan
        sync, log_consts = self._constants(model)
        table = model.__table__
        searchable = bool(getattr(model, "SEARCH_FIELDS", ()))
        names, given, kinds, procs, sqlite = plan.names, plan.given, plan.kinds, plan.procs, plan.sqlite
        for chunk in _chunks(rows, CHUNK):
            n = len(chunk)
            for row in chunk:
                if not names.issuperset(row):
                    unknown = sorted(set(row) - names)
                    raise ValueError(f"{table.name}: not columns: {', '.join(unknown)}")
                if row.get("id") is None:
                    row["id"] = new_id()
            # one tuple per row (C-level map), then one tuple per column
            values = dict(zip(given, zip(*[tuple(map(row.get, given)) for row in chunk])))
            for key, default in plan.defaults.items():
                if key in values and None in values[key]:  # a column not given takes its default
                    values[key] = tuple(default if v is None else v for v in values[key])
            if searchable:
                values["search_key"] = tuple(derive(model, r) for r in chunk)
            stored = []
            frags = {}
            for key in plan.keys:
                if key in sync:
                    stored.append((sync[key],) * n)
                    continue
                col, frag = _column(kinds[key], key, values[key], procs[key], sqlite, key in plan.repeat,
                                    log and key in plan.logged)
                stored.append(col)
                if frag is not None:
                    frags[key] = frag
            row_tuples = list(zip(*stored))
            if not log:
                yield row_tuples, None
                continue
            ordered = [frags[k] for k in plan.log_order if k in frags]
            changes = ["{" + ",".join(filter(None, row_frags)) + "}" for row_frags in zip(*ordered)]
            change_ids = ["%032x" % v for v in new_v7_ints(n)] if sqlite else new_ids(n)
            columns = []
            for key in log_plan.keys:
                if key == "change_id":
                    columns.append(change_ids)
                elif key == "entity_id":
                    columns.append(stored[plan.index_of_id])
                elif key == "changes":
                    columns.append(changes)
                else:
                    columns.append((log_consts[key],) * n)
            yield row_tuples, list(zip(*columns))


def dialect_of(driver_url: str):
    """A dialect object for a URL such as "sqlite://", without an engine (for a RowPreparer elsewhere)."""
    return make_url(driver_url).get_dialect()()


def preparer_for(unit: Unit) -> RowPreparer:
    """A RowPreparer with this unit's dialect, time, user and node."""
    session = session_of(unit)
    info = session.info
    return RowPreparer(session.connection().dialect, now=info.get("fixed_now") or utcnow(),
                       user_id=info.get("user_id"), node=info.get("node", "local"),
                       dni=info.get("user_dni", "00000000"))


def write_prepared(unit: Unit, model: type[SyncRow], row_tuples: Sequence[tuple],
                   log_tuples: Sequence[tuple] | None) -> int:
    """Executes what `RowPreparer.prepare` made for `model`: its rows, then their change-log entries."""
    conn = unit.connection()
    dialect = conn.dialect
    conn.exec_driver_sql(_plan(model.__table__, model, dialect).sql, row_tuples)
    if log_tuples is not None:
        conn.exec_driver_sql(_plan(ChangeLog.__table__, None, dialect).sql, log_tuples)
    return len(row_tuples)


def insert_sync_rows(unit: Unit, model: type[SyncRow], rows: Iterable[dict], *, log: bool = True,
                     preparer: RowPreparer | None = None) -> int:
    """Insert user-data rows with their sync columns and one change-log entry each.

    Each row must carry its own `id` when the caller needs it (children refer to it); one is made
    otherwise (and written back into the dict). Columns not given, or given as None, take their
    defaults; a key that is not a column is an error. Returns the number of rows.
    """
    prep = preparer or preparer_for(unit)
    written = unit.info.get("written")
    if written is not None:
        rows = rows if isinstance(rows, list) else list(rows)
    count = sum(write_prepared(unit, model, row_tuples, log_tuples)
                for row_tuples, log_tuples in prep.prepare(model, rows, log=log))
    if written is not None:
        written.rows(model.__tablename__, rows)  # after prepare: rows given without an id have one now
    return count


@contextmanager
def fast_load(unit: Unit, *, cache_mib: int = 1024, pause_gc: bool = True) -> Iterator[None]:
    """Speed knobs for one large load inside `unit`, undone afterwards.

    * SQLite: a page cache of `cache_mib` MiB while it runs, so that index pages stay in memory instead
      of being spilled and re-read. Durability is untouched: the unit commits with the usual settings.
    * `pause_gc`: the cyclic garbage collector is paused (reference counting still frees memory). A load
      allocates millions of dicts and tuples; every collection walks all live objects, which made the
      conversion up to 8× slower. Collected once at the end.
    """
    conn = unit.connection()
    sqlite = conn.dialect.name == "sqlite"
    old = conn.exec_driver_sql("PRAGMA cache_size").scalar() if sqlite else None
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
    was_enabled = gc.isenabled()
    if pause_gc:
        gc.disable()
    try:
        yield
    finally:
        if pause_gc and was_enabled:
            gc.enable()
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old)}")


@contextmanager
def deferred_indexes(unit: Unit, models: Sequence[type]) -> Iterator[None]:
    """For a load into empty tables: drops their non-unique indexes and builds them again at the end.

    Maintaining an index row by row on random UUID keys costs more than one sorted build afterwards.
    Unique indexes stay, so the load is still checked. Everything happens inside the unit's
    transaction, so a failed load leaves the indexes as they were (DDL is transactional on both
    engines).
    """
    conn = unit.connection()
    dropped = [index for model in (*models, ChangeLog) for index in model.__table__.indexes if not index.unique]
    for index in dropped:
        index.drop(conn)
    try:
        yield
    finally:
        for index in dropped:
            index.create(conn)


@contextmanager
def rollback_journal(db: Database) -> Iterator[bool]:
    """For one very large transaction on an SQLite file: a rollback journal instead of WAL while it runs.

    In WAL mode every page of the load is written twice: to the WAL during the transaction, then to the
    database by the checkpoint (2.2 GB each for the national demo). A rollback journal only keeps the
    original content of the pages that existed before the transaction; pages appended to the file are not
    journalled, so a load into a nearly empty database writes its data once. It is just as safe: a crash or
    a power cut mid-load leaves a hot journal that SQLite rolls back on the next open, and the commit is
    synced (`synchronous=FULL` stays). WAL comes back at the end (and every new connection asks for it).

    Leaving WAL needs the only connection to the file: idle pooled connections are closed first, and if
    another connection or process has the file open the switch is simply skipped (yields False) instead
    of waiting. The caller must then do its work in one unit on this engine, in this thread: the pool
    hands it the same connection. Other engines (PostgreSQL, memory databases): nothing (yields False).
    """
    if not db.is_sqlite or db.url.database in (None, "", ":memory:"):
        yield False
        return
    db.engine.dispose()  # idle pooled connections would keep the file in WAL mode
    switched = _journal_mode(db, "DELETE") == "delete"
    try:
        yield switched
    finally:
        if switched:
            _journal_mode(db, "WAL")


def _journal_mode(db: Database, mode: str) -> str:
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        timeout = raw.execute("PRAGMA busy_timeout").fetchone()[0]
        raw.execute("PRAGMA busy_timeout=0")  # somebody else has the file open: do not wait for them
        try:
            return str(raw.execute(f"PRAGMA journal_mode={mode}").fetchone()[0]).lower()
        except sqlite3.OperationalError:  # "database is locked": keep the current mode
            return ""
        finally:
            raw.execute(f"PRAGMA busy_timeout={int(timeout)}")

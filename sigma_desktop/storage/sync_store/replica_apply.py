"""Replica side: applying what the hub sends (rows, change-log entries, retired rows)."""
from __future__ import annotations

from typing import Callable, Iterable, Mapping, Sequence
from uuid import UUID

from sqlalchemy import delete, func, select

from ...domain.canonical_json import dumps
from ..unit import Unit, session_of
from ..written import report_json_rows, report_rows
from .codecs import _sqlite_datetime, _sqlite_uuid
from .state import last_seq
from .tables import LOG_COLUMNS, ORDER, _LOG, _Table, foreign_keys, is_entity, log_params, table

# --- replica: applying what the hub sends -------------------------------------------------------------

def _upsert_sql(unit: Unit, t: _Table, cols: Sequence[str], update_cols: Sequence[str]) -> str:
    dialect = unit.connection().dialect
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
    dialect = unit.connection().dialect
    return [t.table.c[c].type._cached_bind_processor(dialect) for c in cols]  # noqa: SLF001


def upsert_rows(unit: Unit, entity: str, rows: Sequence[Mapping], keep: Mapping[str, set[str]] | None = None
                ) -> int:
    """Writes hub rows (JSON values) as they are; for ids in `keep`, the named fields (local changes
    not yet acknowledged) and the version stay as they are here."""
    if not rows:
        return 0
    t = table(entity)
    conn = unit.connection()
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
    report_json_rows(session_of(unit), t.table.name, rows)  # the unit's change set
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
    session = session_of(unit)
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name == "sqlite":
        params = []
        for e in entries:
            uid = e.get("user_id")
            changes = e["changes"]
            params.append((_sqlite_uuid(e["change_id"]), e["entity"], _sqlite_uuid(e["entity_id"]), e["op"],
                           changes if isinstance(changes, str) else dumps(changes), e.get("base_version"), e["new_version"],
                           None if uid is None else _sqlite_uuid(uid), e["user_dni"], e["node"],
                           _sqlite_datetime(e["at"]), _sqlite_datetime(e.get("offline_at"))))
    else:
        params = log_params(dialect, entries)
    prep = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO change_log ({', '.join(prep.quote(c) for c in LOG_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(LOG_COLUMNS))}) ON CONFLICT (change_id) DO NOTHING")
    before = last_seq(unit)
    conn.exec_driver_sql(sql, params)
    return int(session.scalar(select(func.count()).select_from(_LOG).where(_LOG.c.seq > before)) or 0)


def defer_foreign_keys(unit: Unit) -> None:
    """SQLite: check foreign keys at commit (a batch may bring a child before its parent)."""
    conn = unit.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def _children(entity: str) -> list[tuple[str, str]]:
    """(child entity, column) pairs that refer to `entity`."""
    return [(e, col) for e in ORDER for col, target in foreign_keys(e) if target == entity]


def retire_rows(unit: Unit, items: Iterable[tuple[str, str]]) -> int:
    """Removes local rows the hub refused to create (they are kept in a conflict record on the hub),
    with the local rows that depend on them. Only rows of this replica are touched; returns the count."""
    session = session_of(unit)
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
    for entity, id_ in ordered:  # what they belonged to, read while they are there (the unit's change set)
        t = table(entity).table
        report_rows(session, t.name, session.execute(select(t).where(t.c.id == UUID(id_))).mappings())
    for entity, id_ in sorted(ordered, key=lambda x: -ORDER.index(x[0])):  # children first
        t = table(entity).table
        removed += session.execute(delete(t).where(t.c.id == UUID(id_))).rowcount or 0
    return removed

"""Hub side: writing an accepted batch (rows, change-log entries, receipts, refresh markers), with COPY
on PostgreSQL."""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence
from uuid import UUID

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import DataError, IntegrityError

from ...domain.canonical_json import dumps
from ..ids import utcnow
from ..sync_models import SyncPending, SyncReceipt
from ..unit import Unit, session_of
from ..written import report_json_rows
from .replica_apply import _bind
from .tables import CHUNK, LOG_COLUMNS, _LOG, _Table, _keys, is_postgres, log_params, table

# what a write of a batch raises when the database refuses a row (a constraint, a value it cannot take)
IntegrityFailure = (IntegrityError, DataError)



# --- hub: writing a batch -------------------------------------------------------------------------------

def _copy_or_insert(unit: Unit, tbl, cols: Sequence[str], params: list[tuple]) -> None:
    """Many rows into one table: COPY on PostgreSQL (psycopg), executemany elsewhere."""
    if not params:
        return
    conn = unit.connection()
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


def _python_rows(unit: Unit, t: _Table, cols: Sequence[str], rows: Iterable[Mapping]) -> list[tuple]:
    procs = _bind(unit, t, cols)
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
    report_json_rows(session_of(unit), t.table.name, rows)  # the unit's change set
    if is_postgres(unit):  # COPY's text format parses ISO times, dates and UUID text itself
        _copy_or_insert(unit, t.table, t.columns, [tuple(map(row.get, t.columns)) for row in rows])
        return
    _copy_or_insert(unit, t.table, t.columns, _python_rows(unit, t, t.columns, rows))


def update_rows(unit: Unit, entity: str, updates: Sequence[tuple[str, Mapping]],
                whole: Mapping[str, Mapping]) -> None:
    """(id, {column: JSON value}) updates, grouped by the set of columns they set. `whole`: each row as it
    will be (id → JSON row), so that the unit's change set takes what they belong to from them."""
    t = table(entity)
    groups: dict[tuple[str, ...], list[tuple[str, Mapping]]] = {}
    for id_, values in updates:
        groups.setdefault(tuple(sorted(values)), []).append((id_, values))
    session = session_of(unit)
    report_json_rows(session, t.table.name, [whole[id_] for id_, _values in updates])  # the unit's change set
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
    conn = unit.connection()
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


def write_entries(unit: Unit, entries: Sequence[Mapping]) -> None:
    """Change-log entries of changes applied on the hub (the pushing node's ids, users and times)."""
    if not entries:
        return
    if is_postgres(unit):  # text for COPY: UUIDs and times as they are, the changes as JSON text
        _copy_or_insert(unit, _LOG, LOG_COLUMNS, [
            (e["change_id"], e["entity"], e["entity_id"], e["op"], dumps(e["changes"]), e.get("base_version"),
             e["new_version"], e.get("user_id"), e["user_dni"], e["node"], e["at"], e.get("offline_at"))
            for e in entries])
        return
    _copy_or_insert(unit, _LOG, LOG_COLUMNS, log_params(unit.connection().dialect, entries))


_RECEIPT_COLS = ("change_id", "node_id", "outcome", "in_step", "received_at")


def write_receipts(unit: Unit, node: str, outcomes: Sequence[tuple[str, str, bool]]) -> None:
    """(change id, outcome, in step) of each processed change."""
    if not outcomes:
        return
    now = utcnow()
    if is_postgres(unit):  # one statement from three arrays, each one text parameter joined in C
        unit.connection().exec_driver_sql(
            "INSERT INTO sync_receipt (change_id, node_id, outcome, in_step, received_at) SELECT "
            "unnest(CAST(%s AS UUID[])), CAST(%s AS UUID), unnest(CAST(%s AS TEXT[])), "
            "unnest(CAST(%s AS BOOLEAN[])), CAST(%s AS TIMESTAMPTZ)",
            (_keys(cid for cid, _, _ in outcomes), node, _keys(o for _, o, _ in outcomes),
             _keys("t" if step else "f" for _, _, step in outcomes), now.isoformat()))
        return
    dialect = unit.connection().dialect
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
        unit.execute(insert(SyncPending.__table__), rows)


def savepoint(unit: Unit):
    """A nested transaction (SAVEPOINT): `with savepoint(u): ...` undoes only its own writes on error."""
    return session_of(unit).begin_nested()

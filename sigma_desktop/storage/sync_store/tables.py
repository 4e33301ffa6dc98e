"""The synced tables: their order, per-entity column information, and the small SQL helpers every
part of synchronisation uses."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence
from uuid import UUID

from sqlalchemy import Text, cast, select

from .. import models as m
from ...domain.canonical_json import dumps, json_value
from ..sync_models import SyncConflict
from ..unit import Unit, session_of
from .codecs import _TO_SQLITE, _from_json_for, _json_from_pg, _kind

# Every synced entity, parents before children (the order rows are written in).
MODELS: dict[str, type] = {model.__tablename__: model for model in (*m.SYNC_MODELS, SyncConflict)}
ORDER: tuple[str, ...] = tuple(MODELS)
CHUNK = 1000


def _keys(values: Iterable) -> str:
    """A PostgreSQL array literal of ids or numbers: one text parameter, however many keys."""
    return "{" + ",".join(str(v) for v in values) + "}"


def _by_keys(unit: Unit, sql: str, keys: Sequence, *extra) -> list:
    """Runs `sql` (PostgreSQL, with `{keys}` where the key set goes: joined as a table, `unnest` of one
    array parameter, so that the planner walks the index once per key whatever plan it keeps) for the
    keys in chunks; returns all rows."""
    conn = unit.connection()
    out: list = []
    for start in range(0, len(keys), CHUNK * 10):
        chunk = keys[start:start + CHUNK * 10]
        out += conn.exec_driver_sql(sql, (_keys(chunk), *extra)).fetchall()
    return out


def is_postgres(unit: Unit) -> bool:
    return unit.connection().dialect.name == "postgresql"


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


_LOG = m.ChangeLog.__table__
LOG_COLUMNS = ("change_id", "entity", "entity_id", "op", "changes", "base_version", "new_version", "user_id",
               "user_dni", "node", "at", "offline_at")
_LOG_CONVERT = {"change_id": UUID, "entity_id": UUID, "user_id": UUID, "at": datetime.fromisoformat,
                "offline_at": datetime.fromisoformat,
                "changes": lambda v: v if isinstance(v, str) else dumps(v)}


def log_params(dialect, entries: Iterable[Mapping]) -> list[tuple]:
    """Change-log entries (JSON values) as driver parameters in LOG_COLUMNS order, through the bind
    processors SQLAlchemy uses (so the stored text is the ORM's); `changes` may come as JSON text."""
    procs = [_LOG.c[c].type._cached_bind_processor(dialect) for c in LOG_COLUMNS]  # noqa: SLF001
    params = []
    for e in entries:
        row = []
        for c, proc in zip(LOG_COLUMNS, procs):
            v = e.get(c)
            if v is not None and c in _LOG_CONVERT:
                v = _LOG_CONVERT[c](v)
            row.append(v if proc is None or v is None else proc(v))
        params.append(tuple(row))
    return params


def rows_by_id(unit: Unit, entity: str, ids: Iterable[str], *, lock: bool = False,
               columns: Sequence[str] | None = None) -> dict[str, dict]:
    """Current rows (JSON values) of `entity` by id; `lock` takes row locks on PostgreSQL (FOR UPDATE);
    `columns`: only these (with "id")."""
    t = table(entity)
    out: dict[str, dict] = {}
    session = session_of(unit)
    pg = is_postgres(unit)
    ids = list(dict.fromkeys(str(i) for i in ids)) if pg else \
        [i if isinstance(i, UUID) else UUID(str(i)) for i in dict.fromkeys(ids)]
    cols = list(columns) if columns else t.columns
    for start in range(0, len(ids), CHUNK * 5 if pg else CHUNK):
        chunk = ids[start:start + (CHUNK * 5 if pg else CHUNK)]
        if pg:  # UUIDs come back as text, times converted once: no Python UUID objects on the way
            index = [t.columns.index(c) for c in cols]
            conv = [t.from_pg[i] for i in index]
            q = unit.connection().dialect.identifier_preparer.quote
            names = ", ".join(f"CAST(t.{q(c)} AS TEXT)" if t.kinds[c] == "uuid" else f"t.{q(c)}" for c in cols)
            sql = (f"SELECT {names} FROM {t.name} t JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON t.id = k.id"
                   + (" FOR UPDATE OF t" if lock else ""))
            for row in unit.connection().exec_driver_sql(sql, (_keys(chunk),)).fetchall():
                values = {c: (v if f is None or v is None else f(v)) for c, f, v in zip(cols, conv, row)}
                out[values["id"]] = values
            continue
        for row in session.execute(select(*(t.table.c[c] for c in cols)).where(t.table.c.id.in_(chunk))).mappings():
            out[str(row["id"])] = row_json(row)
    return out

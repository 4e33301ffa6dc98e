"""The audit protections a SIGMA database must carry, checked and repaired: the triggers that make the
change log append-only (migration 0003; on PostgreSQL also the hub's capture trigger of 0004), and no
trigger of anyone else.

A database file is its owner's to edit: a restored copy, or a database opened after someone used a
SQLite tool on it, may have lost its protections (dropped, or replaced by a trigger that does nothing)
or carry triggers SIGMA never made (one could rewrite every row written after it). `inspect_*` tells
which; `repair_sqlite` re-creates SIGMA's own; foreign triggers are never run nor kept silently: a
restore refuses the copy and `sigma check` names them.

Keep SQLITE_TRIGGERS and PG_TRIGGERS equal to what the migrations create (tests/storage/
test_audit_guard.py compares them with a freshly migrated database).
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

MESSAGE = "change_log es de solo anexado: no se puede modificar ni borrar"
SQLITE_TRIGGERS = {
    "change_log_no_update": f"CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log "
                            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "change_log_no_delete": f"CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
                            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
}
# name → (table, function it runs)
PG_TRIGGERS = {
    "change_log_no_update_delete": ("change_log", "change_log_append_only"),
    "change_log_no_truncate": ("change_log", "change_log_append_only"),
    "change_log_sync_capture": ("change_log", "sync_capture_changes"),
}


@dataclass
class AuditState:
    missing: list[str] = field(default_factory=list)    # SIGMA's triggers that are not there
    altered: list[str] = field(default_factory=list)    # there, but not as SIGMA made them (or disabled)
    foreign: list[str] = field(default_factory=list)    # "name (table)" of triggers SIGMA never made

    @property
    def sound(self) -> bool:
        return not (self.missing or self.altered or self.foreign)

    def problems(self) -> list[str]:
        out = []
        if self.missing:
            out.append(f"faltan las protecciones de la bitácora de cambios ({', '.join(self.missing)})")
        if self.altered:
            out.append(f"protecciones de la bitácora modificadas o desactivadas ({', '.join(self.altered)})")
        if self.foreign:
            out.append(f"disparadores ajenos a SIGMA Desktop: {', '.join(self.foreign)}")
        return out


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def inspect_sqlite(conn: sqlite3.Connection) -> AuditState:
    state = AuditState()
    found = {name: (table, sql) for name, table, sql in
             conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")}
    for name, sql in SQLITE_TRIGGERS.items():
        if name not in found:
            state.missing.append(name)
        elif _normal(found[name][1]) != _normal(sql):
            state.altered.append(name)
    state.foreign = [f"{name} ({table})" for name, (table, _) in sorted(found.items()) if name not in SQLITE_TRIGGERS]
    return state


def repair_sqlite(conn: sqlite3.Connection) -> list[str]:
    """Re-creates SIGMA's missing or altered triggers (never touches foreign ones); returns their names."""
    state = inspect_sqlite(conn)
    for name in state.altered:
        conn.execute(f'DROP TRIGGER "{name}"')
    for name in state.missing + state.altered:
        conn.execute(SQLITE_TRIGGERS[name])
    return state.missing + state.altered


def inspect_pg(conn) -> AuditState:
    """`conn`: a SQLAlchemy connection to PostgreSQL."""
    state = AuditState()
    rows = conn.exec_driver_sql(
        "SELECT t.tgname, c.relname, p.proname, t.tgenabled, p.prosrc FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema()").fetchall()
    found = {name: (table, function, enabled, source) for name, table, function, enabled, source in rows}
    for name, (table, function) in PG_TRIGGERS.items():
        if name not in found:
            state.missing.append(name)
            continue
        got_table, got_function, enabled, source = found[name]
        append_only = function != "change_log_append_only" or "RAISE EXCEPTION" in (source or "")
        if (got_table, got_function) != (table, function) or enabled == "D" or not append_only:
            state.altered.append(name)
    state.foreign = [f"{name} ({found[name][0]})" for name in sorted(found) if name not in PG_TRIGGERS]
    return state


def check_database(db) -> list[str]:
    """The audit problems of an open `Database` (either engine), in Spanish; [] when protected."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            return inspect_sqlite(conn.connection.dbapi_connection).problems()
        return inspect_pg(conn).problems()

"""Runs the Alembic migrations from the application (imported lazily: alembic costs 0.4 s)."""
from __future__ import annotations

from ..paths import migrations
from .database import Database


def _config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations()))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations()))
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(db: Database, step, target: str) -> None:
    """Runs a migration step in one transaction.

    On SQLite, batch migrations rebuild tables (copy, drop, rename); with foreign keys enforced the
    drop of a referenced table fails, so they are switched off around the transaction (the pragma is
    ignored inside one) and the whole database is checked before committing.
    """
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection  # outside any transaction, where the pragma works
        if db.is_sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                step(_config(conn), target)
                if db.is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if db.is_sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade(db: Database, target: str = "head") -> None:
    from alembic import command

    _run(db, command.upgrade, target)


def downgrade(db: Database, target: str) -> None:
    from alembic import command

    _run(db, command.downgrade, target)


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def schema_drift(db: Database) -> list:
    """What differs between the database's tables and the models (what `alembic check` would report);
    empty when the schema is the one its revision promises."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from .models import Base

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": db.is_sqlite})
        return compare_metadata(ctx, Base.metadata)

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


def upgrade(db: Database, target: str = "head") -> None:
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(_config(conn), target)


def downgrade(db: Database, target: str) -> None:
    from alembic import command

    with db.engine.begin() as conn:
        command.downgrade(_config(conn), target)


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()

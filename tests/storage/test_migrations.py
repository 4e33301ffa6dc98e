"""Migrations on both engines: up, down and up again, no drift against the models, and automatic upgrade
of an existing database by `Sigma.setup.initialize()`."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from sigma_desktop.services import Sigma
from sigma_desktop.storage import migrate
from sigma_desktop.storage.database import Database
from sigma_desktop.storage.models import Base

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.dispose()


def _drift(db: Database) -> list:
    """What autogenerate would write for this database: empty when the schema matches the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        # the same comparison options as migrations/env.py, so that this agrees with `alembic check`
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "render_as_batch": db.is_sqlite})
        return compare_metadata(ctx, Base.metadata)


def _tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _all_revisions() -> list[str]:
    """Every revision, oldest first."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]


def test_there_is_exactly_one_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1


def test_upgrade_downgrade_upgrade_without_drift(db):
    model_tables = set(Base.metadata.tables)

    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _tables(db) == model_tables
    assert _drift(db) == []

    migrate.downgrade(db, "base")
    assert migrate.current_revision(db) is None
    assert _tables(db) == set(), "downgrade to base left tables behind"

    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert _tables(db) == model_tables
    assert _drift(db) == []


def test_drift_check_sees_a_difference(db):
    """The comparison is not vacuous: a column the models lack shows up."""
    migrate.upgrade(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE app_meta ADD COLUMN stray INTEGER")
    diff = _drift(db)
    assert any(op[0] == "remove_column" and op[3].name == "stray" for op in diff), diff


def test_step_by_step_up_and_down(db):
    """Each revision's downgrade undoes its upgrade, so that any step can be taken back."""
    revisions = _all_revisions()
    for rev in revisions:
        migrate.upgrade(db, rev)
        assert migrate.current_revision(db) == rev
    for rev in reversed(revisions[:-1]):
        migrate.downgrade(db, rev)
        assert migrate.current_revision(db) == rev
    migrate.downgrade(db, "base")
    assert _tables(db) == set()


def test_needs_upgrade_on_empty_and_initialised_database(database_url):
    sigma = Sigma.open(database_url)
    sigma.sign_in_as_system()
    try:
        assert migrate.needs_upgrade(sigma.db) is True
        assert sigma.setup.needs_upgrade() is True
        sigma.setup.initialize()
        assert migrate.needs_upgrade(sigma.db) is False
        assert sigma.setup.needs_upgrade() is False
        assert _drift(sigma.db) == []
    finally:
        sigma.close()


@pytest.mark.parametrize("start", [None, *_all_revisions()[:-1]], ids=lambda r: f"from-{r or 'base'}")
def test_initialize_upgrades_an_older_database(database_url, start):
    """A database left at an older revision (or none: base) by an earlier release is brought to head."""
    old = Database(database_url)
    try:
        if start is not None:
            migrate.upgrade(old, start)
        assert migrate.current_revision(old) == start
    finally:
        old.dispose()

    sigma = Sigma.open(database_url)

    sigma.sign_in_as_system()
    try:
        report = sigma.setup.initialize()
        assert report.upgraded_from == start
        assert report.revision == migrate.head_revision()
        assert migrate.current_revision(sigma.db) == migrate.head_revision()
        assert not migrate.needs_upgrade(sigma.db)
        # initialising again changes nothing
        again = sigma.setup.initialize()
        assert again.upgraded_from == migrate.head_revision()
        assert again.ubigeos_loaded == 0
    finally:
        sigma.close()


def _alembic_ini(tmp_path: Path, url: str) -> Path:
    """alembic.ini with its database URL pointed elsewhere (the checked-in one is a dev file in out/)."""
    text = (ROOT / "alembic.ini").read_text(encoding="utf-8")
    text, n_url = re.subn(r"(?m)^sqlalchemy\.url\s*=.*$", lambda _: f"sqlalchemy.url = {url}", text)
    text, n_loc = re.subn(r"(?m)^script_location\s*=.*$",
                          lambda _: f"script_location = {(ROOT / 'migrations').as_posix()}", text)
    assert n_url == 1 and n_loc == 1, "alembic.ini no longer has sqlalchemy.url / script_location lines"
    ini = tmp_path / "alembic.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


def _alembic(ini: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alembic", "-c", str(ini), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)


def test_alembic_check_cli_reports_no_drift(tmp_path):
    ini = _alembic_ini(tmp_path, f"sqlite:///{(tmp_path / 'check.sqlite3').as_posix()}")
    up = _alembic(ini, "upgrade", "head")
    assert up.returncode == 0, up.stdout + up.stderr
    check = _alembic(ini, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_alembic_check_cli_fails_on_a_database_behind_the_models(tmp_path):
    """The check really checks: an empty database is reported as out of date."""
    ini = _alembic_ini(tmp_path, f"sqlite:///{(tmp_path / 'empty.sqlite3').as_posix()}")
    check = _alembic(ini, "check")
    assert check.returncode != 0

"""bulk.rollback_journal: a big load into an SQLite file runs with a rollback journal (its pages are written
once, not to the WAL and again by the checkpoint) and is just as safe: a process killed mid-load leaves the
database as it was, and WAL comes back afterwards. If another connection has the file open, nothing is
switched and the load still works."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from sigma_desktop.services import Sigma
from sigma_desktop.storage import bulk
from sigma_desktop.storage import models as m
from sigma_desktop.storage.unit import unit

ROOT = Path(__file__).resolve().parents[2]


def _dres(n: int, start: int = 0) -> list[dict]:
    return [{"code": f"{start + i:06d}", "name": f"DRE de prueba {start + i}", "department_code": "01"}
            for i in range(n)]


def _count(sigma: Sigma, model) -> int:
    with sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def test_a_load_switches_to_a_rollback_journal_and_back_to_wal(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    before = _count(sigma, m.ChangeLog)
    with bulk.rollback_journal(sigma.db) as switched:
        assert switched
        with unit(sigma.db, write=True) as u:
            assert u.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            bulk.insert_sync_rows(u, m.Dre, _dres(3000))
    assert _count(sigma, m.Dre) == 3000 and _count(sigma, m.ChangeLog) == before + 3000
    sigma.close()
    assert _journal_mode(path) == "wal"
    assert not Path(f"{path}-journal").exists()


def test_a_failed_load_changes_nothing_and_wal_comes_back(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    before = _count(sigma, m.ChangeLog)
    try:
        with bulk.rollback_journal(sigma.db), unit(sigma.db, write=True) as u:
            bulk.insert_sync_rows(u, m.Dre, _dres(2000))
            bulk.insert_sync_rows(u, m.Dre, _dres(1, start=5))  # duplicate code: the unit fails
    except Exception as exc:  # noqa: BLE001 - whatever the driver raises
        assert "UNIQUE" in str(exc) or "unique" in str(exc)
    else:
        raise AssertionError("the duplicate code was accepted")
    assert _count(sigma, m.Dre) == 0 and _count(sigma, m.ChangeLog) == before
    sigma.close()
    assert _journal_mode(path) == "wal"


def test_with_another_connection_open_nothing_is_switched_and_the_load_works(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    other = sqlite3.connect(path)  # say, the application reading the same file
    try:
        other.execute("SELECT count(*) FROM dre").fetchone()
        with bulk.rollback_journal(sigma.db) as switched:
            assert not switched
            with unit(sigma.db, write=True) as u:
                bulk.insert_sync_rows(u, m.Dre, _dres(500))
        assert other.execute("SELECT count(*) FROM dre").fetchone()[0] == 500
    finally:
        other.close()
    sigma.close()
    assert _journal_mode(path) == "wal"


_KILLED_LOAD = r"""
import os, sys
from sigma_desktop.services import Sigma
from sigma_desktop.storage import bulk, models as m
from sigma_desktop.storage.unit import unit
path = sys.argv[1]
sigma = Sigma.open(f"sqlite:///{path}")
sigma.sign_in_as_system()
size = os.path.getsize(path)
with bulk.rollback_journal(sigma.db) as switched, unit(sigma.db, write=True) as u:
    u.connection().exec_driver_sql("PRAGMA cache_size=50")  # a tiny cache: pages reach the file early
    bulk.insert_sync_rows(u, m.Dre, [{"code": f"{i:06d}", "name": "DRE " + "x" * 100, "department_code": "01"}
                                     for i in range(20000)])
    print(switched, os.path.getsize(path) - size, os.path.exists(path + "-journal"), flush=True)
    os._exit(9)  # dies mid-transaction: no rollback, no commit, no clean-up
"""


def test_a_load_killed_mid_transaction_is_rolled_back_on_the_next_open(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    before = (_count(sigma, m.Dre), _count(sigma, m.ChangeLog))
    sigma.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _KILLED_LOAD, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    switched, grown, journal = done.stdout.split()
    assert switched == "True" and int(grown) > 1_000_000 and journal == "True"  # the load had reached the file
    again = Sigma.open(f"sqlite:///{path}")
    again.sign_in_as_system()
    try:
        assert (_count(again, m.Dre), _count(again, m.ChangeLog)) == before
        with again.db.session() as s:
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        again.close()
    assert _journal_mode(path) == "wal"

"""The engine really works the way the design says: SQLite pragmas, write units that lock up front,
concurrent readers, and no password in what the app shows about a database."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from sigma_desktop.storage.database import Database


@pytest.fixture
def db(sqlite_url):
    from sigma_desktop.storage import migrate

    database = Database(sqlite_url)
    migrate.upgrade(database)  # units read the node id from the real schema
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.exec_driver_sql("INSERT INTO t (v) VALUES ('a')")
    yield database
    database.dispose()


def _path(db: Database) -> str:
    return db.url.database


def _pragma(db: Database, name: str):
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_pragmas_are_set_on_every_connection(db):
    assert _pragma(db, "journal_mode").lower() == "wal"
    assert _pragma(db, "foreign_keys") == 1
    assert _pragma(db, "synchronous") == 2  # FULL
    assert _pragma(db, "busy_timeout") >= 1000
    # a second pooled connection gets them too, not only the first one
    with db.engine.connect() as first, db.engine.connect() as second:
        for conn in (first, second):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t(id))")
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO child (t_id) VALUES (999)")


def _other_writer(db: Database, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(_path(db), timeout=timeout, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def test_write_unit_takes_the_write_lock_up_front(db):
    """BEGIN IMMEDIATE: even before the unit writes anything, a second writer must wait for it."""
    with db.session(write=True) as s:
        s.connection().exec_driver_sql("SELECT v FROM t").all()  # only a read so far
        other = _other_writer(db, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        waited = time.monotonic() - started
        other.close()
    assert waited >= 0.25, f"the second writer gave up after {waited:.3f} s instead of waiting"


def test_second_writer_waits_then_proceeds_when_the_first_commits(db):
    result: dict = {}

    def second_writer():
        conn = _other_writer(db, timeout=10)
        started = time.monotonic()
        conn.execute("BEGIN IMMEDIATE")
        result["waited"] = time.monotonic() - started
        conn.execute("INSERT INTO t (v) VALUES ('second')")
        conn.execute("COMMIT")
        conn.close()

    with db.session(write=True) as s:
        s.connection().exec_driver_sql("INSERT INTO t (v) VALUES ('first')")
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive(), "the second writer did not wait for the first"
    thread.join(10)
    assert not thread.is_alive()
    assert result["waited"] >= 0.4
    with db.engine.connect() as conn:
        assert [r[0] for r in conn.exec_driver_sql("SELECT v FROM t ORDER BY id")] == ["a", "first", "second"]


def test_a_failed_write_unit_rolls_back(db):
    with pytest.raises(RuntimeError), db.session(write=True) as s:
        s.connection().exec_driver_sql("INSERT INTO t (v) VALUES ('lost')")
        raise RuntimeError("boom")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_read_units_run_concurrently_and_do_not_block_a_writer(db):
    with db.session() as r1, db.session() as r2:
        assert r1.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
        assert r2.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
        # two open read transactions on two connections; a writer still gets in at once
        other = _other_writer(db, timeout=0.2)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (v) VALUES ('b')")
        other.execute("COMMIT")
        other.close()
        # the readers keep their snapshot (WAL)
        assert r1.connection().exec_driver_sql("SELECT count(*) FROM t").scalar() == 1


def test_read_units_in_threads_overlap(db):
    inside = threading.Barrier(2, timeout=5)
    errors: list[BaseException] = []

    def reader():
        try:
            with db.session() as s:
                s.connection().exec_driver_sql("SELECT count(*) FROM t").scalar()
                inside.wait()  # both readers are inside a transaction at the same time
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not errors


def test_describe_hides_the_postgresql_password():
    db = Database("postgresql+psycopg://gestor:s3cr3t-clave@db.ugel.local:5432/sigma")
    try:
        text = db.describe()
        assert "s3cr3t-clave" not in text
        assert "gestor" in text and "db.ugel.local" in text and "sigma" in text
        assert "***" in text
    finally:
        db.dispose()


def test_describe_of_sqlite_is_the_file(sqlite_url):
    db = Database(sqlite_url)
    try:
        assert db.describe() == sqlite_url
    finally:
        db.dispose()

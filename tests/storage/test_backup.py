"""Backups with SQLite's online backup API, restore with the current file kept aside, retention, the
automatic copies at start (daily, before a migration) and the scheduled integrity check."""
from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sigma_desktop.domain.data_errors import BackupError, DatabaseLocked, NewerSchema
from sigma_desktop.domain.dates import LIMA
from sigma_desktop.services import Sigma
from sigma_desktop.storage import backup as store
from sigma_desktop.storage import migrate
from sigma_desktop.storage.schema_guard import known_revisions

from tests.storage.safety_helpers import (db_path, dump_db, dump_sqlite, executed_and_validated_visits,
                                          sha256)
from tests.world import ADMIN, COACH_MG, GESTOR, YEAR


def _reports(sigma):
    """The control grid and indicators as the services compute them (timestamps left out)."""
    from sigma_desktop.domain.reporting import ReportFilter

    out = {}
    f = ReportFilter(year=YEAR)
    if hasattr(type(sigma), "control"):
        grid = sigma.control.grid(f)
        out["control"] = dataclasses.replace(grid, generated_at=None)
    if hasattr(type(sigma), "indicators"):
        report = sigma.indicators.compute(f)
        out["indicators"] = dataclasses.replace(report, generated_at=None)
    return out


def test_backup_is_a_verified_single_file_named_by_date_and_kind(sqlite_world):
    sigma = sqlite_world.sigma
    made = sigma.backup.create()
    assert made.path.parent == db_path(sigma).parent / "copias-de-seguridad"
    assert made.kind == "manual" and made.path.name.startswith("sigma-") and made.path.suffix == ".sqlite3"
    assert not Path(str(made.path) + "-wal").exists() and not made.path.with_suffix(".partial").exists()
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert dump_sqlite(made.path) == dump_db(sigma.db)
    assert store.revision_of(made.path) == migrate.head_revision()


def test_backup_of_a_database_in_use_is_a_consistent_snapshot(sqlite_world):
    """Writers keep committing while copies are taken; each copy holds whole transactions only."""
    sigma = sqlite_world.sigma
    stop = threading.Event()
    written: list[str] = []

    def writer():
        n = 0
        while not stop.is_set() and n < 400:
            dni = f"3{n:07d}"
            sigma.masters.add_teacher(dni, "Docente", "Copia", None, "0512345")
            written.append(dni)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        for _ in range(5):
            copies.append(sigma.backup.create())
    finally:
        stop.set()
        thread.join(60)
    assert len(written) > 0
    for c in copies:
        assert store.check_file(c.path) == []
        rows = dump_sqlite(c.path)
        teachers = {r for r in rows["teacher"]}
        logged_inserts = [r for r in rows["change_log"] if r[2] == "teacher" and r[4] == "insert"]
        # every teacher in the copy has its change-log entry and the other way round: no torn unit
        assert len(logged_inserts) == len(teachers)


def test_restore_round_trip_gives_back_every_row_and_the_same_reports(sqlite_world):
    sigma = sqlite_world.sigma
    executed_and_validated_visits(sqlite_world)
    before_rows = dump_db(sigma.db)
    before_reports = _reports(sigma)
    made = sigma.backup.create()

    # work goes on after the copy: more visits, a validation, a deleted execution
    from tests.world import RATINGS_2018, RCI

    sqlite_world.sign_in(COACH_MG)
    v = sigma.planning.plan_visit(sqlite_world.coaches[COACH_MG], sqlite_world.teachers["40000002"], YEAR, 6)
    done = sigma.registration.register_visit(v.id, date(YEAR, 6, 3), RATINGS_2018)
    sqlite_world.sign_in(RCI)
    sigma.trash.delete_execution(done.execution_id, "registro duplicado")
    assert dump_db(sigma.db) != before_rows

    sqlite_world.sign_in(ADMIN)
    result = sigma.backup.restore(made.path)
    assert sigma.actor is None, "everyone signs in again after a restore"
    assert result.kept_aside is not None and result.kept_aside.exists()
    assert dump_db(sigma.db) == before_rows
    sigma.sign_in_as_system()  # the reports compared as the command line reads them
    assert _reports(sigma) == before_reports
    # the previous database is intact beside it, with the work done after the copy
    aside_rows = dump_sqlite(result.kept_aside)
    assert len(aside_rows["execution"]) == len(before_rows["execution"]) + 1
    # and the application keeps working on the restored file
    sqlite_world.sign_in(GESTOR)
    assert sigma.validation.queue(YEAR)


def test_restore_refuses_a_damaged_copy_and_changes_nothing(sqlite_world, tmp_path):
    sigma = sqlite_world.sigma
    made = sigma.backup.create()
    data = bytearray(made.path.read_bytes())
    page = 4096
    for i in range(3 * page, min(len(data), 40 * page)):  # overwrite pages of tables and indexes
        data[i] = (i * 7) & 0xFF
    bad = tmp_path / "danada.sqlite3"
    bad.write_bytes(bytes(data))
    before = dump_db(sigma.db)
    sigma.db.dispose()
    with pytest.raises(BackupError, match="está dañada"):
        sigma.backup.restore(bad)
    assert dump_db(sigma.db) == before
    assert not list(db_path(sigma).parent.glob("*.antes-de-restaurar-*"))
    assert not list(db_path(sigma).parent.glob("*.restaurando"))


def test_restore_refuses_a_file_that_is_not_a_sigma_database(sqlite_world, tmp_path):
    other = tmp_path / "otro.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    text = tmp_path / "texto.sqlite3"
    text.write_text("esto no es una base de datos", encoding="utf-8")
    for bad in (other, text):
        with pytest.raises(BackupError):
            sqlite_world.sigma.backup.restore(bad)


def test_restore_refuses_a_copy_from_a_newer_release(sqlite_world, tmp_path):
    sigma = sqlite_world.sigma
    made = sigma.backup.create()
    conn = sqlite3.connect(made.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerSchema, match="versión más reciente"):
        sigma.backup.restore(made.path)


def test_restore_waits_for_other_programs_to_close_the_database(sqlite_world):
    sigma = sqlite_world.sigma
    made = sigma.backup.create()
    other = sqlite3.connect(db_path(sigma))  # another program with the database open
    other.execute("SELECT count(*) FROM teacher").fetchone()
    try:
        before = sha256(db_path(sigma))
        with pytest.raises(DatabaseLocked, match="Otro programa"):
            sigma.backup.restore(made.path)
        assert sha256(db_path(sigma)) == before
        assert not list(db_path(sigma).parent.glob("*.restaurando"))
    finally:
        other.close()
    sigma.backup.restore(made.path)  # once it is closed, the restore goes ahead


def test_restore_of_an_older_copy_upgrades_it(sqlite_world, tmp_path):
    """A copy made before a migration is brought to the current schema when restored."""
    sigma = sqlite_world.sigma
    made = sigma.backup.create()
    old = Sigma.open(f"sqlite:///{made.path}")
    old.sign_in_as_system()
    migrate.downgrade(old.db, known_revisions()[-2])
    old.close()
    assert store.revision_of(made.path) == known_revisions()[-2]
    sigma.backup.restore(made.path)
    assert migrate.current_revision(sigma.db) == migrate.head_revision()


def test_retention_keeps_the_newest_automatic_copies_and_every_manual_one(tmp_path):
    source = sqlite3.connect(":memory:")
    source.execute("CREATE TABLE t (x)")
    start = datetime(2026, 3, 1, 8, 0, tzinfo=LIMA)
    for day in range(15):
        store.backup_connection(source, tmp_path, "diaria", now=start + timedelta(days=day))
    for day in (2, 9):
        store.backup_connection(source, tmp_path, "manual", now=start + timedelta(days=day, hours=1))
    store.backup_connection(source, tmp_path, "antes-de-migrar", now=start + timedelta(days=14, hours=2))
    removed = store.prune(tmp_path, keep=5)
    left = store.list_backups(tmp_path)
    automatic = [b for b in left if b.kind != "manual"]
    assert len(automatic) == 5 and len(removed) == 11
    assert automatic[0].kind == "antes-de-migrar"
    assert min(b.taken_at for b in automatic) == start + timedelta(days=11)
    assert sorted(b.kind for b in left if b.kind == "manual") == ["manual", "manual"]
    # newest first
    assert [b.taken_at for b in left] == sorted((b.taken_at for b in left), reverse=True)


def test_a_copy_taken_twice_in_the_same_second_gets_its_own_name(tmp_path):
    source = sqlite3.connect(":memory:")
    now = datetime(2026, 3, 1, 8, 0, tzinfo=LIMA)
    a = store.backup_connection(source, tmp_path, "manual", now=now)
    b = store.backup_connection(source, tmp_path, "manual", now=now)
    assert a.path != b.path and len(store.list_backups(tmp_path)) == 2


def test_first_start_of_each_day_makes_one_daily_copy(sqlite_sigma, monkeypatch):
    from sigma_desktop.services import backup as service

    sigma = sqlite_sigma
    sigma.setup.initialize()
    sigma.setup.initialize()
    daily = [b for b in sigma.backup.list() if b.kind == "diaria"]
    assert len(daily) == 1 and daily[0].taken_at.date() == service.today_lima()
    assert sigma.backup.status().copied_today
    tomorrow = service.today_lima() + timedelta(days=1)
    monkeypatch.setattr(service, "today_lima", lambda: tomorrow)
    monkeypatch.setattr(store, "_now", lambda: datetime.now(LIMA) + timedelta(days=1))
    sigma.setup.initialize()
    assert len([b for b in sigma.backup.list() if b.kind == "diaria"]) == 2


def test_automatic_copies_are_pruned(sqlite_sigma, monkeypatch):
    from sigma_desktop.services import backup as service

    sigma = sqlite_sigma
    monkeypatch.setattr(service, "KEEP_AUTOMATIC", 3)
    for day in range(6):
        when = datetime.now(LIMA) + timedelta(days=day)
        monkeypatch.setattr(service, "today_lima", lambda when=when: when.date())
        monkeypatch.setattr(store, "_now", lambda when=when: when)
        sigma.setup.initialize()
    assert len([b for b in sigma.backup.list() if b.kind == "diaria"]) == 3


def test_a_copy_is_made_before_every_migration(sqlite_url):
    from sigma_desktop.storage.database import Database

    previous = known_revisions()[-2]
    old = Database(sqlite_url)
    migrate.upgrade(old, previous)
    old.dispose()
    sigma = Sigma.open(sqlite_url)
    sigma.sign_in_as_system()
    try:
        report = sigma.setup.initialize()
        assert report.upgraded_from == previous
        before = [b for b in sigma.backup.list() if b.kind == "antes-de-migrar"]
        assert len(before) == 1
        assert store.revision_of(before[0].path) == previous  # the copy holds the database as it was
        sigma.setup.initialize()  # nothing to migrate: no new copy
        assert len([b for b in sigma.backup.list() if b.kind == "antes-de-migrar"]) == 1
    finally:
        sigma.close()


def test_no_migration_without_its_copy(sqlite_url, monkeypatch):
    from sigma_desktop.storage.database import Database

    previous = known_revisions()[-2]
    old = Database(sqlite_url)
    migrate.upgrade(old, previous)
    old.dispose()

    def broken(*_a, **_k):
        raise BackupError("No se pudo hacer la copia de seguridad: disco lleno.")

    monkeypatch.setattr(store, "backup_database", broken)
    sigma = Sigma.open(sqlite_url)
    sigma.sign_in_as_system()
    try:
        with pytest.raises(BackupError, match="No se actualizó la base de datos"):
            sigma.setup.initialize()
        assert migrate.current_revision(sigma.db) == previous
    finally:
        sigma.close()


def test_a_failed_daily_copy_does_not_stop_the_start(sqlite_sigma, monkeypatch):
    def broken(*_a, **_k):
        raise BackupError("No se pudo hacer la copia de seguridad: disco lleno.")

    monkeypatch.setattr(store, "backup_database", broken)
    sqlite_sigma.setup.initialize()
    assert not sqlite_sigma.backup.status().copied_today


def test_integrity_check_runs_on_schedule(sqlite_sigma, monkeypatch):
    from sigma_desktop.services import backup as service

    calls = []
    real = store.check_database
    monkeypatch.setattr(store, "check_database", lambda db, **k: calls.append(1) or real(db, **k))
    sigma = sqlite_sigma
    with sigma.db.engine.begin() as conn:  # as a database never checked
        conn.exec_driver_sql("DELETE FROM app_meta WHERE key = ?", (service.META_INTEGRITY,))
    sigma.setup.initialize()
    first = len(calls)
    assert first == 1  # never checked before: checked now
    assert sigma.db.scalar_meta(service.META_INTEGRITY) == service.today_lima().isoformat()
    sigma.setup.initialize()
    assert len(calls) == first  # checked today: not again
    later = service.today_lima() + timedelta(days=service.INTEGRITY_EVERY_DAYS)
    monkeypatch.setattr(service, "today_lima", lambda: later)
    sigma.setup.initialize()
    assert len(calls) == first + 1
    assert sigma.db.scalar_meta(service.META_INTEGRITY) == later.isoformat()


def test_backup_folder_given_by_the_user(sqlite_sigma, tmp_path):
    usb = tmp_path / "usb"
    made = sqlite_sigma.backup.create(usb)
    assert made.path.parent == usb and store.check_file(made.path) == []
    assert sqlite_sigma.backup.list(usb)[0].path == made.path


@pytest.mark.postgres
def test_postgresql_backups_are_made_with_pg_dump(pg_url):
    sigma = Sigma.open(pg_url)
    sigma.sign_in_as_system()
    try:
        sigma.setup.initialize()  # no copy and no file next to anything for a server
        assert not sigma.backup.available and sigma.backup.status().available is False
        with pytest.raises(BackupError, match="pg_dump"):
            sigma.backup.create()
    finally:
        sigma.close()

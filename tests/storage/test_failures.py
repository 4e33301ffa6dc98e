"""What happens when the disk fills, the folder is read-only, another program locks the database, the
database comes from a newer release, the file is damaged or lies on a network drive: a clear Spanish
message, nothing half-written, and the application can go on (or close) cleanly.

Disk-full and read-only cases run on a real small file system (tmpfs, remounted read-only); they are
skipped with the reason where mounting is not permitted, and on Windows, where the same risks have their
Windows twins at the end: the read-only attribute, a database another program holds open, a network drive.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from sigma_desktop.domain.data_errors import (BackupError, DatabaseCorrupt, DatabaseLocked, DiskFull,
                                              NetworkLocation, NewerSchema, ReadOnlyLocation)
from sigma_desktop.services import Sigma
from sigma_desktop.storage import backup as store
from sigma_desktop.storage import location
from sigma_desktop.storage.database import Database

from tests.platforms import (held_open_by_another_program, linux_only, needs_network_folder, read_only_attribute,
                             windows_only)
from tests.storage.safety_helpers import (db_path, dump_db, dump_sqlite, fill_disk, remount_read_only, sha256,
                                          small_filesystem)

needs_mount = linux_only("mount (a small tmpfs file system)")


def _count(sigma, table: str) -> int:
    with sigma.db.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


def _initialize_fails(path: Path, error: type[Exception], match: str | None = None) -> None:
    """Starting up the SQLite database at `path` raises `error`; the services are closed either way."""
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    try:
        with pytest.raises(error, match=match):
            sigma.setup.initialize()
    finally:
        sigma.close()


def _writes_are_refused(path: Path, dni: str, match: str) -> None:
    """Starting up and adding a teacher on the SQLite database at `path` both raise ReadOnlyLocation."""
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    try:
        with pytest.raises(ReadOnlyLocation, match=match):
            sigma.setup.initialize()
        with pytest.raises(ReadOnlyLocation):
            sigma.masters.add_teacher(dni, "Docente", "Solo", "Lectura", "0512345")
    finally:
        sigma.close()


def _copy_into(sigma, folder: Path) -> Path:
    """A copy of the test database (a closed, verified backup file) placed in `folder`."""
    made = sigma.backup.create(folder.parent / "copias-previas")
    target = folder / "sigma.sqlite3"
    shutil.copyfile(made.path, target)
    return target


@pytest.fixture
def fast_busy_timeout(monkeypatch):
    """Other programs' locks are waited for 0.3 s instead of 10 s, to keep the tests short."""
    from sigma_desktop.storage import database

    real = database._sqlite_pragmas

    def pragmas(conn, record):
        real(conn, record)
        conn.execute("PRAGMA busy_timeout=300")

    monkeypatch.setattr(database, "_sqlite_pragmas", pragmas)


# --- disk full -------------------------------------------------------------------------------------

@needs_mount
def test_disk_full_rolls_back_the_unit_and_the_app_goes_on(sqlite_world, tmp_path):
    with small_filesystem(tmp_path / "disco", "3m") as disk:
        path = _copy_into(sqlite_world.sigma, disk)
        sigma = Sigma.open(f"sqlite:///{path}")
        sigma.sign_in_as_system()
        try:
            sigma.masters.add_teacher("30000001", "Antes", "Del", "Lleno", "0512345")
            before = dump_db(sigma.db)
            filler = fill_disk(disk, leave=16 * 1024)
            # a big unit: it cannot fit, and none of it may stay
            with pytest.raises(DiskFull) as info:
                with sigma.db.session(write=True) as s:
                    from sigma_desktop.storage import models as m

                    school = s.query(m.School).filter_by(modular_code="0512345").one()
                    for n in range(3000):
                        s.add(m.Teacher(dni=f"31{n:06d}", first_names="Docente " + "x" * 60,
                                        last_name_1="Lleno", school_id=school.id, ugel_id=school.ugel_id))
                    s.flush()
            assert "No hay espacio libre en el disco" in info.value.message
            assert "No se guardó nada" in info.value.message
            assert "database or disk is full" in str(info.value.__cause__)
            # small service writes fail the same way until space is freed
            failures = 0
            for n in range(200):
                try:
                    sigma.masters.add_teacher(f"32{n:06d}", "Docente", "Lleno", "x" * 60, "0512345")
                except DiskFull:
                    failures += 1
                    break
            assert failures == 1
            written = _count(sigma, "teacher")
            assert written >= len(before["teacher"])
            assert store.check_database(sigma.db) == []
            # free space: the same Sigma keeps working
            filler.unlink()
            sigma.masters.add_teacher("30000002", "Después", "Del", "Lleno", "0512345")
            assert _count(sigma, "teacher") == written + 1
            assert store.check_database(sigma.db) == []
            # every teacher present has its change-log entry (no unit half-written)
            rows = dump_db(sigma.db)
            inserts = [r for r in rows["change_log"] if r[2] == "teacher" and r[4] == "insert"]
            assert len(inserts) == len(rows["teacher"])
        finally:
            sigma.close()
        # the file is sound after closing too
        assert store.check_file(path) == []


@needs_mount
def test_disk_full_during_a_backup_leaves_no_partial_file_and_keeps_older_copies(sqlite_world, tmp_path,
                                                                                 monkeypatch):
    with small_filesystem(tmp_path / "usb", "2m") as usb:
        sigma = sqlite_world.sigma
        keep = usb / "antigua.txt"
        keep.write_text("una copia anterior", encoding="utf-8")
        filler = fill_disk(usb, leave=64 * 1024)
        # refused before writing anything: the copy would not fit
        with pytest.raises(BackupError, match="No hay espacio suficiente .* para la copia de seguridad"):
            sigma.backup.create(usb)
        assert sorted(p.name for p in usb.iterdir()) == sorted([keep.name, filler.name])
        # and if the disk fills during the copy anyway (another program writing), nothing is left behind
        monkeypatch.setattr(store, "SPARE_BYTES", -(1 << 40))
        with pytest.raises(BackupError, match="No hay espacio libre"):
            sigma.backup.create(usb)
        assert sorted(p.name for p in usb.iterdir()) == sorted([keep.name, filler.name])
        assert not store.list_backups(usb)


@needs_mount
def test_audit_export_to_a_full_disk_leaves_nothing(sqlite_world, tmp_path):
    from sigma_desktop.domain.errors import SigmaError

    with small_filesystem(tmp_path / "usb", "1m") as usb:
        fill_disk(usb, leave=4 * 1024)
        with pytest.raises(SigmaError, match="No hay espacio libre"):
            sqlite_world.sigma.audit.export(usb / "bitacora.csv")
        assert not list(usb.glob("bitacora*"))


# --- read-only folder ------------------------------------------------------------------------------

@needs_mount
def test_read_only_folder_gives_a_clear_message_and_writes_nothing(sqlite_world, tmp_path):
    with small_filesystem(tmp_path / "solo-lectura", "4m") as folder:
        path = _copy_into(sqlite_world.sigma, folder)
        before = sha256(path)
        remount_read_only(folder)
        _writes_are_refused(path, "30000003", "solo lectura")
        assert sha256(path) == before
        _initialize_fails(folder / "nueva.sqlite3", ReadOnlyLocation)
        assert not (folder / "nueva.sqlite3").exists()


def test_a_missing_folder_is_named(tmp_path):
    _initialize_fails(tmp_path / "no-existe" / "sigma.sqlite3", Exception,
                      match="No existe la carpeta de la base de datos")


# --- locked ----------------------------------------------------------------------------------------

def test_a_writer_of_another_program_blocks_writes_with_a_clear_message(sqlite_world, fast_busy_timeout):
    path = db_path(sqlite_world.sigma)
    sqlite_world.sigma.close()
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock and does not let go
        before = _count(sigma, "teacher")  # readers still read (WAL)
        started = time.monotonic()
        with pytest.raises(DatabaseLocked, match="Otro programa está usando la base de datos"):
            sigma.masters.add_teacher("30000004", "Docente", "Bloqueo", None, "0512345")
        assert time.monotonic() - started < 5
        other.execute("ROLLBACK")
        sigma.masters.add_teacher("30000004", "Docente", "Bloqueo", None, "0512345")
        assert _count(sigma, "teacher") == before + 1
    finally:
        other.close()
        sigma.close()


def test_an_exclusive_lock_of_another_program_stops_the_start_cleanly(sqlite_world, fast_busy_timeout):
    path = db_path(sqlite_world.sigma)
    sqlite_world.sigma.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("SELECT count(*) FROM teacher").fetchone()
    try:
        _initialize_fails(path, DatabaseLocked)
    finally:
        other.execute("ROLLBACK")
        other.close()
    again = Sigma.open(f"sqlite:///{path}")
    again.sign_in_as_system()
    try:
        again.setup.initialize()
    finally:
        again.close()


# --- newer schema ----------------------------------------------------------------------------------

def test_a_database_from_a_newer_release_is_left_untouched(sqlite_world):
    path = db_path(sqlite_world.sigma)
    with sqlite_world.sigma.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_futura'")
    sqlite_world.sigma.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = sha256(path)
    rows = dump_sqlite(path)
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    try:
        with pytest.raises(NewerSchema) as info:
            sigma.setup.initialize()
        assert "versión más reciente de SIGMA Desktop" in info.value.message
        assert "0999_futura" in info.value.message and "No se modificó nada" in info.value.message
    finally:
        sigma.close()
    assert sha256(path) == before and dump_sqlite(path) == rows
    assert not (path.parent / "copias-de-seguridad").exists(), "not even a backup is written"


@pytest.mark.postgres
def test_a_postgresql_database_from_a_newer_release_is_left_untouched(pg_url):
    sigma = Sigma.open(pg_url)
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    with sigma.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_futura'")
    sigma.close()
    sigma = Sigma.open(pg_url)
    sigma.sign_in_as_system()
    try:
        with pytest.raises(NewerSchema):
            sigma.setup.initialize()
        with sigma.db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0999_futura"
    finally:
        sigma.close()


# --- damaged file ----------------------------------------------------------------------------------

def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    path.write_bytes(b"Esto era un documento de Word y alguien lo renombro." * 100)
    _initialize_fails(path, DatabaseCorrupt, match="no es un archivo de base de datos")


def _damage_table(path: Path, table: str) -> None:
    """Overwrites the pages of a table's b-tree with garbage (the file header stays valid)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(bytes((i * 37 + 11) & 0xFF for i in range(page_size)))
        fh.flush()
        os.fsync(fh.fileno())


def test_a_damaged_table_stops_work_with_the_way_out_and_the_last_good_backup_restores(sqlite_world):
    sigma = sqlite_world.sigma
    good = sigma.backup.create()
    good_rows = dump_db(sigma.db)
    path = db_path(sigma)
    sigma.close()
    _damage_table(path, "teacher")

    sigma = Sigma.open(f"sqlite:///{path}")

    sigma.sign_in_as_system()
    try:
        with pytest.raises(DatabaseCorrupt) as info:  # any read of the table
            sigma.browse.count("teachers")
        assert "La base de datos está dañada" in info.value.message
        assert "Restaurar copia" in info.value.message and str(good.path) in info.value.message
        # the scheduled check at start finds it too
        with sigma.db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM app_meta WHERE key = 'integrity_checked_on'")
        with pytest.raises(DatabaseCorrupt) as info:
            sigma.setup.initialize()
        assert str(good.path) in info.value.message
        assert sigma.backup.latest_good().path == good.path
        result = sigma.backup.restore(good.path)
        assert dump_db(sigma.db) == good_rows
        assert store.check_database(sigma.db) == []
        assert result.kept_aside is not None and store.check_file(result.kept_aside) != []
    finally:
        sigma.close()


def test_a_damaged_database_is_never_copied_over_good_backups(sqlite_world):
    sigma = sqlite_world.sigma
    good = sigma.backup.create()
    path = db_path(sigma)
    sigma.close()
    _damage_table(path, "teacher")
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    try:
        with pytest.raises(DatabaseCorrupt):
            sigma.backup.create()
        assert [b.path for b in sigma.backup.list()] == [good.path]
    finally:
        sigma.close()


# --- network drive ---------------------------------------------------------------------------------

MOUNTS = """\
/dev/vda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
//servidor/ugel /mnt/ugel cifs rw,vers=3.0 0 0
nas:/export/datos /srv/datos nfs4 rw 0 0
usuario@host:/home /home/usuario/remoto fuse.sshfs rw 0 0
/dev/sdb1 /media/usb vfat rw 0 0
/dev/sdc1 /media/mi\\040disco fuseblk rw 0 0
"""


@pytest.mark.parametrize("path, network", [
    ("/home/usuario/sigma.sqlite3", False),
    ("/mnt/ugel/sigma.sqlite3", True),
    ("/mnt/ugel2/sigma.sqlite3", False),
    ("/srv/datos/sub/sigma.sqlite3", True),
    ("/home/usuario/remoto/sigma.sqlite3", True),
    ("/media/usb/sigma.sqlite3", False),
    ("/media/mi disco/sigma.sqlite3", False),
])
def test_linux_network_mounts(path, network):
    assert (location.linux_kind(path, MOUNTS) is not None) is network


@pytest.mark.parametrize("path, network", [
    (r"\\servidor\compartido\sigma.sqlite3", True),
    ("//servidor/compartido/sigma.sqlite3", True),
    (r"\\?\UNC\servidor\compartido\sigma.sqlite3", True),
    (r"\\?\C:\Datos\sigma.sqlite3", False),
    (r"C:\Users\ap\AppData\Local\Minedu\SIGMA Desktop\sigma.sqlite3", False),
    (r"Z:\sigma\sigma.sqlite3", True),
    (r"z:\sigma\sigma.sqlite3", True),
    (r"E:\sigma.sqlite3", False),
])
def test_windows_unc_paths_and_mapped_drives(path, network):
    types = {"C:\\": 3, "E:\\": 2, "Z:\\": location.DRIVE_REMOTE}  # fixed, removable, remote
    assert (location.windows_kind(path, lambda root: types.get(root, 0)) is not None) is network


def test_unreadable_mount_lines_are_skipped_and_the_last_mount_on_a_point_wins():
    linux = ("/dev/vda1 / ext4 rw 0 0\n\nbasura\nnas:/x\n"
             "nas:/export /srv/datos nfs4 rw 0 0\n/dev/sdb1 /srv/datos ext4 rw 0 0\n")
    assert location.linux_kind("/srv/datos/sigma.sqlite3", linux) is None  # a local disk mounted over the share
    assert location.linux_kind("/srv/datos/sigma.sqlite3", linux + "nas:/otra /srv/datos nfs rw 0 0\n") == \
        "nfs en /srv/datos"
    mac = ("/dev/disk1s1 on / (apfs, local)\nmap auto_home on /System/Volumes/Data/home\n"
           "//ap@servidor/ugel on /Volumes/ugel (smbfs, nodev)\n")
    assert location.mac_kind("/Volumes/ugel/sigma.sqlite3", mac) == "smbfs en /Volumes/ugel"
    assert location.mac_kind("/System/Volumes/Data/home/sigma.sqlite3", mac) is None


def test_macos_network_mounts():
    out = ("/dev/disk1s1 on / (apfs, local, journaled)\n"
           "//ap@servidor/ugel on /Volumes/ugel (smbfs, nodev, nosuid, mounted by ap)\n"
           "servidor:/datos on /Volumes/datos (nfs, nodev)\n")
    assert location.mac_kind("/Users/ap/sigma.sqlite3", out) is None
    assert "smbfs" in location.mac_kind("/Volumes/ugel/sigma.sqlite3", out)
    assert location.mac_kind("/Volumes/datos/sigma.sqlite3", out) is not None


def test_the_local_temporary_folder_is_not_a_network_drive(tmp_path):
    assert location.network_kind(tmp_path / "sigma.sqlite3") is None


@linux_only("a Linux mount table (/proc/mounts)")
def test_a_database_on_a_network_drive_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    share = tmp_path / "compartido"
    share.mkdir()
    monkeypatch.setattr(location, "_proc_mounts",
                        lambda: f"/dev/vda1 / ext4 rw 0 0\n//servidor/ugel {share} cifs rw 0 0\n")
    with pytest.raises(NetworkLocation) as info:
        Database(f"sqlite:///{share / 'sigma.sqlite3'}")
    assert "unidad de red" in info.value.message and "PostgreSQL" in info.value.message
    assert list(share.iterdir()) == []
    from sigma_desktop.cli import main

    assert main(["--db", f"sqlite:///{share / 'sigma.sqlite3'}", "init"]) == 1
    assert list(share.iterdir()) == []


def test_messages_are_spanish_and_name_the_place(tmp_path):
    from sigma_desktop.storage.errors import Where, translate

    where = Where.file(tmp_path / "sigma.sqlite3")
    for text, kind in (("database or disk is full", DiskFull), ("attempt to write a readonly database",
                                                                   ReadOnlyLocation),
                       ("database is locked", DatabaseLocked), ("database disk image is malformed",
                                                                DatabaseCorrupt),
                       ("file is not a database", DatabaseCorrupt)):
        err = translate(sqlite3.OperationalError(text), where)
        assert isinstance(err, kind), text
        assert str(tmp_path) in err.message
    assert translate(sqlite3.IntegrityError("UNIQUE constraint failed: teacher.dni"), where) is None
    assert translate(ValueError("x"), where) is None


@needs_mount
def test_disk_full_with_threads_reading(sqlite_world, tmp_path):
    """Readers in other threads see only committed data while a writer hits the full disk; if SQLite
    cannot even grow its shared-memory index for them, they get the same clear message."""
    with small_filesystem(tmp_path / "disco", "3m") as disk:
        path = _copy_into(sqlite_world.sigma, disk)
        sigma = Sigma.open(f"sqlite:///{path}")
        sigma.sign_in_as_system()
        errors: list[BaseException] = []
        counts: list[int] = []
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                try:
                    counts.append(sigma.browse.count("teachers"))
                except BaseException as exc:  # noqa: BLE001 - checked below
                    errors.append(exc)
                    time.sleep(0.01)

        counts.append(sigma.browse.count("teachers"))  # the file is in WAL mode (-wal, -shm) before the disk fills
        thread = threading.Thread(target=reader)
        thread.start()
        try:
            time.sleep(0.1)
            filler = fill_disk(disk, leave=8 * 1024)
            with pytest.raises(DiskFull):
                for n in range(500):
                    sigma.masters.add_teacher(f"33{n:06d}", "Docente", "Hilo", "x" * 60, "0512345")
            time.sleep(0.2)
            stop.set()
            thread.join(30)
            assert all(isinstance(e, DiskFull) for e in errors), [(e, e.__cause__) for e in errors]
            assert counts and counts == sorted(counts)
            filler.unlink()
            committed = _count(sigma, "teacher")
            assert sigma.browse.count("teachers") == committed
        finally:
            stop.set()
            thread.join(30)
            sigma.close()


# --- Windows twins ---------------------------------------------------------------------------------

@read_only_attribute()
def test_a_read_only_database_file_gives_a_clear_message_and_is_not_changed(sqlite_world, tmp_path):
    import stat

    folder = tmp_path / "copiada-de-un-cd"
    folder.mkdir()
    path = _copy_into(sqlite_world.sigma, folder)
    before = sha256(path)
    path.chmod(stat.S_IREAD)  # Propiedades → «Solo lectura»
    try:
        _writes_are_refused(path, "30000005", "marcado como de solo lectura")
        assert sha256(path) == before
    finally:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)


@windows_only("a file another program opened without sharing")
def test_a_database_another_program_holds_open_stops_the_start_cleanly(sqlite_world, fast_busy_timeout):
    path = db_path(sqlite_world.sigma)
    sqlite_world.sigma.close()
    before = sha256(path)
    with held_open_by_another_program(path):
        _initialize_fails(path, DatabaseLocked, match="Otro programa está usando la base de datos")
    assert sha256(path) == before
    again = Sigma.open(f"sqlite:///{path}")
    again.sign_in_as_system()
    try:
        again.setup.initialize()  # once the other program lets go, the database opens as always
    finally:
        again.close()


@needs_network_folder
@windows_only("drive letters that GetDriveTypeW reports as remote")
def test_a_database_on_a_windows_network_drive_is_refused_before_anything_is_written():
    import uuid

    share = Path(os.environ["SIGMA_TEST_NETWORK_DIR"]) / f"prueba-{uuid.uuid4().hex[:8]}"
    share.mkdir()
    try:
        kind = location.network_kind(share / "sigma.sqlite3")
        assert kind is not None and kind.startswith("unidad de red ")  # GetDriveTypeW said DRIVE_REMOTE
        with pytest.raises(NetworkLocation) as info:
            Database(f"sqlite:///{share / 'sigma.sqlite3'}")
        assert "unidad de red" in info.value.message and "PostgreSQL" in info.value.message
        assert list(share.iterdir()) == []
        from sigma_desktop.cli import main

        assert main(["--db", f"sqlite:///{share / 'sigma.sqlite3'}", "init"]) == 1
        assert list(share.iterdir()) == []
    finally:
        shutil.rmtree(share)

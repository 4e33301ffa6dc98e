"""Backups of a local (SQLite) database: online backup API, integrity checks, restore, retention.

A live SQLite database is never copied as a file: its WAL may hold committed pages the main file does
not have yet, and a copy taken while a writer commits can be torn. `sqlite3.Connection.backup` copies
a consistent snapshot page by page while other connections keep working.

Every copy is written to a `.partial` file, checked (`PRAGMA quick_check`), synced to disk and only
then renamed to its final name, so that a power cut or a full disk never leaves a half-written file
that looks like a backup. Copies are single files (journal mode DELETE), readable by any SQLite tool.

Names: sigma-AAAAMMDD-HHMMSS-<clase>.sqlite3 in the folder `copias-de-seguridad` next to the database,
with <clase> one of manual, diaria, antes-de-migrar. Automatic copies (diaria, antes-de-migrar) are
pruned to the newest `keep`; manual ones are the user's and are never deleted.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from ..domain.data_errors import BackupError, DatabaseCorrupt, DatabaseLocked, DataSafetyError, NewerSchema
from ..domain.dates import LIMA
from .backup_files import AUTOMATIC_KINDS, KEEP_AUTOMATIC, KINDS, BackupFile, backup_folder, list_backups, parse_name
from .errors import Where, translate


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    kept_aside: Path | None  # the previous database file, renamed; None if there was none
    revision: str | None     # the copy's schema revision (it was brought to the current one before the swap)
    repaired: tuple[str, ...] = ()  # audit protections the copy had lost, re-created (the user is told)


def _now() -> datetime:
    return datetime.now(LIMA)


def _fsync_file(path: Path) -> None:
    # read-write: on Windows, os.fsync (FlushFileBuffers) needs a handle open for writing
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass


# --- checks ----------------------------------------------------------------------------------------

def _problems(conn: sqlite3.Connection, pragma: str) -> list[str]:
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    return [] if rows == ["ok"] else rows


def check_connection(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """The problems `PRAGMA integrity_check` (or quick_check) finds; empty when the file is sound."""
    return _problems(conn, "quick_check" if quick else "integrity_check")


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection: it never changes the file (a WAL-mode file may get its -shm beside it)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def check_file(path: str | os.PathLike, *, quick: bool = False) -> list[str]:
    """Integrity problems of a closed database or backup file (an unreadable file is one problem)."""
    path = Path(path)
    try:
        with _read_only(path) as conn:
            return check_connection(conn, quick=quick)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def revision_of(path: str | os.PathLike) -> str | None:
    """The Alembic revision stored in a database file (None: not a SIGMA database or empty)."""
    try:
        with _read_only(Path(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# --- listing and retention -------------------------------------------------------------------------

def latest_good_backup(db_path: str | os.PathLike) -> BackupFile | None:
    """The newest backup next to a database that passes quick_check."""
    for b in list_backups(backup_folder(db_path)):
        if not check_file(b.path, quick=True):
            return b
    return None


def prune(folder: str | os.PathLike, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    """Deletes automatic backups beyond the newest `keep`; manual ones stay. Returns what it deleted."""
    keep = max(1, keep)
    automatic = [b for b in list_backups(folder) if b.kind in AUTOMATIC_KINDS]
    removed = []
    for b in automatic[keep:]:
        try:
            b.path.unlink()
            removed.append(b.path)
        except OSError:
            pass
    return removed


# --- making a backup -------------------------------------------------------------------------------

def _target(folder: Path, kind: str, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"sigma-{stamp}-{kind}.sqlite3"
    n = 1
    while target.exists() or _partial(target).exists():
        n += 1
        target = folder / f"sigma-{stamp}-{n}-{kind}.sqlite3"
    return target


def _partial(target: Path) -> Path:
    """Where a copy is written before it is checked: named with the writing process's id, so that a
    later start can tell the leftover of a killed copy from a copy another window is making now."""
    return target.with_suffix(f".{os.getpid()}.partial")


_PARTIAL = re.compile(r"^sigma-.*?(?:\.(\d+))?\.partial$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(db_path: str | os.PathLike) -> list[Path]:
    """At start: the half-written files a killed copy or restore left behind (`.partial` copies of
    processes that are gone, a `.restaurando` scratch file with its journals). Returns what it removed."""
    db_path = Path(db_path)
    removed = []
    folder = backup_folder(db_path)
    if folder.is_dir():
        for path in folder.iterdir():
            m = _PARTIAL.match(path.name)
            if m and (m.group(1) is None or not _alive(int(m.group(1)))):
                _unlink_quietly(path)
                removed.append(path)
    scratch = re.compile(re.escape(db_path.name) + r"(?:\.(\d+))?\.restaurando(?:-wal|-shm|-journal)?$")
    if db_path.parent.is_dir():
        for path in db_path.parent.iterdir():
            m = scratch.match(path.name)
            if m and (m.group(1) is None or not _alive(int(m.group(1)))):
                _unlink_quietly(path)
                removed.append(path)
    return removed


def _copy(source: sqlite3.Connection, partial: Path) -> None:
    """The online backup of `source` into `partial`, made a single self-contained file and checked."""
    _unlink_quietly(partial)
    dest = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(dest)  # one step: a consistent snapshot; writers on other connections go on (WAL)
        dest.execute("PRAGMA journal_mode=DELETE")  # no -wal beside the copy
        try:
            problems = check_connection(dest, quick=True)
        except sqlite3.DatabaseError as exc:  # too damaged for the check to read it
            if isinstance(translate(exc, Where.file(partial)), DatabaseCorrupt):
                problems = [str(exc)]
            else:
                raise
    finally:
        dest.close()
    if problems:
        raise DatabaseCorrupt(str(partial), "la copia no pasó la verificación: " + "; ".join(problems[:3]))
    _fsync_file(partial)


def backup_connection(source: sqlite3.Connection, folder: str | os.PathLike, kind: str = "manual", *,
                      now: datetime | None = None, source_label: str = "") -> BackupFile:
    """Writes a verified backup of an open SQLite connection into `folder`."""
    if kind not in KINDS:
        raise ValueError(kind)
    folder = Path(folder)
    where = Where.file(folder / "x")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _target(folder, kind, now or _now())
        partial = _partial(target)
        try:
            _copy(source, partial)
            os.replace(partial, target)
            _fsync_dir(folder)
        except BaseException:
            _unlink_quietly(partial)
            raise
    except DatabaseCorrupt as exc:
        label = source_label or "la base de datos"
        raise DatabaseCorrupt(label, exc.detail, _newest_name(folder)) from exc
    except (sqlite3.Error, OSError) as exc:
        better = translate(exc, where)
        if isinstance(better, DatabaseCorrupt):
            raise DatabaseCorrupt(source_label or "la base de datos", better.detail, _newest_name(folder)) from exc
        reason = better.message if better is not None else str(exc)
        raise BackupError(f"No se pudo hacer la copia de seguridad en {folder}. {reason}") from exc
    return parse_name(target) or BackupFile(target, now or _now(), kind, target.stat().st_size)


SPARE_BYTES = 50 * 1_048_576


def _check_room(db_path: Path, folder: Path) -> None:
    """Refuses a copy that would fill the disk: the copy needs about the database's size, and the
    disk must keep some room for the work the user is about to do (and for other programs)."""
    size = sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists())
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        return
    need = int(size * 1.1) + SPARE_BYTES
    if free < need:
        raise BackupError(f"No hay espacio suficiente en {folder} para la copia de seguridad: se necesitan "
                          f"unos {need // 1_048_576} MB y hay {free // 1_048_576} MB libres. Libere espacio o "
                          "haga la copia en otro disco (por ejemplo, una memoria USB).")


def _newest_name(folder: Path) -> str | None:
    backups = list_backups(folder)
    return str(backups[0].path) if backups else None


def backup_database(db, folder: str | os.PathLike | None = None, kind: str = "manual", *,
                    now: datetime | None = None) -> BackupFile:
    """A verified backup of a `Database` (SQLite) while it stays in use."""
    if not db.is_sqlite:
        raise BackupError("Las copias de seguridad de una base PostgreSQL se hacen en el servidor con "
                          "pg_dump (vea docs/operations.md).")
    folder = Path(folder) if folder else backup_folder(db.url.database)
    _check_room(Path(db.url.database), folder)
    from .errors import translating

    with translating(db.where), db.engine.connect() as conn:
        source = conn.connection.dbapi_connection
        return backup_connection(source, folder, kind, now=now, source_label=db.where.label)


# --- integrity of the live database ----------------------------------------------------------------

def restore_audit_protections(db) -> list[str]:
    """The change log's triggers re-created if someone removed or altered them (SQLite; a write only
    then). Foreign triggers are left to `sigma check`, which names them. Returns what was re-created."""
    from . import audit_guard
    from .errors import translating

    with translating(db.where), db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        state = audit_guard.inspect_sqlite(raw)
        if not (state.missing or state.altered):
            return []
        raw.execute("BEGIN IMMEDIATE")
        try:
            repaired = audit_guard.repair_sqlite(raw)
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        return repaired


def check_database(db, *, quick: bool = False) -> list[str]:
    """integrity_check (or quick_check) of an open SQLite database; [] when sound."""
    from .errors import translating

    if not db.is_sqlite:
        return []
    try:
        with translating(db.where), db.engine.connect() as conn:
            return check_connection(conn.connection.dbapi_connection, quick=quick)
    except DatabaseCorrupt as exc:  # so damaged that the check itself cannot read it
        return [exc.detail or "la base de datos no se puede leer"]


# --- restore ---------------------------------------------------------------------------------------

def verify_backup(path: str | os.PathLike, known_revisions: list[str]) -> str | None:
    """Raises BackupError unless `path` is a sound SIGMA database this version can open; returns its
    revision. `known_revisions` lists this application's migrations, oldest first."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No existe el archivo de copia {path}.")
    problems = check_file(path)
    if problems:
        raise BackupError(f"La copia {path.name} está dañada y no se restauró "
                          f"({'; '.join(problems[:3])}). Elija otra copia.")
    try:
        with _read_only(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"La copia {path.name} no se puede leer ({exc}).") from exc
    if not {"app_meta", "change_log"} <= tables:
        raise BackupError(f"El archivo {path.name} no es una copia de una base de datos de SIGMA Desktop.")
    revision = revision_of(path)
    if revision is None:
        raise BackupError(f"La copia {path.name} no indica la versión de su esquema (falta «alembic_version» o "
                          "está vacía): no es una copia completa de SIGMA Desktop y no se restauró. La base "
                          "actual no se modificó.")
    if revision not in known_revisions:
        raise NewerSchema(revision, known_revisions[-1] if known_revisions else "")
    return revision


def _prepare_copy(building: Path, name: str) -> tuple[str, ...]:
    """Brings a copy being restored (in its scratch file) to the current schema and checks it as the
    live database will be checked: migrations, the tables its revision promises, its audit protections
    (SIGMA's re-created if lost; foreign triggers refuse it), integrity and references. Returns what was
    repaired; raises BackupError (the live database untouched) when the copy cannot be used."""
    from . import audit_guard, migrate
    from .database import Database

    db = Database(f"sqlite:///{building}")
    try:
        try:
            migrate.upgrade(db)
        except Exception as exc:  # noqa: BLE001 - any failure of a migration on the copy refuses it
            raise BackupError(f"La copia {name} no se pudo actualizar al esquema de esta versión "
                              f"({str(exc).splitlines()[0][:200]}); no se restauró. La base actual no se "
                              "modificó.") from exc
        drift = migrate.schema_drift(db)
        if drift:
            raise BackupError(f"Las tablas de la copia {name} no son las que indica su versión de esquema "
                              f"({len(drift)} diferencias, p. ej. {str(drift[0])[:120]}): la copia fue "
                              "modificada o está incompleta y no se restauró. La base actual no se modificó.")
    finally:
        db.dispose()
    with closing(sqlite3.connect(building, isolation_level=None)) as conn:
        state = audit_guard.inspect_sqlite(conn)
        if state.foreign:
            raise BackupError(f"La copia {name} tiene disparadores que SIGMA Desktop no creó "
                              f"({', '.join(state.foreign)}): podrían cambiar los datos sin dejar rastro, así "
                              "que no se restauró. La base actual no se modificó.")
        repaired = audit_guard.repair_sqlite(conn)
        problems = check_connection(conn) + [f"referencia rota: {r}" for r in
                                             conn.execute("PRAGMA foreign_key_check").fetchall()[:3]]
        if problems:
            raise BackupError(f"La copia {name} no pasó la verificación después de actualizarla "
                              f"({'; '.join(map(str, problems[:3]))}); no se restauró.")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file again, as a copy is
    _fsync_file(building)
    return tuple(repaired)


def _take_exclusive(db_path: Path) -> None:
    """Leaves the database as one checkpointed file, or fails if another program has it open.

    Leaving WAL mode needs the database to itself: it fails with SQLITE_BUSY while any other
    connection is open, which is exactly the check a restore needs.
    """
    conn = sqlite3.connect(db_path, timeout=2, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise DatabaseLocked(str(db_path))
    finally:
        conn.close()


def restore(db_path: str | os.PathLike, backup: str | os.PathLike, known_revisions: list[str], *,
            now: datetime | None = None) -> RestoreResult:
    """Replaces the database at `db_path` by the content of `backup`.

    The backup is checked first; then it is copied to a scratch file beside the database, brought to the
    current schema and checked there (`_prepare_copy`: tables, audit protections, integrity). Only then
    is the current file (with its -wal, if any) kept aside as <name>.antes-de-restaurar-<fecha> and the
    prepared file renamed into place, so the database path never holds a half-written or unchecked file,
    and a copy that fails any step leaves the current database exactly as it was. The caller must have
    closed its own connections.
    """
    db_path = Path(db_path).resolve()
    backup = Path(backup).resolve()
    if backup == db_path:
        raise BackupError("Elija un archivo de copia distinto de la base de datos en uso.")
    revision = verify_backup(backup, known_revisions)
    where = Where.file(db_path)
    stamp = (now or _now()).strftime("%Y%m%d-%H%M%S")
    building = db_path.with_name(f"{db_path.name}.{os.getpid()}.restaurando")
    aside = db_path.with_name(f"{db_path.name}.antes-de-restaurar-{stamp}")
    try:
        for leftover in _with_journals(building):
            _unlink_quietly(leftover)
        with closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)) as source:
            _copy(source, building)
        repaired = _prepare_copy(building, backup.name)
        kept = None
        if db_path.exists():
            try:
                _take_exclusive(db_path)
            except DatabaseLocked:
                raise
            except sqlite3.OperationalError as exc:
                better = translate(exc, where)
                if isinstance(better, DatabaseLocked):
                    raise better from exc
                # a damaged file cannot be checkpointed: keep it aside with its -wal as they are
            except sqlite3.DatabaseError:
                pass
            _keep_aside(db_path, aside)
            kept = aside
        os.replace(building, db_path)
        _fsync_dir(db_path.parent)
    except DataSafetyError:
        for leftover in _with_journals(building):
            _unlink_quietly(leftover)
        raise
    except (sqlite3.Error, OSError) as exc:
        for leftover in _with_journals(building):
            _unlink_quietly(leftover)
        better = translate(exc, where)
        reason = better.message if better is not None else str(exc)
        raise BackupError(f"No se pudo restaurar la copia. La base de datos actual no se modificó. "
                          f"{reason}") from exc
    return RestoreResult(backup, kept, revision, repaired)


def _with_journals(path: Path) -> list[Path]:
    return [path] + [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def _keep_aside(db_path: Path, aside: Path) -> None:
    """The current file stays at `aside` (a hard link, or a copy where links are not supported); its
    -wal and -shm move there too, since a stale -wal must never meet the restored file."""
    try:
        os.link(db_path, aside)
    except OSError:
        import shutil

        shutil.copy2(db_path, aside)  # nobody has it open (checked above): a plain copy is safe
    _fsync_file(aside)
    for suffix in ("-wal", "-journal"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    _unlink_quietly(db_path.with_name(db_path.name + "-shm"))
    _fsync_dir(db_path.parent)

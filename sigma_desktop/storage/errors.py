"""Driver and file-system errors turned into errors a user can act on (domain/data_errors.py).

One place sees every database error: `Database.session` (and the start-up code that runs outside
sessions) runs inside `translating()`. Anything not recognised here passes through unchanged, so
constraint violations still reach the services that turn them into field messages.
"""
from __future__ import annotations

import errno
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..domain.data_errors import (DatabaseCorrupt, DatabaseLocked, DataSafetyError, DiskFull, PasswordRequired,
                                  ReadOnlyLocation, ServerUnreachable)
from ..domain.errors import SigmaError

# SQLite primary result codes (extended codes carry them in their low byte)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

# Below this much free space an I/O error is taken for a full disk (SQLite reports some ENOSPC cases,
# such as growing the WAL index, as a plain I/O error).
NEARLY_FULL_BYTES = 1 << 20


class Where:
    """What the messages call the database: its file (SQLite) or server (PostgreSQL, no password)."""

    def __init__(self, label: str, path: Path | None = None):
        self.label = label
        self.path = path

    @classmethod
    def of(cls, db) -> "Where":
        if getattr(db, "is_sqlite", False) and db.url.database and db.url.database != ":memory:":
            path = Path(db.url.database)
            return cls(str(path), path)
        return cls(db.describe() if hasattr(db, "describe") else str(db))

    @classmethod
    def file(cls, path: str | os.PathLike) -> "Where":
        return cls(str(path), Path(path))


def _unwrap(exc: BaseException) -> BaseException:
    orig = getattr(exc, "orig", None)  # sqlalchemy.exc.DBAPIError keeps the driver's error here
    return orig if isinstance(orig, BaseException) else exc


def translate(exc: BaseException, where: Where) -> SigmaError | None:
    """The user-facing error for `exc`, or None when it is not a database or disk condition."""
    if isinstance(exc, SigmaError):
        return None
    orig = _unwrap(exc)
    module = type(orig).__module__ or ""
    if module.startswith("sqlite3"):
        return _sqlite(orig, where)
    if module.startswith("psycopg"):
        return _postgres(orig, where)
    if isinstance(orig, OSError):
        return translate_os_error(orig, where)
    return None


def translate_os_error(exc: OSError, where: Where) -> SigmaError | None:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(_folder(where))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyLocation(where.label)
    return None


def _folder(where: Where) -> str:
    return str(where.path.parent) if where.path is not None else where.label


def _sqlite(exc: BaseException, where: Where) -> SigmaError | None:
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    primary = code & 0xFF if isinstance(code, int) else _code_from_text(text)
    if primary == SQLITE_FULL:
        return DiskFull(_folder(where))
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return ReadOnlyLocation(where.label)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLocked(where.label)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        detail = "no es un archivo de base de datos" if primary == SQLITE_NOTADB else "imagen del disco dañada"
        return DatabaseCorrupt(where.label, detail, _last_backup(where))
    if primary == SQLITE_CANTOPEN:
        return _cannot_open(where)
    if primary == SQLITE_IOERR:
        if _nearly_full(where):
            return DiskFull(_folder(where))
        if where.path is not None and not _writable(where.path):
            return ReadOnlyLocation(where.label)
        return DataSafetyError(
            f"Error de lectura o escritura en el disco de la base de datos ({where.label}). No se guardó "
            "nada de esta operación. Si la base está en una memoria USB, no la retire mientras SIGMA "
            "Desktop esté abierto; si el error se repite, el disco puede estar fallando: haga una copia "
            "de seguridad en otro disco y pida ayuda a soporte.")
    return None


def _code_from_text(text: str) -> int | None:
    for needle, code in (("disk is full", SQLITE_FULL), ("readonly", SQLITE_READONLY),
                         ("read-only", SQLITE_READONLY), ("is locked", SQLITE_BUSY),
                         ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB),
                         ("unable to open", SQLITE_CANTOPEN), ("disk i/o error", SQLITE_IOERR)):
        if needle in text:
            return code
    return None


def _cannot_open(where: Where) -> SigmaError:
    path = where.path
    if path is not None:
        folder = path.parent
        if not folder.exists():
            return DataSafetyError(
                f"No existe la carpeta de la base de datos ({folder}). Revise la ruta indicada o, si "
                "estaba en una memoria USB o un disco externo, conéctelo de nuevo.")
        if path.exists() and _held_by_another_program(path):
            return DatabaseLocked(where.label)
        if not _writable(path):
            return ReadOnlyLocation(where.label)
    return DataSafetyError(
        f"No se pudo abrir el archivo de la base de datos ({where.label}). Revise que exista y que su "
        "usuario pueda leerlo y escribir en su carpeta.")


def _held_by_another_program(path: Path) -> bool:
    """Windows: another program opened the file without sharing it (a backup tool, an antivirus scan, a
    viewer), so even reading it is refused although its attributes allow writing."""
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return os.access(path, os.W_OK)
    except OSError:
        return False


def _writable(path: Path) -> bool:
    folder = path.parent
    if not os.access(folder, os.W_OK):  # also false on a read-only mount, even for root
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _nearly_full(where: Where) -> bool:
    if where.path is None:
        return False
    try:
        return shutil.disk_usage(where.path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _last_backup(where: Where) -> str | None:
    if where.path is None:
        return None
    from .backup_files import latest_backup

    found = latest_backup(where.path)
    return str(found) if found else None


def _postgres(exc: BaseException, where: Where) -> SigmaError | None:
    state = getattr(exc, "sqlstate", None)
    text = str(exc).lower()
    if state in ("28P01", "28000") or "password authentication failed" in text or "no password supplied" in text \
            or "fe_sendauth" in text:
        return PasswordRequired(where.label)
    if state == "53100":
        return DiskFull(f"servidor {where.label}")
    if state == "25006":
        return ReadOnlyLocation(f"servidor {where.label}")
    if state in ("55P03", "55006"):
        return DatabaseLocked(where.label)
    if state in ("XX001", "XX002"):
        return DatabaseCorrupt(where.label, "el servidor informa datos dañados")
    if state in ("57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"):
        return ServerUnreachable(where.label)
    if state is None and type(exc).__name__ == "OperationalError":
        return ServerUnreachable(where.label)  # no SQLSTATE: the connection itself failed
    if "nul (0x00)" in text:  # psycopg refuses it before sending: no SQLSTATE
        from ..domain.errors import ValidationError

        return ValidationError("Un texto contiene un carácter nulo (NUL, U+0000), que el servidor PostgreSQL no "
                               "admite. No se guardó nada: corrija ese dato (en una importación, en el archivo).")
    return None


@contextmanager
def translating(where: Where) -> Iterator[None]:
    """Re-raises recognised database and disk errors as DataSafetyError (the original as __cause__)."""
    try:
        yield
    except Exception as exc:
        better = translate(exc, where)
        if better is None:
            raise
        raise better from exc

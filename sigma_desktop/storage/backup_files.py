"""The backup folder next to a database and the copies in it, by name (no database opened): what the
backup module writes and prunes, and what an error message points to (storage/errors.py)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.dates import LIMA

BACKUP_FOLDER = "copias-de-seguridad"
KINDS = ("manual", "diaria", "antes-de-migrar")
AUTOMATIC_KINDS = frozenset({"diaria", "antes-de-migrar"})
KEEP_AUTOMATIC = 10
_NAME = re.compile(r"^sigma-(\d{8})-(\d{6})(?:-(\d+))?-([a-z-]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # Lima time, from the name
    kind: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def backup_folder(db_path: str | os.PathLike) -> Path:
    return Path(db_path).resolve().parent / BACKUP_FOLDER


def parse_name(path: Path) -> BackupFile | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    try:
        taken = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S").replace(tzinfo=LIMA)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupFile(path, taken, m.group(4), size)


def list_backups(folder: str | os.PathLike) -> list[BackupFile]:
    """Backups in a folder, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [b for b in (parse_name(p) for p in folder.iterdir() if p.is_file()) if b is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def latest_backup(db_path: str | os.PathLike) -> Path | None:
    """The newest backup next to a database (not verified: see `latest_good_backup`)."""
    backups = list_backups(backup_folder(db_path))
    return backups[0].path if backups else None

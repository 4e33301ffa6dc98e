"""Opening the chosen database for the first-run wizard, in a worker thread (no Qt here).

A local database made by the wizard that fails to initialise is removed with what came with it (its
journal files and backup folder), so a failed first start leaves nothing half made and the next start
shows the wizard again.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import sqlite_path


@dataclass
class Prepared:
    sigma: object  # services.Sigma, open and initialised
    url: str       # with the password typed, if any (in memory only)
    mode: str      # local, shared, replica
    users: int
    made: list[Path]  # files and folders this start created (removed again if the wizard is cancelled)

    @property
    def is_new(self) -> bool:
        return self.users == 0


def _companions(path: Path) -> list[Path]:
    from ...storage.backup_files import BACKUP_FOLDER

    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")),
            path.parent / BACKUP_FOLDER]


def _new_paths(path: Path | None) -> list[Path]:
    if path is None or (path.exists() and path.stat().st_size > 0):
        return []  # a database that was there already is never removed
    return [p for p in _companions(path) if not p.exists() or p == path]


def remove(made: list[Path]) -> None:
    for p in made:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()


def prepare(url: str, mode: str) -> Prepared:
    """Opens `url`, brings it to the current schema and counts its users; on failure nothing new is left."""
    from ...services import Sigma

    made = _new_paths(sqlite_path(url))
    sigma = None
    try:
        sigma = Sigma.open(url)
        sigma.setup.initialize()
        users = sigma.users.count()
    except BaseException:
        if sigma is not None:
            sigma.close()  # no pooled connection may keep the file open while it is removed
        remove(made)
        raise
    return Prepared(sigma, url, mode, users, made)


def discard(prepared: Prepared) -> None:
    """The wizard was cancelled: close, and remove a database it made if nobody can sign in to it."""
    sigma = prepared.sigma
    try:
        users = sigma.users.count()
    except Exception:  # noqa: BLE001 - unusable anyway
        users = 0
    sigma.close()
    if users == 0:
        remove(prepared.made)

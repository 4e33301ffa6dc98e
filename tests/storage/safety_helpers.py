"""Helpers for the data-safety tests: table dumps, small file systems, activity in the test world."""
from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest


def dump_sqlite(path: str | Path) -> dict[str, list[tuple]]:
    """Every row of every table of a closed SQLite file, in a stable order."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def dump_db(db) -> dict[str, list[tuple]]:
    """The same through the application's engine (works while the database is in use)."""
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        tables = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(raw.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def db_path(sigma) -> Path:
    return Path(sigma.db.url.database)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def small_filesystem(where: Path, size: str = "4m"):
    """A tmpfs of `size` mounted at `where` (skips the test where mounting is not permitted)."""
    where.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    try:
        yield where
    finally:
        for _ in range(5):
            if _run("umount", str(where)).returncode == 0:
                break
            _run("umount", "-l", str(where))


def remount_read_only(where: Path) -> None:
    done = _run("mount", "-o", "remount,ro", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only: {done.stderr.strip()}")


def fill_disk(folder: Path, leave: int) -> Path:
    """Writes a filler file so that only about `leave` bytes stay free."""
    filler = folder / f"relleno-{uuid.uuid4().hex}"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def executed_and_validated_visits(world) -> list:
    """Activity in the test world: planned, executed, validated and not-executed visits."""
    from tests.world import COACH_MG, GESTOR, RATINGS_2018, YEAR

    sigma = world.sigma
    world.sign_in(COACH_MG)
    coach = world.coaches[COACH_MG]
    rows = []
    for n, teacher in enumerate(("40000001", "40000002", "40000003")):
        v = sigma.planning.plan_visit(coach, world.teachers[teacher], YEAR, 4)
        rows.append(sigma.registration.register_visit(v.id, date(YEAR, 4, 10 + n), RATINGS_2018))
    skipped = sigma.planning.plan_visit(coach, world.teachers["40000001"], YEAR, 5)
    sigma.registration.register_not_executed(skipped.id, "huelga", date(YEAR, 5, 12))
    world.sign_in(GESTOR)
    sigma.validation.validate([rows[0].execution_id, rows[1].execution_id])
    sigma.sign_in_as_system()
    return rows

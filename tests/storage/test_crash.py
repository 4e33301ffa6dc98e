"""Crash safety: a writer process is killed with SIGKILL at random points, many times, during heavy
writes. Every time the database opens, passes `PRAGMA integrity_check`, holds every commit the writer
reported, and no unit is half there (each teacher's version equals its change-log entries).

SIGKILL stops the process between any two instructions, including inside a commit or a WAL
checkpoint; the operating system keeps what was written to its cache, so this proves the application's
side (WAL, whole transactions, commit before acknowledgement). Durability of a power cut rests in
addition on `synchronous=FULL` (fsync at every commit), checked in tests/storage/test_database.py.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.platforms import linux_only

ROUNDS = min(49, int(os.environ.get("SIGMA_CRASH_ROUNDS", "49")))  # DNI prefixes 50–98: none in the world
BUDGET_SECONDS = 40


def _context():
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.storage.crash_writer"])
    return ctx


def _reported(lines: list[str]) -> tuple[set[str], set[str]]:
    inserted, updated = set(), set()
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "T":
            inserted.add(parts[1])
        elif parts[0] == "B":
            first, last = int(parts[1][2:]), int(parts[2][2:])
            inserted.update(f"{parts[1][:2]}{n:06d}" for n in range(first, last + 1))
        elif parts[0] == "U":
            updated.add(parts[1])
    return inserted, updated


def _verify(path: Path, inserted: set[str], updated: set[str], context: str) -> int:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        present = {r[0] for r in conn.execute("SELECT dni FROM teacher")}
        missing = inserted - present
        assert not missing, f"{context}: {len(missing)} reported commits lost, e.g. {sorted(missing)[:3]}"
        versions = dict(conn.execute("SELECT CAST(id AS TEXT), version FROM teacher").fetchall())
        logged = dict(conn.execute(
            "SELECT CAST(entity_id AS TEXT), count(*) FROM change_log WHERE entity = 'teacher' GROUP BY entity_id"))
        torn = [k for k, v in versions.items() if logged.get(k) != v]
        assert not torn, f"{context}: {len(torn)} teachers whose version and change log disagree"
        assert set(logged) <= set(versions), f"{context}: change-log entries without their row"
        for dni in updated:
            version = conn.execute("SELECT version FROM teacher WHERE dni = ?", (dni,)).fetchone()[0]
            assert version >= 2, f"{context}: reported update of {dni} lost"
        return len(present)
    finally:
        conn.close()


@pytest.mark.slow
@linux_only("the forkserver start method and SIGKILL")
def test_sigkill_during_heavy_writes_never_loses_a_reported_commit(sqlite_world):
    from sigma_desktop.services import Sigma

    sigma = sqlite_world.sigma
    url = sigma.db.url.render_as_string(hide_password=False)
    path = Path(sigma.db.url.database)
    sigma.close()
    seed = int(os.environ.get("SIGMA_CRASH_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    all_inserted: set[str] = set()
    all_updated: set[str] = set()
    started = time.monotonic()
    rounds = 0
    ctx = _context()
    from tests.storage import crash_writer

    for rnd in range(ROUNDS):
        if time.monotonic() - started > BUDGET_SECONDS - 5:
            break
        prefix = f"{50 + rnd:02d}"
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=crash_writer.child, args=(url, prefix, rng.randrange(1 << 30), send),
                           daemon=True)
        proc.start()
        send.close()
        lines: list[str] = []

        def read(receive=receive, lines=lines):
            try:
                while True:
                    lines.append(receive.recv_bytes().decode())
            except (EOFError, OSError):
                return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = time.monotonic() + 30
        while not lines and time.monotonic() < deadline:
            if not proc.is_alive():
                pytest.fail(f"seed {seed}: the writer died before starting (exit {proc.exitcode})")
            time.sleep(0.002)
        # let it commit a random number of units, then kill it at a random moment
        wanted = rng.randint(1, 25)
        while len(lines) - 1 < wanted and time.monotonic() < deadline and proc.is_alive():
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.05))
        assert proc.is_alive(), f"seed {seed}: the writer stopped by itself (exit {proc.exitcode})"
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
        reader.join(10)
        receive.close()
        assert proc.exitcode == -signal.SIGKILL
        inserted, updated = _reported(lines)
        all_inserted |= inserted
        all_updated |= updated
        _verify(path, all_inserted, all_updated, f"seed {seed}, round {rnd}")
        rounds += 1

    assert rounds >= 10, f"only {rounds} rounds fitted in the time budget"
    # the application opens the database after all that and works on it
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    try:
        sigma.setup.initialize()
        assert sigma.backup.check_now() == []
        assert sigma.browse.count("teachers") >= len(all_inserted)
        sigma.masters.add_teacher("09999999", "Docente", "Después", "Del Choque", "0512345")
    finally:
        sigma.close()
    print(f"\ncrash test: {rounds} rounds, {len(all_inserted)} reported teachers, seed {seed}, "
          f"{time.monotonic() - started:.1f} s")

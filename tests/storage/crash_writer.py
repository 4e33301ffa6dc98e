"""The writer that tests/storage/test_crash.py kills with SIGKILL.

It commits units as fast as it can, mixing the shapes the application writes: one teacher through
the service (validation, change log), a batch of up to 200 teachers in one unit (the WAL grows past
its checkpoint size, so kills also land inside checkpoints) and updates of earlier teachers (a new
version and a change-log entry each). After each commit it reports what it committed with a single
write to a pipe, so that every message the test reads names work SQLite has reported as durable.

The test starts it from a fork server that has imported this module, so a round costs a fork rather
than a Python start (the imports and the ORM set-up are done once, below).
"""
from __future__ import annotations

import random
import sys

from sqlalchemy.orm import configure_mappers

from sigma_desktop.services import Sigma
from sigma_desktop.services.masters import MasterDataService  # noqa: F401 - imported once, in the server
from sigma_desktop.storage import models as m

configure_mappers()


def run(url: str, prefix: str, seed: int, report) -> None:
    """`report(text)` must deliver each message whole or not at all (a pipe write under PIPE_BUF)."""
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    rng = random.Random(seed)
    with sigma.db.session() as s:
        school = s.query(m.School).filter_by(modular_code="0512345").one()
        school_id, ugel_id = school.id, school.ugel_id
    n = 0
    mine: list[str] = []
    report("READY")
    while True:
        shape = rng.random()
        if shape < 0.4:
            dni = f"{prefix}{n:06d}"
            n += 1
            sigma.masters.add_teacher(dni, "Docente", "Choque", "Prueba", "0512345")
            mine.append(dni)
            report(f"T {dni}")
        elif shape < 0.8:
            size = rng.randint(20, 200)
            dnis = [f"{prefix}{n + i:06d}" for i in range(size)]
            n += size
            with sigma.db.session(write=True) as s:
                for dni in dnis:
                    s.add(m.Teacher(dni=dni, first_names="Lote " + "x" * 40, last_name_1="Choque",
                                    school_id=school_id, ugel_id=ugel_id))
            mine.extend(dnis)
            report(f"B {dnis[0]} {dnis[-1]}")
        elif mine:
            dni = rng.choice(mine)
            with sigma.db.session(write=True) as s:
                t = s.query(m.Teacher).filter_by(dni=dni).one()
                t.first_names = f"Cambio {rng.randint(0, 10**6)}"
            report(f"U {dni}")


def child(url: str, prefix: str, seed: int, conn) -> None:
    """Entry point in the forked process: messages go through a multiprocessing Connection."""
    run(url, prefix, seed, lambda text: conn.send_bytes(text.encode()))


if __name__ == "__main__":  # by hand: python -m tests.storage.crash_writer URL PREFIX SEED
    run(sys.argv[1], sys.argv[2], int(sys.argv[3]), lambda text: print(text, flush=True))

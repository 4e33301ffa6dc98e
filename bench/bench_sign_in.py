"""Sign-in timing: does an unknown DNI answer as fast, or as slow, as a known one? (issue 13)

    .venv/bin/python bench/bench_sign_in.py                 # SQLite, 40 attempts of each kind
    .venv/bin/python bench/bench_sign_in.py --attempts 100 --pg-url postgresql+psycopg://user@127.0.0.1:5433/postgres

A database with the small world of the tests; then, interleaved (one of each kind per round, in a
shuffled order, so that load changes touch them all alike), sign-in attempts of five kinds, each on a
PC name of its own so that no back-off is in the way:
- a known DNI with a wrong password, an unknown DNI, a deactivated account, a malformed DNI;
- a known DNI with its password (a success: no failure counted, so no write);
and, for reference, the account lookup alone (what an unknown DNI cost when it was answered without
an argon2 verification). Prints the median and 10th/90th percentiles in ms, the ratio unknown ÷ known,
and one JSON line for docs/security.md.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine

sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=40)
    parser.add_argument("--pg-url", help="an existing PostgreSQL server (a database is created on it)")
    args = parser.parse_args()
    from sigma_desktop.domain.errors import AuthenticationError
    from sigma_desktop.services import Sigma
    from sigma_desktop.storage import models as m
    from tests.world import GESTOR, PASSWORD, build

    folder = Path(tempfile.mkdtemp(prefix="sigma-signin-"))
    if args.pg_url:
        import psycopg

        base = args.pg_url.rsplit("/", 1)[0]
        name = f"signin_{int(time.time())}"
        with psycopg.connect(f"{base}/postgres".replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        url = f"{base}/{name}"
    else:
        url = f"sqlite:///{folder / 'sigma.sqlite3'}"
    sigma = Sigma.open(url)
    sigma.setup.initialize()
    build(sigma)
    sigma.users.set_active("45000004", False)
    kinds = {
        "known_wrong_password": (GESTOR, "otra-clave-9"),
        "unknown_dni": ("47999999", "otra-clave-9"),
        "deactivated_account": ("45000004", PASSWORD),
        "malformed_dni": ("4799999x", "otra-clave-9"),
        "known_right_password": (GESTOR, PASSWORD),
    }
    times: dict[str, list[float]] = {k: [] for k in [*kinds, "lookup_only"]}
    answers: dict[str, set[str]] = {k: set() for k in kinds}
    order = list(kinds)
    rng = random.Random(13)
    for i in range(args.attempts + 3):  # the first rounds warm the hasher and the connections up
        rng.shuffle(order)
        for kind in order:
            dni, password = kinds[kind]
            sigma.auth.pc = f"bench-{i}-{kind}"
            start = time.perf_counter()
            try:
                sigma.auth.sign_in(dni, password)
                answer = "ok"
            except AuthenticationError as exc:
                answer = exc.message
            elapsed = time.perf_counter() - start
            sigma.auth.sign_out()
            if i >= 3:
                times[kind].append(elapsed * 1000)
                answers[kind].add(answer)
        start = time.perf_counter()
        with sigma._ctx.system_read() as u:  # noqa: SLF001 - the lookup alone, for reference
            u.find(m.UserAccount, dni="47999999")
        if i >= 3:
            times["lookup_only"].append((time.perf_counter() - start) * 1000)
    sigma.close()

    def stats(values: list[float]) -> dict:
        q = statistics.quantiles(values, n=10)
        return {"median_ms": round(statistics.median(values), 1), "p10_ms": round(q[0], 1), "p90_ms": round(q[-1], 1)}

    result = {"bench": "sign_in", "machine": machine(), "engine": "PostgreSQL" if args.pg_url else "SQLite",
              "attempts": args.attempts, **{k: stats(v) for k, v in times.items()},
              "unknown_over_known_wrong": round(statistics.median(times["unknown_dni"])
                                                / statistics.median(times["known_wrong_password"]), 3),
              "same_answer": len(answers["known_wrong_password"] | answers["unknown_dni"]
                                 | answers["deactivated_account"] | answers["malformed_dni"]) == 1}
    for kind in times:
        s = result[kind]
        print(f"{kind:<24} median {s['median_ms']:7.1f} ms   p10 {s['p10_ms']:7.1f}   p90 {s['p90_ms']:7.1f}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""All 123 indicators for one month of the whole nation, and the control grid of one UGEL.

Run: .venv/bin/python bench/bench_indicators.py [--db sqlite:///bench/out/national.sqlite3] [--month 10]
A national demo database is made first if the SQLite file does not exist (`sigma demo --scale national`).
With --db postgresql+psycopg://… the same runs on a PostgreSQL database that already holds the demo, the
baselines through psycopg.

Baselines, measured in the same process on the same file, as plain sqlite3 queries that the planner
plans on its own (their plans are printed):
- raw scan: one GROUP BY over the visit rows of the activity table (no join);
- raw scan with outcome: the same joined to the live execution rows. In SIGMA a visit's state
  (executed, validated, motivo) is a row of `execution`, so this is "the visits table" read with its
  state: the baseline the goal is measured against.
The issue's goal: the 123 indicators within 3× of the raw GROUP BY scan; one UGEL's grid under 0.1 s.
Each figure is given as wall time and as the process's CPU time (best of --runs): on a shared
machine the CPU time moves less, and the ratios are given for both. The indicators use two threads
(services/indicators.gather_facts), so their CPU time exceeds their wall time; the same computation in
one thread (`parallel=False`) is measured alongside.
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, machine

RAW = ("SELECT coach_id, month, COUNT(*) FROM activity WHERE kind = 'visita' AND year = ? "
       "AND deleted_at IS NULL GROUP BY coach_id, month")
RAW_JOINED = ("SELECT a.coach_id, a.month, e.outcome, COUNT(*) FROM activity a LEFT JOIN execution e "
              "ON e.activity_id = a.id AND e.deleted_at IS NULL WHERE a.kind = 'visita' AND a.year = ? "
              "AND a.deleted_at IS NULL GROUP BY a.coach_id, a.month, e.outcome")


def _best(fn, runs: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) in seconds."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu)


class _Raw:
    """The baseline queries as plain driver calls: sqlite3 on a file, psycopg on PostgreSQL."""

    def __init__(self, url: str):
        self.postgres = url.startswith("postgresql")
        if self.postgres:
            import psycopg

            self.conn = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)
        else:
            self.conn = sqlite3.connect(url.removeprefix("sqlite:///"))

    def all(self, sql: str, *params) -> list:
        return self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, params).fetchall()

    def plan(self, sql: str, year: int) -> str:
        if self.postgres:
            return " / ".join(r[0].strip() for r in self.all("EXPLAIN " + sql, year))
        return "; ".join(r[3] for r in self.all("EXPLAIN QUERY PLAN " + sql, year))

    def size_mb(self, path: Path) -> float:
        if self.postgres:
            return self.all("SELECT pg_database_size(current_database())")[0][0] / 1e6
        return path.stat().st_size / 1e6


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'national.sqlite3'}")
    p.add_argument("--year", type=int, default=2017)
    p.add_argument("--month", type=int, default=10)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    path = Path(args.db.removeprefix("sqlite:///"))
    if args.db.startswith("sqlite") and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", args.db, "demo", "--scale", "national",
                        "--year", str(args.year), "--password", "bench-clave-1"], check=True)
    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(args.db)
    raw = _Raw(args.db)
    raw_best, raw_med, raw_cpu = _best(lambda: raw.all(RAW, args.year), args.runs)
    joined_best, joined_med, joined_cpu = _best(lambda: raw.all(RAW_JOINED, args.year), args.runs)
    f = ReportFilter(args.year, args.month)
    national = {"dre", "ugel", "intervencion"}
    ind_best, ind_med, ind_cpu = _best(
        lambda: sigma.indicators.compute(f, include_performance=False, levels=national), args.runs)
    one_best, one_med, one_cpu = _best(
        lambda: sigma.indicators.compute(f, include_performance=False, levels=national, parallel=False), args.runs)
    coach_best, _, coach_cpu = _best(lambda: sigma.indicators.compute(f, include_performance=False), 2)
    perf_best, _, perf_cpu = _best(lambda: sigma.indicators.compute(f), 2)
    perf_one, _, _ = _best(lambda: sigma.indicators.compute(f, parallel=False), 2)
    ugel = raw.all("SELECT u.code FROM ugel u JOIN coach c ON c.ugel_id = u.id GROUP BY u.code "
                   "ORDER BY COUNT(*) DESC, u.code LIMIT 1")[0][0]
    grid_best, grid_med, _ = _best(
        lambda: sigma.control.grid(ReportFilter(args.year, args.month, ugel_code=ugel)), args.runs)
    visits = raw.all("SELECT COUNT(*) FROM activity WHERE kind = 'visita'")[0][0]
    print(f"machine: {machine()}")
    print(f"database: {sigma.db.describe()} ({raw.size_mb(path):.0f} MB, {visits:,} planned visits)")
    print(f"plan of the raw scan: {raw.plan(RAW, args.year)}")
    print(f"plan of the joined scan: {raw.plan(RAW_JOINED, args.year)}")
    print(f"raw GROUP BY scan of visits:            best {raw_best:.3f} s (median {raw_med:.3f}), CPU {raw_cpu:.3f} s")
    print(f"raw scan joined to executions:          best {joined_best:.3f} s (median {joined_med:.3f}), "
          f"CPU {joined_cpu:.3f} s")
    print(f"123 indicators, nation, DRE, UGEL, intervention, month {args.month}: best {ind_best:.3f} s "
          f"(median {ind_med:.3f}), CPU {ind_cpu:.3f} s")
    print(f"  = {ind_best / raw_best:.1f}x raw scan (CPU {ind_cpu / raw_cpu:.1f}x), "
          f"{ind_best / joined_best:.1f}x joined scan (CPU {ind_cpu / joined_cpu:.1f}x)")
    print(f"  the same in one thread (parallel=False): best {one_best:.3f} s (median {one_med:.3f}), CPU {one_cpu:.3f} s"
          f" = {one_best / joined_best:.1f}x joined scan")
    print(f"  same, plus the 5,000 coaches as a level: best {coach_best:.3f} s, CPU {coach_cpu:.3f} s")
    print(f"123 + teacher performance (rubrics):    best {perf_best:.3f} s, CPU {perf_cpu:.3f} s; "
          f"one thread {perf_one:.3f} s")
    print(f"control grid of UGEL {ugel}:             best {grid_best * 1000:.0f} ms (median {grid_med * 1000:.0f} ms)")
    sigma.close()


if __name__ == "__main__":
    main()

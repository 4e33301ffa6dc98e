"""National demo generation into a fresh SQLite file: elapsed time, rows per table, database size.

    .venv/bin/python bench/bench_demo.py                     # national, seed 1, year 2017
    .venv/bin/python bench/bench_demo.py --scale region      # small | ugel | region | national
    .venv/bin/python bench/bench_demo.py --profile           # also where the time goes (cProfile, top 25)
    .venv/bin/python bench/bench_demo.py --in-process        # without the generator's child process

Reports wall time, the CPU time of this process and of the child process that generates and converts the
rows (from the regional scale up; --in-process turns it off) — the CPU figures are the fairer ones on a
shared machine —, the rows of each table and of the change log, and the file size after the load and after
closing (the load runs with a rollback journal, so there is no WAL to checkpoint). Not a test; never run in CI.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from _common import file_size, fresh_sqlite, machine

from sigma_desktop.services import Sigma
from sigma_desktop.services.demo.service import LABELS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="national", choices=("small", "ugel", "region", "national"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--year", type=int, default=2017)
    ap.add_argument("--dir", type=Path, default=None, help="folder for the database (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the database file")
    ap.add_argument("--profile", action="store_true", help="print the 25 most expensive functions")
    ap.add_argument("--in-process", action="store_true", help="generate and convert in this process")
    args = ap.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="sigma-bench-"))
    path = folder / f"demo-{args.scale}.sqlite3"
    print(f"# bench_demo: scale {args.scale}, seed {args.seed}, year {args.year}; {machine()}")
    print(f"# database: {path}")

    sigma = Sigma.open(fresh_sqlite(path))
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    t0 = time.perf_counter()
    sigma.setup.initialize()
    init = time.perf_counter() - t0

    stages: list[tuple[float, str]] = []
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        if not stages or stages[-1][1] != stage.split(" ")[0] or fraction >= 1.0:
            stages.append((time.perf_counter() - started, stage.split(" ")[0]))

    parallel = False if args.in_process else None
    cpu0 = time.process_time()
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        report = prof.runcall(sigma.demo.generate, args.scale, args.seed, args.year,
                              password="bench-demo-1", progress=progress, parallel=parallel)
    else:
        report = sigma.demo.generate(args.scale, args.seed, args.year, password="bench-demo-1",
                                     progress=progress, parallel=parallel)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = child.ru_utime + child.ru_stime
    size_loaded = file_size(path)
    t1 = time.perf_counter()
    sigma.close()
    close = time.perf_counter() - t1
    size_closed = file_size(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    rows = report.total_rows
    print(f"init (schema, ubigeo, catalogues): {init:.1f} s")
    print(f"demo: {wall:.1f} s wall, {cpu:.1f} s CPU (+ {child_cpu:.1f} s in the child); {rows:,} rows + {report.counts['change_log']:,} change-log "
          f"entries = {(rows * 2) / wall:,.0f} rows/s written")
    for table, label in LABELS.items():
        if report.counts.get(table):
            print(f"  {table:<24} {report.counts[table]:>10,}   ({label})")
    print(f"  {'change_log':<24} {report.counts['change_log']:>10,}")
    print(f"file: {size_loaded / 2**20:,.0f} MiB after the load (database + WAL), {size_closed / 2**20:,.0f} MiB "
          f"after closing ({close:.1f} s checkpoint); peak memory {peak:,.0f} MiB")
    if args.profile:
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    print(json.dumps({"scale": args.scale, "seed": args.seed, "year": args.year, "wall_s": round(wall, 2),
                      "cpu_s": round(cpu, 2), "child_cpu_s": round(child_cpu, 2), "rows": rows, "change_log": report.counts["change_log"],
                      "mib_loaded": round(size_loaded / 2**20), "mib_closed": round(size_closed / 2**20),
                      "peak_mib": round(peak), "counts": report.counts}))
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if args.dir is None:  # its own temp folder, with the backups folder that `init` makes beside the file
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The quality module's checks over a national year (issue 18 goal: all of them in under 10 s).

Run: .venv/bin/python bench/bench_quality.py [--db URL] [--year 2017] [--runs 3]

A national demo database is made first if the SQLite file does not exist (`sigma demo --scale national`).
Demo rows are loaded by the system, and the checks of registration times only look at what people
registered; so that those checks read what a real year gives them, a copy of the database is made in which
every execution was registered by a person, 0 to 59 days after it was done (`--registered`, the default;
`--as-loaded` measures the demo as it is). Measured in one process, best of `--runs`: the whole run as the
command line's system (the nation), each check's own time (its query and its function), a Coordinador's DRE
and an RCI's UGEL; the baseline is a plain scan of the year's executions joined to their activities, in the
same process.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, machine

COORDINATOR, PASSWORD = "97999999", "bench-clave-1"


def _best(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), sorted(times)[len(times) // 2], result


def _registered_copy(source: Path) -> Path:
    """A copy of the database where a person registered every execution: 95 % within a week of doing it,
    5 % one to three months later."""
    target = source.with_name(source.stem + "-registered.sqlite3")
    if target.exists():
        return target
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    user = conn.execute("SELECT id FROM user_account WHERE role = 'ap' LIMIT 1").fetchone()[0]
    conn.execute("UPDATE execution SET created_by = ?, created_at = datetime(executed_on, '+' || "
                 "(CASE WHEN abs(random()) % 100 < 95 THEN abs(random()) % 8 ELSE 31 + abs(random()) % 60 END) "
                 "|| ' days', '+15 hours') || '.000000'", (user,))
    conn.commit()
    conn.close()
    return target


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'national.sqlite3'}")
    p.add_argument("--year", type=int, default=2017)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--as-loaded", action="store_true", help="measure the demo as loaded (no person registrations)")
    args = p.parse_args()
    url = args.db
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", url, "init"], check=True)
            subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", url, "demo", "--scale", "national",
                            "--year", str(args.year), "--password", "bench-clave-1"], check=True)
        if not args.as_loaded:
            url = f"sqlite:///{_registered_copy(path)}"
    from sqlalchemy import text

    from sigma_desktop.domain.quality.kinds import KINDS
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(url)
    scan = text("SELECT a.kind, e.outcome, e.validation_state, count(*), max(e.created_at) FROM execution e "
                "JOIN activity a ON a.id = e.activity_id WHERE a.year = :y AND a.deleted_at IS NULL "
                "AND e.deleted_at IS NULL GROUP BY 1, 2, 3")
    with sigma.db.session() as s:
        executions = s.scalar(text("SELECT count(*) FROM execution"))
        teachers = s.scalar(text("SELECT count(*) FROM teacher"))
        coaches = s.scalar(text("SELECT count(*) FROM coach"))
        dre, ugel = s.execute(text("SELECT d.code, u.code FROM ugel u JOIN dre d ON d.id = u.dre_id "
                                   "JOIN coach c ON c.ugel_id = u.id GROUP BY d.code, u.code "
                                   "ORDER BY count(*) DESC LIMIT 1")).one()

        def baseline():
            return s.execute(scan, {"y": args.year}).all()

        base_best, base_med, _ = _best(baseline, args.runs)
    best, median, report = _best(lambda: sigma.quality.run(args.year), args.runs)
    seconds = {k: [] for k in report.seconds}
    for _ in range(args.runs):
        for k, v in sigma.quality.run(args.year).seconds.items():
            seconds[k].append(v)
    ugel_best, _, ugel_report = _best(lambda: sigma.quality.run(args.year, ugel), args.runs)
    dre_best = None
    if not args.as_loaded:  # a Coordinador de Calidad of the DRE (added to the bench's copy once)
        from sigma_desktop.domain.errors import ValidationError

        try:
            sigma.users.add(COORDINATOR, "Coordinadora de Calidad (bench)", "coordinador_calidad", PASSWORD,
                            dre_code=dre)
        except ValidationError:
            pass  # already there
        sigma.auth.sign_in(COORDINATOR, PASSWORD)
        dre_best, _, dre_report = _best(lambda: sigma.quality.run(args.year), args.runs)
        sigma.auth.sign_out()
    print(f"# bench_quality: {machine()}")
    print(f"database: {sigma.db.describe()} — {executions:,} executions, {teachers:,} teachers, {coaches:,} "
          f"coaches; {'as loaded' if args.as_loaded else 'every execution registered by a person'}")
    print(f"baseline, one GROUP BY scan of the year's executions: best {base_best:.2f} s (median {base_med:.2f})")
    print(f"every check, the whole country: best {best:.2f} s (median {median:.2f}) = {best / base_best:.1f}x "
          f"the baseline; {len(report.findings):,} findings, {sum(r.count for r in report.findings):,} records")
    for kind, values in seconds.items():
        found = [r for r in report.findings if r.kind is kind]
        print(f"  {KINDS[kind].label:<34} {min(values):6.2f} s  {len(found):>6,} findings "
              f"{sum(r.count for r in found):>8,} records")
    print(f"one UGEL ({ugel}, the largest): best {ugel_best:.2f} s, {len(ugel_report.findings)} findings")
    if dre_best is not None:
        print(f"a Coordinador de Calidad of DRE {dre} ({dre_report.scope_label}): best {dre_best:.2f} s, "
              f"{len(dre_report.findings)} findings")


if __name__ == "__main__":
    main()

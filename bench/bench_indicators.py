"""The 123 indicators of a UGEL and of the nation against reading their rows once, and the live updates.

Run: .venv/bin/python bench/bench_indicators.py [--db sqlite:////tmp/national.sqlite3] [--month 10]
A national demo database is made first if the SQLite file does not exist (`sigma demo --scale national`).
With --db postgresql+psycopg://… the same runs on a PostgreSQL database that already holds the demo, the
baselines through psycopg. Everything below is measured in one process, on one database (issue 19).

Baselines: plain SQL through the driver (sqlite3, psycopg), planned by the engine on its own (the plans
are printed):
- the UGEL's joined scan: every live activity of the largest UGEL up to the cut-off month (the month's
  report counts what was done so far) or the whole year, LEFT JOIN its live execution, grouped by coach,
  kind and outcome: «reading that UGEL's rows once»;
- the nation's joined scan: the year's planned visits joined to their live execution, grouped by coach,
  month and outcome (the baseline of issue 4, kept so that the figures compare across rounds).
Measured: the UGEL's 123 indicators for the month and the year, without and with the rubric indicators
(every level: UGEL, intervention, coaches); the nation's month (nation, DRE, UGEL, intervention); then live
views of the UGEL's month (the indicators with rubrics, the control grid and the Gestor Local's Inicio) and, after each kind of write
through the services (register, validate, delete, restore, import of one row) and a sync-sized batch
written by the bulk path the sync applies with, the time from the write's commit until both views show the
new figures (`LiveFigures.last_seconds`), with the time of the write itself beside it.
Best of --runs, wall and CPU time of the process.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ROOT, machine

from bench_indicators_baselines import NATION_JOINED, UGEL_BY_COACH, UGEL_JOINED, Raw

PASSWORD = "bench-demo-1"


def _best(fn, runs: int) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) in seconds."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu)


def _line(label: str, fig: tuple, base: tuple | None = None, goal: float | None = None, *, server=False) -> str:
    """A figure and its ratio to its baseline; on PostgreSQL the work is the server's, so only the wall time
    compares (this process's CPU time is what it spends outside the server)."""
    best, med, cpu = fig
    text = f"{label:<52} best {best:7.3f} s (median {med:.3f}), CPU {cpu:.3f} s"
    if base is not None:
        text += f"  = {best / base[0]:.1f}x wall" + ("" if server else f", {cpu / base[2]:.1f}x CPU")
        if goal is not None:
            text += f" (goal {goal:g}x)"
    return text


def _sign_in(sigma, dni: str) -> None:
    sigma.auth.sign_in(dni, PASSWORD)


def _live(sigma, raw: Raw, ugel_id, ugel_code: str, year: int, month: int, tmp: Path, rounds: int) -> list[str]:
    """The live updates after each kind of write, on views of the UGEL's month, over `rounds` rounds of the
    same writes (other records each time). The first update of a coach also renders its statements (kept
    afterwards): it is given apart from the median of the later rounds."""
    from sigma_desktop.domain.reporting import ReportFilter

    coach_dni, gestor, rci = raw.people(ugel_id)
    _sign_in(sigma, gestor)  # the views of the UGEL's Gestor Local
    f = ReportFilter(year, month, ugel_code=ugel_code)
    start = time.perf_counter()
    views = [sigma.live.report(f), sigma.live.control(f),
             sigma.live.manager_dashboard(year, month, today=date(year, month, 20))]
    out = [f"live views opened (UGEL {ugel_code}, month {month}: indicators with rubrics + control grid + the "
           f"Gestor Local's Inicio, its month in course): {time.perf_counter() - start:.3f} s; coach {coach_dni}, "
           f"{rounds} rounds of writes"]
    seen: dict[str, list] = {}

    def write(label: str, dni: str | None, call):
        if dni is None:
            sigma.sign_in_as_system()  # (a sync batch: the hub applies it as the system)
        else:
            _sign_in(sigma, dni)
        before = sigma.live.last_seconds
        start = time.perf_counter()
        result = call()
        total = time.perf_counter() - start
        updates = [v.last_update for v in views]
        coaches = "/".join("all" if u is None or u.coaches is None else str(u.coaches) for u in updates)
        followed = sigma.live.last_seconds is not before
        live = sigma.live.last_seconds if followed else None
        each = tuple(None if u is None else u.seconds for u in updates)  # each view, from the commit
        seen.setdefault(label, []).append((live, total, coaches, sigma.live.last_cpu if followed else None, each))
        return result

    from sigma_desktop.domain.errors import ValidationError

    def round_of_writes(n: int) -> bool:
        candidates = raw.open_visits(ugel_id, year, month, coach_dni)
        done = None
        for activity, teacher, amonth in candidates:  # the first the rule book accepts (a diagnóstica first, …)
            _sign_in(sigma, coach_dni)
            try:
                done = write("register a visit", coach_dni, lambda: sigma.registration.register_visit(
                    activity, date(year, amonth, min(5 + n, 28)), raw.full_ratings(year)))
                break
            except ValidationError:
                continue
        if done is None:
            out.append(f"  round {n + 1}: no visit of the coach left to register")
            return False
        teacher, wmonth = next(((t, mth) for a, t, mth in candidates if a != activity), (teacher, amonth))
        day = date(year, wmonth, min(5 + n, 28))
        write("validate it", gestor, lambda: sigma.validation.validate([done.execution_id]))
        write("delete it (RCI)", rci, lambda: sigma.trash.delete_execution(done.execution_id, "Registro duplicado"))
        write("restore it (RCI)", rci, lambda: sigma.trash.restore_execution(done.execution_id))
        path = tmp / f"una-fila-{n}.csv"
        path.write_text("dni_acompanante,tipo,anio,mes,dni_docente,estado,fecha_ejecucion,motivo_no_ejecucion\n"
                        f"{coach_dni},visita,{year},{wmonth},{teacher},no_ejecutada,{day:%d/%m/%Y},huelga\n",
                        encoding="utf-8")
        write("import of one row (a visit not done)", coach_dni, lambda: sigma.imports.run("actividades", path))
        write("a sync batch: 200 executions of 20 coaches", None,
              lambda: raw.bulk_batch(sigma, ugel_id, year, month, n))
        return True

    # the three views followed together, then each alone with the other two paused (their screens hidden
    # behind it: ui/live_views.py), which is what a user sees: one module in front
    names = ("Reportes", "Control", "Inicio")
    modes = [("the three views together", (0, 1, 2))] + [(f"{names[i]} alone (the others hidden)", (i,))
                                                         for i in range(3)]
    n = 0
    for mode, active in modes:
        for i, v in enumerate(views):
            v.resume() if i in active else v.pause()
        seen.clear()
        for _ in range(rounds):
            if not round_of_writes(n):
                break
            n += 1
        out.append(f" {mode}:")
        for label, runs in seen.items():
            lives = [r[0] * 1000 for r in runs if r[0] is not None]
            if not lives:
                out.append(f"  {label:<44} changed nothing the views show")
                continue
            later = lives[1:] or lives
            cpu = [r[3] * 1000 for r in runs if r[3] is not None]
            coaches = "/".join(runs[-1][2].split("/")[i] for i in active)
            out.append(f"  {label:<44} commit to figures: first {lives[0]:6.1f} ms, then median "
                       f"{statistics.median(later):6.1f} ms (best {min(later):5.1f}; CPU median "
                       f"{statistics.median(cpu[1:] or cpu):5.1f} ms); coaches re-read {coaches}; "
                       f"the write with it {statistics.median(r[1] for r in runs) * 1000:6.1f} ms")
            if len(active) > 1:
                each = [statistics.median([r[4][i] * 1000 for r in runs if r[4][i] is not None] or [0.0])
                        for i in range(len(views))]
                out.append(f"  {'':<44} each view's own update, median: " +
                           ", ".join(f"{names[i]} {each[i]:.1f} ms" for i in active))
    for v in views:
        v.resume()
    # the floor of a live update in this design: recomputing the UGEL's figures from the facts in memory
    report = views[0]
    base = report._base  # noqa: SLF001 - what the view recomputes from
    floor = _best(lambda: base.report(report._facts, None, report._memo, report._cache), 5)  # noqa: SLF001
    out.append(f"  floor: the UGEL's 123 + rubrics recomputed from the facts in memory, nothing read: "
               f"best {floor[0] * 1000:.1f} ms (median {floor[1] * 1000:.1f}), CPU {floor[2] * 1000:.1f} ms")
    for v in views:
        sigma.live.close(v)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'national.sqlite3'}")
    p.add_argument("--year", type=int, default=2017)
    p.add_argument("--month", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-live", action="store_true", help="leave the database as it is (no writes)")
    p.add_argument("--live-rounds", type=int, default=3, help="rounds of the live writes")
    p.add_argument("--live-only", action="store_true", help="only the live updates (no ratios)")
    args = p.parse_args()
    path = Path(args.db.removeprefix("sqlite:///"))
    if args.db.startswith("sqlite") and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", args.db, "demo", "--scale", "national",
                        "--year", str(args.year), "--password", PASSWORD], check=True)
    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(args.db)
    sigma.sign_in_as_system()  # the figures of the whole nation, as the command line reads them
    raw = Raw(args.db)
    year, month, runs = args.year, args.month, args.runs
    ugel_id, ugel = raw.largest_ugel(year)
    if args.live_only:
        print(f"machine: {machine()}")
        with tempfile.TemporaryDirectory() as tmp:
            print("\n".join(_live(sigma, raw, ugel_id, ugel, year, args.month, Path(tmp), args.live_rounds)))
        sigma.close()
        return
    u_month = _best(lambda: raw.all(UGEL_JOINED, year, ugel_id, month), runs)
    u_year = _best(lambda: raw.all(UGEL_JOINED, year, ugel_id, 12), runs)
    c_month = _best(lambda: raw.all(UGEL_BY_COACH, year, ugel_id, ugel_id, month), runs)
    c_year = _best(lambda: raw.all(UGEL_BY_COACH, year, ugel_id, ugel_id, 12), runs)
    nation = _best(lambda: raw.all(NATION_JOINED, year), runs)
    ind = sigma.indicators.compute
    fm, fy = ReportFilter(year, month, ugel_code=ugel), ReportFilter(year, ugel_code=ugel)
    m_plain = _best(lambda: ind(fm, include_performance=False), runs)
    m_rubric = _best(lambda: ind(fm), runs)
    y_plain = _best(lambda: ind(fy, include_performance=False), runs)
    y_rubric = _best(lambda: ind(fy), runs)
    national = {"dre", "ugel", "intervencion"}
    n_month = _best(lambda: ind(ReportFilter(year, month), include_performance=False, levels=national), runs)
    grid = _best(lambda: sigma.control.grid(fm), runs)
    # the floor of this design: its queries alone (read and assembled, nothing computed from them)
    gather = sigma.indicators.gather
    y_read = _best(lambda: gather(fy, include_performance=False), runs)
    n_read = _best(lambda: gather(ReportFilter(year, month), include_performance=False), runs)
    print(f"machine: {machine()}")
    print(f"database: {sigma.db.describe()} ({raw.size_mb(path):.0f} MB, {raw.count_activities():,} activities)")
    print(f"UGEL {ugel}: {raw.ugel_rows(year, ugel_id, 12):,} live activities in {year}, "
          f"{raw.ugel_rows(year, ugel_id, month):,} up to month {month}")
    print(f"plan of the UGEL's joined scan: {raw.plan(UGEL_JOINED, year, ugel_id, month)}")
    print(f"plan of the same, coach by coach: {raw.plan(UGEL_BY_COACH, year, ugel_id, ugel_id, month)}")
    print(f"plan of the nation's joined scan: {raw.plan(NATION_JOINED, year)}")
    print(_line(f"UGEL joined scan, months 1-{month}", u_month))
    print(_line("UGEL joined scan, the year", u_year))
    print(_line(f"  the same sought coach by coach, months 1-{month}", c_month))
    print(_line("  the same sought coach by coach, the year", c_year))
    print(_line("nation joined scan (the year's visits)", nation))
    pg = raw.postgres
    print(_line(f"UGEL 123 indicators, month {month}", m_plain, u_month, 1, server=pg))
    print(_line(f"UGEL 123 + rubrics, month {month}", m_rubric, u_month, 2, server=pg))
    print(_line("UGEL 123 indicators, the year", y_plain, u_year, 1, server=pg))
    print(_line("UGEL 123 + rubrics, the year", y_rubric, u_year, 2, server=pg))
    print(_line(f"nation 123 indicators, month {month} (DRE/UGEL/interv.)", n_month, nation, 1.5, server=pg))
    print(_line(f"control grid of the UGEL, month {month}", grid, u_month, server=pg))
    print("against the scans sought coach by coach:")
    for label, fig, base, goal in ((f"UGEL 123, month {month}", m_plain, c_month, 1),
                                   (f"UGEL 123 + rubrics, month {month}", m_rubric, c_month, 2),
                                   ("UGEL 123, the year", y_plain, c_year, 1),
                                   ("UGEL 123 + rubrics, the year", y_rubric, c_year, 2)):
        print(_line("  " + label, fig, base, goal, server=pg))
    print(_line("  floor: the UGEL's year, its queries alone", y_read, u_year, server=pg))
    print(_line(f"  floor: the nation's month {month}, its queries alone", n_read, nation, server=pg))
    if not args.no_live:
        with tempfile.TemporaryDirectory() as tmp:
            for line in _live(sigma, raw, ugel_id, ugel, year, month, Path(tmp), args.live_rounds):
                print(line)
    sigma.close()


if __name__ == "__main__":
    main()

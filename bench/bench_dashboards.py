"""Each role's Inicio on a national database (issue 18 goal: charts redraw within 0.3 s for a UGEL user).

Run: .venv/bin/python bench/bench_dashboards.py [--db URL] [--year 2017] [--runs 5]

A national demo database is made first if the SQLite file does not exist (`sigma demo --scale national`).
For a Gestor Local (one UGEL), a Gestor Regional (one DRE) and an AP, measured in one process, offscreen, at
1366×768: the dashboard service alone, and a redraw as a person sees it — a change of month in the filters:
the service, the charts given their data, and the whole window painted (`grab()`). Each figure is the best
and the median of `--runs`, over months March to December in turn; each role's user is the one whose UGEL
(or DRE) has the most coaches. The baseline, in the same process, is the
Módulo de Control's grid of the same month and scope (what the Control panel computes for that filter).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSWORD = "bench-clave-1"


def _times(fn, runs: int) -> tuple[float, float, float]:
    """(best, median) wall time and the median CPU time of the process (the machine is shared: CPU time is
    what the wall time would be on a free one)."""
    times, cpu = [], []
    for i in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn(3 + i % 10)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return min(times), statistics.median(times), statistics.median(cpu)


def _user(sigma, role: str) -> str:
    """The user of `role` whose UGEL (or DRE) has the most coaches: the worst case."""
    from sqlalchemy import func, select

    from sigma_desktop.storage import models as m

    U = m.UserAccount
    coaches = (select(func.count(m.Coach.id)).join(m.Ugel, m.Ugel.id == m.Coach.ugel_id)
               .where((m.Ugel.id == U.ugel_id) | (m.Ugel.dre_id == U.dre_id)).scalar_subquery())
    with sigma.db.session() as s:
        return s.scalar(select(U.dni).where(U.role == role, U.active).order_by(coaches.desc(), U.dni).limit(1))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'national.sqlite3'}")
    p.add_argument("--year", type=int, default=2017)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--password", default=PASSWORD, help="the demo's password (bench_demo.py uses bench-demo-1)")
    args = p.parse_args()
    if args.db.startswith("sqlite"):
        path = Path(args.db.removeprefix("sqlite:///"))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", args.db, "init"], check=True)
            subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", args.db, "demo", "--scale", "national",
                            "--year", str(args.year), "--password", PASSWORD], check=True)
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication(["bench"])
    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.services import Sigma
    from sigma_desktop.ui import theme

    theme.apply(app)
    sigma = Sigma.open(args.db)
    year, runs = args.year, args.runs
    print(f"# {machine()}")
    print(f"# {args.db}, year {year}, best / median of {runs}")
    for role in ("gestor_local", "gestor_regional", "ap"):
        actor = sigma.auth.sign_in(_user(sigma, role), args.password)
        if role == "ap":
            from sigma_desktop.ui.home.coach import CoachHomePanel as Home

            service = lambda month: sigma.dashboard.coach(year, month)  # noqa: E731
        else:
            from sigma_desktop.ui.home.manager import ManagerHomePanel as Home

            service = lambda month: sigma.dashboard.manager(year, month)  # noqa: E731
        baseline = _times(lambda month: sigma.control.grid(ReportFilter(year, month)), runs)
        data = _times(service, runs)
        panel = Home(sigma)
        panel.resize(1126, 700)  # the window's 1366×768 less the navigation, the menus and the status bar
        panel.show()
        QThreadPool.globalInstance().waitForDone(60000)
        app.processEvents()

        def redraw(month: int) -> None:
            panel.filters.set_period(year, month)
            panel.show_data(service(month))
            panel.grab()

        drawn = _times(redraw, runs)
        only_paint = _times(lambda month: panel.grab(), runs)
        print(f"{role:16} ({actor.name}): Control grid {baseline[0]:.3f} / {baseline[1]:.3f} s "
              f"(CPU {baseline[2]:.3f}); dashboard service {data[0]:.3f} / {data[1]:.3f} s (CPU {data[2]:.3f}); "
              f"redraw (service + charts + paint) {drawn[0]:.3f} / {drawn[1]:.3f} s (CPU {drawn[2]:.3f}); "
              f"paint alone {only_paint[0]:.3f} / {only_paint[1]:.3f} s; "
              f"redraw ÷ Control grid {drawn[1] / baseline[1]:.2f}")
        panel.close()
        panel.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()

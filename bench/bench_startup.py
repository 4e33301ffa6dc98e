"""Time from process start to the sign-in window (issue 3 goal: under 0.8 s on this machine).

Run: .venv/bin/python bench/bench_startup.py [--runs 5] [--db URL]
Each run is a fresh process (`sigma-desktop --startup-probe`), which opens the database, shows the
sign-in window offscreen and exits when it is on screen; the figure is wall time measured outside.
A baseline run in the same loop starts a bare QApplication with one QDialog, so the ratio says what
the app adds on top of Qt itself.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = ("import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from PySide6.QtWidgets import QApplication, QDialog;"
            "a=QApplication([]); d=QDialog(); d.show(); a.processEvents(); print('SHOWN', flush=True)")


def _time(cmd: list[str], env: dict) -> float:
    """Wall time until the process prints its first line (the probe prints when the window shows)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return elapsed


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--db")
    args = p.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.sqlite3"
        subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", url, "init"], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        app, base = [], []
        for _ in range(args.runs):
            base.append(_time([sys.executable, "-c", BASELINE], env))
            app.append(_time([sys.executable, "-m", "sigma_desktop.app", "--db", url, "--startup-probe"], env))
    med_app, med_base = statistics.median(app), statistics.median(base)
    print(f"sign-in window: median {med_app:.3f} s (min {min(app):.3f}, max {max(app):.3f}) over {args.runs} runs")
    print(f"bare Qt dialog: median {med_base:.3f} s; ratio app/baseline {med_app / med_base:.2f}")


if __name__ == "__main__":
    main()

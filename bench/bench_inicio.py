"""Sign-in to a drawn Inicio, per role, and whether the chart code loads before signing in (issue 18).

Run: .venv/bin/python bench/bench_inicio.py --db URL --password P [--runs 5] [--before DIR]

Each run is a fresh process (offscreen): it opens the database and shows the sign-in window (the chart code
must not be loaded yet: the process says so), then signs the role's user in and opens the main window at
1366×768 until its Inicio is drawn with its data (the background work finished and the window grabbed). The
figures are the time from the sign-in call to that grab, measured inside the process, and the part of it
after the sign-in call (the password's verification is the same before and after). With `--before DIR` (a
checkout of the code before the change), the same runs with that code, alternated with this one.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from _common import ROOT, machine

CHILD = r'''
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication(["bench"])
from sigma_desktop.ui import theme
theme.apply(app)
from sigma_desktop.services import Sigma
from sigma_desktop.ui.sign_in import SignInDialog
from sigma_desktop.ui.screenshots import _settle
sigma = Sigma.open(sys.argv[2])
dialog = SignInDialog(sigma.auth.sign_in, sigma.db.describe())
dialog.show()
app.processEvents()
charts_before = "sigma_desktop.ui.charts" in sys.modules
dialog.close()
started = time.perf_counter()
sigma.auth.sign_in(sys.argv[3], sys.argv[4])
signed_in = time.perf_counter()
from sigma_desktop.ui.main_window import MainWindow
window = MainWindow(sigma, sigma.db.describe(), "local (SQLite)")
window.resize(1366, 768)
window.show()
_settle()
window.grab()
print(json.dumps({"seconds": time.perf_counter() - started, "window": time.perf_counter() - signed_in,
                  "charts_before_sign_in": charts_before,
                  "home": type(window.panels["home"]).__name__}))
'''


def _users(url: str) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from sigma_desktop.services import Sigma

    chosen: dict[str, str] = {}
    for row in Sigma.open(url).users.list():
        if row.active and row.role not in chosen:
            chosen[row.role] = row.dni
    return chosen


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--before", help="a checkout of the code before the change")
    p.add_argument("--roles", default="ap,gestor_local,gestor_regional")
    args = p.parse_args()
    users = _users(args.db)
    trees = [("después", str(ROOT))] + ([("antes", str(Path(args.before).resolve()))] if args.before else [])
    print(f"# {machine()}")
    print(f"# {args.db}; median (min–max) of {args.runs} fresh processes, alternated")
    for role in args.roles.split(","):
        if role not in users:
            continue
        found: dict[str, list] = {label: [] for label, _tree in trees}
        for _ in range(args.runs):
            for label, tree in trees:
                env = dict(os.environ, PYTHONPATH=tree)
                out = subprocess.run([sys.executable, "-c", CHILD, tree, args.db, users[role], args.password],
                                     env=env, capture_output=True, text=True, check=True).stdout
                found[label].append(json.loads(out.strip().splitlines()[-1]))
        parts = []
        for label, runs in found.items():
            seconds = [r["seconds"] for r in runs]
            window = [r["window"] for r in runs]
            loaded = any(r["charts_before_sign_in"] for r in runs)
            parts.append(f"{label}: {statistics.median(seconds):.3f} s ({min(seconds):.3f}–{max(seconds):.3f}), "
                         f"de ellos la ventana con su Inicio {statistics.median(window):.3f} s "
                         f"({min(window):.3f}–{max(window):.3f}), {runs[0]['home']}, "
                         f"gráficos cargados antes de iniciar sesión: {'sí' if loaded else 'no'}")
        print(f"{role:20} " + "; ".join(parts))


if __name__ == "__main__":
    main()

"""Which chart library: the same bar chart (5,000 coaches' execution %, with the 80 % and 50 % lines) drawn by
QPainter (sigma_desktop/ui/charts), QtCharts (PySide6-Addons), pyqtgraph and matplotlib's Qt backend.

Run: .venv/bin/python bench/bench_charts.py [--python OTHER_PYTHON] [--runs 3] [--pictures DIR]

Each measurement is a fresh process (offscreen): after PySide6.QtWidgets is imported and a QApplication made,
(1) the library's import time (for QPainter, the project's chart module only: Qt and the formatting code it
uses are loaded by the app anyway), (2) building the 5,000-bar chart and showing it once in a 1366×768 window
(a scroll area of 22-pixel rows where the library can, else all bars in the window), to the first grab(),
(3) the same with 20 bars. `--pictures DIR` also saves each library's chart of 7 coaches with Spanish
names, to compare the look. `--python` runs the processes with another interpreter (one that has
PySide6-Addons, pyqtgraph and matplotlib installed: the project does not ship them); the project's code is
put on its path. Installed sizes: the files each option adds to what the bundle already carries.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, os, random, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QScrollArea
app = QApplication([])
backend, n, picture = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(7)
if backend == "qpainter":  # what the app has loaded anyway when a panel opens: only the charts' own code counts
    import sigma_desktop.reports.formatting, sigma_desktop.ui.theme  # noqa: E401
NAMES = ["Quispe Ñahui, Rosa", "Cáceres Ccori, Wilfredo", "Huayhua Linares, Efraín", "Zúñiga Peña, María José",
         "Ibáñez Gálvez, Óscar", "Mamani Condori, Nélida", "Yupanqui Ríos, Jesús"]
labels = NAMES if picture else [f"Acompañante {i:04d}, Nombre" for i in range(n)]
values = [round(rng.uniform(20, 100), 1) for _ in labels]
BLUE, AMBER, RED = "#2E75B6", "#E0A800", "#C0504D"
color = lambda v: RED if v < 50 else AMBER if v < 80 else BLUE
t0 = time.perf_counter()
if backend == "qpainter":
    from sigma_desktop.ui import theme
    from sigma_desktop.ui.charts import Bar, BarChart, EXECUTION_THRESHOLDS
elif backend == "qtcharts":
    from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
    from PySide6.QtCharts import QLineSeries
elif backend == "pyqtgraph":
    import pyqtgraph as pg
elif backend == "matplotlib":
    import matplotlib
    matplotlib.use("QtAgg")
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure
t1 = time.perf_counter()
if backend == "qpainter":
    theme.apply(app)
    chart = BarChart()
    chart.set_data([Bar(i, lab, v) for i, (lab, v) in enumerate(zip(labels, values))],
                   title="Ejecución de visitas por acompañante, mayo de 2017", unit="%",
                   thresholds=EXECUTION_THRESHOLDS, band_colors=True)
    widget = chart.in_scroll_area()
elif backend == "qtcharts":
    sets = {}
    for c in (BLUE, AMBER, RED):  # one bar set per colour: QtCharts colours sets, not bars
        sets[c] = QBarSet("")
        sets[c].setColor(c)
    for v in values:
        for c, s in sets.items():
            s.append(v if color(v) == c else 0)
    series = QHorizontalBarSeries()
    series.setBarWidth(0.8)
    for s in sets.values():
        series.append(s)
    chart = QChart()
    chart.setTitle("Ejecución de visitas por acompañante, mayo de 2017")
    chart.addSeries(series)
    ay, ax = QBarCategoryAxis(), QValueAxis()
    ay.append(labels)
    ax.setRange(0, 100)
    ax.setLabelFormat("%.0f %%")
    chart.addAxis(ay, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(ax, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(ay)
    series.attachAxis(ax)
    chart.legend().hide()
    view = QChartView(chart)
    view.setMinimumHeight(max(700, 22 * len(labels)))
    widget = QScrollArea()
    widget.setWidgetResizable(True)
    widget.setWidget(view)
elif backend == "pyqtgraph":
    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    widget = pg.PlotWidget(title="Ejecución de visitas por acompañante, mayo de 2017")
    item = pg.BarGraphItem(x0=0, y=list(range(len(labels))), height=0.7, width=values,
                           brushes=[pg.mkBrush(color(v)) for v in values], pens=[None] * len(values))
    widget.addItem(item)
    for x, c in ((80, AMBER), (50, RED)):
        widget.addItem(pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen(c, width=2,
                                                                   style=__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.PenStyle.DashLine)))
    widget.getAxis("left").setTicks([list(enumerate(labels))])
    widget.setXRange(0, 100)
    widget.setYRange(-0.5, min(len(labels), 30) - 0.5)  # a window of 30 rows; the user pans for the rest
    widget.getPlotItem().invertY(True)
elif backend == "matplotlib":
    height = max(7.68, 0.22 * len(labels))
    fig = Figure(figsize=(13.66, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.barh(range(len(labels)), values, color=[color(v) for v in values])
    ax.axvline(80, color=AMBER, ls="--")
    ax.axvline(50, color=RED, ls="--")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_title("Ejecución de visitas por acompañante, mayo de 2017")
    canvas = FigureCanvasQTAgg(fig)
    widget = QScrollArea()
    widget.setWidget(canvas)
widget.resize(1366, 768 if not picture else 330)
widget.show()
app.processEvents()
image = widget.grab()
t2 = time.perf_counter()
if picture:
    image.save(picture)
print(json.dumps({"import": t1 - t0, "render": t2 - t1}))
'''


def child(python: str, backend: str, n: int, picture: str = "") -> dict | None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([python, "-c", CHILD, backend, str(n), picture], env=env, capture_output=True, text=True,
                          timeout=900)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": last[:120]}
    return json.loads(done.stdout.strip().splitlines()[-1])


SIZES = '''
import json, sys
from importlib import metadata
from pathlib import Path
def files(dist, keep=lambda p: True):
    try:
        d = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return None
    return sum(Path(d.locate_file(f)).stat().st_size for f in (d.files or ()) if keep(str(f))
               and Path(d.locate_file(f)).is_file())
charts = lambda p: ("QtCharts" in p or "Qt6Charts" in p or "Qt6OpenGL" in p) and not p.endswith(".pyi") and "qml" not in p.lower()
out = {"PySide6-Addons (whole wheel, installed)": files("PySide6_Addons"),
       "QtCharts and the OpenGL libraries it links (what a bundle would take)": files("PySide6_Addons", charts),
       "pyqtgraph": files("pyqtgraph"), "numpy": files("numpy"), "matplotlib": files("matplotlib")}
for extra in ("contourpy", "kiwisolver", "fonttools", "cycler", "pyparsing", "python-dateutil", "six", "packaging"):
    out[extra] = files(extra)
print(json.dumps(out))
'''


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pictures", type=Path)
    p.add_argument("--backends", default="qpainter,qtcharts,pyqtgraph,matplotlib")
    args = p.parse_args()
    backends = args.backends.split(",")
    print(f"# bench_charts: {args.python}; median of {args.runs} processes each")
    print(f"{'backend':<11} {'import':>9} {'5 000 bars':>11} {'20 bars':>9}")
    for backend in backends:
        results = {}
        for n in (5000, 20):
            runs = [child(args.python, backend, n) for _ in range(args.runs)]
            if any("error" in r for r in runs):
                results[n] = next(r for r in runs if "error" in r)
                continue
            results[n] = {k: statistics.median(r[k] for r in runs) for k in ("import", "render")}
        if "error" in results[5000]:
            print(f"{backend:<11} unavailable: {results[5000]['error']}")
            continue
        print(f"{backend:<11} {results[5000]['import'] * 1000:>7.0f} ms {results[5000]['render']:>9.2f} s "
              f"{results[20]['render']:>7.2f} s")
        if args.pictures:
            args.pictures.mkdir(parents=True, exist_ok=True)
            child(args.python, backend, 7, str(args.pictures / f"{backend}.png"))
    sizes = subprocess.run([args.python, "-c", SIZES], capture_output=True, text=True)
    if sizes.returncode == 0:
        print("# installed sizes (MiB; None: not installed)")
        for name, size in json.loads(sizes.stdout).items():
            print(f"  {name:<72} {'—' if size is None else f'{size / 2**20:.1f}'}")


if __name__ == "__main__":
    main()

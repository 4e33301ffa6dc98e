"""The raw export of 400,000 activity rows: openpyxl's write-only mode (baseline) against the faster
writers, in the same process, on the same rows. Issue 4's goal: at most half the baseline's time.

Run: .venv/bin/python bench/bench_exports.py [--db sqlite:///bench/out/national.sqlite3] [--rows 400000]
     [--repeat 1] [--formatted]
A national demo database is made first if the file does not exist (`sigma demo --scale national`).

1. The rows are read once through the service (`sigma.exports.iter_raw`: the streamed query and the
   labels) and kept in memory, so that every writer gets the very same tuples and only writing is timed.
2. Each writer writes them to a file with the same header: openpyxl write-only (baseline), xlsxwriter
   constant_memory, pyexcelerate (not streaming: it keeps the sheet in memory; shown for reference) and
   SIGMA's streaming writer (`reports/xlsx/raw.py`, what `sigma export raw` uses). Writers that are not
   installed are skipped (`pip install xlsxwriter==3.3.1 pyexcelerate==0.13.0` to measure them).
3. The whole export as users run it (query + labels + write, `sigma.exports.raw`) of the same year.
With --formatted, the formatted workbooks and PDFs of a national month are timed too.
Peak memory is the process's high-water mark (ru_maxrss) after each step: it only shows increases.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, machine


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _openpyxl(rows, header, path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Actividades")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)


def _xlsxwriter(rows, header, path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "default_date_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Actividades")
    ws.write_row(0, 0, header)
    for n, row in enumerate(rows, start=1):
        ws.write_row(n, 0, row)
    wb.close()


def _pyexcelerate(rows, header, path) -> None:
    from pyexcelerate import Workbook

    wb = Workbook()
    wb.new_sheet("Actividades", data=[list(header)] + [list(r) for r in rows])
    wb.save(str(path))


def _sigma(rows, header, path) -> None:
    from datetime import datetime, timezone

    from sigma_desktop.reports.formatting import ReportMeta
    from sigma_desktop.reports.xlsx.raw import write_raw_workbook

    meta = ReportMeta("Registros de actividades", ("Ministerio de Educación",), (("Periodo", "bench"),),
                      datetime.now(timezone.utc))
    write_raw_workbook(rows, meta, path)


WRITERS = (("openpyxl write-only (baseline)", "openpyxl", _openpyxl),
           ("xlsxwriter constant_memory", "xlsxwriter", _xlsxwriter),
           ("SIGMA streaming writer", None, _sigma),
           ("pyexcelerate (in memory)", "pyexcelerate", _pyexcelerate))


def _available(module: str | None) -> bool:
    if module is None:
        return True
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _time(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{ROOT / 'bench' / 'out' / 'national.sqlite3'}")
    p.add_argument("--year", type=int, default=2017)
    p.add_argument("--rows", type=int, default=400_000)
    p.add_argument("--repeat", type=int, default=1, help="rounds over every writer; the best is kept")
    p.add_argument("--formatted", action="store_true", help="also time the formatted exports of a month")
    p.add_argument("--no-writers", action="store_true", help="skip the writer comparison (steps 1 and 2)")
    p.add_argument("--month", type=int, default=10)
    args = p.parse_args()
    path = Path(args.db.removeprefix("sqlite:///"))
    if args.db.startswith("sqlite") and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "sigma_desktop.cli", "--db", args.db, "demo", "--scale", "national",
                        "--year", str(args.year), "--password", "bench-clave-1"], check=True)
    from sigma_desktop.domain.reporting import ReportFilter
    from sigma_desktop.reports.xlsx.raw import RAW_COLUMNS
    from sigma_desktop.services import Sigma

    print(f"# {machine()}")
    sigma = Sigma.open(args.db)
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    f = ReportFilter(args.year)
    start = time.perf_counter()
    rows: list[tuple] = []
    for chunk in ([] if args.no_writers else sigma.exports.iter_raw(f)):
        rows += chunk
        if len(rows) >= args.rows:
            break
    rows = rows[:args.rows]
    read_s = time.perf_counter() - start
    header = [h for h, _w, _s in RAW_COLUMNS]
    cells = len(rows) * len(header)
    print(f"rows: {len(rows):,} × {len(header)} columns read in {read_s:.1f} s; RSS {_rss_mb():.0f} MB")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(0 if args.no_writers else args.repeat):
            for label, module, writer in WRITERS:
                if not _available(module):
                    print(f"{label}: not installed, skipped")
                    continue
                out = Path(tmp) / f"{module or 'sigma'}.xlsx"
                wall, cpu = _time(lambda w=writer, o=out: w(rows, header, o))
                best = results.get(label)
                if best is None or wall < best["wall_s"]:
                    results[label] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                                      "us_per_cell": round(wall / cells * 1e6, 3),
                                      "size_mb": round(out.stat().st_size / 1e6, 1),
                                      "rss_high_water_mb": round(_rss_mb())}
                print(f"round {round_ + 1}: {label}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                      f"{out.stat().st_size / 1e6:.1f} MB, RSS high-water {_rss_mb():.0f} MB", flush=True)
                out.unlink()
        if results:
            base = results["openpyxl write-only (baseline)"]
            for r in results.values():
                r["ratio_to_baseline"] = round(r["wall_s"] / base["wall_s"], 3)
                r["cpu_ratio_to_baseline"] = round(r["cpu_s"] / base["cpu_s"], 3)
        rows.clear()  # frees the memory before the full export
        out = Path(tmp) / "full.xlsx"
        wall, cpu = _time(lambda: sigma.exports.raw(f, out))
        written = _count_rows(out)
        full = {"rows": written, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                "size_mb": round(out.stat().st_size / 1e6, 1)}
        print(f"sigma export raw (query + labels + write) of {written:,} rows: {wall:.1f} s wall, {cpu:.1f} s CPU")
        formatted = {}
        if args.formatted:
            formatted = _formatted(sigma, ReportFilter(args.year, args.month), Path(tmp))
    summary = {"rows": args.rows, "columns": len(header), "writers": results, "export_raw_full_year": full,
               "formatted": formatted, "machine": machine(), "pid": os.getpid()}
    print(json.dumps(summary, ensure_ascii=False))


def _count_rows(path: Path) -> int:
    """Data rows of the «Actividades» sheets, read back (the streaming writer writes no <dimension>)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    n = sum(sum(1 for _ in ws.iter_rows(min_row=2, values_only=True)) for ws in wb.worksheets
            if ws.title.startswith("Actividades"))
    wb.close()
    return n


def _formatted(sigma, f, tmp: Path) -> dict:
    out = {}
    start = time.perf_counter()
    report = sigma.indicators.compute(f)
    out["indicators_compute_s"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    grid = sigma.control.grid(f)
    out["control_grid_s"] = round(time.perf_counter() - start, 1)
    out["indicator_values"], out["grid_rows"] = len(report.values), len(grid.rows)
    for name, fn in (("indicators_xlsx", lambda: sigma.exports.write_indicators(report, "xlsx", tmp / "i.xlsx")),
                     ("indicators_pdf", lambda: sigma.exports.write_indicators(report, "pdf", tmp / "i.pdf")),
                     ("control_xlsx", lambda: sigma.exports.write_control(grid, "xlsx", tmp / "c.xlsx")),
                     ("control_pdf", lambda: sigma.exports.write_control(grid, "pdf", tmp / "c.pdf"))):
        wall, _cpu = _time(fn)
        out[f"{name}_s"] = round(wall, 1)
        print(f"{name}: {wall:.1f} s", flush=True)
    return out


if __name__ == "__main__":
    main()

"""Benchmark: the national Docentes list (40,000 teachers) offscreen, in one process.

Measures, with the administrator (national scope) signed in:
  - time to show the TeachersPanel with its first page painted (cold: first panel of the process,
    with its imports; warm: a second panel);
  - one filter keystroke: the search text changes, the debounced query runs (called at once here, the
    150 ms pause is not counted) and the first page is painted again;
  - sort by a header (name descending, coach column, DNI) and scrolling to the last row (deep OFFSET);
  - the same list for a Gestor Local (one UGEL).

Data: `sigma demo --scale national` when available (services/demo/service.py), otherwise synthetic rows
written with storage.bulk.insert_sync_rows (same sync columns and change log as any write).
The database is kept between runs (see --db); --rebuild makes it again.

    .venv/bin/python bench/bench_lists.py                 # demo data if it works, else synthetic
    .venv/bin/python bench/bench_lists.py --source synthetic --rebuild
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import fresh_sqlite, machine  # noqa: E402

PASSWORD = "clave-bench-1"
YEAR = 2024
TEACHERS, SCHOOLS, COACHES = 40_000, 15_000, 5_000


# --- data ------------------------------------------------------------------------------------------

def build_demo(sigma) -> dict:
    report = sigma.demo.generate("national", 1, YEAR, password=PASSWORD)
    users = report.users
    return {"source": "sigma demo --scale national --seed 1 --year 2024", "admin": users["administrador"][0],
            "gestor": users["gestor_local"][0], "counts": {k: v for k, v in report.counts.items()}}


_FIRST = ("María", "José", "Juan", "Rosa", "Luis", "Ana", "Carlos", "Julia", "Jesús", "Nélida", "Ángel",
          "Inés", "Raúl", "Sofía", "Víctor", "Teresa", "Edwin", "Yolanda", "Wilfredo", "Zenaida")
_LAST = ("Quispe", "Mamani", "Huamán", "Condori", "Ñahui", "Flores", "Chávez", "Ramos", "Gutiérrez",
         "Pérez", "Vargas", "Ccahuana", "Peña", "Apaza", "Yupanqui", "Cusi", "Ticona", "Rojas", "Álvarez",
         "Huarcaya", "Sánchez", "Limachi", "Torres", "Choque", "Mendoza", "Núñez", "Llanos", "Cáceres")


def build_synthetic(sigma) -> dict:
    """25 DRE, 220 UGEL, 15,000 IIEE, 40,000 teachers, 5,000 coaches, assignments (EIB: 2 coaches)."""
    import random

    from sigma_desktop.storage import bulk
    from sigma_desktop.storage.ids import new_ids
    from sigma_desktop.storage import models as m

    rng = random.Random(1)
    with sigma._ctx.system_unit() as u:  # noqa: SLF001 - a benchmark may load data directly
        ubigeos = [r.code for r in u.all(m.Ubigeo)]
        inter = {i.key: i.id for i in u.all(m.Intervention)}
        ids = iter(new_ids(25 + 220 + SCHOOLS + TEACHERS + COACHES))
        dres = [{"id": next(ids), "code": f"{d:02d}0000", "name": f"DRE {d:02d}", "department_code": f"{d:02d}"}
                for d in range(1, 26)]
        ugels = [{"id": next(ids), "code": f"{(i % 25) + 1:02d}{i // 25 + 1:04d}", "name": f"UGEL {i + 1:03d}",
                  "dre_id": dres[i % 25]["id"]} for i in range(220)]
        schools = [{"id": next(ids), "modular_code": f"{1000000 + i:07d}", "annex": "0",
                    "local_code": f"{200000 + i:06d}",
                    "name": f"IE N° {10000 + i} {rng.choice(_LAST)} {rng.choice(('Señor de Ánimas', 'San Martín', 'Túpac Amaru', 'José Olaya', 'Santa Rosa'))}",
                    "level": rng.choice(("inicial", "primaria", "secundaria")),
                    "characteristic": rng.choice(("unidocente", "polidocente_multigrado", "polidocente_completo")),
                    "area": rng.choice(("urbana", "rural")), "ubigeo": rng.choice(ubigeos),
                    "ugel_id": ugels[i % 220]["id"]} for i in range(SCHOOLS)]
        teachers = []
        for i in range(TEACHERS):
            school = schools[rng.randrange(SCHOOLS)]
            teachers.append({"id": next(ids), "dni": f"{40000000 + i:08d}", "first_names": rng.choice(_FIRST),
                             "last_name_1": rng.choice(_LAST), "last_name_2": rng.choice(_LAST + (None,)),
                             "school_id": school["id"], "ugel_id": school["ugel_id"]})
        keys = list(inter)
        coaches = [{"id": next(ids), "dni": f"{45000000 + i:08d}", "first_names": rng.choice(_FIRST),
                    "last_name_1": rng.choice(_LAST), "last_name_2": rng.choice(_LAST),
                    "ugel_id": ugels[i % 220]["id"], "intervention_id": inter[keys[i % len(keys)]]}
                   for i in range(COACHES)]
        by_ugel: dict = {}
        for c in coaches:
            by_ugel.setdefault(c["ugel_id"], []).append(c)
        assignments = []
        for t in teachers:
            if rng.random() < 0.05:
                continue  # a few teachers without a coach this year
            options = by_ugel[t["ugel_id"]]
            coach = rng.choice(options)
            key = next(k for k, v in inter.items() if v == coach["intervention_id"])
            chosen = [coach]
            if key == "eib":
                others = [c for c in options if c["intervention_id"] == coach["intervention_id"] and c is not coach]
                if others:
                    chosen.append(rng.choice(others))
            for c in chosen:
                assignments.append({"teacher_id": t["id"], "coach_id": c["id"], "intervention_id": c["intervention_id"],
                                    "year": YEAR,
                                    "exclusive_key": None if key == "eib" else f"{t['id']}:{key}:{YEAR}"})
        with bulk.fast_load(u):
            for model, rows in ((m.Dre, dres), (m.Ugel, ugels), (m.School, schools), (m.Teacher, teachers),
                                (m.Coach, coaches), (m.Assignment, assignments)):
                bulk.insert_sync_rows(u, model, rows)
    sigma.users.add("44999999", "Administradora Bench", "administrador", PASSWORD)
    sigma.users.add("41999999", "Gestora Bench", "gestor_local", PASSWORD, ugel_code=ugels[0]["code"])
    return {"source": "synthetic (bench/bench_lists.py)", "admin": "44999999", "gestor": "41999999",
            "counts": {"teacher": TEACHERS, "school": SCHOOLS, "coach": COACHES, "assignment": len(assignments)}}


def prepare(path: Path, source: str, rebuild: bool) -> tuple[str, dict]:
    from sigma_desktop.services import Sigma

    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not rebuild:
        return f"sqlite:///{path}", json.loads(meta_path.read_text())
    url = fresh_sqlite(path)
    sigma = Sigma.open(url)
    sigma.setup.initialize()
    started = time.perf_counter()
    meta = None
    if source in ("auto", "demo"):
        try:
            meta = build_demo(sigma)
        except Exception as exc:  # noqa: BLE001 - the demo generator may not exist yet
            if source == "demo":
                raise
            print(f"demo data not available ({exc!r}); using synthetic rows", file=sys.stderr)
            sigma.close()
            url = fresh_sqlite(path)
            sigma = Sigma.open(url)
            sigma.setup.initialize()
    if meta is None:
        meta = build_synthetic(sigma)
    meta["load_seconds"] = round(time.perf_counter() - started, 1)
    sigma.close()
    meta_path.write_text(json.dumps(meta, indent=1))
    return url, meta


# --- measurements ----------------------------------------------------------------------------------

def measure(repeat: int, action) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run. On a shared, loaded machine the wall time includes waiting for
    a core; the CPU time of this single-threaded work is what an idle machine would take."""
    times = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def fmt(times: list[tuple[float, float]]) -> str:
    wall = [t[0] * 1000 for t in times]
    cpu = [t[1] * 1000 for t in times]
    return (f"wall median {statistics.median(wall):6.1f} max {max(wall):6.1f} | "
            f"CPU median {statistics.median(cpu):6.1f} max {max(cpu):6.1f} ms (n={len(times)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "sigma-bench-lists.sqlite3"))
    parser.add_argument("--source", choices=("auto", "demo", "synthetic"), default="auto")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url, meta = prepare(Path(args.db), args.source, args.rebuild)

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from sigma_desktop.ui import theme

    theme.apply(app)
    from sigma_desktop.domain.browse import ListFilter
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(url)
    sigma.auth.sign_in(meta["admin"], PASSWORD)
    total = sigma.browse.count("teachers", ListFilter(year=YEAR))
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(f"data: {meta['source']}; {total:,} teachers in national scope; load {meta.get('load_seconds')} s")

    def show_panel():
        from sigma_desktop.ui.panels.teachers import TeachersPanel

        panel = TeachersPanel(sigma, None)
        panel.resize(1050, 700)
        panel.show()
        panel.grab()  # paints: the first page is fetched and drawn
        return panel

    results: dict[str, list[tuple[float, float]]] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    panel = show_panel()
    results["list shown, cold (first panel, imports included)"] = [(time.perf_counter() - wall,
                                                                    time.process_time() - cpu)]
    panels = []
    results["list shown, warm"] = measure(args.repeat, lambda: panels.append(show_panel()))
    for p in panels:
        p.close()
        p.deleteLater()
    app.processEvents()

    model = panel.model

    def type_and_paint(text: str):
        def run():
            panel.search.setText(text)
            panel.apply_filter()  # what the debounce timer calls 150 ms after the last key
            panel.view.viewport().grab()
        return run

    # keystrokes of someone typing a surname, then an accented name typed without accents, then a DNI
    typed = []
    for word in ("huaman", "nahui", "4001234"):
        for i in range(1, len(word) + 1):
            typed.append(word[:i])
    keystroke_times = []
    for text in typed:
        keystroke_times += measure(1, type_and_paint(text))
    results["keystroke (query + first page painted), all prefixes"] = keystroke_times
    results["keystroke, first letter only ('h', 'n', '4')"] = [
        keystroke_times[i] for i, t in enumerate(typed) if len(t) == 1]
    type_and_paint("")()

    def sort_and_paint(column, order):
        def run():
            model.sort(0 if column != 0 else 2, Qt.SortOrder.AscendingOrder)  # force a change
            panel.view.sortByColumn(column, order)
            panel.view.viewport().grab()
        return run

    C = model.Column
    results["sort by name, descending (ORDER BY in SQL)"] = measure(
        args.repeat, sort_and_paint(C.NAME, Qt.SortOrder.DescendingOrder))
    results["sort by DNI"] = measure(args.repeat, sort_and_paint(C.DNI, Qt.SortOrder.AscendingOrder))
    results["sort by coach (correlated subquery)"] = measure(
        args.repeat, sort_and_paint(C.COACHES, Qt.SortOrder.AscendingOrder))
    panel.view.sortByColumn(C.NAME, Qt.SortOrder.AscendingOrder)

    def scroll_bottom():
        model._pages.clear()  # noqa: SLF001 - measure the deep page fetch, not the cache
        panel.view.scrollToBottom()
        panel.view.viewport().grab()
        panel.view.scrollToTop()
    results["scroll to the last row (deep OFFSET page)"] = measure(args.repeat, scroll_bottom)

    sigma.auth.sign_in(meta["gestor"], PASSWORD)
    gestor_rows = sigma.browse.count("teachers", ListFilter(year=YEAR))
    results[f"Gestor Local list shown ({gestor_rows:,} teachers, warm)"] = measure(args.repeat, show_panel)

    width = max(len(k) for k in results)
    for name, times in results.items():
        print(f"{name:<{width}}  {fmt(times)}")
    print(f"rows per page: {model.PAGE_SIZE}; pages fetched by the admin panel: {model.fetches}; "
          f"load average {os.getloadavg()[0]:.1f}")
    sigma.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

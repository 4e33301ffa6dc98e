"""Spreadsheet import at national scale (issue 5): 40,000 teachers and 100,000 activities.

Run: .venv/bin/python bench/bench_import.py [--teachers 40000] [--activities 100000] [--runs 3] [--openpyxl]

Builds a SQLite database with schools, coaches and assignments (loaded through the import itself),
writes the xlsx files, then measures, each:
  - the bare read of the same file: python-calamine (`to_python`) and, with --openpyxl, openpyxl's
    read-only mode (slow: about 17× calamine, so it is optional);
  - the import with --dry-run (read + every check, nothing written);
  - the import that saves (read + checks + inserts + change log + commit), each run into a fresh copy of
    the prepared database;
  - the floor of that save: plain `sqlite3.executemany` of exactly the rows and change-log entries the
    import wrote (read back from its copy, already in stored form) into another fresh copy, and commit.
    Whatever the import does, it cannot write its rows faster than this.
Goal: the import, validation included, within 3× of the bare read with the fastest reader.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sigma_desktop.domain.dates import today_lima  # noqa: E402
from sigma_desktop.services import Sigma  # noqa: E402

YEAR = today_lima().year - 1
UGELS = [("030007", "UGEL Grau", "030701"), ("030001", "UGEL Abancay", "030101"), ("030002", "UGEL Andahuaylas",
                                                                                   "030201")]


def _write(path: Path, header, rows) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("datos")
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


class Clock:
    """Wall time and this process's CPU time (the machine may be shared: CPU time is then the better
    estimate of the wall time on a free machine; SQLite's fsync waits count only in wall time)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def _best(fn, runs: int) -> tuple[float, float]:
    """(wall, cpu) of the fastest of `runs` calls."""
    best = None
    for _ in range(runs):
        with Clock() as c:
            fn()
        if best is None or c.wall < best[0]:
            best = (c.wall, c.cpu)
    return best


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def read_openpyxl(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return n


def prepare(tmp: Path, teachers: int, activities: int) -> tuple[Path, Path, Path]:
    db = tmp / "base.sqlite3"
    sigma = Sigma.open(f"sqlite:///{db}")
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    sigma.setup.initialize()
    sigma.masters.add_dre("030000", "DRE Apurímac", "03")
    for code, name, _ubigeo in UGELS:
        sigma.masters.add_ugel(code, name, "030000")
    n_schools = 5000
    schools = [(f"{700000 + i:07d}", 0, f"IE N° {10000 + i}", "primaria", "rural" if i % 3 else "urbana",
                UGELS[i % 3][2], UGELS[i % 3][0]) for i in range(n_schools)]
    _check(sigma.imports.run("ies", _write(tmp / "ies.xlsx", ("codigo_modular", "anexo", "nombre", "nivel", "area",
                                                                 "ubigeo", "codigo_ugel"), schools)))
    # coaches, teachers and assignments for the activities file: 8 visits a teacher, 10 teachers a coach
    per_coach, visits = 10, 8
    n_teachers = max(1, activities // visits)
    n_coaches = max(1, n_teachers // per_coach)
    coaches = [(f"{45000000 + i:08d}", "Ccahuana", "Peña", f"Acompañante {i}", UGELS[i % 3][0], "multigrado")
               for i in range(n_coaches)]
    _check(sigma.imports.run("acompanantes", _write(tmp / "ap.xlsx", ("dni", "apellido_paterno", "apellido_materno",
                                                                        "nombres", "codigo_ugel", "intervencion"),
                                                    coaches)))
    field = []
    by_ugel = {u: [s for s in schools if s[6] == u] for u, _n, _g in UGELS}
    for i in range(n_teachers):
        ugel = coaches[(i // per_coach) % n_coaches][4]
        field.append((f"{41000000 + i:08d}", "Quispe", "Ñahui", f"Docente {i}", by_ugel[ugel][i % len(by_ugel[ugel])][0],
                      0))
    _check(sigma.imports.run("docentes", _write(tmp / "field.xlsx", ("dni", "apellido_paterno", "apellido_materno",
                                                                      "nombres", "codigo_modular", "anexo"), field)))
    pairs = [(t[0], coaches[(i // per_coach) % n_coaches][0], YEAR) for i, t in enumerate(field)]
    _check(sigma.imports.run("asignaciones", _write(tmp / "asig.xlsx", ("dni_docente", "dni_acompanante", "anio"),
                                                    pairs)))
    sigma.close()

    teacher_rows = [(f"{42000000 + i:08d}", "Huamán", "Ccori", f"Rosa {i}", schools[i % n_schools][0], 0)
                    for i in range(teachers)]
    teacher_file = _write(tmp / "docentes.xlsx", ("dni", "apellido_paterno", "apellido_materno", "nombres",
                                                   "codigo_modular", "anexo"), teacher_rows)
    header = ("dni_acompanante", "tipo", "anio", "mes", "dni_docente", "fecha_programada", "fecha_ejecucion",
              "motivo_no_ejecucion", "nivel_d1", "nivel_d3", "nivel_d4", "nivel_d5", "nivel_d6")
    rows = []
    for t, c, _y in pairs:
        for k in range(visits):
            month = 3 + k
            planned = date(YEAR, month, 5 + (int(t) % 20))
            if month <= 6:
                rows.append((c, "visita", YEAR, month, t, planned, planned, "", "II", "III", "I", "II", "III"))
            elif month == 7:
                rows.append((c, "visita", YEAR, month, t, planned, planned, "Huelga o paro", "", "", "", "", ""))
            else:
                rows.append((c, "visita", YEAR, month, t, planned, "", "", "", "", "", "", ""))
            if len(rows) >= activities:
                break
        if len(rows) >= activities:
            break
    activity_file = _write(tmp / "actividades.xlsx", header, rows)
    return db, teacher_file, activity_file


def _check(result) -> None:
    if result.errors:
        raise SystemExit("\n".join(x.text() for x in result.errors[:20]))


_TABLES = ("school", "teacher", "coach", "assignment", "activity", "activity_participant", "execution",
           "execution_participant", "change_log")  # parents first


def _high_water(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0] for t in _TABLES}
    finally:
        conn.close()


def _written_since(path: Path, marks: dict[str, int]) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} WHERE rowid > ? ORDER BY rowid", (marks[t],)).fetchall()
                for t in _TABLES}
    finally:
        conn.close()


def raw_floor(db: Path, copy: Path, rows: dict[str, list[tuple]]) -> tuple[float, float]:
    """(wall, cpu) of executemany of `rows` (stored form) into a fresh copy of `db`, with the application's
    pragmas, in one transaction, commit included."""
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    with Clock() as c:
        conn.execute("BEGIN IMMEDIATE")
        for table in _TABLES:
            if rows[table]:
                marks = ",".join("?" * len(rows[table][0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        conn.execute("COMMIT")
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return c.wall, c.cpu


def measure(kind: str, path: Path, db: Path, tmp: Path, runs: int, with_openpyxl: bool) -> dict:
    out = {"kind": kind, "rows": read_calamine(path) - 1, "size_mb": path.stat().st_size / 2**20}
    out["calamine"] = _best(lambda: read_calamine(path), runs)
    if with_openpyxl:
        out["openpyxl"] = _best(lambda: read_openpyxl(path), 1)
    sigma = Sigma.open(f"sqlite:///{db}")
    sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
    out["dry_run"] = _best(lambda: _check(sigma.imports.run(kind, path, dry_run=True)), runs)
    sigma.close()
    saves, agains = [], []
    for i in range(runs):
        copy = tmp / f"run-{kind}-{i}.sqlite3"
        shutil.copyfile(db, copy)
        sigma = Sigma.open(f"sqlite:///{copy}")
        sigma.sign_in_as_system()  # the command line's actor (a service call needs one)
        sigma.setup.initialize()
        marks = _high_water(copy)
        with Clock() as c:
            result = sigma.imports.run(kind, path)
        saves.append((c.wall, c.cpu))
        _check(result)
        if i == 0:
            written = _written_since(copy, marks)
        assert result.created == out["rows"], (result.created, out["rows"])
        with Clock() as c:
            again = sigma.imports.run(kind, path)  # idempotent: the same file again changes nothing
        agains.append((c.wall, c.cpu))
        assert again.unchanged == out["rows"] and again.created == again.updated == 0
        sigma.close()
        os.remove(copy)
    out["save"] = min(saves)
    out["again"] = min(agains)
    out["written"] = sum(len(v) for v in written.values())
    out["floor"] = min((raw_floor(db, tmp / f"floor-{kind}-{i}.sqlite3", written) for i in range(runs)))
    return out


def _line(label: str, value: tuple[float, float], base: tuple[float, float]) -> str:
    return (f"  {label:<30} wall {value[0]:6.2f} s ({value[0] / base[0]:5.2f}×)   "
            f"cpu {value[1]:6.2f} s ({value[1] / base[1]:5.2f}×)")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--teachers", type=int, default=40000)
    p.add_argument("--activities", type=int, default=100000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--openpyxl", action="store_true", help="also time openpyxl's read-only mode (slow)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        db, teachers, activities = prepare(tmp, args.teachers, args.activities)
        print(f"prepared in {time.perf_counter() - start:.1f} s (year {YEAR})")
        for kind, path in (("docentes", teachers), ("actividades", activities)):
            r = measure(kind, path, db, tmp, args.runs, args.openpyxl)
            base = r["calamine"]
            print(f"\n{kind}: {r['rows']} rows, {r['size_mb']:.1f} MB xlsx (best of {args.runs}; × = over the bare read)")
            print(_line("bare read, python-calamine", base, base))
            if "openpyxl" in r:
                print(_line("bare read, openpyxl read-only", r["openpyxl"], base))
            print(_line("import --dry-run", r["dry_run"], base))
            print(_line("import, saved and committed", r["save"], base))
            print(_line("same file again (no change)", r["again"], base))
            print(_line(f"floor: executemany of the {r['written']} rows", r["floor"], base))
            print(f"  saved import / floor: wall {r['save'][0] / r['floor'][0]:.2f}×, "
                  f"cpu {r['save'][1] / r['floor'][1]:.2f}×")


if __name__ == "__main__":
    main()

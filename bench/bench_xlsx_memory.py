"""Memory and time of reading a big legitimate xlsx, and of refusing a shared-string bomb (issue 13).

    .venv/bin/python bench/bench_xlsx_memory.py                 # a sheet of ~200 MB unpacked
    .venv/bin/python bench/bench_xlsx_memory.py --rows 100000   # smaller

Writes two files into a temporary folder (removed at the end):
- a legitimate sheet: `--rows` rows × 24 columns (a DNI, names and surnames drawn from 50,000 distinct
  shared strings, dates, numbers, a free-text note), its sheet1.xml about 200 MB once unpacked;
- a bomb: one shared string of 1,000,000 characters referenced by 4,000 cells (4 billion characters once
  read), a few KB on disk.
Each measurement runs in a fresh child process, so that its peak resident memory (ru_maxrss) is its own:
1. the bare read with python-calamine (`to_python`), no check: the baseline;
2. `importing.readers.open_workbook` + `sheet(0)`: the same read with the text budget counted first;
3. the count alone (`_check_text_budget`);
4. `open_workbook` on the bomb (refused before any cell is read).
Ends with one JSON line for docs/security.md.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from _common import ROOT, machine

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData>')
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
    'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
    'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="'
    'sharedStrings.xml"/></Relationships>',
}


def _col(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def write_xlsx(path: Path, strings: list[str], rows) -> int:
    """An xlsx from shared `strings` and `rows` of cells: int → number, ("s", i) → shared string i,
    str → inline text. Returns the unpacked size of the sheet."""
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="'
                   'http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
        size = 0
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            def put(text: str) -> None:
                nonlocal size
                data = text.encode("utf-8")
                size += len(data)
                sheet.write(data)
            put(HEAD)
            buf = []
            for r, row in enumerate(rows, start=1):
                cells = []
                for c, v in enumerate(row):
                    ref = f"{_col(c)}{r}"
                    if isinstance(v, tuple):
                        cells.append(f'<c r="{ref}" t="s"><v>{v[1]}</v></c>')
                    elif isinstance(v, int):
                        cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
                buf.append(f'<row r="{r}">{"".join(cells)}</row>')
                if len(buf) >= 2000:
                    put("".join(buf))
                    buf = []
            put("".join(buf) + "</sheetData></worksheet>")
    return size


def legit_rows(n: int, rng: random.Random):
    for i in range(n):
        yield [40_000_000 + i, ("s", rng.randrange(50_000)), ("s", rng.randrange(50_000)), ("s", rng.randrange(50_000)),
               45_000_000 + i % 1250, 2023, 1 + i % 12, 45_000 + i % 300, ("s", rng.randrange(50_000)),
               ("s", rng.randrange(50_000)), 1 + i % 4, 1 + (i * 7) % 4, 1 + (i * 3) % 4, 1 + (i * 5) % 4,
               1 + i % 3, i % 2, ("s", rng.randrange(50_000)), 512_345 + i % 5000, 30_701 + i % 9, i % 40,
               i % 7, ("s", rng.randrange(50_000)), f"Observación {i % 97}", ("s", rng.randrange(50_000))]


CHILD = {
    "bare": "from python_calamine import CalamineWorkbook\n"
            "wb = CalamineWorkbook.from_path(PATH); rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()\n"
            "result = len(rows)",
    "reader": "from sigma_desktop.importing.readers import open_workbook\n"
              "result = len(open_workbook(PATH).sheet(0).rows)",
    "count": "import zipfile; from pathlib import Path\nfrom sigma_desktop.importing.readers import _check_text_budget\n"
             "with zipfile.ZipFile(PATH) as zf: _check_text_budget(zf, Path(PATH))\nresult = 'ok'",
}


def _child(kind: str, path: Path) -> dict:
    code = ("import json, resource, sys, time\nsys.path.insert(0, %r)\nPATH = %r\nstart = time.perf_counter()\n"
            "try:\n%s\nexcept Exception as exc:\n    result = type(exc).__name__ + ': ' + str(exc)[:80]\n"
            "print(json.dumps({'seconds': round(time.perf_counter() - start, 2), 'peak_mb': "
            "round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), 'result': result}))"
            % (str(ROOT), str(path), "\n".join("    " + line for line in CHILD[kind].splitlines())))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    if done.returncode:
        return {"error": done.stderr[-400:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=250_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sigma-xlsx-"))
    try:
        rng = random.Random(13)
        names = [f"{rng.choice(['Quispe', 'Mamani', 'Huamán', 'Ñahui', 'Ccahuana', 'Flores'])} "
                 f"{rng.choice(['Rosa', 'Luz', 'Juan', 'Inés', 'José', 'Ana'])} {i}" for i in range(50_000)]
        legit = folder / "legitimo.xlsx"
        unpacked = write_xlsx(legit, names, legit_rows(args.rows, rng))
        bomb = folder / "bomba.xlsx"
        write_xlsx(bomb, ["A" * 1_000_000], ([("s", 0)] * 10 for _ in range(400)))
        result = {"bench": "xlsx_memory", "machine": machine(), "rows": args.rows, "columns": 24,
                  "sheet_unpacked_mb": round(unpacked / 1e6, 1), "file_mb": round(legit.stat().st_size / 1e6, 1),
                  "bare_calamine": _child("bare", legit), "reader_with_count": _child("reader", legit),
                  "count_only": _child("count", legit), "bomb_file_kb": round(bomb.stat().st_size / 1e3, 1),
                  "bomb_refused": _child("reader", bomb)}
        print(json.dumps(result))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The export service on both engines: the streamed raw query (server-side cursor on PostgreSQL), the
header names and every format, with the same figures."""
from __future__ import annotations

from collections import Counter

import openpyxl

from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.reports.xlsx.raw import RAW_COLUMNS
from tests.demo_world import YEAR, demo_any  # noqa: F401
from tests.reports.pdf_text import pages


def test_exports_on_both_engines(demo_any, tmp_path):  # noqa: F811
    sigma = demo_any.sigma
    ugel, ugel_name, _dre = sigma.exports.filter_options().ugels[0]
    f = ReportFilter(YEAR, 5, ugel_code=ugel)
    grid = sigma.control.grid(f)
    chunks = list(sigma.exports.iter_raw(f, chunk_size=10))
    assert len(chunks) >= 2 and all(len(c) <= 10 for c in chunks)
    rows = [r for c in chunks for r in c]
    col = {h: i for i, (h, _w, _s) in enumerate(RAW_COLUMNS)}
    states = Counter((r[col["Actividad"]], r[col["Estado"]]) for r in rows)
    total = grid.totals[("total", "total")]
    assert states[("Visita en aula", "Ejecutada")] == total["visita.executed"]
    assert {r[col["Código UGEL"]] for r in rows} == {ugel}
    result = sigma.exports.raw(f, tmp_path / "raw.xlsx")
    assert result.rows == len(rows)
    ws = openpyxl.load_workbook(result.path, read_only=True)["Actividades"]
    assert sum(1 for _ in ws.iter_rows(min_row=2)) == len(rows)
    pdf = sigma.exports.control(f, "pdf", tmp_path / "control.pdf").path
    assert f"{ugel_name} ({ugel})" in pages(pdf)[0]
    assert sigma.exports.indicators(f, "xlsx", tmp_path / "ind.xlsx").rows > 0
    assert sigma.exports.monthly(YEAR, 5, ugel, None, tmp_path / "m.pdf").path.exists()

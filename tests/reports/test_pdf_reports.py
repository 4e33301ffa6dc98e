"""Printed reports read back with pdftotext: header, filters, accents and ñ, «Página x de y», the checksum,
signatures, every ficha técnica; A4 in the orientation each table needs; only the embedded TTF."""
from __future__ import annotations

import re

import pytest

from sigma_desktop.domain.indicator_catalogue import INDICATORS
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.reports.formatting import checksum, control_payload, indicator_payload
from tests.demo_world import YEAR, demo  # noqa: F401
from tests.reports.pdf_text import fonts, pages, page_size

A4 = (595.3, 841.9)


def _ugel(demo):  # noqa: F811
    return demo.sigma.exports.filter_options().ugels[0]


def _common(pdf, *, landscape: bool) -> list[str]:
    text = pages(pdf)
    n = len(text)
    assert n >= 1
    w, h = page_size(pdf)
    assert (round(w, 1), round(h, 1)) == ((A4[1], A4[0]) if landscape else A4)
    for i, page in enumerate(text, start=1):
        assert "MINISTERIO DE EDUCACIÓN" in page
        assert f"Página {i} de {n}" in page, page[-400:]
        assert re.search(r"Generado el \d\d/\d\d/\d{4} \d\d:\d\d \(hora de Lima\)", page)
    used = fonts(pdf)
    assert used and all(embedded for _name, embedded in used), used
    assert all("DejaVu" in name for name, _ in used), used
    return text


def test_indicator_report_pdf(demo, tmp_path):  # noqa: F811
    code, name, _dre = _ugel(demo)
    f = ReportFilter(YEAR, 5, ugel_code=code)
    report = demo.sigma.indicators.compute(f)
    result = demo.sigma.exports.write_indicators(report, "pdf", tmp_path / "indicadores.pdf")
    text = _common(result.path, landscape=False)
    whole = "\n".join(text)
    assert "Reporte de indicadores del acompañamiento pedagógico" in text[0]
    assert "Mayo de 2017" in text[0] and f"{name} ({code})" in text[0]
    assert "Intervención" in text[0] and "Todas" in text[0]
    assert "Porcentaje de ejecución por tipo de actividad" in text[0]  # the key charts
    digest = checksum(indicator_payload(report))
    assert result.checksum == digest
    assert digest in whole.replace("\n", "").replace(" ", "")  # full on the signature page
    assert f"SHA-256 de los datos: {digest[:16]}" in text[0]  # short in every footer
    for label in ("Elaborado por", "Revisado por", "V°B°"):
        assert label in whole
    annex = whole[whole.index("Anexo. Fichas técnicas"):]
    for d in INDICATORS:
        assert f"{d.code} — " in annex, d.code
    assert "Desempeño docente (rúbricas)" in whole and "Viáticos" in whole and "diagnóstica" in whole
    v03 = report.total("V03")
    assert f"{v03.value:.1f} %" in whole  # the figures printed are the DTO's


def test_control_grid_pdf_is_landscape_with_every_coach(demo, tmp_path):  # noqa: F811
    f = ReportFilter(YEAR)
    grid = demo.sigma.control.grid(f)
    result = demo.sigma.exports.write_control(grid, "pdf", tmp_path / "control.pdf")
    text = _common(result.path, landscape=True)
    whole = "\n".join(text)
    assert "Módulo de Control: plan y ejecución por acompañante" in text[0]
    assert "Año 2017 (enero a diciembre)" in text[0]
    for row in grid.rows:
        assert f"({row.coach_dni})" in whole
    assert any(ch in whole for ch in "ñáéíóúÑÁÉÍÓÚ")  # names and labels keep their accents
    assert "Totales por DRE, UGEL y del ámbito" in whole and "Total del ámbito" in whole
    assert "Actividades no ejecutadas por motivo" in whole and "Huelga o paro" in whole
    assert checksum(control_payload(grid)) in whole.replace("\n", "").replace(" ", "")
    total = grid.totals[("total", "total")]
    summary = next(line for line in text[0].splitlines() if line.strip().startswith("Visitas en aula"))
    assert str(total["visita.planned"]) in summary.replace(" ", "")


def test_monthly_reports_per_coach_and_per_ugel(demo, tmp_path):  # noqa: F811
    code, name, _dre = _ugel(demo)
    grid = demo.sigma.control.grid(ReportFilter(YEAR, 5, ugel_code=code))
    coach = grid.rows[0]
    per_coach = demo.sigma.exports.monthly(YEAR, 5, code, coach.coach_dni, tmp_path / "ap.pdf")
    text = _common(per_coach.path, landscape=False)
    whole = "\n".join(text)
    assert "Reporte mensual del acompañante pedagógico" in text[0]
    assert f"{coach.coach_name} (DNI {coach.coach_dni})" in text[0]
    assert "Plan y ejecución del mes" in whole and "Actividades no ejecutadas y sus motivos" in whole
    assert "Avance acumulado al mes" in whole and "Detalle de las actividades planificadas del mes" in whole
    assert "Acompañante pedagógico" in whole and "Gestor Local" in whole  # signature roles
    planned = coach.counts["visita.planned"]
    assert whole.count("Visita en aula") >= planned  # one detail line per planned visit
    per_ugel = demo.sigma.exports.monthly(YEAR, 5, code, None, tmp_path / "ugel.pdf")
    text = _common(per_ugel.path, landscape=True)
    whole = "\n".join(text)
    assert "Reporte mensual consolidado de la UGEL" in text[0] and f"{name} ({code})" in text[0]
    for row in grid.rows:
        assert f"({row.coach_dni})" in whole
    assert "Indicadores clave de la UGEL al mes" in whole and "Director(a) de la UGEL" in whole


def test_monthly_report_refuses_a_coach_of_another_ugel(demo, tmp_path):  # noqa: F811
    from sigma_desktop.domain.errors import ValidationError

    options = demo.sigma.exports.filter_options()
    (code, *_), (other, *_) = options.ugels[:2]
    stranger = next(c for c in options.coaches if c[2] == other)
    with pytest.raises(ValidationError, match="no pertenece"):
        demo.sigma.exports.monthly(YEAR, 5, code, stranger[0], tmp_path / "x.pdf")


def test_long_tables_are_cut_into_page_sized_tables():
    """Layout time grows linearly: a 2,000-row grid is many small tables, each with its header."""
    from datetime import datetime, timezone

    from sigma_desktop.domain.reporting import ControlGrid, ControlRow
    from sigma_desktop.reports.pdf.control import grid_tables

    rows = [ControlRow(None, f"{i:08d}", f"Núñez Peña, Coach {i}", "030007", "030000", "eib", 5,
                       {"visita.planned": 8, "visita.executed": i % 9}) for i in range(2000)]
    grid = ControlGrid(ReportFilter(YEAR, 5), datetime.now(timezone.utc), rows, {})
    tables = grid_tables(grid.rows, 770)
    assert len(tables) == 50
    assert all(len(t._cellvalues) <= 42 for t in tables)  # 40 rows + 2 header rows

"""Printed reports read back with pdftotext: header, filters, accents and ñ, «Página x de y», the verification
code once on the last page (never a SHA-256 in a footer), signatures kept with the last content, every value
tagged of the month or accumulated, the fichas técnicas only as an annex; A4 in the orientation each table
needs; only the embedded TTF; names in Spanish order."""
from __future__ import annotations

import re

import pytest

from sigma_desktop.domain.indicator_catalogue import INDICATORS
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.reports.formatting import checksum, control_payload, indicator_payload, verification_code
from tests.demo_world import YEAR, demo  # noqa: F401
from tests.reports.pdf_text import fonts, pages, page_size
from tests.reports.spanish_names import in_spanish_order, positions, rename_coaches

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
    whole = "\n".join(text)
    assert "SHA-256" not in whole and not re.search(r"[0-9a-f]{40}", whole)  # no technical digest anywhere
    codes = [i for i, page in enumerate(text) if "Código de verificación" in page]
    assert codes == [n - 1], codes  # once, on the last page
    assert not _signatures_only(text[-1]), text[-1]
    return text


_FRAME = re.compile(r"MINISTERIO DE EDUCACIÓN|Generado el|Página \d+ de|Elaborado por|Revisado por|V°B°|"
                    r"Código de verificación|vuelve a calcular|datos\.$|^_+$")


def _signatures_only(page: str) -> bool:
    """True when a page holds nothing but the header, the footer, the signatures and the code: the lines
    that are left (table rows, notes) are what a director would sign under."""
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    body = [ln for ln in lines[3:] if not _FRAME.search(ln) and not set(ln) <= set("_ ")]
    return len(body) < 3  # the header's subtitle lines and the signatories' names and posts


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
    assert verification_code(digest) in text[-1]
    for label in ("Elaborado por", "Revisado por", "V°B°"):
        assert label in whole
    assert "Anexo. Fichas técnicas" not in whole  # the annex only when asked for
    assert "Desempeño docente (rúbricas)" in whole and "Viáticos" in whole and "diagnóstica" in whole
    v03 = report.total("V03")
    assert f"{v03.value:.1f} %" in whole  # the figures printed are the DTO's
    # every indicator line says whether its value is of the month or accumulated to the cut-off
    shown = {v.code for v in report.shown() if v.level == "total"}
    for line in whole.splitlines():
        m = re.match(r"\s*([VGTSACWMP]\d\d)\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]", line)
        if m and m.group(1) in shown:
            assert re.search(r"\s(Mes|Al corte)\s", line), line
    with_annex = demo.sigma.exports.write_indicators(report, "pdf", tmp_path / "anexo.pdf", annex=True)
    annexed = "\n".join(pages(with_annex.path))
    annex = annexed[annexed.index("Anexo. Fichas técnicas"):]
    for d in INDICATORS:
        if d.code in shown:
            assert f"{d.code} — " in annex, d.code
    assert "Cómo se calcula" in annex and "julio incluido" in annex


def test_indicators_leave_out_desempenos_the_rubric_lacks(demo, tmp_path):  # noqa: F811
    from sigma_desktop.services.indicators import absent_codes

    assert absent_codes({1, 3, 4, 5, 6}) == frozenset({"P02"})
    report = demo.sigma.indicators.compute(ReportFilter(YEAR, 5))
    rated = set(range(1, 7)) - {int(c[1:]) for c in report.absent if c[1:].isdigit() and int(c[1:]) <= 6}
    for n in range(1, 7):
        code = f"P{n:02d}"
        assert (code in report.absent) == (n not in rated)
        assert (code in {v.code for v in report.shown()}) == (n in rated)


def test_control_grid_pdf_is_landscape_with_every_coach(demo, tmp_path):  # noqa: F811
    f = ReportFilter(YEAR)
    grid = demo.sigma.control.grid(f)
    result = demo.sigma.exports.write_control(grid, "pdf", tmp_path / "control.pdf")
    text = _common(result.path, landscape=True)
    whole = "\n".join(text)
    assert "Módulo de Control: plan y ejecución por acompañante" in text[0]
    assert "Año 2017 (enero a diciembre)" in text[0]
    for row in grid.rows:
        assert row.coach_name in whole
    assert any(ch in whole for ch in "ñáéíóúÑÁÉÍÓÚ")  # names and labels keep their accents
    for section in ("Visitas en aula y GIA", "Talleres y Visitas sociales comunitarias", "Rutas y viáticos y Materiales"):
        assert section in whole
    assert "Asign. S/: viáticos asignados" in whole and "Kits entr.: kits entregados" in whole  # legends
    ugels = {r.ugel_code for r in grid.rows}
    assert whole.count("Total DRE ") >= 1 and all(f"({u})" in whole for u in ugels)  # labelled totals
    assert "Total del ámbito" not in whole  # one DRE: its total is the scope's
    assert "Actividades no ejecutadas por motivo" in whole
    assert verification_code(checksum(control_payload(grid))) in text[-1]
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
    assert "Acompañante pedagógico" in whole and "Gestor(a) Local de la UGEL" in whole  # signature posts
    planned = coach.counts["visita.planned"]
    assert whole.count("Visita en aula") >= planned  # one detail line per planned visit
    per_ugel = demo.sigma.exports.monthly(YEAR, 5, code, None, tmp_path / "ugel.pdf")
    text = _common(per_ugel.path, landscape=True)
    whole = "\n".join(text)
    assert "Reporte mensual consolidado de la UGEL" in text[0] and f"{name} ({code})" in text[0]
    for row in grid.rows:
        assert row.coach_name in whole
    assert "Indicadores clave de la UGEL al mes" in whole and "Director(a) de la UGEL" in whole
    assert f"Total {name} ({code})" in whole  # one UGEL: one total row, saying what it totals


def test_signatories_of_the_ugel_sign_its_reports(demo, tmp_path):  # noqa: F811
    from sigma_desktop.domain.errors import PermissionDenied, ValidationError

    code, name, _dre = _ugel(demo)
    gestor = demo.sign_in("gestor_local")
    own = next(u for u, _n, _d in demo.sigma.exports.filter_options().ugels)
    demo.sigma.signatories.set(own, reviewer_name="Rosa Ñahui Quispe", director_name="Julián Cáceres Núñez",
                               director_post="Director de la UGEL")
    with pytest.raises(ValidationError, match="V°B°: nombre"):
        demo.sigma.signatories.set(own, director_name="x" * 121)
    others = [u for u, _n, _d in demo.sigma.exports.filter_options().ugels if u != own]
    assert not others  # a Gestor Local's scope is one UGEL
    result = demo.sigma.exports.monthly(YEAR, 5, own, None, tmp_path / "ugel.pdf")
    last = pages(result.path)[-1]
    assert "Rosa Ñahui Quispe" in last and "Julián Cáceres Núñez" in last and "Director de la UGEL" in last
    assert gestor.name in last and "Gestor Local" in last  # Elaborado por: who generated it, with the post
    demo.sigma.auth.sign_out()
    demo.sign_in("ap")
    with pytest.raises(PermissionDenied):
        demo.sigma.signatories.set(own, reviewer_name="Otra persona")


def test_verify_recomputes_the_code_from_the_database(demo, tmp_path):  # noqa: F811
    from sigma_desktop.domain.errors import ValidationError

    code, _name, _dre = _ugel(demo)
    f = ReportFilter(YEAR, 5, ugel_code=code)
    files = [demo.sigma.exports.indicators(f, "pdf", tmp_path / "i.pdf").path,
             demo.sigma.exports.indicators(f, "xlsx", tmp_path / "i.xlsx").path,
             demo.sigma.exports.control(f, "pdf", tmp_path / "c.pdf").path,
             demo.sigma.exports.control(f, "xlsx", tmp_path / "c.xlsx").path,
             demo.sigma.exports.monthly(YEAR, 5, code, None, tmp_path / "m.pdf").path]
    for path in files:
        result = demo.sigma.exports.verify(path)
        assert result.matches and result.printed_code == result.current_code, path
        assert result.message().startswith("Conforme")
    # a figure changes in the database: the printed control no longer matches
    _withdraw_one_visit(demo.sigma, code)
    changed = demo.sigma.exports.verify(files[2])
    assert not changed.matches and changed.message().startswith("No coincide")
    plain = tmp_path / "otro.pdf"
    plain.write_bytes(b"%PDF-1.4 nada")
    with pytest.raises(ValidationError, match="código de verificación"):
        demo.sigma.exports.verify(plain)
    with pytest.raises(ValidationError, match="no es un PDF"):
        demo.sigma.exports.verify(tmp_path / "x.txt")


def _withdraw_one_visit(sigma, ugel_code: str) -> None:
    """One planned visit of May withdrawn (a tombstone, as every deletion): one planned visit less."""
    from sigma_desktop.storage import models as m
    from sigma_desktop.storage.ids import utcnow

    with sigma.db.session(write=True) as s:
        ugel = s.query(m.Ugel).filter_by(code=ugel_code).one()
        visit = s.query(m.Activity).filter_by(ugel_id=ugel.id, year=YEAR, month=5, kind="visita",
                                               deleted_at=None).first()
        visit.deleted_at, visit.deleted_reason = utcnow(), "prueba de verificación"


def test_names_print_in_spanish_order(demo, tmp_path):  # noqa: F811
    renamed = rename_coaches(demo.sigma)
    grid = demo.sigma.control.grid(ReportFilter(YEAR, 5))
    by_ugel: dict[str, list[str]] = {}
    for r in grid.rows:
        by_ugel.setdefault(r.ugel_code, []).append(r.coach_name)
    assert all(in_spanish_order(names) for names in by_ugel.values())
    result = demo.sigma.exports.write_control(grid, "pdf", tmp_path / "control.pdf")
    first_table = "\n".join(pages(result.path)[:2])  # (the closing line may push the last name over)
    for names in by_ugel.values():
        assert positions(first_table, names) == names  # as printed, top to bottom
    assert len(renamed) == len({r.coach_dni for r in grid.rows})


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
    from sigma_desktop.reports.formatting import TotalLine
    from sigma_desktop.reports.pdf.control import section_tables

    rows = [ControlRow(None, f"{i:08d}", f"Núñez Peña, Coach {i}", "030007", "030000", "eib", 5,
                       {"visita.planned": 8, "visita.executed": i % 9}) for i in range(2000)]
    grid = ControlGrid(ReportFilter(YEAR, 5), datetime.now(timezone.utc), rows, {})
    total = TotalLine("total", "total", "Total UGEL Grau (030007)", {"visita.planned": 16000})
    tables = section_tables(grid.rows, [total], ("visita", "gia"), 770, show_month=False, show_ugel=False)
    assert len(tables) == 59  # 2,001 rows, 34 a table
    assert all(len(t._cellvalues) <= 36 for t in tables)  # 34 rows + 2 header rows

"""Workbooks read back with openpyxl: sheets, frozen panes, column widths, number formats, autofilter,
and values equal to the DTO's; the raw export has every activity of the filter; the streaming writer."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import openpyxl
import pytest

from sigma_desktop.domain.indicator_catalogue import BY_CODE, CATEGORIES
from sigma_desktop.domain.reporting import LEVEL_LABELS, ReportFilter
from sigma_desktop.reports.formatting import CONTROL_KINDS
from sigma_desktop.reports.xlsx.indicators import sheet_name
from sigma_desktop.reports.xlsx.raw import RAW_COLUMNS
from sigma_desktop.reports.xlsx.stream import XlsxWriter, column_letter, safe_sheet_name
from tests.demo_world import YEAR, demo  # noqa: F401

HEADER = 6  # formatted sheets: title block in rows 1–5


def test_indicator_workbook(demo, tmp_path):  # noqa: F811
    from sigma_desktop.domain.indicator_catalogue import period_label

    report = demo.sigma.indicators.compute(ReportFilter(YEAR))
    path = demo.sigma.exports.write_indicators(report, "xlsx", tmp_path / "ind.xlsx").path
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [sheet_name(code, name) for code, name in CATEGORIES]  # the fichas: only as annex
    assert "GIA (Inter-Aprendizaje)" in wb.sheetnames
    expected = {}
    for v in report.shown():
        expected.setdefault(BY_CODE[v.code].category, []).append(v)
    for code, name in CATEGORIES:
        ws = wb[sheet_name(code, name)]
        assert ws["A1"].value.endswith(name) and ws["A1"].font.b
        assert ws.freeze_panes == "C7"
        assert ws.auto_filter.ref == f"A{HEADER}:I{ws.max_row}"
        assert ws.column_dimensions["B"].width == 48
        assert [c.value for c in ws[HEADER]] == ["Código", "Indicador", "Periodo", "Unidad", "Nivel", "Ámbito",
                                                 "Numerador", "Denominador", "Valor"]
        assert ws[HEADER][0].font.b and ws.print_title_rows == f"${HEADER}:${HEADER}"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert "Página &P de &N" in ws.oddFooter.right.text and report.filter and ws.oddHeader.center.text
        rows = [r for r in ws.iter_rows(min_row=HEADER + 1, values_only=True) if r[1]]  # not the closing notes
        values = expected[code]
        assert len(rows) == len(values)
        for row, v in zip(rows, values):
            d = BY_CODE[v.code]
            num, den, value = v.numerator, v.denominator, v.value
            assert row[0] == v.code and row[1] == d.name
            assert row[2] == period_label(d, None) and row[2] in ("Del año", "Acumulado al corte")  # every value
            assert row[4] == LEVEL_LABELS[v.level] and row[5] == v.label
            assert row[6] == pytest.approx(num) and (row[7] is None) == (den is None)
            shown = None if value is None else (value / 100 if d.unit == "%" else value)
            assert row[8] == (pytest.approx(shown) if shown is not None else None)
    ws = wb["Visitas en aula"]
    v03 = next(r for r in ws.iter_rows(min_row=HEADER + 1) if r[0].value == "V03")
    assert v03[8].number_format == "0.0%" and isinstance(v03[8].value, float) and v03[8].value <= 1.5
    assert v03[6].number_format == "#,##0"
    w01 = next(r for r in wb["Viáticos"].iter_rows(min_row=HEADER + 1) if r[0].value == "W01")
    assert w01[8].number_format == '"S/ "#,##0.00' and w01[6].number_format == '"S/ "#,##0.00'
    last = wb[wb.sheetnames[-1]]
    notes = [r[0] for r in last.iter_rows(min_row=last.max_row - 2, values_only=True) if r[0]]
    assert any(str(n).startswith("Código de verificación: ") for n in notes)
    assert not any("SHA-256" in str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
    path = demo.sigma.exports.write_indicators(report, "xlsx", tmp_path / "anexo.xlsx", annex=True).path
    fichas = openpyxl.load_workbook(path)["Fichas técnicas"]
    assert fichas.max_row >= HEADER + len({v.code for v in report.shown()})
    assert fichas["G7"].alignment.wrap_text and fichas["G6"].value == "Cómo se calcula"


def test_indicator_workbook_marks_under_execution(demo, tmp_path):  # noqa: F811
    report = demo.sigma.indicators.compute(ReportFilter(YEAR))
    path = demo.sigma.exports.write_indicators(report, "xlsx", tmp_path / "ind.xlsx").path
    ws = openpyxl.load_workbook(path)["Visitas en aula"]
    seen = Counter()
    for row in ws.iter_rows(min_row=HEADER + 1):
        if row[0].value == "V03" and row[8].value is not None:
            fill = row[8].fill.fgColor.rgb
            level = "red" if row[8].value < 0.5 else "amber" if row[8].value < 0.8 else "ok"
            assert fill == {"red": "FFF4B6A8", "amber": "FFFFE08A"}.get(level, fill)
            if level == "ok":
                assert fill not in ("FFF4B6A8", "FFFFE08A")
            seen[level] += 1
    assert seen["amber"] + seen["red"] >= 1  # the demo has under-executed months


def test_control_workbook(demo, tmp_path):  # noqa: F811
    from sigma_desktop.reports.formatting import FIELD_HEADER, KIND_FIELDS, intervention_name

    grid = demo.sigma.control.grid(ReportFilter(YEAR))
    path = demo.sigma.exports.write_control(grid, "xlsx", tmp_path / "control.xlsx").path
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Resumen"] + [label for _k, label in CONTROL_KINDS] + ["No ejecutadas por motivo"]
    for kind, label in CONTROL_KINDS:
        ws = wb[label]
        assert ws.freeze_panes == "F7" and ws.auto_filter.ref.startswith(f"A{HEADER}:")
        assert ws.page_setup.orientation == "landscape" and "Página &P de &N" in ws.oddFooter.right.text
        header = [c.value for c in ws[HEADER]]
        assert header == ["UGEL", "Intervención", "DNI", "Acompañante", "Mes"] + [FIELD_HEADER[f]
                                                                                 for f in KIND_FIELDS[kind]]
        rows = [r for r in ws.iter_rows(min_row=HEADER + 1, values_only=True)]
        coach_rows = rows[:rows.index((None,) * len(header))] if (None,) * len(header) in rows else rows
        planned = [r for r in grid.rows if r.get(f"{kind}.planned")]
        assert len(coach_rows) == len(planned)  # rows where the kind does not apply are left out
        for row, r in zip(coach_rows, planned):
            cells = dict(zip(header, row))
            assert cells["DNI"] == r.coach_dni and cells["Acompañante"] == r.coach_name
            assert cells["Intervención"] == intervention_name(r.intervention) and cells["UGEL"] != r.ugel_code
            assert cells["Planificadas"] == r.get(f"{kind}.planned")
            assert cells["Ejecutadas"] == r.get(f"{kind}.executed")
            rate = cells["% ejecución"]
            assert rate == pytest.approx(r.get(f"{kind}.executed") / r.get(f"{kind}.planned"))
        grand = rows[-1]
        assert str(grand[0]).startswith("Total DRE ") and grand[5] == grid.totals[("total", "total")][f"{kind}.planned"]
        pct = next(c for c in ws[HEADER + 1] if c.column == 8)
        assert pct.number_format == "0.0%" and (pct.value is None or 0 <= pct.value <= 1.5)
    rutas = wb["Rutas y viáticos"]
    head = [c.value for c in rutas[HEADER]]
    spent = sum(r[head.index("Viáticos rendidos (S/)")] or 0
                for r in rutas.iter_rows(min_row=HEADER + 1, max_row=HEADER + len(
                    [r for r in grid.rows if r.get("ruta.planned")]), values_only=True))
    assert spent == pytest.approx(grid.totals[("total", "total")]["ruta.spent_cents"] / 100)
    motivos = wb["No ejecutadas por motivo"]
    listed = sum(r[-3] for r in motivos.iter_rows(min_row=HEADER + 1, values_only=True) if isinstance(r[-3], int))
    assert listed == sum(grid.totals[("total", "total")][f"{k}.not_executed"] for k, _ in CONTROL_KINDS)
    assert [c.value for c in motivos[HEADER]][-2:] == ["Motivo validado", "Motivo observado"]
    for col, field in ((-2, "ne_validated"), (-1, "ne_observed")):  # the Gestor Local's review of the motivos
        listed = sum(r[col] for r in motivos.iter_rows(min_row=HEADER + 1, values_only=True) if isinstance(r[col], int))
        assert listed == sum(grid.totals[("total", "total")][f"{k}.{field}"] for k, _ in CONTROL_KINDS)
    notes = [r[0] for r in motivos.iter_rows(min_row=motivos.max_row - 1, values_only=True)]
    assert str(notes[-1]).startswith("Código de verificación: ")


def test_control_workbook_lists_names_in_spanish_order(demo, tmp_path):  # noqa: F811
    from tests.reports.spanish_names import in_spanish_order, rename_coaches

    rename_coaches(demo.sigma)
    grid = demo.sigma.control.grid(ReportFilter(YEAR, 5))
    path = demo.sigma.exports.write_control(grid, "xlsx", tmp_path / "control.xlsx").path
    ws = openpyxl.load_workbook(path)["Visitas en aula"]
    by_ugel: dict[str, list[str]] = {}
    for row in ws.iter_rows(min_row=HEADER + 1, values_only=True):
        if row[2]:  # a coach row (totals have no DNI)
            by_ugel.setdefault(row[0], []).append(row[3])
    assert sum(len(v) for v in by_ugel.values()) >= 4
    assert all(in_spanish_order(names) for names in by_ugel.values()), by_ugel


def test_raw_export_has_every_activity_of_the_filter(demo, tmp_path):  # noqa: F811
    f = ReportFilter(YEAR, 5)
    grid = demo.sigma.control.grid(f)
    result = demo.sigma.exports.raw(f, tmp_path / "raw.xlsx")
    wb = openpyxl.load_workbook(result.path, read_only=True)
    assert wb.sheetnames == ["Actividades", "Información"]
    ws = wb["Actividades"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [h for h, _w, _s in RAW_COLUMNS]
    data = rows[1:]
    assert len(data) == result.rows
    col = {h: i for i, (h, _w, _s) in enumerate(RAW_COLUMNS)}
    assert {r[col["Mes"]] for r in data} == {5}
    kinds = Counter((r[col["Actividad"]], r[col["Estado"]]) for r in data)
    total = grid.totals[("total", "total")]
    assert kinds[("Visita en aula", "Ejecutada")] == total["visita.executed"]
    assert kinds[("GIA", "No ejecutada")] == total["gia.not_executed"]
    assert sum(n for (k, _s), n in kinds.items() if k == "Visita en aula") == total["visita.planned"]
    executed = next(r for r in data if r[col["Estado"]] == "Ejecutada")
    assert isinstance(executed[col["Fecha de ejecución"]], dt.datetime)
    assert executed[col["Validación"]] in ("Pendiente", "Validada", "Observada")
    wb.close()
    wb = openpyxl.load_workbook(result.path)
    assert wb["Actividades"].freeze_panes == "A2" and wb["Actividades"].auto_filter.ref == f"A1:AM{len(data) + 1}"


def test_raw_export_is_scoped_to_the_user(demo, tmp_path):  # noqa: F811
    demo.sign_in("gestor_local")
    mine = demo.sigma.exports.raw(ReportFilter(YEAR), tmp_path / "mine.xlsx").rows
    demo.sigma.sign_in_as_system()  # as `sigma export raw` without --usuario
    everything = demo.sigma.exports.raw(ReportFilter(YEAR), tmp_path / "all.xlsx").rows
    assert 0 < mine < everything


def test_iter_raw_streams_in_chunks(demo):  # noqa: F811
    chunks = list(demo.sigma.exports.iter_raw(ReportFilter(YEAR), chunk_size=100))
    assert len(chunks) > 2 and all(len(c) <= 100 for c in chunks)
    assert all(len(r) == len(RAW_COLUMNS) for c in chunks for r in c)


# --- the streaming writer itself ------------------------------------------------------------------

def test_stream_writer_round_trip(tmp_path):
    path = tmp_path / "t.xlsx"
    with XlsxWriter(path, title="Prueba") as wb:
        ws = wb.sheet("Año [2017]: datos/ñ", [10, 30, 12, 14], freeze="B2")
        ws.append(["Código", "Texto", "Número", "Fecha"], "header")
        ws.extend([("A1", " con espacios ", 1.5, dt.date(2017, 5, 3)),
                   ("A2", "<b>&\x01\x0b</b>", 2, dt.datetime(2017, 5, 3, 12, 30)),
                   ("A3", None, True, None), ("Ñandú", "x" * 40000, float("nan"), None)],
                  [None, None, "dec2", "date"])
        ws.autofilter(1)
        wb.sheet("Año [2017]: datos/ñ").append(["segunda"])  # same name: made unique
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Año  2017   datos ñ", "Año  2017   datos ñ (2)"]
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:D5"
    assert ws["B2"].value == " con espacios " and ws["B3"].value == "<b>&</b>"
    assert ws["C2"].value == 1.5 and ws["C2"].number_format == "#,##0.00"
    assert ws["D2"].value == dt.datetime(2017, 5, 3) and ws["D3"].value == dt.datetime(2017, 5, 3, 12, 30)
    assert ws["C4"].value is True and ws["B4"].value is None
    assert ws["A5"].value == "Ñandú" and len(ws["B5"].value) == 32767 and ws["C5"].value is None
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [10, 30, 12, 14]


def test_stream_writer_removes_a_failed_file(tmp_path):
    path = tmp_path / "t.xlsx"
    with pytest.raises(RuntimeError):
        with XlsxWriter(path) as wb:
            wb.sheet("Datos").append([1])
            raise RuntimeError("boom")
    assert not path.exists()


def test_column_letters_and_sheet_names():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    assert safe_sheet_name("x" * 40, set()) == "x" * 31
    assert safe_sheet_name("Hoja", {"hoja"}) == "Hoja (2)"

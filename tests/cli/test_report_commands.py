"""`sigma control`, `sigma indicators`, `sigma report monthly`, `sigma export raw`: the same figures as the
services, JSON that other programs can check, files written where asked, errors in Spanish."""
from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from sigma_desktop.cli import main
from sigma_desktop.domain.reporting import ReportFilter
from tests.demo_world import PASSWORD, YEAR, demo  # noqa: F401

FIELDS = ("planificadas", "ejecutadas", "no_ejecutadas", "validadas", "observadas", "pendientes")


def _run(demo, capsys, *args) -> tuple[int, str, str]:  # noqa: F811
    capsys.readouterr()
    code = main(["--db", demo.url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_control_json_has_one_object_per_coach_and_month(demo, capsys):  # noqa: F811
    code, out, _ = _run(demo, capsys, "control", "--year", str(YEAR), "--month", "5")
    assert code == 0
    data = json.loads(out)
    grid = demo.sigma.control.grid(ReportFilter(YEAR, 5))
    assert len(data["filas"]) == len(grid.rows) > 0
    assert data["filtro"] == {"anio": YEAR, "mes": 5, "dre": None, "ugel": None, "intervencion": None,
                              "acompanante": None}
    by_key = {(r.coach_dni, r.month): r for r in grid.rows}
    for item in data["filas"]:
        row = by_key[(item["acompanante_dni"], item["mes"])]
        assert item["mes"] == 5 and item["anio"] == YEAR
        assert (item["ugel"], item["dre"], item["intervencion"]) == (row.ugel_code, row.dre_code, row.intervention)
        assert item["ugel_nombre"] and item["dre_nombre"] and item["intervencion_nombre"] not in ("", item["intervencion"])
        for kind, key in (("visita", "visitas"), ("gia", "gia"), ("taller", "talleres"),
                          ("visita_social", "visitas_sociales")):
            block = item[key]
            assert set(FIELDS) <= set(block)
            assert block["planificadas"] == row.get(f"{kind}.planned")
            assert block["ejecutadas"] == row.get(f"{kind}.executed")
            assert sum(block["no_ejecutadas_por_motivo"].values()) == block["no_ejecutadas"]
    nation = next(t for t in data["totales"] if t["nivel"] == "total")
    assert all(t["nombre"] and t["nombre"] != t["codigo"] for t in data["totales"] if t["nivel"] == "ugel")
    assert nation["visitas"]["planificadas"] == sum(r["visitas"]["planificadas"] for r in data["filas"])


def test_control_filters_by_ugel_and_writes_files(demo, capsys, tmp_path):  # noqa: F811
    ugel = demo.sigma.exports.filter_options().ugels[0][0]
    code, out, _ = _run(demo, capsys, "control", "--year", str(YEAR), "--month", "5", "--ugel", ugel)
    assert code == 0 and {r["ugel"] for r in json.loads(out)["filas"]} == {ugel}
    for fmt in ("xlsx", "pdf", "json"):
        target = tmp_path / f"control.{fmt}"
        code, out, _ = _run(demo, capsys, "control", "--year", str(YEAR), "--month", "5", "--ugel", ugel,
                            "--format", fmt, "-o", str(target))
        assert code == 0 and target.stat().st_size > 0
        assert f"Archivo escrito: {target}" in out and "código de verificación: " in out
    assert openpyxl.load_workbook(tmp_path / "control.xlsx").sheetnames[:2] == ["Resumen", "Visitas en aula"]
    assert (tmp_path / "control.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "control.json").read_text(encoding="utf-8"))["filtro"]["ugel"] == ugel


def test_indicators_json_gives_code_category_numerator_denominator_value(demo, capsys):  # noqa: F811
    code, out, _ = _run(demo, capsys, "indicators", "--year", str(YEAR), "--month", "5", "--intervention", "eib")
    assert code == 0
    data = json.loads(out)
    items = data["indicadores"]
    totals = {i["codigo"]: i for i in items if i["nivel"] == "total"}
    assert len(totals) == 139  # 123 + 8 of teacher performance + 1 of data quality + 7 of non-execution review
    report = demo.sigma.indicators.compute(ReportFilter(YEAR, 5, intervention="eib"))
    for key in ("codigo", "categoria", "numerador", "denominador", "valor"):
        assert key in totals["V03"]
    v03 = report.total("V03")
    assert totals["V03"]["categoria"] == "visitas"
    assert (totals["V03"]["numerador"], totals["V03"]["denominador"]) == (v03.numerator, v03.denominator)
    assert totals["V03"]["valor"] == pytest.approx(v03.value)
    # other programs read codes, not labels: a coach row carries the DNI, DRE, UGEL and intervention codes
    coach_rows = [i for i in items if i["nivel"] == "acompanante" and i["codigo"] == "V03"]
    assert coach_rows
    for row in coach_rows:
        assert len(row["acompanante_dni"]) == 8 and row["acompanante_dni"] in row["etiqueta"]
        assert row["intervencion"] == "eib" and row["intervencion_nombre"] == "EIB"
        assert len(row["ugel"]) == 6 and len(row["dre"]) == 6 and row["ugel_nombre"] and row["dre_nombre"]
    ugel_rows = [i for i in items if i["nivel"] == "ugel" and i["codigo"] == "V03"]
    assert ugel_rows and all(r["ugel"] == r["clave"] and r["dre"] and r["acompanante_dni"] is None for r in ugel_rows)
    assert totals["V03"]["ugel"] is None and totals["V03"]["intervencion"] is None


def test_indicators_pdf_and_xlsx(demo, capsys, tmp_path):  # noqa: F811
    for fmt in ("pdf", "xlsx"):
        target = tmp_path / f"ind.{fmt}"
        code, out, _ = _run(demo, capsys, "indicators", "--year", str(YEAR), "--format", fmt, "-o", str(target))
        assert code == 0 and target.exists() and "valores de indicadores" in out


def test_indicators_annex_verify_and_signatories(demo, capsys, tmp_path):  # noqa: F811
    from tests.reports.pdf_text import pages

    target = tmp_path / "ind.pdf"
    code, out, _ = _run(demo, capsys, "indicators", "--year", str(YEAR), "--month", "5", "--format", "pdf",
                        "--anexo", "-o", str(target))
    assert code == 0
    if shutil.which("pdftotext"):  # poppler-utils: on Linux (the Windows run under Wine has no pdftotext)
        assert any("Anexo. Fichas técnicas" in " ".join(page.split()) for page in pages(target))
    code, out, _ = _run(demo, capsys, "verify", str(target))
    assert code == 0 and out.startswith("Conforme")
    code, out, err = _run(demo, capsys, "verify", str(tmp_path / "no-existe.pdf"))
    assert code == 1 and "no.existe.pdf" in err.replace("-", ".")
    ugel = demo.sigma.exports.filter_options().ugels[0][0]
    code, out, _ = _run(demo, capsys, "firmantes", "--ugel", ugel, "--revisor-nombre", "Rosa Ñahui Quispe",
                        "--director-nombre", "Julián Cáceres")
    assert code == 0 and "Revisado por: Rosa Ñahui Quispe" in out and "V°B°: Julián Cáceres — Director(a)" in out
    code, out, _ = _run(demo, capsys, "firmantes", "--ugel", ugel)
    assert "Rosa Ñahui Quispe" in out
    code, _out, err = _run(demo, capsys, "firmantes", "--ugel", "999999", "--director-nombre", "X")
    assert code == 1 and "999999" in err


def test_report_monthly_and_export_raw(demo, capsys, tmp_path):  # noqa: F811
    options = demo.sigma.exports.filter_options()
    ugel = options.ugels[0][0]
    coach = next(c for c in options.coaches if c[2] == ugel)[0]
    code, out, _ = _run(demo, capsys, "report", "monthly", "--year", str(YEAR), "--month", "5", "--ugel", ugel,
                        "-o", str(tmp_path / "ugel.pdf"))
    assert code == 0 and (tmp_path / "ugel.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = _run(demo, capsys, "report", "monthly", "--year", str(YEAR), "--month", "5", "--ugel", ugel,
                        "--coach", coach, "-o", str(tmp_path / "ap.pdf"))
    assert code == 0 and (tmp_path / "ap.pdf").exists()
    code, out, _ = _run(demo, capsys, "export", "raw", "--year", str(YEAR), "--ugel", ugel,
                        "-o", str(tmp_path / "raw.xlsx"))
    assert code == 0 and "actividades" in out
    ws = openpyxl.load_workbook(tmp_path / "raw.xlsx", read_only=True)["Actividades"]
    assert {r[4] for r in ws.iter_rows(min_row=2, values_only=True)} == {ugel}


def test_acting_as_a_user_limits_the_scope(demo, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SIGMA_TEST_PASSWORD", PASSWORD)
    manager = demo.users["gestor_local"][0]
    code, out, _ = _run(demo, capsys, "control", "--year", str(YEAR), "--month", "5", "--usuario", manager,
                        "--password-env", "SIGMA_TEST_PASSWORD")
    assert code == 0
    mine = {r["ugel"] for r in json.loads(out)["filas"]}
    assert len(mine) == 1
    other = next(u[0] for u in demo.sigma.exports.filter_options().ugels if u[0] not in mine)
    code, _out, err = _run(demo, capsys, "control", "--year", str(YEAR), "--month", "5", "--ugel", other,
                           "--usuario", manager, "--password-env", "SIGMA_TEST_PASSWORD")
    assert code == 1 and "fuera de su ámbito" in err


@pytest.mark.parametrize("args, message", [
    (("control", "--year", str(YEAR), "--month", "13"), "no es un mes válido"),
    (("control", "--year", str(YEAR), "--ugel", "999999"), "UGEL: el código 999999 no existe"),
    (("indicators", "--year", str(YEAR), "--intervention", "nada"), "«nada» no existe"),
    (("report", "monthly", "--year", str(YEAR), "--month", "5", "--ugel", "999999"), "no existe"),
])
def test_errors_are_explained(demo, capsys, args, message):  # noqa: F811
    code, _out, err = _run(demo, capsys, *args)
    assert code == 1 and message in err and err.startswith("Error: ")

"""`sigma calidad`: run, list, records, export, mark and params on the small demo."""
from __future__ import annotations

import json

from openpyxl import load_workbook

from sigma_desktop.cli import main
from sigma_desktop.domain.quality.kinds import Kind
from tests.demo_world import PASSWORD, YEAR, demo  # noqa: F401
from tests.services.test_quality import sign_in_planted


def _run(demo, capsys, *args):  # noqa: F811
    code = main(["--db", demo.url, "calidad", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_and_list_as_the_system(demo, capsys):  # noqa: F811
    code, out, _ = _run(demo, capsys, "run", "--year", str(YEAR), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ambito"] == "Todo el país"
    assert {t["tipo"] for t in doc["tipos"] if t["hallazgos_abiertos"]} == {k.value for k in Kind}
    code, out, _ = _run(demo, capsys, "list", "--year", str(YEAR), "--tipo", "viaticos_excedidos", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["tipo"] == "viaticos_excedidos" and r["estado"] == "nueva" for r in rows)
    code, _out, err = _run(demo, capsys, "list", "--year", str(YEAR), "--tipo", "inventado")
    assert code == 1 and "Tipo: «inventado» no existe" in err


def test_mark_records_and_export(demo, capsys, tmp_path, monkeypatch):  # noqa: F811
    rci = sign_in_planted(demo, "rci")
    demo.sigma.auth.sign_out()
    monkeypatch.setenv("SIGMA_PW", PASSWORD)
    who = ["--usuario", rci.dni, "--password-env", "SIGMA_PW"]
    code, out, _ = _run(demo, capsys, "list", "--year", str(YEAR), "--tipo", "dia_no_laborable", "--json", *who)
    first = json.loads(out)[0]
    code, _out, err = _run(demo, capsys, "mark", first["codigo"], "--year", str(YEAR), "--estado", "justificada")
    assert code == 1 and "--usuario" in err
    code, _out, err = _run(demo, capsys, "mark", first["codigo"], "--year", str(YEAR), "--estado", "justificada", *who)
    assert code == 1 and "Nota:" in err
    code, out, _ = _run(demo, capsys, "mark", first["codigo"], "--year", str(YEAR), "--estado", "justificada",
                        "--nota", "Jornada de recuperación aprobada por la UGEL", *who)
    assert code == 0 and "justificada" in out
    code, out, _ = _run(demo, capsys, "list", "--year", str(YEAR), "--estado", "justificada", "--json", *who)
    marked = json.loads(out)
    assert [r["codigo"] for r in marked] == [first["codigo"]] and marked[0]["nota"].startswith("Jornada")
    code, out, _ = _run(demo, capsys, "records", first["id"][:6], "--year", str(YEAR), *who)
    assert code == 0 and ("Visita en aula" in out or "GIA" in out)
    code, _out, err = _run(demo, capsys, "records", "zzzz", "--year", str(YEAR), *who)
    assert code == 1 and "No hay un hallazgo «zzzz»" in err
    target = tmp_path / "calidad.xlsx"
    code, out, _ = _run(demo, capsys, "export", "--year", str(YEAR), "--estado", "todos", "-o", str(target), *who)
    assert code == 0 and "Archivo escrito" in out
    states = {row[6] for row in load_workbook(target, read_only=True)["Hallazgos"].iter_rows(min_row=7, values_only=True)}
    assert "Justificada" in states and "Nueva" in states


def test_params_show_change_and_refuse(demo, capsys, monkeypatch):  # noqa: F811
    rci = sign_in_planted(demo, "rci")
    demo.sigma.auth.sign_out()
    monkeypatch.setenv("SIGMA_PW", PASSWORD)
    who = ["--usuario", rci.dni, "--password-env", "SIGMA_PW"]
    code, out, _ = _run(demo, capsys, "params")
    assert code == 0 and "late_days" in out and "30" in out
    code, out, _ = _run(demo, capsys, "params", "late_days=45", *who)
    assert code == 0 and any(line.split()[:2] == ["late_days", "45"] for line in out.splitlines())
    code, _out, err = _run(demo, capsys, "params", "late_days=cuarenta", *who)
    assert code == 1 and "no es un número entero" in err
    code, _out, err = _run(demo, capsys, "params", "late_days", *who)
    assert code == 1 and "nombre=valor" in err

"""`sigma masters` and `sigma users set-role`: the administrator's offices, protocol and roles from a terminal."""
from __future__ import annotations

from sigma_desktop.cli import main


def _run(url, capsys, *args) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ugel_from_the_catalogue_and_one_outside_it(sqlite_url, capsys):
    code, out, _ = _run(sqlite_url, capsys, "masters", "ugel", "add", "030007")
    assert code == 0 and "UGEL registrada: 030007 UGEL Grau (030000 DRE Apurímac)" in out
    code, _, err = _run(sqlite_url, capsys, "masters", "ugel", "add", "039901")
    assert code == 1 and "Nombre de la UGEL: es obligatorio" in err
    code, out, _ = _run(sqlite_url, capsys, "masters", "ugel", "add", "039901", "--nombre", "UGEL Prueba Sur")
    assert code == 0 and "(030000 DRE Apurímac)" in out
    code, out, _ = _run(sqlite_url, capsys, "masters", "ugel", "edit", "039901", "--nombre", "UGEL Sur", "--codigo",
                        "039902")
    assert code == 0 and "UGEL actualizada: 039902 UGEL Sur" in out
    code, out, _ = _run(sqlite_url, capsys, "masters", "ugel", "list")
    assert [line.split()[0] for line in out.splitlines()] == ["030007", "039902"]
    code, out, _ = _run(sqlite_url, capsys, "masters", "ugel", "catalogo", "--dre", "150200")
    assert len(out.splitlines()) == 9 and "UGEL 08 Cañete" in out
    code, out, _ = _run(sqlite_url, capsys, "masters", "dre", "edit", "030000", "--nombre", "DRE de Apurímac")
    assert code == 0 and "DRE actualizada: 030000 DRE de Apurímac" in out


def test_protocol_copy_and_role_change(sqlite_url, capsys, monkeypatch):
    code, out, _ = _run(sqlite_url, capsys, "masters", "protocolo", "copiar", "2017", "--hasta", "2016")
    assert code == 0 and "Protocolo 2016: 6 filas copiadas de 2017." in out
    code, out, _ = _run(sqlite_url, capsys, "masters", "protocolo", "copiar", "2017", "--hasta", "2016")
    assert "0 filas copiadas de 2017; 6 ya existían y se mantienen." in out
    _run(sqlite_url, capsys, "masters", "ugel", "add", "030007")
    monkeypatch.setenv("CLAVE_T", "clave-de-prueba-1")
    assert _run(sqlite_url, capsys, "users", "add", "42000001", "--name", "RCI Grau", "--role", "rci", "--ugel",
                "030007", "--password-env", "CLAVE_T")[0] == 0
    code, out, _ = _run(sqlite_url, capsys, "users", "set-role", "42000001", "--role", "gestor_regional", "--dre",
                        "030000")
    assert code == 0 and "Usuario 42000001 RCI Grau: Gestor Regional, DRE Apurímac" in out
    code, _, err = _run(sqlite_url, capsys, "users", "set-role", "42000001", "--role", "gestor_local", "--ugel",
                        "039999")
    assert code == 1 and "Código de UGEL: 039999 no existe." in err

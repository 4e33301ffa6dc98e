"""A file the user named cannot be written: a Spanish message naming it, in the command line and the window,
and the file as it was. On Windows the common case is a workbook still open in Excel (a locked file)."""
from __future__ import annotations

import errno
import hashlib
import stat

import pytest

from sigma_desktop.domain.file_errors import file_problem
from tests.platforms import held_open_by_another_program, read_only_attribute, windows_only
from tests.world import ADMIN, YEAR


def _control(world, target, capsys) -> tuple[int, str]:
    from sigma_desktop.cli import main

    url = world.sigma.db.url.render_as_string(hide_password=False)
    code = main(["--db", url, "control", "--year", str(YEAR), "--format", "xlsx", "-o", str(target)])
    return code, capsys.readouterr().err


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_error_without_a_file_is_not_a_file_problem():
    assert file_problem(ConnectionRefusedError(errno.ECONNREFUSED, "refused")) is None


def test_a_missing_folder_is_named_by_the_command_line(sqlite_world, tmp_path, capsys):
    code, err = _control(sqlite_world, tmp_path / "no-existe" / "control.xlsx", capsys)
    assert code == 1 and "No existe la carpeta" in err and "no-existe" in err and "Traceback" not in err
    assert not (tmp_path / "no-existe").exists()


@windows_only("a file another program opened without sharing (Excel holds its open workbooks)")
def test_a_workbook_open_in_excel_is_named_and_left_as_it_was(sqlite_world, tmp_path, capsys):
    target = tmp_path / "control.xlsx"
    code, _ = _control(sqlite_world, target, capsys)
    assert code == 0
    before = _digest(target)
    with held_open_by_another_program(target):
        code, err = _control(sqlite_world, target, capsys)
        assert code == 1 and "está abierto en otro programa (por ejemplo, Excel" in err and str(target) in err
        from sigma_desktop.domain.errors import SigmaError

        sqlite_world.sign_in(ADMIN)
        audit_target = tmp_path / "bitacora.csv"
        audit_target.write_bytes(b"anterior\r\n")
        with held_open_by_another_program(audit_target):
            with pytest.raises(SigmaError, match="está abierto en otro programa"):
                sqlite_world.sigma.audit.export(audit_target)
        assert audit_target.read_bytes() == b"anterior\r\n"
        assert not list(tmp_path.glob("bitacora.csv.partial"))
    assert _digest(target) == before


@read_only_attribute()
def test_a_read_only_workbook_is_named(sqlite_world, tmp_path, capsys):
    target = tmp_path / "control.xlsx"
    target.write_bytes(b"copia anterior")
    target.chmod(stat.S_IREAD)
    try:
        code, err = _control(sqlite_world, target, capsys)
    finally:
        target.chmod(stat.S_IREAD | stat.S_IWRITE)
    assert code == 1 and "es de solo lectura" in err and target.read_bytes() == b"copia anterior"

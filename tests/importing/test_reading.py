"""Reading files from outside: formats told by their bytes, bounds, hostile files, real-world cells."""
from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from sigma_desktop.importing import cells as c
from sigma_desktop.importing import readers
from sigma_desktop.importing.dbf import read_dbf
from sigma_desktop.importing.parse import PARSERS
from sigma_desktop.importing.problems import FileRejected
from sigma_desktop.importing.specs import SPECS, normalise
from sigma_desktop.importing.table import column_letter, locate

from tests.importing.helpers import TEACHER_HEADER, csv_file, dbf, xlsx

DATA = Path(__file__).parent / "data"


def _table(path, kind="docentes", **kw):
    return locate(readers.open_workbook(path, **kw), SPECS[kind])


def _parse(path, kind="docentes", **kw):
    table = _table(path, kind, **kw)
    return table, PARSERS[kind](table)


# --- what a file is ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content, match", [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "es una imagen PNG, no una hoja de cálculo"),
    (b"%PDF-1.7\n" + bytes(200), "es un documento PDF"),
    (bytes(range(256)) * 4, "no es una hoja de cálculo"),
])
def test_not_a_spreadsheet(tmp_path, content, match):
    path = tmp_path / "docentes.xlsx"
    path.write_bytes(content)
    with pytest.raises(FileRejected, match=match):
        _table(path)


def test_an_empty_file(tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"")
    with pytest.raises(FileRejected, match="está vacío"):
        _table(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "fotos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("foto.txt", "hola")
    with pytest.raises(FileRejected, match="archivo comprimido \\(zip\\), no una hoja de cálculo"):
        _table(path)


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_truncated_xlsx_is_damaged(tmp_path, reader):
    good = xlsx(tmp_path / "bueno.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "", "Ana", "0512345", 0)] * 50)
    data = good.read_bytes()
    bad = tmp_path / "danado.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRejected, match="está dañado o incompleto"):
        _table(bad, reader=reader)


def test_an_xlsx_with_a_damaged_sheet(tmp_path):
    good = xlsx(tmp_path / "bueno.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "", "Ana", "0512345", 0)])
    bad = tmp_path / "hoja-danada.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(FileRejected, match="dañado"):
        _table(bad)


def test_a_password_protected_xlsx(tmp_path):
    with pytest.raises(FileRejected, match="protegido con contraseña"):
        _table(DATA / "protegido.xlsx")


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_an_xml_bomb_is_refused_before_parsing(tmp_path, reader):
    good = xlsx(tmp_path / "bueno.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "", "Ana", "0512345", 0)])
    bomb = tmp_path / "bomba.xlsx"
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{"&lol{};".format(i - 1 if i > 1 else "") * 10}">' for i in range(1, 10))
           + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/sharedStrings.xml", lol)
    with pytest.raises(FileRejected, match="definiciones XML que SIGMA no acepta"):
        _table(bomb, reader=reader)


def test_openpyxl_refuses_entities_by_itself():
    """defusedxml is installed: openpyxl's own guard is on too (its advice for untrusted files)."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_bounds_on_rows_and_size(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "grande.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "", "Ana", "0512345", 0)] * 30)
    monkeypatch.setattr(readers, "MAX_ROWS", 20)
    with pytest.raises(FileRejected, match="tiene más de 20 filas"):
        _table(path)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    with pytest.raises(FileRejected, match="el máximo es 0 MB"):
        _table(path)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "a.xlsx", TEACHER_HEADER, [("40000001", "Quispe", "", "Ana", "0512345", 0)])
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 2000)
    with pytest.raises(FileRejected, match="descomprimido"):
        _table(path)


# --- finding the table -------------------------------------------------------------------------------

def test_empty_sheet(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "vacia.xlsx"
    Workbook().save(path)
    with pytest.raises(FileRejected, match="está vacía"):
        _table(path)


def test_header_only(tmp_path):
    path = xlsx(tmp_path / "solo.xlsx", TEACHER_HEADER, [], blank_after=5)
    with pytest.raises(FileRejected, match="no tiene filas de datos debajo de los encabezados"):
        _table(path)


def test_missing_required_columns(tmp_path):
    path = xlsx(tmp_path / "faltan.xlsx", ("dni", "nombres", "apellido_materno"), [("40000001", "Ana", "")])
    with pytest.raises(FileRejected, match="Faltan columnas obligatorias.*apellido_paterno, codigo_modular"):
        _table(path)


def test_no_header_at_all(tmp_path):
    path = xlsx(tmp_path / "otra-cosa.xlsx", ("fruta", "precio"), [("papa", 2)])
    with pytest.raises(FileRejected, match="No se encontró la fila de encabezados.*sigma template docentes"):
        _table(path)


def test_a_column_twice(tmp_path):
    path = xlsx(tmp_path / "dos.xlsx", (*TEACHER_HEADER, "DNI"), [("40000001", "Q", "", "A", "0512345", 0, "1")])
    with pytest.raises(FileRejected, match="La columna «dni» aparece más de una vez.*columnas A y G"):
        _table(path)


def test_titles_above_any_column_order_extra_columns_and_trailing_rows(tmp_path):
    header = ("Código Modular", "Nombres", "observación", "DNI", "Apellido Paterno", "apellido_materno")
    path = xlsx(tmp_path / "real.xlsx", header,
                [(512345, "  Rosa   Elena ", "x", 1234567, "Ñahui", None),
                 ("0512345", "José", None, "40000002", "Quispe", "Peña")],
                titles=("UGEL GRAU — PADRÓN DE DOCENTES 2024", "Fecha de corte: 31/03/2024"), blank_after=40)
    table, parsed = _parse(path)
    assert table.header_row == 4 and len(table.data) == 2
    assert [x.text() for x in parsed.problems] == [
        "Fila 4: se ignoran las columnas que no son de la plantilla: «observación» (C)."]
    first, second = parsed.records
    assert (first.dni, first.modular_code, first.annex, first.first_names) == ("01234567", "0512345", "0",
                                                                               "Rosa Elena")
    assert (second.row, second.last_name_2) == (6, "Peña")


def test_a_decomposed_enie_is_composed(tmp_path):
    path = csv_file(tmp_path / "mac.csv", TEACHER_HEADER, [("40000001", "N\u0303ahui", "", "Ana", "0512345", "0")])
    _t, parsed = _parse(path)
    assert parsed.records[0].last_name_1 == "Ñahui"


# --- CSV and DBF ------------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter, encoding", [(";", "cp1252"), (",", "utf-8-sig"), ("\t", "utf-8")])
def test_csv_as_excel_writes_it(tmp_path, delimiter, encoding):
    path = csv_file(tmp_path / "d.csv", TEACHER_HEADER, [("40000001", "Ñahui", "Peña", "José", "512345", "")],
                    delimiter=delimiter, encoding=encoding)
    _t, parsed = _parse(path)
    r = parsed.records[0]
    assert (r.last_name_1, r.last_name_2, r.first_names, r.modular_code) == ("Ñahui", "Peña", "José", "0512345")


def test_dbf_of_the_padron_in_ibm850(tmp_path):
    fields = [("COD_MOD", "C", 7, 0), ("ANEXO", "C", 1, 0), ("CEN_EDU", "C", 60, 0), ("D_NIV_MOD", "C", 40, 0),
              ("CODOOII", "N", 6, 0), ("AREA_CENSO", "C", 1, 0), ("CODGEO", "C", 6, 0), ("FEC_REG", "D", 8, 0),
              ("ACTIVO", "L", 1, 0)]
    path = dbf(tmp_path / "Padron.dbf", fields,
               [["0512345", "0", "IE Nº 54321 SEÑOR DE ÁNIMAS", "Primaria", 30007, "2", "030701", date(2001, 3, 1),
                 True]])
    raw = path.read_bytes()
    assert "Ñ".encode("cp850") in raw and "Ñ".encode("utf-8") not in raw
    names, rows = read_dbf(raw)
    assert names[0] == "COD_MOD" and rows[0][2] == "IE Nº 54321 SEÑOR DE ÁNIMAS"
    assert rows[0][4] == 30007 and rows[0][7] == date(2001, 3, 1) and rows[0][8] is True
    _t, parsed = _parse(path, "ies")
    s = parsed.records[0]
    assert (s.modular_code, s.name, s.level, s.ugel_code, s.area, s.ubigeo) == (
        "0512345", "IE Nº 54321 SEÑOR DE ÁNIMAS", "primaria", "030007", "rural", "030701")


def test_dbf_skips_deleted_records(tmp_path):
    path = dbf(tmp_path / "p.dbf", [("DNI", "C", 8, 0)], [["40000001"], ["40000002"]])
    data = bytearray(path.read_bytes())
    header_len = int.from_bytes(data[8:10], "little")
    data[header_len] = ord("*")
    names, rows = read_dbf(bytes(data))
    assert rows == [["40000002"]]


# --- cells --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (date(2024, 4, 9), date(2024, 4, 9)), (datetime(2024, 4, 9, 10, 30), date(2024, 4, 9)),
    ("09/04/2024", date(2024, 4, 9)), ("9/4/2024", date(2024, 4, 9)), ("2024-04-09", date(2024, 4, 9)),
    (" 09-04-2024 ", date(2024, 4, 9)), ("2024-04-09 00:00:00", date(2024, 4, 9)), (45391, date(2024, 4, 9)),
])
def test_dates_as_offices_write_them(value, expected):
    assert c.day(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "ayer", "2024/13/01", 3.5, True])
def test_bad_dates(value):
    with pytest.raises(c.CellError, match="no es una fecha válida"):
        c.day(value)


@pytest.mark.parametrize("value, pad, expected", [
    (512345, True, "0512345"), (512345.0, True, "0512345"), ("512345", True, "0512345"),
    ("0512345.0", True, "0512345"), (" 0512345 ", False, "0512345"), (1234567, False, "01234567"),
])
def test_codes_get_their_zeros_back(value, pad, expected):
    assert c.code(value, 7 if expected.__len__() == 7 else 8, pad_text=pad) == expected


@pytest.mark.parametrize("value", ["1234567", "123456789", "ABCDEFGH", "4000 0007", -1, 1.5, 123456789])
def test_bad_dni(value):
    with pytest.raises(c.CellError, match="debe tener exactamente 8 dígitos"):
        c.code(value, 8, pad_text=False)


def test_header_names_are_normalised():
    assert normalise("Código Modular") == "codigo_modular"
    assert normalise(" COD_MOD ") == "cod_mod"
    assert normalise("Año") == "ano"
    assert column_letter(0) == "A" and column_letter(27) == "AB"


@pytest.mark.parametrize("value, level", [("I", 1), ("iv", 4), (" III ", 3), (2, 2), (3.0, 3), ("Nivel II", 2)])
def test_rubric_levels(value, level):
    from sigma_desktop.importing.parse import _rubric_level

    assert _rubric_level(value) == level


def test_fold_fast_paths_match_the_plain_definition():
    """domain.text.fold has an ASCII fast path and a per-word cache (import speed): same results as
    NFKD → drop combining marks → lower → collapse spaces, on awkward Unicode too."""
    import random
    import unicodedata

    from sigma_desktop.domain.text import fold

    def plain(text):
        kept = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        return " ".join(kept.lower().split())

    alphabet = "aAñÑéÉü \t\u00a0\u00a8\u0301\u0303\u1680\u200b\u2002½ﬁİıßΣς12xyZ"
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert fold(text) == plain(text), repr(text)
    assert fold("  Ñahui  QUISPE ") == "nahui quispe"

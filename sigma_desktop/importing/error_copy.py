"""The copy of a file with its problems: same rows in the same places, an «errores» column at the right
with every message of the row, and the bad cells filled red with the message as a comment.

Written in openpyxl's write-only mode (a copy of a 100,000-row file stays within a few hundred MB).
Whatever the input (xlsx, csv, dbf), the copy is an xlsx: `<name>-errores.xlsx` next to the input.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from .problems import Problem
from .table import Table


def default_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}-errores.xlsx")


# what an xlsx cannot hold (openpyxl refuses it): control characters other than tab and line breaks
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _value(v):
    if v is None or isinstance(v, (str, int, float, bool, date, datetime, time)):
        if isinstance(v, str):
            if v.startswith("="):
                v = "'" + v  # never turn a text back into a formula
            if _ILLEGAL.search(v):  # shown, not dropped: the cell's comment says what is wrong with it
                v = _ILLEGAL.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", v)
        return v
    return str(v)


def _text(message: str) -> str:
    return _ILLEGAL.sub("?", message)


def write_error_copy(table: Table, problems: list[Problem], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = table.sheet
    by_row: dict[int, list[Problem]] = {}
    for x in problems:
        by_row.setdefault(x.row or 0, []).append(x)
    width = max((len(r) for r in sheet.rows), default=0)
    errors_col = sheet.first_col + width  # 0-based column of «errores», right of the data
    existing = table.columns.get("errores")
    if existing is None:
        for j, v in enumerate(sheet.rows[table.header_index]):
            if isinstance(v, str) and v.strip().lower() == "errores":
                existing = j
    if existing is not None:  # a copy loaded again: reuse its «errores» column
        errors_col = sheet.first_col + existing

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_SHEET_NAME.sub("_", sheet.name)[:31].strip("'") or "datos")
    red = PatternFill("solid", fgColor="FFC7CE")
    warn = PatternFill("solid", fgColor="FFEB9C")
    bold = Font(bold=True, color="9C0006")
    for j in range(errors_col + 1):
        ws.column_dimensions[get_column_letter(j + 1)].width = 16
    ws.column_dimensions[get_column_letter(errors_col + 1)].width = 80
    ws.freeze_panes = f"A{table.header_row + 1}"
    header_row = table.header_row
    for _ in range(1, sheet.first_row):
        ws.append([])
    file_problems = [x for x in problems if x.row is None]
    for i, raw in enumerate(sheet.rows):
        n = sheet.first_row + i
        row_problems = by_row.get(n, [])
        marks: dict[int, list[Problem]] = {}
        for x in row_problems:
            if x.column and x.column in table.columns:
                marks.setdefault(table.columns[x.column], []).append(x)
        cells = [None] * sheet.first_col
        for j, v in enumerate(raw):
            if j == existing:
                cells.append(None)
                continue
            value = _value(v)
            if j in marks:
                cell = WriteOnlyCell(ws, value=value)
                only_warnings = all(x.warning for x in marks[j])
                cell.fill = warn if only_warnings else red
                cell.comment = Comment(_text("\n".join(x.message for x in marks[j])), "SIGMA")
                cells.append(cell)
            elif isinstance(v, (date, datetime)):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cells.append(value)
        while len(cells) <= errors_col:
            cells.append(None)
        if n == header_row:
            cell = WriteOnlyCell(ws, value="errores")
            cell.font = bold
            cells[errors_col] = cell
        else:
            texts = [("Aviso: " if x.warning else "")
                     + (f"{x.column}: {x.message}" if x.column else x.message) for x in row_problems]
            if n == header_row + 1 and file_problems:
                texts = [x.message for x in file_problems] + texts
            if texts:
                cell = WriteOnlyCell(ws, value=_text(" | ".join(texts)))
                cell.font = bold
                cell.alignment = Alignment(wrap_text=False)
                cells[errors_col] = cell
        ws.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path

"""Writers of the real files the import tests load: xlsx (openpyxl), csv and dbf, as offices make them."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence


def xlsx(path: Path, header: Sequence, rows: Sequence[Sequence], *, titles: Sequence[str] = (),
         sheet: str = "datos", blank_after: int = 0, number_formats: dict | None = None) -> Path:
    """A workbook whose first sheet has `titles` (merged across the table, as offices do), then the
    header and rows; `blank_after` trailing rows that only carry formatting."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    width = max(len(header), 1)
    for i, title in enumerate(titles, start=1):
        ws.cell(row=i, column=1, value=title).font = Font(bold=True)
        if width > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    ws.append([]) if titles else None
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    last = ws.max_row
    for k in range(blank_after):
        ws.cell(row=last + 1 + k, column=1).font = Font(italic=True)  # styled but empty
    for col, fmt in (number_formats or {}).items():
        for cell in ws[col][1:]:
            cell.number_format = fmt
    wb.save(path)
    return path


def csv_file(path: Path, header: Sequence, rows: Sequence[Sequence], *, delimiter: str = ";",
             encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
    return path


def dbf(path: Path, fields, rows, **kwargs) -> Path:
    from sigma_desktop.importing.dbf import write_dbf

    write_dbf(path, fields, rows, **kwargs)
    return path


TEACHER_HEADER = ("dni", "apellido_paterno", "apellido_materno", "nombres", "codigo_modular", "anexo")

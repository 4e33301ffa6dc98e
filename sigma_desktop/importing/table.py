"""Finding the table inside a sheet: the header row (below any title rows), its columns in any order,
and the data rows (blank rows skipped, wherever they are)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from .problems import FileRejected, Problem
from .readers import Sheet, Workbook
from .specs import Spec, normalise

HEADER_SEARCH_ROWS = 30


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Table:
    spec: Spec
    file_name: str
    format: str
    sheet: Sheet
    header_index: int                 # index of the header in sheet.rows
    columns: dict[str, int]           # column name → index in each row list
    data: list[tuple[int, list]]      # (spreadsheet row number, cells)
    warnings: list[Problem] = field(default_factory=list)
    source: Path | None = None        # the file read

    @property
    def header_row(self) -> int:
        return self.sheet.first_row + self.header_index

    def letter(self, name: str) -> str:
        return column_letter(self.sheet.first_col + self.columns[name])


def _blank(v) -> bool:
    return v is None or v == "" or (type(v) is str and not v.strip())


def locate(workbook: Workbook, spec: Spec) -> Table:
    lookup = spec.lookup()
    required = spec.required
    need = max(1, math.ceil(len(required) / 2))
    best: tuple[int, int, int, dict] | None = None  # (score, sheet, row index, mapping)
    any_data = False
    for s in range(len(workbook.sheet_names)):
        sheet = workbook.sheet(s)
        if not sheet.rows:
            continue
        for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            if all(_blank(v) for v in row):
                continue
            any_data = True
            mapping: dict[str, list[int]] = {}
            for j, v in enumerate(row):
                name = lookup.get(normalise(v)) if not _blank(v) else None
                if name:
                    mapping.setdefault(name, []).append(j)
            found_required = sum(1 for r in required if r in mapping)
            if best is None or found_required > best[0]:
                best = (found_required, s, i, mapping)
            if found_required >= need:
                return _build(workbook, spec, s, i, mapping)
    name = workbook.path.name
    if not any_data:
        raise FileRejected(f"La hoja de «{name}» está vacía: no tiene encabezados ni datos. Revise que "
                           "eligió el archivo correcto y que se guardó con sus datos.")
    if best is None or best[0] == 0:
        raise FileRejected(
            f"No se encontró la fila de encabezados en «{name}»: debe tener los nombres de columna de la "
            f"plantilla «{spec.kind}» (obligatorias: {', '.join(required)}). Descargue la plantilla desde "
            f"Archivo → Descargar plantilla… (o con «sigma template {spec.kind}»), copie sus datos en ella y "
            "vuelva a importar.")
    return _build(workbook, spec, best[1], best[2], best[3])


def _build(workbook: Workbook, spec: Spec, s: int, i: int, mapping: dict[str, list[int]]) -> Table:
    sheet = workbook.sheet(s)
    name = workbook.path.name
    header = sheet.rows[i]
    missing = [r for r in spec.required if r not in mapping]
    if missing:
        raise FileRejected(
            f"Faltan columnas obligatorias en «{name}» (fila {sheet.first_row + i}): {', '.join(missing)}. "
            f"La plantilla «{spec.kind}» tiene las columnas: {', '.join(c.name for c in spec.columns)}.")
    twice = {k: v for k, v in mapping.items() if len(v) > 1}
    if twice:
        col, places = next(iter(twice.items()))
        letters = " y ".join(column_letter(sheet.first_col + j) for j in places)
        raise FileRejected(f"La columna «{col}» aparece más de una vez en «{name}» (columnas {letters}): "
                           "deje solo una.")
    columns = {k: v[0] for k, v in mapping.items()}
    used = set(columns.values())
    known = {normalise(k) for k in spec.known}
    ignored = [f"«{str(v).strip()}» ({column_letter(sheet.first_col + j)})" for j, v in enumerate(header)
               if j not in used and not _blank(v) and normalise(v) not in known]
    warnings = []
    header_row = sheet.first_row + i
    if ignored:
        warnings.append(Problem(header_row, None, "se ignoran las columnas que no son de la plantilla: "
                                + ", ".join(ignored) + ".", warning=True))
    width = max(columns.values()) + 1
    data = []
    first = sheet.first_row
    for k in range(i + 1, len(sheet.rows)):
        row = sheet.rows[k]
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        for v in row:
            if v is not None and v != "" and (type(v) is not str or not v.isspace()):
                data.append((first + k, row))
                break
    if not data:
        raise FileRejected(f"La hoja de «{name}» no tiene filas de datos debajo de los encabezados "
                           f"(fila {header_row}).")
    return Table(spec, name, workbook.format, sheet, i, columns, data, warnings, workbook.path)

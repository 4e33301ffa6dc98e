"""The control workbook: per coach and month, totals per UGEL, DRE and nation, and the motivos."""
from __future__ import annotations

from pathlib import Path

from ...domain.dates import month_name
from ...domain.reporting import ControlGrid
from ..formatting import (CONTROL_FIELDS, CONTROL_KINDS, MOTIVOS, ReportMeta, execution_rate, severity)
from .blocks import title_block
from .stream import XlsxWriter

ID_COLUMNS = (("DRE", 9), ("UGEL", 9), ("Intervención", 16), ("DNI", 10), ("Acompañante", 32), ("Mes", 11))


def count_columns() -> list[tuple[str, str | None, int]]:
    """(header, count key or None for the % column, width) for every kind."""
    cols = []
    for kind, label in CONTROL_KINDS:
        for key, header, _short in CONTROL_FIELDS:
            cols.append((f"{label}: {header.lower()}", f"{kind}.{key}", 12))
            if key == "executed":
                cols.append((f"{label}: % ejecución", f"{kind}.%", 11))
        cols.append((f"{label}: sin registro", f"{kind}.unregistered", 12))
    return cols


def _count_cells(counts: dict, total: bool) -> tuple[list, list[str]]:
    values, styles = [], []
    for _header, key, _w in count_columns():
        kind, _, field = key.partition(".")
        if field == "%":
            rate = execution_rate(counts, kind)
            level = severity(rate)
            style = f"pct_{level}" if level else "pct"
            values.append(rate)
            styles.append(("total_" + style) if total else style)
        elif field == "unregistered":
            planned = counts.get(f"{kind}.planned", 0)
            values.append(planned - counts.get(f"{kind}.executed", 0) - counts.get(f"{kind}.not_executed", 0))
            styles.append("total_int" if total else "int")
        else:
            values.append(counts.get(key, 0))
            styles.append("total_int" if total else "int")
    return values, styles


def write_control_workbook(grid: ControlGrid, meta: ReportMeta, path: str | Path,
                           names: dict[tuple[str, str], str] | None = None) -> Path:
    names = names or {}
    counts_cols = count_columns()
    widths = [w for _, w in ID_COLUMNS] + [w for _, _, w in counts_cols]
    with XlsxWriter(path, title=meta.title) as wb:
        ws = wb.sheet("Control por acompañante", widths, freeze="G7", landscape=True, print_title_rows=(6, 6))
        header = title_block(ws, meta, meta.title)
        ws.append([h for h, _ in ID_COLUMNS] + [h for h, _, _ in counts_cols], "header", height=45)
        for r in grid.rows:
            values, styles = _count_cells(r.counts, False)
            ws.append([r.dre_code, r.ugel_code, r.intervention, r.coach_dni, r.coach_name,
                       month_name(r.month).capitalize()] + values, ["text"] * 6 + styles)
        ws.autofilter(header)

        ws = wb.sheet("Totales", [10, 44] + [w for _, _, w in counts_cols], freeze="C7", landscape=True,
                      print_title_rows=(6, 6))
        header = title_block(ws, meta, f"{meta.title} — totales por UGEL, DRE y nacional")
        ws.append(["Nivel", "Ámbito"] + [h for h, _, _ in counts_cols], "header", height=45)
        order = {"total": 0, "dre": 1, "ugel": 2}
        for (level, key), counts in sorted(grid.totals.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            label = "Total" if level == "total" else names.get((level, key), key)
            values, styles = _count_cells(counts, level == "total")
            text = "total_text" if level == "total" else "text"
            ws.append([{"total": "Total", "dre": "DRE", "ugel": "UGEL"}[level], label] + values,
                      [text, text] + styles)
        ws.autofilter(header)

        motivo_cols = [(name, 14) for _code, name in MOTIVOS]
        ws = wb.sheet("No ejecutadas por motivo", [9, 10, 32, 11, 24] + [w for _, w in motivo_cols] + [10],
                      freeze="F7", landscape=True, print_title_rows=(6, 6))
        header = title_block(ws, meta, f"{meta.title} — actividades no ejecutadas por motivo")
        ws.append(["UGEL", "DNI", "Acompañante", "Mes", "Actividad"] + [n for n, _ in motivo_cols] + ["Total"],
                  "header", height=60)
        for r in grid.rows:
            for kind, label in CONTROL_KINDS:
                total = r.counts.get(f"{kind}.not_executed", 0)
                if not total:
                    continue
                per = [r.counts.get(f"{kind}.not_executed.{code}", 0) for code, _ in MOTIVOS]
                ws.append([r.ugel_code, r.coach_dni, r.coach_name, month_name(r.month).capitalize(), label]
                          + per + [total], ["text"] * 5 + ["int"] * (len(per) + 1))
        ws.autofilter(header)
    return Path(path)

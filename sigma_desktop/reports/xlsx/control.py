"""The control workbook: a summary, one sheet per activity kind (coach × month, then the total rows that add
information) and the motivos; each sheet narrow enough to print on A4 landscape at 70 % or more, with the
title in the page header and «Página x de y» in the footer, human labels for every code, shares stored as
numbers with a per-cent format, frozen panes and filters."""
from __future__ import annotations

from pathlib import Path

from ...domain.dates import month_name
from ...domain.reporting import ControlGrid
from ..formatting import (CONTROL_KINDS, FIELD_HEADER, KIND_FIELDS, MONEY_FIELDS, MOTIVO_COLUMN, MOTIVOS, RATE_FIELDS, ReportMeta,
                          TotalLine, control_value, execution_rate, intervention_name, severity, short_office,
                          total_lines)
from .blocks import closing_rows, title_block
from .stream import XlsxWriter

ID_COLUMNS = (("UGEL", 14), ("Intervención", 14), ("DNI", 9.5), ("Acompañante", 28), ("Mes", 10))
FIGURE_WIDTH = 10.5
SUMMARY_FIELDS = ("planned", "executed", "%", "not_executed", "unregistered", "validated", "observed", "pending")


def _style(field: str, value, kind: str, counts: dict, total: bool) -> str:
    if field in RATE_FIELDS:
        level = severity(execution_rate(counts, kind)) if field == "%" else None
        style = f"pct_{level}" if level else "pct"
    elif field in MONEY_FIELDS:
        style = "soles"
    else:
        style = "int"
    if total:
        return {"int": "total_int", "soles": "total_soles"}.get(style, "total_" + style)
    return style


def figure_cells(counts: dict, kind: str, fields, total: bool = False) -> tuple[list, list[str]]:
    """The figures of one kind as cell values (shares as fractions, soles as amounts) and styles."""
    values, styles = [], []
    for field in fields:
        value = control_value(counts, kind, field)
        if field in RATE_FIELDS and value is not None:
            value = value / 100
        values.append(value)
        styles.append(_style(field, value, kind, counts, total))
    return values, styles


def write_control_workbook(grid: ControlGrid, meta: ReportMeta, path: str | Path,
                           names: dict[tuple[str, str], str] | None = None) -> Path:
    names = names or {}
    totals = total_lines(grid, names)
    ugel_name = {code: short_office(label) for (level, code), label in names.items() if level == "ugel"}
    with XlsxWriter(path, title=meta.title, keywords=meta.extra.get("stamp") or "") as wb:
        _summary(wb, grid, meta)
        for kind, label in CONTROL_KINDS:
            _kind_sheet(wb, grid, meta, kind, label, totals, ugel_name)
        ws = _motivos(wb, grid, meta, ugel_name)
        closing_rows(ws, meta)
    return Path(path)


def _summary(wb: XlsxWriter, grid: ControlGrid, meta: ReportMeta) -> None:
    total = grid.totals.get(("total", "total"), {})
    ws = wb.sheet("Resumen", [30] + [13] * len(SUMMARY_FIELDS), freeze="B7", landscape=True,
                  print_title_rows=(6, 6))
    header = title_block(ws, meta, f"{meta.title} — resumen del ámbito")
    ws.append(["Actividad"] + [FIELD_HEADER[f] for f in SUMMARY_FIELDS], "header", height=32)
    for kind, label in CONTROL_KINDS:
        values, styles = figure_cells(total, kind, SUMMARY_FIELDS)
        ws.append([label] + values, ["text"] + styles)
    ws.autofilter(header)
    ws.append([])
    ws.append(["Montos y cantidades", "Asignado o planificado", "Rendido o entregado", "% rendido o entregado"],
              "header", height=32)
    for kind, label, fields in (("ruta", "Viáticos de las rutas (S/)", ("assigned_cents", "spent_cents", "%spent")),
                                ("materiales", "Kits de materiales", ("qty_planned", "qty_delivered", "%qty"))):
        values, styles = figure_cells(total, kind, fields)
        ws.append([label] + values, ["text"] + styles)


def _kind_sheet(wb: XlsxWriter, grid: ControlGrid, meta: ReportMeta, kind: str, label: str,
                totals: list[TotalLine], ugel_name: dict) -> None:
    fields = KIND_FIELDS[kind]
    widths = [w for _, w in ID_COLUMNS] + [FIGURE_WIDTH] * len(fields)
    ws = wb.sheet(label, widths, freeze="F7", landscape=True, print_title_rows=(6, 6))
    header = title_block(ws, meta, f"{meta.title} — {label}")
    ws.append([h for h, _ in ID_COLUMNS] + [FIELD_HEADER[f] for f in fields], "header", height=45)
    for r in grid.rows:
        if not r.get(f"{kind}.planned"):
            continue  # a row where the kind does not apply
        values, styles = figure_cells(r.counts, kind, fields)
        ws.append([ugel_name.get(r.ugel_code, r.ugel_code), intervention_name(r.intervention), r.coach_dni,
                   r.coach_name, month_name(r.month).capitalize()] + values, ["text"] * 5 + styles)
    ws.autofilter(header)
    ws.append([])
    for t in totals:
        values, styles = figure_cells(t.counts, kind, fields, total=True)
        ws.append([t.label, "", "", "", ""] + values, ["total_text"] * 5 + styles)


def _motivos(wb: XlsxWriter, grid: ControlGrid, meta: ReportMeta, ugel_name: dict):
    """One row per coach, month and kind with activities not executed, one column per motivo."""
    widths = [11, 22, 9, 12] + [7.5] * len(MOTIVOS) + [6, 8, 8]
    ws = wb.sheet("No ejecutadas por motivo", widths, freeze="E7", landscape=True, print_title_rows=(6, 6))
    header = title_block(ws, meta, f"{meta.title} — actividades no ejecutadas por motivo")
    ws.append(["UGEL", "Acompañante", "Mes", "Actividad"] + [MOTIVO_COLUMN[c] for c, _n in MOTIVOS]
              + ["Total", "Motivo validado", "Motivo observado"],
              "header", height=48)
    for r in grid.rows:
        for kind, label in CONTROL_KINDS:
            total = r.counts.get(f"{kind}.not_executed", 0)
            if not total:
                continue
            per = [r.counts.get(f"{kind}.not_executed.{code}", 0) for code, _ in MOTIVOS]
            ws.append([ugel_name.get(r.ugel_code, r.ugel_code), r.coach_name, month_name(r.month).capitalize(), label]
                      + per + [total, r.counts.get(f"{kind}.ne_validated", 0), r.counts.get(f"{kind}.ne_observed", 0)],
                      ["text"] * 4 + ["int"] * (len(per) + 3))
    ws.autofilter(header)
    return ws

"""The control grid, printed landscape: summary, per coach and month, totals per UGEL and DRE, motivos."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ...domain.dates import month_name
from ...domain.reporting import ControlGrid, ControlRow
from ..formatting import (CONTROL_FIELDS, CONTROL_KINDS, INTERVENTION_SHORT, KIND_SHORT, MOTIVO_SHORT, MOTIVOS,
                          ReportMeta, execution_rate, fmt_int, severity)
from .styles import SEVERITY_BG
from .template import MM, build, closing_block, content_width, data_tables, heading, legend_text, note, title_block

KINDS = [k for k, _ in CONTROL_KINDS]
GRID_FIELDS = ("planned", "executed", "%", "not_executed", "validated", "observed", "pending")
SHORT = {key: short for key, _h, short in CONTROL_FIELDS} | {"%": "%"}


def _rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0f}"


def _paint_rates(cols: dict[int, str], counts_of):
    """TableStyle commands colouring the % columns (col → kind) of under-executed rows."""
    from reportlab.lib import colors

    def paint(r, _row, index):
        cmds = []
        counts = counts_of(index)
        if counts is None:
            return cmds
        for col, kind in cols.items():
            level = severity(execution_rate(counts, kind))
            if level:
                cmds.append(("BACKGROUND", (col, r), (col, r), colors.HexColor(SEVERITY_BG[level])))
        return cmds

    return paint


def _kind_header(first_cols: int, per_kind: int, labels: Sequence[str]) -> tuple[list, list]:
    """Two header rows: the kind spanning its columns, then the field names; the span commands."""
    top = [""] * first_cols
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(first_cols)]
    for i, (kind, label) in enumerate(CONTROL_KINDS):
        start = first_cols + i * per_kind
        top += [label] + [""] * (per_kind - 1)
        spans.append(("SPAN", (start, 0), (start + per_kind - 1, 0)))
    return top, spans


def grid_tables(rows: Sequence[ControlRow], width: float, *, show_month: bool = True, show_ugel: bool = True,
                font_size: float = 6.3) -> list:
    """The per-coach grid: 7 columns per kind, under-execution coloured."""
    from reportlab.lib import colors

    ident = [("Acompañante (DNI)", 56 * MM)]
    if show_ugel:
        ident.append(("UGEL", 12 * MM))
    ident.append(("Intervención", 19 * MM))
    if show_month:
        ident.append(("Mes", 13 * MM))
    n_id = len(ident)
    per = len(GRID_FIELDS)
    col = (width - sum(w for _, w in ident)) / (per * len(KINDS))
    widths = [w for _, w in ident] + [col] * (per * len(KINDS))
    top, spans = _kind_header(n_id, per, [lb for _, lb in CONTROL_KINDS])
    for c, (label, _) in enumerate(ident):
        top[c] = label
    sub = [""] * n_id + [SHORT[f] for _ in KINDS for f in GRID_FIELDS]
    body = []
    for r in rows:
        line = [f"{r.coach_name} ({r.coach_dni})"]
        if show_ugel:
            line.append(r.ugel_code)
        line.append(INTERVENTION_SHORT.get(r.intervention, r.intervention))
        if show_month:
            line.append(month_name(r.month)[:3].capitalize())
        for kind in KINDS:
            for f in GRID_FIELDS:
                line.append(_rate_text(execution_rate(r.counts, kind)) if f == "%" else fmt_int(r.get(f"{kind}.{f}")))
        body.append(line)
    rate_cols = {n_id + i * per + GRID_FIELDS.index("%"): kind for i, kind in enumerate(KINDS)}
    separators = [("LINEBEFORE", (n_id + i * per, 0), (n_id + i * per, -1), 1.0, colors.HexColor("#1F4E79"))
                  for i in range(len(KINDS))]
    return data_tables([top, sub], body, widths, font_size=font_size, align_right_from=n_id,
                       row_styles=_paint_rates(rate_cols, lambda i: rows[i].counts),
                       header_styles=spans + separators, rows_per_table=40, plain_header_rows=frozenset({1}))


def summary_table(counts: dict[str, int], width: float) -> list:
    """Kinds (rows) × planned, executed, %, not executed, without record, validated, observed, pending."""
    if width >= 200 * MM:
        headers = ["Actividad", "Planificadas", "Ejecutadas", "% ejecución", "No ejecutadas", "Sin registro",
                   "Validadas", "Observadas", "Pendientes"]
        first = 60 * MM
    else:  # portrait
        headers = ["Actividad", "Planif.", "Ejec.", "% ejec.", "No ejec.", "Sin reg.", "Valid.", "Observ.", "Pend."]
        first = 46 * MM
    widths = [first] + [(min(width, 250 * MM) - first) / 8] * 8
    rows, rates = [], []
    for kind, label in CONTROL_KINDS:
        planned, executed = counts.get(f"{kind}.planned", 0), counts.get(f"{kind}.executed", 0)
        not_executed = counts.get(f"{kind}.not_executed", 0)
        rate = execution_rate(counts, kind)
        rows.append([label, fmt_int(planned), fmt_int(executed), "—" if rate is None else f"{rate:.1f} %",
                     fmt_int(not_executed), fmt_int(planned - executed - not_executed),
                     fmt_int(counts.get(f"{kind}.validated", 0)), fmt_int(counts.get(f"{kind}.observed", 0)),
                     fmt_int(counts.get(f"{kind}.pending", 0))])
        rates.append(rate)
    from reportlab.lib import colors

    def paint(r, _row, index):
        level = severity(rates[index])
        return [("BACKGROUND", (3, r), (3, r), colors.HexColor(SEVERITY_BG[level]))] if level else []

    return data_tables([headers], rows, widths, font_size=8, row_styles=paint)


def totals_tables(grid: ControlGrid, names: dict, width: float) -> list:
    """Totals per DRE and UGEL and the nation: execution, then validation."""
    order = {"total": 0, "dre": 1, "ugel": 2}
    keys = sorted(grid.totals, key=lambda k: (order[k[0]], names.get(k, k[1])))
    keys = keys[1:] + keys[:1]  # the nation last, as a total row
    label = {"dre": "DRE", "ugel": "UGEL", "total": "Total"}

    def name(k):
        return "Total del ámbito" if k[0] == "total" else names.get(k) or f"{label[k[0]]} {k[1]}"

    first = 70 * MM
    out = []
    for title, fields in (("Ejecución", ("planned", "executed", "%", "not_executed")),
                          ("Validación de lo ejecutado", ("executed", "validated", "observed", "pending"))):
        per = len(fields)
        widths = [first] + [(width - first) / (per * len(KINDS))] * (per * len(KINDS))
        top, spans = _kind_header(1, per, [])
        top[0] = "Ámbito"
        sub = [""] + [SHORT[f] for _ in KINDS for f in fields]
        rows = []
        for k in keys:
            c = grid.totals[k]
            rows.append([name(k)] + [_rate_text(execution_rate(c, kind)) if f == "%" else fmt_int(c.get(f"{kind}.{f}", 0))
                                     for kind in KINDS for f in fields])
        rate_cols = {1 + i * per + fields.index("%"): kind for i, kind in enumerate(KINDS)} if "%" in fields else {}
        out += heading(title, 2)
        out += data_tables([top, sub], rows, widths, font_size=7, row_styles=_paint_rates(
            rate_cols, lambda i: grid.totals[keys[i]]), header_styles=spans, total_rows={len(rows) - 1},
            rows_per_table=40, plain_header_rows=frozenset({1}))
    return out


def motivo_table(counts: dict[str, int], width: float) -> list:
    """Motivos (rows) × kinds: why planned activities were not executed."""
    headers = ["Motivo de no ejecución"] + [KIND_SHORT[k] for k in KINDS] + ["Total"]
    col = min(22 * MM, width * 0.1)
    first = min(110 * MM, width - col * (len(KINDS) + 1))
    widths = [first] + [col] * (len(KINDS) + 1)
    rows = []
    for code, name in MOTIVOS:
        per = [counts.get(f"{kind}.not_executed.{code}", 0) for kind in KINDS]
        rows.append([name] + [fmt_int(v) for v in per] + [fmt_int(sum(per))])
    per = [counts.get(f"{kind}.not_executed", 0) for kind in KINDS]
    rows.append(["Total no ejecutadas"] + [fmt_int(v) for v in per] + [fmt_int(sum(per))])
    return data_tables([headers], rows, widths, font_size=7.5, total_rows={len(rows) - 1}, wrap_cols=frozenset({0}))


def grid_legend() -> str:
    return ("Pl: planificadas; Ej: ejecutadas; %: ejecutadas entre planificadas; NE: no ejecutadas (con motivo); "
            "Va: validadas; Ob: observadas; Pe: pendientes de validación. " + legend_text())


def motivo_legend() -> str:
    return "; ".join(f"{MOTIVO_SHORT[c]}: {n}" for c, n in MOTIVOS)


def write_control_pdf(grid: ControlGrid, meta: ReportMeta, path: str | Path,
                      names: dict[tuple[str, str], str] | None = None) -> Path:
    from reportlab.platypus import PageBreak

    names = names or {}
    width = content_width(True)
    total = grid.totals.get(("total", "total"), {})
    story = title_block(meta, landscape=True)
    story += [*heading("1. Resumen del ámbito"), *summary_table(total, width), note(legend_text()),
              *heading("2. Por acompañante y mes")]
    if grid.rows:
        story += grid_tables(grid.rows, width, show_month=grid.filter.month is None)
        story.append(note(grid_legend()))
    else:
        story.append(note("No hay actividades planificadas en el ámbito y el periodo."))
    story += [PageBreak(), *heading("3. Totales por DRE, UGEL y del ámbito"), *totals_tables(grid, names, width),
              *heading("4. Actividades no ejecutadas por motivo"), *motivo_table(total, width)]
    story += closing_block(meta, landscape=True)
    return build(path, meta, story, landscape=True)

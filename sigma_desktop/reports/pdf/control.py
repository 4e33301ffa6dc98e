"""The control grid, printed landscape: the summary of the scope; per coach and month, two activity kinds
per table (visitas and GIA, talleres and visitas sociales, rutas with their viáticos and materiales with
their kits), with the total rows that add information at the foot and the legend of the abbreviations
right under each table; the activities not executed per motivo; signatures and the verification code."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ...domain.dates import month_name
from ...domain.reporting import ControlGrid, ControlRow
from ..formatting import (CONTROL_KINDS, short_office, FIELD_HEADER, FIELD_SHORT, INTERVENTION_SHORT, KIND_FIELDS, KIND_SHORT,
                          MOTIVOS, ReportMeta, TotalLine, control_text, execution_rate, fmt_int,
                          severity, total_lines)
from .styles import SEVERITY_BG
from .template import MM, build, content_width, data_tables, finish, heading, legend_text, note, title_block

KINDS = [k for k, _ in CONTROL_KINDS]
KIND_LABEL = dict(CONTROL_KINDS)
SECTIONS = (("visita", "gia"), ("taller", "visita_social"), ("ruta", "materiales"))


def _paint_rates(cols: dict[int, str], counts_of):
    """TableStyle commands colouring the execution % columns (col → kind) of under-executed rows."""
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


def _kind_header(ident: Sequence[str], kinds: Sequence[str]) -> tuple[list, list, list]:
    """Two header rows (the kind spanning its columns, then the short field names), the span commands."""
    n_id = len(ident)
    top, sub = list(ident), [""] * n_id
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(n_id)]
    for kind in kinds:
        fields = KIND_FIELDS[kind]
        start = len(top)
        top += [KIND_LABEL[kind]] + [""] * (len(fields) - 1)
        sub += [FIELD_SHORT[f] for f in fields]
        spans.append(("SPAN", (start, 0), (start + len(fields) - 1, 0)))
    return top, sub, spans


def field_legend(kinds: Sequence[str]) -> str:
    """The abbreviations of a table, said under it."""
    seen: list[str] = []
    for kind in kinds:
        seen += [f for f in KIND_FIELDS[kind] if f not in seen]
    text = "; ".join(f"{FIELD_SHORT[f]}: {FIELD_HEADER[f].lower()}" for f in seen)
    return f"{text}. «—»: nada planificado. " + legend_text()


def section_tables(rows: Sequence[ControlRow], totals: Sequence[TotalLine], kinds: Sequence[str], width: float, *,
                   show_month: bool, show_ugel: bool, ugel_names: dict[str, str] | None = None) -> list:
    """Coach × month rows of two kinds (only rows with one of them planned), then the total rows."""
    from reportlab.lib import colors

    ugel_names = ugel_names or {}
    ident = [("Acompañante", 54 * MM)]
    if show_ugel:
        ident.append(("UGEL", 18 * MM))
    ident.append(("Intervención", 21 * MM))
    if show_month:
        ident.append(("Mes", 18 * MM))
    n_id = len(ident)
    top, sub, spans = _kind_header([label for label, _ in ident], kinds)
    n_fig = len(top) - n_id
    col = (width - sum(w for _, w in ident)) / n_fig
    widths = [w for _, w in ident] + [col] * n_fig
    shown = [r for r in rows if any(r.get(f"{k}.planned") for k in kinds)]
    body, counts = [], []
    for r in shown:
        line = [r.coach_name]
        if show_ugel:
            line.append(ugel_names.get(r.ugel_code, r.ugel_code))
        line.append(INTERVENTION_SHORT.get(r.intervention, r.intervention))
        if show_month:
            line.append(month_name(r.month).capitalize())
        body.append(line + [control_text(r.counts, k, f) for k in kinds for f in KIND_FIELDS[k]])
        counts.append(r.counts)
    first_total = len(body)
    for t in totals:
        body.append([t.label] + [""] * (n_id - 1) + [control_text(t.counts, k, f) for k in kinds
                                                    for f in KIND_FIELDS[k]])
        counts.append(t.counts)
    total_spans = [("SPAN", (0, 2 + i), (n_id - 1, 2 + i)) for i in range(first_total, len(body))]
    rate_cols, c = {}, n_id
    for kind in kinds:
        rate_cols[c + KIND_FIELDS[kind].index("%")] = kind
        c += len(KIND_FIELDS[kind])
    separators, c = [], n_id
    for kind in kinds:
        separators.append(("LINEBEFORE", (c, 0), (c, -1), 1.0, colors.HexColor("#1F4E79")))
        c += len(KIND_FIELDS[kind])
    # the total rows' label spans the identification columns: only in the table that holds them
    tables = data_tables([top, sub], body, widths, align_right_from=n_id,
                         row_styles=_paint_rates(rate_cols, lambda i: counts[i]), header_styles=spans + separators,
                         rows_per_table=34, total_rows=set(range(first_total, len(body))))
    _span_totals(tables, total_spans, first_total, 34, n_id)
    return tables


def _span_totals(tables: list, spans: list, first_total: int, per_table: int, n_id: int) -> None:
    """Spans each total row's label over the identification columns, in whichever table holds it."""
    from reportlab.platypus import TableStyle

    for (_cmd, (c0, r), (_c1, _r1)) in spans:
        index = r - 2
        table = tables[index // per_table]
        row = 2 + index % per_table
        cmd = ("SPAN", (c0, row), (n_id - 1, row))
        table.setStyle(TableStyle([cmd]))
        table._sigma_commands.append(cmd)


def summary_table(counts: dict[str, int], width: float, kinds: Sequence[str] = tuple(KINDS)) -> list:
    """Kinds (rows) × planned, executed, %, not executed, without record, validated, observed, pending."""
    fields = ("planned", "executed", "%", "not_executed", "unregistered", "validated", "observed", "pending")
    landscape = width >= 200 * MM
    headers = ["Actividad"] + [FIELD_HEADER[f] if landscape else FIELD_SHORT[f] for f in fields]
    first = 60 * MM if landscape else 40 * MM
    widths = [first] + [(min(width, 250 * MM) - first) / len(fields)] * len(fields)
    rows, rates = [], []
    for kind in kinds:
        rows.append([KIND_LABEL[kind]] + [control_text(counts, kind, f) for f in fields])
        rates.append(execution_rate(counts, kind))
    from reportlab.lib import colors

    def paint(r, _row, index):
        level = severity(rates[index])
        return [("BACKGROUND", (3, r), (3, r), colors.HexColor(SEVERITY_BG[level]))] if level else []

    out = data_tables([headers], rows, widths, font_size=8, row_styles=paint)
    if not landscape:
        out.append(note("; ".join(f"{FIELD_SHORT[f]}: {FIELD_HEADER[f].lower()}" for f in fields) + "."))
    return out


def amounts_table(counts: dict[str, int], width: float) -> list:
    """Viáticos assigned and spent, kits planned and delivered."""
    rows = [["Viáticos de las rutas (S/)", control_text(counts, "ruta", "assigned_cents"),
             control_text(counts, "ruta", "spent_cents"), control_text(counts, "ruta", "%spent")],
            ["Kits de materiales", control_text(counts, "materiales", "qty_planned"),
             control_text(counts, "materiales", "qty_delivered"), control_text(counts, "materiales", "%qty")]]
    headers = ["Monto o cantidad", "Asignado o planificado", "Rendido o entregado", "% rendido o entregado"]
    first = 60 * MM
    widths = [first] + [(min(width, 180 * MM) - first) / 3] * 3
    return data_tables([headers], rows, widths, font_size=8)


def motivo_table(counts: dict[str, int], width: float, kinds: Sequence[str] = tuple(KINDS)) -> list:
    """Motivos (rows) × kinds: why planned activities were not executed (motivos that occurred)."""
    headers = ["Motivo de no ejecución"] + [KIND_SHORT[k] for k in kinds] + ["Total"]
    col = min(22 * MM, width * 0.1)
    first = min(110 * MM, width - col * (len(kinds) + 1))
    widths = [first] + [col] * (len(kinds) + 1)
    rows = []
    for code, name in MOTIVOS:
        per = [counts.get(f"{kind}.not_executed.{code}", 0) for kind in kinds]
        if sum(per):
            rows.append([name] + [fmt_int(v) for v in per] + [fmt_int(sum(per))])
    per = [counts.get(f"{kind}.not_executed", 0) for kind in kinds]
    if not sum(per):
        return [note("Ninguna actividad planificada quedó registrada como no ejecutada.")]
    rows.append(["Total no ejecutadas"] + [fmt_int(v) for v in per] + [fmt_int(sum(per))])
    total_row = len(rows) - 1
    for field, label in (("ne_validated", "De ellas, con motivo validado por el Gestor Local"),
                         ("ne_observed", "De ellas, con motivo observado (por corregir)")):
        per = [counts.get(f"{kind}.{field}", 0) for kind in kinds]
        rows.append([label] + [fmt_int(v) for v in per] + [fmt_int(sum(per))])
    return data_tables([headers], rows, widths, total_rows={total_row}, wrap_cols=frozenset({0}))


def write_control_pdf(grid: ControlGrid, meta: ReportMeta, path: str | Path,
                      names: dict[tuple[str, str], str] | None = None) -> Path:
    from reportlab.platypus import Spacer

    names = names or {}
    width = content_width(True)
    total = grid.totals.get(("total", "total"), {})
    totals = total_lines(grid, names)
    show_ugel = len({r.ugel_code for r in grid.rows}) > 1
    ugel_names = {code: short_office(label) for (level, code), label in names.items() if level == "ugel"}
    show_month = grid.filter.month is None
    story = title_block(meta, landscape=True)
    story += [*heading("1. Resumen del ámbito"), *summary_table(total, width), Spacer(1, 3 * MM),
              *amounts_table(total, width),
              note(legend_text() + " Sin registro: planificadas sin registro de ejecución ni de no ejecución.")]
    story += heading("2. Por acompañante" + (" y mes" if show_month else ""))
    if not grid.rows:
        story.append(note("No hay actividades planificadas en el ámbito y el periodo."))
    for n, kinds in enumerate(SECTIONS, start=1):
        if not any(r.get(f"{k}.planned") for r in grid.rows for k in kinds):
            continue
        story += heading(f"2.{n}. {' y '.join(KIND_LABEL[k] for k in kinds)}", 2)
        story += section_tables(grid.rows, totals, kinds, width, show_month=show_month, show_ugel=show_ugel,
                                ugel_names=ugel_names)
        story.append(note(field_legend(kinds)))
    story += [*heading("3. Actividades no ejecutadas por motivo"), *motivo_table(total, width)]
    return build(path, meta, finish(story, meta, landscape=True), landscape=True)


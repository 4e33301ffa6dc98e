"""The indicator report: key-indicator charts, every indicator per category, key indicators per DRE,
UGEL, intervention and month, signatures, and the fichas técnicas as an annex."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ...domain.indicator_catalogue import BY_CODE, CATEGORIES, INDICATORS, IndicatorDef, engine_note, period_label
from ...domain.reporting import LEVEL_LABELS, IndicatorReport, IndicatorValue
from ...domain.text import sort_key
from ..formatting import (KEY_INDICATORS, KEY_SHORT, UNIT_LABELS, ReportMeta, disaggregation_text, fmt_measure,
                          fmt_value, is_execution_rate, severity)
from . import charts
from .fonts import FONT
from .styles import SEVERITY_BG, esc, styles
from .template import MM, build, content_width, data_tables, finish, heading, legend_text, note, title_block

EXECUTION_CHART = (("V03", "Visitas"), ("G03", "GIA"), ("T03", "Talleres"), ("S03", "V. sociales"),
                   ("W06", "Rutas"), ("M03", "Materiales"))
PROGRESS_CHART = (("A04", "Avance visitas"), ("A10", "Avance GIA"), ("A11", "Avance talleres"),
                  ("C01", "Meta de visitas"), ("C04", "Las tres metas"), ("V29", "Con visita"))
BREAKDOWN_LEVELS = (("dre", "DRE"), ("ugel", "UGEL"), ("intervencion", "intervención"), ("mes", "mes"))
MAX_BARS = 40


def _severity_commands(col: int, r: int, value: float | None) -> list:
    from reportlab.lib import colors

    level = severity(value)
    return [("BACKGROUND", (col, r), (col, r), colors.HexColor(SEVERITY_BG[level]))] if level else []


def key_charts(report: IndicatorReport, width: float) -> list:
    """Execution per activity kind, progress and compliance, visits per UGEL (or DRE), visits per month."""
    from reportlab.platypus import Spacer

    totals = {v.code: v for v in report.shown() if v.level == "total"}
    out = []
    half = (width - 6 * MM) / 2
    labels = [lb for code, lb in EXECUTION_CHART if code in totals]
    values = [totals[code].value for code, _ in EXECUTION_CHART if code in totals]
    first = charts.bar_chart("Porcentaje de ejecución por tipo de actividad", labels, values, width=half)
    labels = [lb for code, lb in PROGRESS_CHART if code in totals]
    values = [totals[code].value for code, _ in PROGRESS_CHART if code in totals]
    notes = ("Avance: ejecutado entre la meta del protocolo al corte. Meta de visitas y las tres metas: docentes "
             "que las alcanzaron. Con visita: docentes con al menos una visita ejecutada.")
    second = charts.bar_chart("Avance y cumplimiento al corte", labels, values, width=half,
                              colored=False, threshold=False)
    from reportlab.platypus import Table

    pair = Table([[first, second]], colWidths=[half + 6 * MM, half])
    pair.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                   ("FONTNAME", (0, 0), (-1, -1), FONT)])
    out += [pair, note(notes), Spacer(1, 4 * MM)]
    months = [v for v in report.values if v.code in ("V01", "V02") and v.level == "mes"]
    if months:
        planned = {int(v.key): v.numerator for v in months if v.code == "V01"}
        executed = {int(v.key): v.numerator for v in months if v.code == "V02"}
        keys = sorted(set(planned) | set(executed))
        from ...domain.dates import month_name

        out += [charts.grouped_bars("Visitas planificadas y ejecutadas por mes",
                                    [month_name(k)[:3].capitalize() for k in keys],
                                    [("Planificadas", [planned.get(k, 0) for k in keys]),
                                     ("Ejecutadas", [executed.get(k, 0) for k in keys])], width=width),
                Spacer(1, 4 * MM)]
    for level, label in (("ugel", "UGEL"), ("dre", "DRE")):
        rows = [v for v in report.values if v.code == "V03" and v.level == level]
        if len(rows) > 1:
            title = f"Porcentaje de visitas ejecutadas por {label}"
            if len(rows) > MAX_BARS:
                rows = sorted(rows, key=lambda v: (v.value is not None, v.value or 0))[:MAX_BARS]
                title += f" (las {MAX_BARS} de menor ejecución)"
            out += [charts.horizontal_bars(title, [v.label for v in rows], [v.value for v in rows], width=width),
                    Spacer(1, 3 * MM)]
            break
    out.append(note(legend_text()))
    return out


PERIOD_SHORT = {"Del mes": "Mes", "Del año": "Año", "Acumulado al corte": "Al corte"}


def indicator_table(values: list[IndicatorValue], width: float, month: int | None) -> list:
    """Code, name, period (of the month or accumulated to the cut-off), numerator, denominator and value;
    under-execution coloured; the period column explained right under it."""
    widths = [12 * MM, width - 12 * MM - 16 * MM - 3 * 23 * MM, 16 * MM, 23 * MM, 23 * MM, 23 * MM]
    rows, marks = [], {}
    for v in values:
        d = BY_CODE[v.code]
        rows.append([v.code, d.name, PERIOD_SHORT[period_label(d, month)], fmt_measure(d.numerator, v.numerator),
                     fmt_measure(d.denominator, v.denominator) if d.denominator else "", fmt_value(d, v.value)])
        if is_execution_rate(d):
            marks[v.code] = v.value

    def paint(r, row, _i):
        return _severity_commands(5, r, marks[row[0]]) if row[0] in marks else []

    return data_tables([["Código", "Indicador", "Periodo", "Numerador", "Denominador", "Valor"]], rows, widths,
                       align_right_from=3, row_styles=paint, rows_per_table=60, wrap_cols=frozenset({1}),
                       header_styles=[("ALIGN", (2, 1), (2, -1), "CENTER")])


def period_legend(month: int | None) -> str:
    own = "del mes del reporte" if month else "del año"
    short = "Mes" if month else "Año"
    return (f"Periodo: «{short}», valor {own}; «Al corte», valor acumulado desde enero hasta el mes de corte "
            "(docentes, acompañantes e IIEE distintos, metas del protocolo, rúbricas). «—»: sin denominador.")


def category_tables(report: IndicatorReport, width: float) -> list:
    totals = [v for v in report.shown() if v.level == "total"]
    by_cat: dict[str, list[IndicatorValue]] = defaultdict(list)
    for v in totals:
        by_cat[BY_CODE[v.code].category].append(v)
    out = []
    for n, (code, name) in enumerate([c for c in CATEGORIES if by_cat[c[0]]], start=1):
        out += heading(f"2.{n}. {name}", 2)
        out += indicator_table(by_cat[code], width, report.filter.month)
        out.append(note(period_legend(report.filter.month)))
    return out


def breakdown_tables(report: IndicatorReport, width: float) -> list:
    """The key indicators (columns) for every DRE, UGEL, intervention and month (rows)."""
    values: dict[tuple[str, str], dict[str, IndicatorValue]] = defaultdict(dict)
    labels: dict[tuple[str, str], str] = {}
    for v in report.shown():
        if v.code in KEY_INDICATORS:
            values[(v.level, v.key)][v.code] = v
            labels[(v.level, v.key)] = v.label
    out = []
    n = 0
    month = report.filter.month
    for level, label in BREAKDOWN_LEVELS:
        keys = [k for k in values if k[0] == level]
        if len(keys) < 2:
            continue  # one DRE or one UGEL: its row would repeat the total
        # columns that apply at this level only (the month breaks down only the values of the period)
        present = [c for c in KEY_INDICATORS if any(c in values[k] for k in keys)]
        col = min(19 * MM, (width - 40 * MM) / len(present))
        widths = [width - col * len(present)] + [col] * len(present)
        if level == "mes":
            keys.sort(key=lambda k: int(k[1]))
        else:
            keys.sort(key=lambda k: sort_key(labels[k]))
        n += 1
        rows, raw = [], []
        for k in keys + [("total", "total")]:
            row, numbers = [labels.get(k, "Total")], []
            for code in present:
                v = values[k].get(code)
                row.append("n. a." if v is None else fmt_value(BY_CODE[code], v.value))
                numbers.append(None if v is None else v.value)
            rows.append(row)
            raw.append(numbers)
        rates = [i for i, c in enumerate(present) if is_execution_rate(BY_CODE[c])]

        def paint(r, _row, index, raw=raw, rates=rates):
            return [cmd for i in rates for cmd in _severity_commands(i + 1, r, raw[index][i])]

        header = [LEVEL_LABELS[level]] + [f"{c} {KEY_SHORT[c]} · {PERIOD_SHORT[period_label(BY_CODE[c], month)]}"
                                          for c in present]
        out += heading(f"3.{n}. Indicadores clave por {label}", 2)
        out += data_tables([header], rows, widths, row_styles=paint, total_rows={len(rows) - 1}, rows_per_table=44)
        out.append(note("; ".join(f"{c}: {BY_CODE[c].name}" for c in present) + " (en %). " + period_legend(month)
                        + (" «n. a.»: el indicador no se desagrega en ese nivel." if any("n. a." in r for r in rows)
                           else "")))
    return out


def ficha(d: IndicatorDef, width: float):
    """The ficha técnica of one indicator as a two-column table, kept on one page."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    s = styles()
    numerator = d.numerator_label or d.name
    denominator = d.denominator_label if d.denominator else "No tiene (indicador de conteo o suma)."
    formula = f"{numerator} / {denominator} × 100" if d.unit == "%" else (
        f"{numerator} / {denominator}" if d.denominator else numerator)
    rows = [("Categoría", dict(CATEGORIES)[d.category]),
            ("Definición", d.definition), ("Numerador", numerator), ("Denominador", denominator),
            ("Fórmula", formula), ("Unidad de medida", UNIT_LABELS[d.unit]),
            ("Desagregaciones", disaggregation_text(d)), ("Cómo se calcula", engine_note(d))]
    data = [[Paragraph(f"<b>{esc(k)}</b>", s["cell"]), Paragraph(esc(v), s["cell"])] for k, v in rows]
    table = Table(data, colWidths=[34 * MM, width - 34 * MM])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEF2F7")),
        ("GRID", (0, 0), (-1, -1), 0.35, colors.HexColor("#B0B7C3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return KeepTogether([Paragraph(f"<b>{esc(d.code)} — {esc(d.name)}</b>", s["h2"]), table, Spacer(1, 3 * MM)])


def annex(codes: list[str] | None, width: float) -> list:
    from reportlab.platypus import PageBreak

    out = [PageBreak(), *heading("Anexo. Fichas técnicas de los indicadores"),
           note("Cada indicador: su definición, numerador, denominador, unidad, desagregaciones y cómo se calcula "
                "(del periodo o acumulado al corte). Los porcentajes se multiplican por cien.")]
    wanted = set(codes) if codes is not None else None
    for d in INDICATORS:
        if wanted is None or d.code in wanted:
            out.append(ficha(d, width))
    return out


def write_indicator_pdf(report: IndicatorReport, meta: ReportMeta, path: str | Path, *,
                        annex_fichas: bool = False) -> Path:
    """The report; with `annex_fichas` the fichas técnicas of its indicators follow the signatures."""
    from reportlab.platypus import PageBreak

    width = content_width(False)
    codes = sorted({v.code for v in report.shown()}, key=lambda c: list(BY_CODE).index(c))
    story = title_block(meta)
    story += [*heading("1. Indicadores clave"), *key_charts(report, width), PageBreak(),
              *heading("2. Indicadores por categoría (total del ámbito)"), *category_tables(report, width)]
    breakdown = breakdown_tables(report, width)
    if breakdown:
        story += [PageBreak(), *heading("3. Indicadores clave por ámbito"), *breakdown]
    story = finish(story, meta)
    if annex_fichas:
        story += annex(codes, width)
    return build(path, meta, story)

"""The indicator workbook: one sheet per category (every disaggregation, filterable) and the fichas técnicas."""
from __future__ import annotations

from pathlib import Path

from ...domain.indicator_catalogue import BY_CODE, CATEGORIES, INDICATORS, engine_note, period_label
from ...domain.reporting import LEVEL_LABELS, IndicatorReport
from ..formatting import UNIT_LABELS, ReportMeta, is_execution_rate, severity
from .blocks import closing_rows, title_block
from .stream import NUMBER_STYLES, XlsxWriter

COLUMNS = (("Código", 8), ("Indicador", 48), ("Periodo", 17), ("Unidad", 11), ("Nivel", 12), ("Ámbito", 34),
           ("Numerador", 13), ("Denominador", 13), ("Valor", 12))
FICHA_COLUMNS = (("Código", 8), ("Indicador", 32), ("Definición", 50), ("Numerador", 26), ("Denominador", 26),
                 ("Unidad", 11), ("Cómo se calcula", 50))


def sheet_name(category: str, name: str) -> str:
    """The category's name, or a shorter one where Excel's 31 characters are not enough."""
    return {"gia": "GIA (Inter-Aprendizaje)"}.get(category, name)[:31]


_TOTAL = {"int": "total_int", "pct": "total_pct", "pct_amber": "total_pct_amber", "pct_red": "total_pct_red"}


def _number_style(measure: str | None, value) -> str:
    if value is None:
        return "int"
    if measure and measure.endswith("_cents"):
        return "soles"
    return "int" if float(value).is_integer() else "dec1"


def write_indicator_workbook(report: IndicatorReport, meta: ReportMeta, path: str | Path, *,
                             fichas: bool = False) -> Path:
    """One sheet per category; with `fichas`, the fichas técnicas sheet (the annex) last."""
    by_category: dict[str, list] = {code: [] for code, _ in CATEGORIES}
    for v in report.shown():
        by_category[BY_CODE[v.code].category].append(v)
    month = report.filter.month
    ws = None
    with XlsxWriter(path, title=meta.title, keywords=meta.extra.get("stamp") or "") as wb:
        for code, name in CATEGORIES:
            values = by_category[code]
            if not values:
                continue
            ws = wb.sheet(sheet_name(code, name), [w for _, w in COLUMNS], freeze="C7", landscape=True,
                          print_title_rows=(6, 6))
            header = title_block(ws, meta, f"{meta.title} — {name}")
            ws.append([c for c, _ in COLUMNS], "header", height=30)
            for v in values:
                d = BY_CODE[v.code]
                num, den, value = v.numerator, v.denominator, v.value
                total = v.level == "total"
                value_style = NUMBER_STYLES[d.unit]
                if is_execution_rate(d):
                    level = severity(value)
                    if level:
                        value_style = f"pct_{level}"
                if total:
                    value_style = _TOTAL.get(value_style, value_style)
                text = "total_text" if total else "text"
                num_style, den_style = _number_style(d.numerator, num), _number_style(d.denominator, den)
                if total:
                    num_style, den_style = (_TOTAL.get(num_style, num_style), _TOTAL.get(den_style, den_style))
                if d.unit == "%" and value is not None:
                    value = value / 100  # a number with the per-cent format
                ws.append([v.code, d.name, period_label(d, month), UNIT_LABELS[d.unit], LEVEL_LABELS[v.level],
                           v.label, num, den, value],
                          [text, text, text, text, text, text, num_style, den_style, value_style])
            ws.autofilter(header)
        if fichas:
            ws = wb.sheet("Fichas técnicas", [w for _, w in FICHA_COLUMNS], freeze="B7", landscape=True,
                          print_title_rows=(6, 6))
            header = title_block(ws, meta, "Fichas técnicas de los indicadores")
            ws.append([c for c, _ in FICHA_COLUMNS], "header", height=30)
            shown = {v.code for v in report.shown()}
            for d in INDICATORS:
                if d.code in shown:
                    ws.append(ficha_row(d), ["label"] + ["wrap"] * 6)
            ws.autofilter(header)
        if ws is not None:
            closing_rows(ws, meta)
    return Path(path)


def ficha_row(d) -> list:
    numerator = d.numerator_label or d.name
    denominator = d.denominator_label if d.denominator else "—"
    if d.unit == "%":
        numerator += " (× 100)"
    return [d.code, d.name, d.definition, numerator, denominator, UNIT_LABELS[d.unit], engine_note(d)]

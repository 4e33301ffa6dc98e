"""Charts of the key indicators (reportlab.graphics): bars coloured by execution level, values printed."""
from __future__ import annotations

from typing import Sequence

from ..formatting import AMBER_BELOW, fmt_dec, severity
from .fonts import BOLD, FONT, fit, register

MM = 72 / 25.4
OK_COLOR, AMBER_COLOR, RED_COLOR, GREY = "#2E75B6", "#E0A800", "#C0504D", "#A6A6A6"
SERIES_COLORS = ("#9DC3E6", "#1F4E79", "#C0504D", "#70AD47")


def _color(value: float | None, colored: bool):
    from reportlab.lib import colors

    if value is None:
        return colors.HexColor(GREY)
    if not colored:
        return colors.HexColor(OK_COLOR)
    level = severity(value)
    return colors.HexColor({"amber": AMBER_COLOR, "red": RED_COLOR}.get(level or "", OK_COLOR))


def wrap_label(text: str, max_width: float, size: float = 7.5, lines: int = 2) -> str:
    """A category label on up to `lines` lines of at most max_width points (the last one cut with «…»)."""
    from .fonts import width as text_width

    out, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= max_width or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    out.append(current)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])]
    return "\n".join(fit(line, max_width, size) for line in out)


def _bar_labels(values, percent: bool) -> list[list[str]]:
    return [["" if v is None else fmt_dec(v, 1) + (" %" if percent else "") for v in values]]


def _title(drawing, text: str, width: float, height: float) -> None:
    from reportlab.graphics.shapes import String

    drawing.add(String(0, height - 11, fit(text, width, 9.5, BOLD), fontName=BOLD, fontSize=9.5,
                       fillColor="#1F4E79"))


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None], *, width: float,
              height: float = 62 * MM, percent: bool = True, colored: bool = True, threshold: bool = True):
    """Vertical bars, one per label; None values are drawn as an empty slot labelled «s/d»."""
    register()
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors

    d = Drawing(width, height)
    d.initialFontName = FONT  # not Times-Roman: every glyph from the embedded TTF
    _title(d, title, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 30
    chart.width, chart.height = width - 28 - 18, height - 58
    data = [0 if v is None else v for v in values]
    chart.data = [data]
    top = max([100.0 if percent else 0.0] + data) * 1.15 or 1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7.5
    chart.valueAxis.labelTextFormat = (lambda v: f"{v:.0f} %") if percent else (lambda v: fmt_dec(v, 0))
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.valueAxis.visibleGrid = 1
    chart.categoryAxis.categoryNames = [wrap_label(lb, chart.width / max(len(labels), 1) + 6, 7.5)
                                       for lb in labels]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.leading = 8.5
    chart.barWidth = 10
    chart.groupSpacing = 8
    chart.bars.strokeColor = None
    for i, v in enumerate(values):
        chart.bars[(0, i)].fillColor = _color(v, colored and percent)
    chart.barLabels.fontName, chart.barLabels.fontSize = BOLD, 7.5
    chart.barLabels.nudge = 6
    chart.barLabelFormat = "values"
    chart.barLabelArray = _bar_labels(values, percent)
    d.add(chart)
    for i, v in enumerate(values):
        if v is None:
            step = chart.width / max(len(values), 1)
            d.add(String(chart.x + step * (i + 0.5), chart.y + 3, "s/d", fontName=FONT, fontSize=7.5,
                         textAnchor="middle", fillColor=colors.HexColor("#707070")))
    if percent and threshold:
        y = chart.y + chart.height * AMBER_BELOW / top
        d.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colors.HexColor(AMBER_COLOR),
                   strokeDashArray=[3, 2], strokeWidth=0.8))
        d.add(String(chart.x + chart.width + 2, y - 2, f"{AMBER_BELOW:.0f} %", fontName=FONT, fontSize=7.5,
                     textAnchor="start", fillColor=colors.HexColor("#806000")))
    return d


def horizontal_bars(title: str, labels: Sequence[str], values: Sequence[float | None], *, width: float,
                    percent: bool = True, label_width: float = 62 * MM, bar_height: float = 4.2 * MM):
    """One bar per row (UGELs, coaches): the height grows with the number of rows."""
    register()
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors

    n = max(len(labels), 1)
    height = n * bar_height + 40
    d = Drawing(width, height)
    d.initialFontName = FONT  # not Times-Roman: every glyph from the embedded TTF
    _title(d, title, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 18
    chart.width, chart.height = width - label_width - 34, n * bar_height
    data = [0 if v is None else v for v in values]
    chart.data = [list(reversed(data))]  # the first label at the top
    top = max([100.0 if percent else 0.0] + data) * 1.12 or 1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7.5
    chart.valueAxis.labelTextFormat = (lambda v: f"{v:.0f} %") if percent else (lambda v: fmt_dec(v, 0))
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.categoryAxis.categoryNames = [fit(lb, label_width - 8, 7.5) for lb in reversed(labels)]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.bars.strokeColor = None
    chart.barWidth = bar_height * 0.7
    for i, v in enumerate(reversed(list(values))):
        chart.bars[(0, i)].fillColor = _color(v, percent)
    chart.barLabels.fontName, chart.barLabels.fontSize = BOLD, 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = "values"
    chart.barLabelArray = [list(reversed(_bar_labels(values, percent)[0]))]
    d.add(chart)
    if percent:
        x = chart.x + chart.width * AMBER_BELOW / top
        d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=colors.HexColor(AMBER_COLOR),
                   strokeDashArray=[3, 2], strokeWidth=0.8))
        d.add(String(x, chart.y + chart.height + 2, f"{AMBER_BELOW:.0f} %", fontName=FONT, fontSize=7.5,
                     textAnchor="middle", fillColor=colors.HexColor("#806000")))
    return d


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
                 width: float, height: float = 62 * MM):
    """Several series side by side per category (e.g. planned and executed visits per month), with a legend."""
    register()
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    d = Drawing(width, height)
    d.initialFontName = FONT  # not Times-Roman: every glyph from the embedded TTF
    _title(d, title, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 30
    chart.width, chart.height = width - 46, height - 62
    chart.data = [list(values) for _, values in series]
    top = max([max(values, default=0) for _, values in series] + [1]) * 1.15
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7.5
    chart.valueAxis.labelTextFormat = lambda v: fmt_dec(v, 0)
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    for i in range(len(series)):
        chart.bars[i].fillColor = colors.HexColor(SERIES_COLORS[i % len(SERIES_COLORS)])
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, height - 20
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.dxTextSpace = 4
    legend.colorNamePairs = [(colors.HexColor(SERIES_COLORS[i % len(SERIES_COLORS)]), name)
                             for i, (name, _) in enumerate(series)]
    d.add(legend)
    return d

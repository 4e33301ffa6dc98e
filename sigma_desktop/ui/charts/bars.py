"""Horizontal bars, one row per category: execution % per coach (with the Control's 80 % and 50 % lines and
its colours) or counts per category (findings per kind, non-executions per motivo).

Rows have a fixed height, so a chart of 5,000 coaches is a tall widget in a scroll area
(`chart.in_scroll_area()`) that paints only the rows on screen.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from .base import (AXIS, GRID, TEXT, Chart, Mark, Threshold, band_color, elide, format_value,
                   nice_ticks)
from ...reports.pdf.charts import AMBER_COLOR, OK_COLOR, RED_COLOR

MARGIN = 8


@dataclass(frozen=True)
class Bar:
    """One category: `key` is what a click on it carries (a coach's id, a kind of finding…)."""

    key: object
    label: str
    value: float | None
    text: str | None = None      # the value as printed (default: formatted for the chart's unit)
    tooltip: str = ""            # more, shown when the pointer rests on the row
    color: str | None = None     # "#rrggbb" (default: the band colour, or the chart's colour)


@dataclass(frozen=True)
class _Geometry:
    top: int          # y of the first row
    row: float        # row height
    label_x: int
    label_w: int
    x0: float         # value 0
    x1: float         # value `scale`
    scale: float
    ticks: list
    bottom: int       # y after the last row
    labels: bool      # whether rows are tall enough for their texts


class BarChart(Chart):
    """`set_data(bars, unit=…, thresholds=…, band_colors=…)`; `sig_activated(key)` on a click or Enter."""

    def __init__(self, parent=None, *, row_height: int = 22, label_share: float = 0.38):
        super().__init__(parent)
        self.row_height = row_height
        self.label_share = label_share  # at most this share of the width for the labels (short values: more)
        self.bars: list[Bar] = []
        self.unit = "n"
        self.maximum: float | None = None
        self.thresholds: tuple[Threshold, ...] = ()
        self.band_colors = False
        self.color = OK_COLOR

    def set_data(self, bars: Sequence[Bar], *, title: str = "", unit: str = "n", maximum: float | None = None,
                 thresholds: Sequence[Threshold] = (), band_colors: bool = False, color: str = OK_COLOR) -> None:
        """Shows `bars` top to bottom. `unit`: "n" (counts), "%" or "S/"; `maximum`: the value at the right
        end (default: 100 for %, else the largest value); `band_colors`: blue, amber below 80 % and red below
        50 %, as the Control grid."""
        self.bars = list(bars)
        self._data = self.bars
        self.title, self.unit, self.maximum = title, unit, maximum
        self.thresholds, self.band_colors, self.color = tuple(thresholds), band_colors, color
        self._changed()

    # --- geometry ---------------------------------------------------------------------------------------
    def _header(self) -> int:
        fm = QFontMetrics(self.font())
        return MARGIN + (fm.height() + 10 if self.title else 0) + fm.height() + 4

    def _footer(self) -> int:
        fm = QFontMetrics(self.font())
        ticks = fm.height() + 8 if len(self.bars) > 15 else 4
        return ticks + (fm.height() + 6 if self.band_colors or self.thresholds else 0) + MARGIN

    def full_height(self, width: int) -> int:
        return self._header() + max(len(self.bars), 1) * self.row_height + self._footer()

    def _geometry(self, width: int, height: int) -> _Geometry:
        fm = QFontMetrics(self.font())
        n = max(len(self.bars), 1)
        top = self._header()
        row = (height - top - self._footer()) / n if height < self.full_height(width) else self.row_height
        values = [b.value for b in self.bars if b.value is not None]
        top_value = max([*values, *(t.value for t in self.thresholds), 0.0])
        if self.maximum is not None:
            top_value = max(self.maximum, top_value)
        elif self.unit == "%":
            top_value = max(100.0, top_value)
        ticks = nice_ticks(top_value) if self.unit != "%" or top_value > 100 else [0, 20, 40, 60, 80, 100]
        widest = max([fm.horizontalAdvance(b.label) for b in self.bars] or [60])
        label_w = int(min(max(widest + 6, 90), width * self.label_share, 340))
        value_w = max([fm.horizontalAdvance(self._text(b)) for b in self.bars] or [30]) + 10
        x0 = MARGIN + label_w + 8
        x1 = max(x0 + 40, width - MARGIN - value_w)
        return _Geometry(top, row, MARGIN, label_w, x0, x1, float(ticks[-1]) or 1.0, ticks, int(top + n * row),
                         row >= fm.height() + 2)

    def _text(self, bar: Bar) -> str:
        return bar.text if bar.text is not None else format_value(bar.value, self.unit)

    def _x(self, g: _Geometry, value: float) -> float:
        return g.x0 + (g.x1 - g.x0) * max(0.0, value) / g.scale

    def layout(self, width: int, height: int) -> list[Mark]:
        if not self.bars:
            return []
        g = self._geometry(width, height)
        return [Mark(b.key, QRectF(g.label_x, g.top + i * g.row, width - 2 * MARGIN, g.row),
                     f"{b.label}: {self._text(b)}" + (f"\n{b.tooltip}" if b.tooltip else ""))
                for i, b in enumerate(self.bars)]

    # --- painting ---------------------------------------------------------------------------------------
    def paint_chart(self, painter: QPainter, width: int, height: int, visible: QRect) -> None:
        fm = QFontMetrics(self.font())
        painter.setFont(self.font())
        self.draw_title(painter, width, MARGIN)
        if not self.bars:
            self.draw_empty(painter, width, height)
            return
        g = self._geometry(width, height)
        first = max(0, int((visible.top() - g.top) // g.row) - 1)
        last = min(len(self.bars), int((visible.bottom() - g.top) // g.row) + 2)
        # grid and ticks (top and bottom)
        painter.setPen(QPen(GRID, 1))
        y_from, y_to = max(g.top, visible.top()), min(g.bottom, visible.bottom())
        for t in g.ticks:
            x = self._x(g, t)
            painter.drawLine(int(x), y_from, int(x), y_to)
        painter.setPen(AXIS)
        # a narrow chart labels every other tick rather than writing them over each other
        widest = max(fm.horizontalAdvance(format_value(t, self.unit)) for t in g.ticks) + 8
        spacing = (self._x(g, g.ticks[1]) - self._x(g, g.ticks[0])) if len(g.ticks) > 1 else widest
        every = max(1, math.ceil(widest / max(spacing, 1.0)))
        for y in ((g.top - fm.height() - 2, g.bottom + 4) if len(self.bars) > 15 else (g.top - fm.height() - 2,)):
            for t in g.ticks[::every]:
                x = self._x(g, t)
                painter.drawText(QRect(int(x) - 40, y, 80, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                                 format_value(t, self.unit))
        # rows
        for i in range(first, last):
            bar = self.bars[i]
            y = g.top + i * g.row
            if i % 2:
                painter.fillRect(QRectF(g.label_x, y, width - 2 * MARGIN, g.row), QColor("#f7f7f7"))
            color = bar.color or (band_color(bar.value) if self.band_colors else self.color)
            inset = max(1.0, g.row * 0.18) if g.row >= 4 else 0.0
            if bar.value is not None and bar.value > 0:
                painter.fillRect(QRectF(g.x0, y + inset, self._x(g, bar.value) - g.x0, max(1.0, g.row - 2 * inset)),
                                 QColor(color))
            if g.labels:
                painter.setPen(TEXT)
                painter.drawText(QRect(g.label_x, int(y), g.label_w, int(g.row)),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 elide(fm, bar.label, g.label_w))
                end = self._x(g, bar.value or 0.0)
                painter.drawText(QRect(int(end) + 4, int(y), width - int(end), int(g.row)),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._text(bar))
        # axis and thresholds over the bars
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(int(g.x0), y_from, int(g.x0), y_to)
        for t in self.thresholds:
            x = self._x(g, t.value)
            painter.setPen(QPen(QColor(t.color), 1.6, Qt.PenStyle.DashLine))
            painter.drawLine(int(x), y_from, int(x), y_to)
        self._legend(painter, fm, width, g)

    def _legend(self, painter: QPainter, fm: QFontMetrics, width: int, g: _Geometry) -> None:
        if not (self.band_colors or self.thresholds):
            return
        y = g.bottom + (fm.height() + 10 if len(self.bars) > 15 else 6)
        items: list[tuple[str, str, bool]] = []
        if self.band_colors:
            items += [(OK_COLOR, self.tr("80 % o más"), False), (AMBER_COLOR, self.tr("de 50 % a menos de 80 %"), False),
                      (RED_COLOR, self.tr("menos de 50 %"), False)]
        # with the bands' colours the lines need only their value
        items += [(t.color, t.label if self.band_colors else self.tr("línea de {0}").format(t.label), True)
                  for t in self.thresholds]
        # under the bars where it fits, else from the left edge (a narrow card must not cut it)
        needed = sum(18 + fm.horizontalAdvance(text) + 16 for _c, text, _l in items)
        if self.band_colors and needed > width - 2 * MARGIN:  # the colours already tell the thresholds
            items = [item for item in items if not item[2]]
            needed = sum(18 + fm.horizontalAdvance(text) + 16 for _c, text, _l in items)
        x = max(float(MARGIN), min(g.x0, width - MARGIN - needed))
        for color, text, line in items:
            if line:
                painter.setPen(QPen(QColor(color), 1.6, Qt.PenStyle.DashLine))
                painter.drawLine(int(x), y + fm.height() // 2, int(x) + 14, y + fm.height() // 2)
            else:
                painter.fillRect(QRectF(x, y + 2, 14, fm.height() - 4), QColor(color))
            painter.setPen(TEXT)
            painter.drawText(int(x) + 18, y + fm.ascent(), text)
            x += 18 + fm.horizontalAdvance(text) + 16
            if x > width - 40:
                break


"""Lines over categories (the months of a year): execution % per month, one line per series, with
reference lines; a click on a point carries (series key, category key)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen

from .base import AXIS, GRID, TEXT, Chart, Mark, Threshold, format_value, nice_ticks, series_color

MARGIN = 8
RADIUS = 4.0


@dataclass(frozen=True)
class Series:
    key: object
    label: str
    values: Sequence[float | None]  # one per category; None: no point (the line breaks)
    color: str | None = None


class TrendChart(Chart):
    """`set_data(categories, series, unit=…, thresholds=…)`; `sig_activated((series key, category key))`."""

    def __init__(self, parent=None, *, height: int = 260):
        super().__init__(parent)
        self.chart_height = height
        self.categories: list[tuple[object, str]] = []
        self.series: list[Series] = []
        self.unit = "%"
        self.maximum: float | None = None
        self.thresholds: tuple[Threshold, ...] = ()

    def set_data(self, categories: Sequence[tuple[object, str]], series: Sequence[Series], *, title: str = "",
                 unit: str = "%", maximum: float | None = None, thresholds: Sequence[Threshold] = ()) -> None:
        """`categories`: (key, label) left to right (e.g. (3, "Mar")…); each series has one value per
        category. `unit`: "%" (scale 0–100 unless a value is above), "n" or "S/"."""
        self.categories = list(categories)
        self.series = list(series)
        self._data = (self.categories, self.series)
        self.title, self.unit, self.maximum, self.thresholds = title, unit, maximum, tuple(thresholds)
        self._changed()

    def full_height(self, width: int) -> int:
        return max(self.minimumHeight(), self.chart_height)

    def _frame(self, width: int, height: int) -> tuple[QRectF, list[float], float]:
        fm = QFontMetrics(self.font())
        values = [v for s in self.series for v in s.values if v is not None]
        top_value = max([*values, *(t.value for t in self.thresholds), 0.0])
        if self.maximum is not None:
            top_value = max(top_value, self.maximum)
        elif self.unit == "%":
            top_value = max(top_value, 100.0)
        ticks = nice_ticks(top_value) if self.unit != "%" or top_value > 100 else [0, 20, 40, 60, 80, 100]
        left = MARGIN + max(fm.horizontalAdvance(format_value(t, self.unit)) for t in ticks) + 8
        top = MARGIN + (fm.height() + 10 if self.title else 0) + fm.height() // 2
        bottom = height - MARGIN - fm.height() * 2 - 12  # category labels, then the legend
        return QRectF(left, top, max(40, width - left - MARGIN - 12), max(40, bottom - top)), ticks, float(ticks[-1])

    def _point(self, plot: QRectF, scale: float, i: int, value: float) -> QPointF:
        n = max(len(self.categories), 1)
        x = plot.left() + plot.width() * (i + 0.5) / n
        return QPointF(x, plot.bottom() - plot.height() * max(0.0, value) / (scale or 1.0))

    def layout(self, width: int, height: int) -> list[Mark]:
        plot, _ticks, scale = self._frame(width, height)
        marks = []
        for s in self.series:
            for i, ((key, label), value) in enumerate(zip(self.categories, s.values)):
                if value is None:
                    continue
                p = self._point(plot, scale, i, value)
                marks.append(Mark((s.key, key), QRectF(p.x() - 7, p.y() - 7, 14, 14),
                                  f"{s.label} — {label}: {format_value(value, self.unit)}"))
        return marks

    def paint_chart(self, painter: QPainter, width: int, height: int, visible: QRect) -> None:
        fm = QFontMetrics(self.font())
        painter.setFont(self.font())
        self.draw_title(painter, width, MARGIN)
        if not self.categories or not any(v is not None for s in self.series for v in s.values):
            self.draw_empty(painter, width, height)
            return
        plot, ticks, scale = self._frame(width, height)
        for t in ticks:
            y = plot.bottom() - plot.height() * t / scale
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            painter.drawText(QRect(MARGIN, int(y - fm.height() / 2), int(plot.left()) - MARGIN - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, format_value(t, self.unit))
        n = len(self.categories)
        for i, (_key, label) in enumerate(self.categories):
            x = plot.left() + plot.width() * (i + 0.5) / n
            painter.drawText(QRect(int(x) - 40, int(plot.bottom()) + 4, 80, fm.height()),
                             Qt.AlignmentFlag.AlignHCenter, label)
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for t in self.thresholds:
            y = plot.bottom() - plot.height() * t.value / scale
            painter.setPen(QPen(QColor(t.color), 1.4, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QRectF(plot.right() - 60, y - fm.height() - 1, 60, fm.height()),
                             Qt.AlignmentFlag.AlignRight, t.label)
        for si, s in enumerate(self.series):
            color = QColor(s.color or series_color(si))
            path, pen_down = QPainterPath(), False
            points = []
            for i, value in enumerate(s.values):
                if value is None:
                    pen_down = False
                    continue
                p = self._point(plot, scale, i, value)
                points.append(p)
                if pen_down:
                    path.lineTo(p)
                else:
                    path.moveTo(p)
                    pen_down = True
            painter.setPen(QPen(color, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(color)
            painter.setPen(QPen(QColor("white"), 1.2))
            for p in points:
                painter.drawEllipse(p, RADIUS, RADIUS)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        x, y = plot.left(), height - MARGIN - fm.height()
        for si, s in enumerate(self.series):
            color = QColor(s.color or series_color(si))
            painter.setPen(QPen(color, 2.2))
            painter.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 16, y + fm.height() / 2))
            painter.setPen(TEXT)
            painter.drawText(int(x) + 20, y + fm.ascent(), s.label)
            x += 20 + fm.horizontalAdvance(s.label) + 18

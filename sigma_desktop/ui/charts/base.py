"""What the charts share: the PDFs' colours, Spanish numbers, value ticks, clickable marks and PNG export.

A chart paints itself with QPainter (docs/decisions.md, «Gráficos»): `paint_chart(painter, width, height,
visible)` draws into any device — the widget on screen (only the rows `visible` asks for), or an image for
`export_png` — and `layout(width, height)` says where each clickable mark is, so that a click, the keyboard
and the tests all ask the same `mark_at` / `mark_rect`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from ...reports.formatting import AMBER_BELOW, RED_BELOW, fmt_dec, fmt_int
from ...reports.pdf.charts import AMBER_COLOR, GREY, OK_COLOR, RED_COLOR, SERIES_COLORS

TEXT, AXIS, GRID = QColor("#333333"), QColor("#8c8c8c"), QColor("#e3e3e3")
FOCUS = QColor("#1b5e8c")
MAX_EXPORT_PIXELS = 12_000  # the longest side of an exported PNG: a national chart is drawn denser, not cut


@dataclass(frozen=True)
class Threshold:
    """A reference line across the values (the Control's 80 % and 50 %)."""

    value: float
    label: str
    color: str = AMBER_COLOR


# The execution thresholds of the Módulo de Control (reports/formatting.py), for per-coach charts.
EXECUTION_THRESHOLDS = (Threshold(AMBER_BELOW, f"{AMBER_BELOW:.0f} %", AMBER_COLOR),
                        Threshold(RED_BELOW, f"{RED_BELOW:.0f} %", RED_COLOR))


def band_color(value: float | None) -> str:
    """An execution rate's colour, as in the Control grid and the PDFs: blue, amber below 80 %, red below 50 %."""
    if value is None:
        return GREY
    if value < RED_BELOW:
        return RED_COLOR
    if value < AMBER_BELOW:
        return AMBER_COLOR
    return OK_COLOR


def series_color(i: int) -> str:
    return SERIES_COLORS[i % len(SERIES_COLORS)]


def format_value(value: float | None, unit: str) -> str:
    """A value as Peruvian offices write it: «1 234», «85.3 %», «S/ 1 200.50»."""
    if value is None:
        return "—"
    if unit == "%" and float(value).is_integer():
        return f"{fmt_int(value)} %"
    if unit == "%":
        return f"{fmt_dec(value, 1)} %"
    if unit == "S/":
        return f"S/ {fmt_dec(value, 2)}"
    return fmt_int(value) if float(value).is_integer() else fmt_dec(value, 1)


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least `maximum` (steps of 1, 2 or 5 times a power of ten)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    top = math.ceil(maximum / step - 1e-9) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


@dataclass
class Mark:
    """A clickable part of a chart: what a click carries, where it is, and its tooltip."""

    key: object
    rect: QRectF
    tooltip: str


class Chart(QWidget):
    """Base of the charts: click, keyboard and tooltip on marks; PNG export. Subclasses implement
    `layout(width, height)` (the marks' geometry), `paint_chart(painter, width, height, visible)` and
    `full_height(width)`."""

    sig_activated = Signal(object)  # the key of the mark clicked (or chosen with Enter)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title = ""
        self.empty_text = self.tr("Sin datos para mostrar.")
        self.marks: list[Mark] = []
        self.current = -1  # the mark the keyboard is on
        self._data: object = None  # what set_data gave (a new object on each call: the marks' cache key)

    # --- for subclasses -------------------------------------------------------------------------------
    def paint_chart(self, painter: QPainter, width: int, height: int, visible: QRect) -> None:
        raise NotImplementedError

    def full_height(self, width: int) -> int:
        return max(self.minimumHeight(), 200)

    def _changed(self) -> None:
        self.marks = []
        self._layout_for = None
        self.current = -1
        self.setMinimumHeight(self.full_height(max(self.width(), 480)))
        self.updateGeometry()
        self.update()

    # --- geometry -------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        width = max(self.width(), 480)
        return QSize(width, self.full_height(width))

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.full_height(width)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def in_scroll_area(self) -> QScrollArea:
        """The chart in a vertical scroll area (for long bar charts: a row per coach)."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(self)
        return area

    # --- painting -------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(event.rect(), QColor("white"))
        self.paint_chart(painter, self.width(), self.height(), event.rect())
        self._ensure_marks()
        if 0 <= self.current < len(self.marks) and self.hasFocus():
            painter.setPen(QPen(FOCUS, 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.marks[self.current].rect.adjusted(-2, -2, 2, 2))
        painter.end()

    def draw_title(self, painter: QPainter, width: int, top: int = 4) -> int:
        """The title in bold; returns the y where the chart starts."""
        if not self.title:
            return top
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        painter.setFont(font)
        painter.setPen(TEXT)
        h = QFontMetrics(font).height()
        painter.drawText(QRect(8, top, width - 16, h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title)
        painter.setFont(self.font())
        return top + h + 6

    def draw_empty(self, painter: QPainter, width: int, height: int) -> None:
        painter.setPen(AXIS)
        painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, self.empty_text)

    # --- marks: click, keyboard, tooltip --------------------------------------------------------------
    def layout(self, width: int, height: int) -> list[Mark]:
        """Where every clickable mark is for a chart of this size (geometry only, nothing painted)."""
        raise NotImplementedError

    def _ensure_marks(self) -> None:
        size = (self.width(), self.height(), id(self._data))
        if getattr(self, "_layout_for", None) != size:
            self.marks = self.layout(self.width(), self.height())
            self._layout_for = size

    def mark_at(self, pos: QPoint) -> Mark | None:
        self._ensure_marks()
        point = QPointF(pos)
        return next((mk for mk in self.marks if mk.rect.contains(point)), None)

    def mark_rect(self, key: object) -> QRect | None:
        """Where the mark of `key` is, in widget coordinates (None: not shown)."""
        self._ensure_marks()
        found = next((mk for mk in self.marks if mk.key == key), None)
        return None if found is None else found.rect.toAlignedRect()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        mark = self.mark_at(event.position().toPoint())
        if mark is not None:
            self.current = self.marks.index(mark)
            self.update()
            self.sig_activated.emit(mark.key)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        mark = self.mark_at(event.position().toPoint())
        self.setCursor(Qt.CursorShape.PointingHandCursor if mark else Qt.CursorShape.ArrowCursor)
        if mark is not None and mark.tooltip:
            QToolTip.showText(event.globalPosition().toPoint(), mark.tooltip, self)
        else:
            QToolTip.hideText()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = event.key()
        self._ensure_marks()
        if not self.marks:
            return super().keyPressEvent(event)
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self.current = min(len(self.marks) - 1, self.current + 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self.current = max(0, self.current - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current >= 0:
            self.sig_activated.emit(self.marks[self.current].key)
            return
        else:
            return super().keyPressEvent(event)
        rect = self.marks[self.current].rect.toAlignedRect()
        area = self.parent().parent() if self.parent() is not None else None
        if isinstance(area, QScrollArea):
            area.ensureVisible(rect.center().x(), rect.center().y(), 0, rect.height())
        QToolTip.showText(self.mapToGlobal(rect.center()), self.marks[self.current].tooltip, self)
        self.update()

    # --- export ---------------------------------------------------------------------------------------
    def export_png(self, path: str | Path, width: int | None = None) -> Path:
        """The whole chart (not only what the window shows) as a PNG file, `width` pixels wide (default: as
        on screen). Returns the path written."""
        target = Path(path)
        if target.suffix.lower() != ".png":
            target = target.with_suffix(".png")
        width = width or max(self.width(), 640)
        height = min(self.full_height(width), MAX_EXPORT_PIXELS)
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        self.paint_chart(painter, width, height, QRect(0, 0, width, height))
        painter.end()
        if not image.save(str(target), "PNG"):
            raise OSError(f"No se pudo guardar la imagen en {target}.")
        return target


def elide(metrics: QFontMetrics, text: str, width: int) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 10))


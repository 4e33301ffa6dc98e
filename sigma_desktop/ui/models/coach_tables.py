"""Table models of the coach's screens and the teacher's ficha.

As in Electrum's history list: one `Column(IntEnum)` per model, display text in DisplayRole and the raw
sortable value in UserRole (sort with `setSortRole(Qt.UserRole)`); `ROW_ROLE` gives the row's DTO.
The lists are small (a coach's month, a teacher's year), so they are loaded whole.
"""
from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any, Sequence

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QObject,
                            QPersistentModelIndex, Qt, QTimer)
from PySide6.QtGui import QBrush, QColor

from ...domain.catalogues import LEVEL_LABELS
from ...domain.coach_work import MyTeacherRow, PlanRow, RubricItemRow
from ...domain.dates import format_date
from ...domain.text import sort_key
from ...domain.ficha import FichaActivity, satisfactory
from ..forms import labels as L
from ...domain.enums import ActivityKind, ActivityStatus, ValidationState

ROW_ROLE = Qt.ItemDataRole.UserRole + 1

LOW = QColor("#fde2e1")      # levels I–II: insatisfactorio
HIGH = QColor("#d8f0e0")     # levels III–IV: satisfactorio
OBSERVED = QColor("#fff1d6")  # observed by the Gestor Local: to correct
MUTED = QColor("#7b8794")


def tr(text: str) -> str:
    return QCoreApplication.translate("tables", text)


def _observed(row: PlanRow | FichaActivity) -> bool:
    """A record (execution or non-execution) the Gestor Local observed: its validation cell is painted and
    carries the comment."""
    return row.status != ActivityStatus.PLANNED and row.validation_state == ValidationState.OBSERVED


def _sortable(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return sort_key(value)  # the proxy compares these keys: Spanish order (domain/text.py)
    return value


class RowTableModel(QAbstractTableModel):
    """Rows of frozen DTOs; subclasses give headers and the text / sort value / decoration per column."""

    headers: Sequence[str] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.header_tooltip(section)
        return None

    def header_tooltip(self, section: int) -> str | None:
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.headers):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, col)
        if role == Qt.ItemDataRole.UserRole:
            return _sortable(self.sort_value(row, col))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            color = self.background(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.foreground(row, col)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(row, col)
        return None

    # per-column behaviour, overridden by the subclasses
    def text(self, row, col: int) -> str:
        raise NotImplementedError

    def sort_value(self, row, col: int) -> Any:
        return self.text(row, col)

    def tooltip(self, row, col: int) -> str | None:
        return None

    def background(self, row, col: int) -> QColor | None:
        return None

    def foreground(self, row, col: int) -> QColor | None:
        return None

    def alignment(self, row, col: int):
        return None


def fit_columns(table, caps: dict[int, int] | None = None, *, minimum: int = 50, shrink_floor: int = 90) -> None:
    """Sizes the columns of a short table to their contents (header included), capping the wide ones; when
    the table is on screen and still too wide, the capped (wrapping) columns give up width, down to a floor.

    Only for short lists (a month, a year of one teacher): never for the vertical header of long tables."""
    caps = caps or {}
    table.resizeColumnsToContents()
    widths = []
    for col in range(table.model().columnCount()):
        width = max(minimum, table.columnWidth(col) + 4)
        widths.append(min(width, caps.get(col, width)))
    if table.isVisible():
        bar = table.verticalScrollBar()  # rows that wrap may make it appear afterwards: keep its room
        room = table.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        excess = sum(widths) - room
        flexible = [c for c in caps if c < len(widths)]
        while excess > 0 and flexible:
            give = [c for c in flexible if widths[c] > shrink_floor]
            if not give:
                break
            step = max(1, min(excess // len(give), 20))
            for c in give:
                cut = min(step, widths[c] - shrink_floor, excess)
                widths[c] -= cut
                excess -= cut
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    if table.wordWrap():
        table.resizeRowsToContents()


class RefitOnResize(QObject):
    """Calls `refit` whenever the table's width changes (the window or a splitter moved)."""

    def __init__(self, table, refit):
        super().__init__(table)
        self._refit = refit
        self._width = -1
        table.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Resize and watched.width() != self._width:
            self._width = watched.width()
            # after the event: a window being shown is visible only once its resize events are sent
            QTimer.singleShot(0, self, self._refit)
        return False


def levels_text(levels: dict[int, int], items: Sequence[RubricItemRow]) -> str:
    numbers = [i.number for i in items] or sorted(levels)
    return " · ".join(LEVEL_LABELS.get(levels.get(n), "–") for n in numbers) if levels else ""


def levels_tooltip(levels: dict[int, int], items: Sequence[RubricItemRow]) -> str | None:
    if not levels:
        return None
    return "\n".join(tr("{0}. {1}: nivel {2}").format(i.number, i.name, LEVEL_LABELS.get(levels.get(i.number), "–"))
                     for i in items)


# --- Mis docentes --------------------------------------------------------------------------------------

class TeacherColumn(IntEnum):
    DNI = 0
    NAME = 1
    SCHOOL = 2
    NO_PLAN = 3
    PLANNED = 4
    EXECUTED = 5
    LAST_VISIT = 6
    LAST_RUBRIC = 7


class MyTeachersModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [tr("DNI"), tr("Docente"), tr("IE"), tr("No\nplanificar"), tr("Visitas\nplanificadas"),
                        tr("Visitas\nejecutadas"), tr("Última\nvisita"), tr("Última\nrúbrica")]
        self.items: list[RubricItemRow] = []

    def set_items(self, items: Sequence[RubricItemRow]) -> None:
        self.items = list(items)

    def header_tooltip(self, section: int) -> str | None:
        if section == TeacherColumn.LAST_RUBRIC and self.items:
            return tr("Niveles de la última visita ejecutada, en el orden de los desempeños: ") + \
                ", ".join(str(i.number) for i in self.items)
        return None

    def text(self, r: MyTeacherRow, col: int) -> str:
        c = TeacherColumn(col)
        if c is TeacherColumn.DNI:
            return r.dni
        if c is TeacherColumn.NAME:
            return r.name
        if c is TeacherColumn.SCHOOL:
            return r.school_name
        if c is TeacherColumn.NO_PLAN:
            return tr("Sí") if r.no_plan else tr("No")
        if c is TeacherColumn.PLANNED:
            return str(r.visits_planned)
        if c is TeacherColumn.EXECUTED:
            return str(r.visits_executed)
        if c is TeacherColumn.LAST_VISIT:
            if r.last_visit_on is None:
                return ""
            return f"{format_date(r.last_visit_on)} ({L.visit_type_label(r.last_visit_type)})"
        return levels_text(r.last_levels, self.items)

    def sort_value(self, r: MyTeacherRow, col: int) -> Any:
        c = TeacherColumn(col)
        if c is TeacherColumn.PLANNED:
            return r.visits_planned
        if c is TeacherColumn.EXECUTED:
            return r.visits_executed
        if c is TeacherColumn.LAST_VISIT:
            return r.last_visit_on
        if c is TeacherColumn.NO_PLAN:
            return int(r.no_plan)
        return self.text(r, col)

    def tooltip(self, r: MyTeacherRow, col: int) -> str | None:
        if col == TeacherColumn.SCHOOL:
            return tr("Código modular: {0}").format(r.school_code)
        if col == TeacherColumn.NO_PLAN and r.no_plan:
            return tr("Motivo: {0}").format(r.no_plan_reason or "")
        if col == TeacherColumn.LAST_RUBRIC:
            return levels_tooltip(r.last_levels, self.items)
        return None

    def foreground(self, r: MyTeacherRow, col: int) -> QColor | None:
        return MUTED if r.no_plan else None

    def alignment(self, r: MyTeacherRow, col: int):
        if col in (TeacherColumn.PLANNED, TeacherColumn.EXECUTED, TeacherColumn.NO_PLAN):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# --- Planificación y registro --------------------------------------------------------------------------

class PlanColumn(IntEnum):
    KIND = 0
    SUBJECT = 1
    DETAIL = 2
    PLANNED = 3
    STATUS = 4      # with the date of the record and, if not executed, the motivo
    VALIDATION = 5  # with the Gestor Local's comment when observed


class PlanModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [tr("Actividad"), tr("Docente / IE"), tr("Tipo /\ndetalle"), tr("Fecha\nprogramada"),
                        tr("Estado"), tr("Validación")]

    def text(self, r: PlanRow, col: int) -> str:
        c = PlanColumn(col)
        if c is PlanColumn.KIND:
            return L.kind_label(r.kind)
        if c is PlanColumn.SUBJECT:
            return L.subject(r)
        if c is PlanColumn.DETAIL:
            return L.detail(r)
        if c is PlanColumn.PLANNED:
            return format_date(r.planned_date)
        if c is PlanColumn.STATUS:
            return L.outcome_text(r)
        return L.validation_text(r.validation_state, r.status, r.validation_comment)

    def sort_value(self, r: PlanRow, col: int) -> Any:
        if col == PlanColumn.PLANNED:
            return r.planned_date
        if col == PlanColumn.STATUS:
            return f"{r.status}:{r.executed_on.isoformat() if r.executed_on else ''}"
        return self.text(r, col)

    def tooltip(self, r: PlanRow, col: int) -> str | None:
        if col == PlanColumn.VALIDATION and _observed(r):
            return tr("Observación del Gestor Local: {0}\nUse «Corregir» para registrar de nuevo.").format(
                r.validation_comment or "")
        return None

    def background(self, r: PlanRow, col: int) -> QColor | None:
        if col == PlanColumn.VALIDATION and _observed(r):
            return OBSERVED
        return None


# --- La ficha del docente ------------------------------------------------------------------------------

class FichaActivityColumn(IntEnum):
    MONTH = 0
    KIND = 1
    DETAIL = 2
    COACH = 3
    PLANNED = 4
    STATUS = 5
    VALIDATION = 6


class FichaActivityModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [tr("Mes"), tr("Actividad"), tr("Tipo / tema"), tr("Acompañante"), tr("Fecha\nprogramada"),
                        tr("Estado"), tr("Validación")]

    def text(self, a: FichaActivity, col: int) -> str:
        c = FichaActivityColumn(col)
        if c is FichaActivityColumn.MONTH:
            return L.month_title(a.month)
        if c is FichaActivityColumn.KIND:
            return L.kind_label(a.kind)
        if c is FichaActivityColumn.DETAIL:
            if a.kind == ActivityKind.VISIT:
                return L.visit_type_label(a.visit_type)
            text = a.topic or ""
            if a.attended is not None:
                text += tr(" — asistió") if a.attended else tr(" — no asistió")
            return text
        if c is FichaActivityColumn.COACH:
            return a.coach_name
        if c is FichaActivityColumn.PLANNED:
            return format_date(a.planned_date)
        if c is FichaActivityColumn.STATUS:
            return L.record_text(a.status, a.executed_on, a.skip_reason, a.skip_note)
        return L.validation_text(a.validation_state, a.status, a.validation_comment)

    def sort_value(self, a: FichaActivity, col: int) -> Any:
        if col == FichaActivityColumn.MONTH:
            return a.month
        if col == FichaActivityColumn.PLANNED:
            return a.planned_date
        return self.text(a, col)

    def background(self, a: FichaActivity, col: int) -> QColor | None:
        if col == FichaActivityColumn.VALIDATION and _observed(a):
            return OBSERVED
        return None


class RubricProgressModel(RowTableModel):
    """Rows: the teacher's rated visits in date order; columns: date, type, then one per desempeño."""

    FIXED = 2  # Fecha, Tipo

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[RubricItemRow] = []
        self.headers = [tr("Fecha"), tr("Visita")]

    def set_data(self, items: Sequence[RubricItemRow], visits: Sequence[FichaActivity]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.headers = [tr("Fecha"), tr("Visita")] + [tr("D{0}").format(i.number) for i in self.items]
        self.rows = list(visits)
        self.endResetModel()

    def set_rows(self, rows: Sequence) -> None:  # the columns depend on the rubric: use set_data
        self.set_data(self.items, rows)

    def _item(self, col: int) -> RubricItemRow | None:
        k = col - self.FIXED
        return self.items[k] if 0 <= k < len(self.items) else None

    def _level(self, a: FichaActivity, col: int) -> int | None:
        item = self._item(col)
        return a.levels.get(item.number) if item else None

    def header_tooltip(self, section: int) -> str | None:
        item = self._item(section)
        return tr("Desempeño {0}: {1}").format(item.number, item.name) if item else None

    def text(self, a: FichaActivity, col: int) -> str:
        if col == 0:
            return format_date(a.executed_on)
        if col == 1:
            return L.visit_type_label(a.visit_type)
        return L.level_label(self._level(a, col))

    def sort_value(self, a: FichaActivity, col: int) -> Any:
        if col == 0:
            return a.executed_on
        if col == 1:
            return self.text(a, col)
        return self._level(a, col) or 0

    def tooltip(self, a: FichaActivity, col: int) -> str | None:
        item = self._item(col)
        level = self._level(a, col)
        if item is None or level is None:
            return None
        verdict = tr("satisfactorio") if satisfactory(level) else tr("insatisfactorio")
        return tr("{0}. {1}\nNivel {2} ({3})").format(item.number, item.name, LEVEL_LABELS[level], verdict)

    def background(self, a: FichaActivity, col: int) -> QColor | None:
        level = self._level(a, col)
        if level is None:
            return None
        return HIGH if satisfactory(level) else LOW

    def alignment(self, a: FichaActivity, col: int):
        return int(Qt.AlignmentFlag.AlignCenter) if col >= self.FIXED else None

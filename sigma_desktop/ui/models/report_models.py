"""Item models of the Módulo de Control and the Módulo de Reportes.

`ControlGridModel` shows coach × month rows (or totals) with 7 columns per activity kind; each count
cell knows the measure behind it, for the drill-down. `HighlightRowsModel` is a RowsModel whose rows
may paint a cell amber or red (under-execution).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...reports.formatting import (AMBER_BELOW, CONTROL_FIELDS, CONTROL_KINDS, INTERVENTION_SHORT, RED_BELOW,
                                   execution_rate, severity)
from .. import labels
from .rows_model import Col, Index, RowsModel

AMBER, RED = QColor("#FFE08A"), QColor("#F4B6A8")
SEVERITY_BRUSH = {"amber": QBrush(AMBER), "red": QBrush(RED)}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
MEASURE_ROLE = Qt.ItemDataRole.UserRole + 2  # the control measure behind a cell ("visita.executed")


def tr(text: str) -> str:
    return QCoreApplication.translate("report_models", text)


GRID_FIELDS = ("planned", "executed", "%", "not_executed", "validated", "observed", "pending")
FIELD_NAMES = {key: header for key, header, _short in CONTROL_FIELDS} | {"%": "% ejecución"}
FIELD_SHORT = {"planned": "Plan.", "executed": "Ejec.", "%": "%", "not_executed": "No ej.",
               "validated": "Val.", "observed": "Obs.", "pending": "Pend."}
KIND_SHORT = {"visita": "Visitas", "gia": "GIA", "taller": "Talleres", "visita_social": "V. social"}


@dataclass(frozen=True)
class GridLine:
    """One line of a control table: a coach in a month, or a total (UGEL, DRE, nation)."""

    label: str
    counts: dict[str, int]
    coach_id: object = None
    coach_dni: str = ""
    ugel_code: str = ""
    dre_code: str = ""
    intervention: str = ""
    month: int | None = None
    level: str = "acompanante"  # acompanante, ugel, dre, total


class ControlGridModel(QAbstractTableModel):
    """Coach × month (or totals) with planned, executed, %, not executed, validated, observed, pending."""

    def __init__(self, *, totals: bool = False, parent=None):
        super().__init__(parent)
        self.totals = totals
        self.lines: list[GridLine] = []
        self.ident = ([tr("Nivel"), tr("Ámbito")] if totals
                      else [tr("Acompañante"), tr("DNI"), tr("UGEL"), tr("Intervención"), tr("Mes")])
        self.measures = [(kind, f) for kind, _ in CONTROL_KINDS for f in GRID_FIELDS]

    def set_lines(self, lines: Sequence[GridLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def line(self, index: Index) -> GridLine:
        return self.lines[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ident) + len(self.measures)

    def measure(self, column: int) -> str | None:
        """The count behind a column ("visita.executed"; the % column drills down to the executed ones)."""
        i = column - len(self.ident)
        if i < 0:
            return None
        kind, field = self.measures[i]
        return f"{kind}.{'executed' if field == '%' else field}"

    def _ident(self, line: GridLine, column: int) -> str:
        if self.totals:
            return ({"total": tr("Total"), "dre": "DRE", "ugel": "UGEL"}[line.level], line.label)[column]
        return (line.label, line.coach_dni, line.ugel_code, INTERVENTION_SHORT.get(line.intervention,
                line.intervention), labels.month(line.month) if line.month else "")[column]

    def _raw(self, line: GridLine, column: int):
        i = column - len(self.ident)
        if i < 0:
            return line.month if (not self.totals and column == 4) else self._ident(line, column)
        kind, field = self.measures[i]
        if field == "%":
            return execution_rate(line.counts, kind)
        return line.counts.get(f"{kind}.{field}", 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line, column = self.lines[index.row()], index.column()
        n_id = len(self.ident)
        if role == Qt.ItemDataRole.DisplayRole:
            if column < n_id:
                return self._ident(line, column)
            value = self._raw(line, column)
            if self.measures[column - n_id][1] == "%":
                return "—" if value is None else f"{value:.0f} %"
            return f"{value:,}".replace(",", " ")
        if role == Qt.ItemDataRole.UserRole:
            return self._raw(line, column)
        if role == MEASURE_ROLE:
            return self.measure(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= n_id:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and column >= n_id:
            kind, field = self.measures[column - n_id]
            if field == "%":
                level = severity(execution_rate(line.counts, kind))
                return SEVERITY_BRUSH[level] if level else None
        if role == Qt.ItemDataRole.FontRole and line.level == "total":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column >= n_id:
            kind, field = self.measures[column - n_id]
            if field == "%":
                rate = execution_rate(line.counts, kind)
                text = "" if rate is None else f"{rate:.1f} % — "
                return text + tr("ejecutadas entre planificadas. Doble clic: las actividades ejecutadas.")
            return tr("Doble clic: ver los registros detrás de este número.")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self.columnCount()):
            return None
        n_id = len(self.ident)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < n_id:
                return self.ident[section]
            kind, field = self.measures[section - n_id]
            return f"{tr(KIND_SHORT[kind])}\n{tr(FIELD_SHORT[field])}"
        if role == Qt.ItemDataRole.ToolTipRole and section >= n_id:
            kind, field = self.measures[section - n_id]
            return f"{tr(dict(CONTROL_KINDS)[kind])}: {tr(FIELD_NAMES[field]).lower()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.totals:
            return  # the order of the totals (nation, DREs, UGELs) is meaningful
        self.layoutAboutToBeChanged.emit()
        key = (lambda ln: self._raw(ln, column))
        self.lines.sort(key=lambda ln: (key(ln) is None, key(ln) if key(ln) is not None else 0),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class HighlightRowsModel(RowsModel):
    """A RowsModel whose `background(row, column)` may return "amber" or "red"."""

    def __init__(self, columns: Sequence[Col], background: Callable[[Any, int], str | None], parent=None):
        super().__init__(columns, parent)
        self._background = background

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and 0 <= index.row() < len(self.rows):
            level = self._background(self.rows[index.row()], index.column())
            return SEVERITY_BRUSH[level] if level else None
        return super().data(index, role)


def legend() -> str:
    return tr("Ejecución baja: ámbar si lo ejecutado es menor al {0:.0f} % de lo planificado, rojo si es menor "
              "al {1:.0f} %. Doble clic en un número: los registros detrás de él.").format(AMBER_BELOW, RED_BELOW)

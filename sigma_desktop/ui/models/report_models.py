"""Item models of the Módulo de Control and the Módulo de Reportes.

`ControlGridModel` shows coach × month rows (or total rows) for one view of the grid at a time: an
activity kind with its own columns (rutas carry viáticos, materiales carry kits), or the motivos of
non-execution; each cell knows the measures behind it, for the drill-down. `HighlightRowsModel` is a
RowsModel whose rows may paint a cell amber or red (under-execution).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.text import sort_key
from ...reports.formatting import (AMBER_BELOW, CONTROL_KINDS, FIELD_HEADER, INTERVENTION_SHORT, KIND_FIELDS,
                                   MOTIVOS, RATE_FIELDS, RED_BELOW, control_text,
                                   control_value, execution_rate, fmt_int, motivo_count, severity)
from .. import labels
from .rows_model import Col, Index, RowsModel

AMBER, RED = QColor("#FFE08A"), QColor("#F4B6A8")
SEVERITY_BRUSH = {"amber": QBrush(AMBER), "red": QBrush(RED)}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
MEASURE_ROLE = Qt.ItemDataRole.UserRole + 2  # the control measures behind a cell (["visita.executed"])
MOTIVOS_VIEW = "motivos"
# the Gestor Local's review of the motivos, after the total of the motivos view: header, tooltip
REVIEW_FIELDS = {"ne_validated": ("Motivo\nvalidado", "No ejecuciones cuyo motivo validó el Gestor Local."),
                 "ne_observed": ("Motivo\nobservado", "No ejecuciones cuyo motivo observó el Gestor Local y el "
                                                       "acompañante aún no corrige.")}


def tr(text: str) -> str:
    return QCoreApplication.translate("report_models", text)


# Column headers on screen: full words on two lines, never clipped at 1366 px (tests/ui screenshots).
SCREEN_HEADER = {
    "planned": "Planifi-\ncadas", "executed": "Ejecu-\ntadas", "%": "%\nejecución", "not_executed": "No ejecu-\ntadas",
    "unregistered": "Sin\nregistro", "validated": "Valida-\ndas", "observed": "Obser-\nvadas",
    "pending": "Pendien-\ntes", "assigned_cents": "Asignado\nS/", "spent_cents": "Rendido\nS/",
    "%spent": "%\nrendido", "qty_planned": "Kits\nplanif.", "qty_delivered": "Kits\nentreg.",
    "%qty": "% kits\nentreg.",
}
MOTIVO_HEADER = {
    "huelga": "Huelga\no paro", "suspension": "Suspen-\nsión", "docente_ausente": "Docente\nausente",
    "ie_cerrada": "IE\ncerrada", "clima": "Clima", "via_inaccesible": "Vía inac-\ncesible",
    "ap_licencia": "AP\nlicencia", "ap_convocado": "AP\nconvoc.", "sin_viaticos": "Sin\nviáticos",
    "docente_retirado": "Docente\nretirado", "reprogramada": "Repro-\ngramada", "otro": "Otro",
}


@dataclass(frozen=True)
class GridLine:
    """One line of a control table: a coach in a month, or a total (UGEL, DRE, the whole scope)."""

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
    """One view of the control grid: identification columns, then the figures of the chosen view (an
    activity kind, or «motivos»). The identification columns shown depend on the data: the UGEL only
    when there are several, the month only for a whole year."""

    def __init__(self, *, totals: bool = False, parent=None):
        super().__init__(parent)
        self.totals = totals
        self.lines: list[GridLine] = []  # the lines shown in the current view
        self.all_lines: list[GridLine] = []
        self.view = "visita"
        self._shown = (False, False)
        self.ident: list[str] = []  # ident column keys: coach, ugel, intervention, month / scope
        self.ugel_names: dict[str, str] = {}  # code → short name («Huaraz»)
        self._set_ident(show_ugel=False, show_month=False)

    # --- shape ---------------------------------------------------------------------------------------
    def _set_ident(self, *, show_ugel: bool, show_month: bool) -> None:
        self._shown = (show_ugel, show_month)
        if self.totals:
            self.ident = ["scope"]
            return
        # the twelve motivos need the room: the coach's UGEL and intervention go to the name's tooltip
        wide = self.view != MOTIVOS_VIEW
        self.ident = (["coach"] + (["ugel"] if show_ugel and wide else []) + (["intervention"] if wide else [])
                      + (["month"] if show_month else []))

    def fields(self) -> list[str]:
        if self.view == MOTIVOS_VIEW:
            return [code for code, _name in MOTIVOS] + ["total"] + list(REVIEW_FIELDS)
        return list(KIND_FIELDS[self.view])

    def set_view(self, view: str) -> None:
        self.beginResetModel()
        self.view = view
        self._set_ident(show_ugel=self._shown[0], show_month=self._shown[1])
        self.lines = self._visible()
        self.endResetModel()

    def _visible(self) -> list[GridLine]:
        """The lines the view applies to: coaches and months with that kind planned (or, for the motivos,
        with something not executed); total lines always."""
        if self.totals:
            return list(self.all_lines)
        if self.view == MOTIVOS_VIEW:
            return [ln for ln in self.all_lines if any(ln.counts.get(f"{k}.not_executed") for k, _ in CONTROL_KINDS)]
        return [ln for ln in self.all_lines if ln.counts.get(f"{self.view}.planned")]

    def set_lines(self, lines: Sequence[GridLine], *, show_ugel: bool = False, show_month: bool = False,
                  ugel_names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.all_lines = list(lines)
        self.ugel_names = dict(ugel_names or {})
        self._set_ident(show_ugel=show_ugel, show_month=show_month)
        self.lines = self._visible()
        self.endResetModel()

    def line(self, index: Index) -> GridLine:
        return self.lines[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.ident) + len(self.fields())

    def field(self, column: int) -> str | None:
        i = column - len(self.ident)
        return self.fields()[i] if 0 <= i < len(self.fields()) else None

    def measures(self, column: int) -> list[str]:
        """The counts behind a column, for the drill-down (a share drills down to what it counts)."""
        field = self.field(column)
        if field is None:
            return []
        if self.view == MOTIVOS_VIEW:
            kinds = [k for k, _ in CONTROL_KINDS]
            if field in REVIEW_FIELDS:
                return [f"{k}.{field}" for k in kinds]
            return [f"{k}.not_executed" if field == "total" else f"{k}.not_executed.{field}" for k in kinds]
        base = {"%": "executed", "%spent": "executed", "spent_cents": "executed", "assigned_cents": "planned",
                "qty_planned": "planned", "qty_delivered": "executed", "%qty": "executed"}.get(field, field)
        return [f"{self.view}.{base}"]

    # --- values --------------------------------------------------------------------------------------
    def _ident(self, line: GridLine, key: str) -> str:
        if key == "scope":
            return line.label
        if key == "coach":
            return line.label
        if key == "ugel":
            return self.ugel_names.get(line.ugel_code, line.ugel_code)
        if key == "intervention":
            return INTERVENTION_SHORT.get(line.intervention, line.intervention)
        return labels.month(line.month) if line.month else ""

    def _raw(self, line: GridLine, column: int):
        n_id = len(self.ident)
        if column < n_id:
            key = self.ident[column]
            return line.month if key == "month" else sort_key(self._ident(line, key))
        field = self.field(column)
        if self.view == MOTIVOS_VIEW:
            if field == "total":
                return sum(line.counts.get(f"{k}.not_executed", 0) for k, _ in CONTROL_KINDS)
            if field in REVIEW_FIELDS:
                return sum(line.counts.get(f"{k}.{field}", 0) for k, _ in CONTROL_KINDS)
            return motivo_count(line.counts, field)
        return control_value(line.counts, self.view, field)

    def _text(self, line: GridLine, column: int) -> str:
        if column < len(self.ident):
            return self._ident(line, self.ident[column])
        if self.view == MOTIVOS_VIEW:
            return fmt_int(self._raw(line, column))
        return control_text(line.counts, self.view, self.field(column))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line, column = self.lines[index.row()], index.column()
        n_id = len(self.ident)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.UserRole:
            return self._raw(line, column)
        if role == MEASURE_ROLE:
            return self.measures(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= n_id:
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and column >= n_id and self.field(column) == "%":
            level = severity(execution_rate(line.counts, self.view))
            return SEVERITY_BRUSH[level] if level else None
        if role == Qt.ItemDataRole.FontRole and line.level == "total":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        return None

    def _tooltip(self, line: GridLine, column: int) -> str | None:
        if column < len(self.ident):
            if self.ident[column] == "coach":
                return tr("{0} — DNI {1}, UGEL {2}, {3}").format(
                    line.label, line.coach_dni, self.ugel_names.get(line.ugel_code, line.ugel_code),
                    INTERVENTION_SHORT.get(line.intervention, line.intervention))
            return None
        field = self.field(column)
        if self.view == MOTIVOS_VIEW:
            if field == "total":
                return tr("Doble clic: las actividades no ejecutadas.")
            if field in REVIEW_FIELDS:
                return tr(REVIEW_FIELDS[field][1]) + tr("\nDoble clic: esas no ejecuciones.")
            parts = [f"{label}: {line.counts.get(f'{k}.not_executed.{field}', 0)}" for k, label in CONTROL_KINDS
                     if line.counts.get(f"{k}.not_executed.{field}", 0)]
            return (dict(MOTIVOS)[field] + ("\n" + "\n".join(parts) if parts else "")
                    + tr("\nDoble clic: las actividades no ejecutadas por este motivo."))
        if field in RATE_FIELDS:
            value = control_value(line.counts, self.view, field)
            text = "" if value is None else f"{value:.1f} % — "
            return text + tr("Doble clic: las actividades que cuenta.")
        return tr("Doble clic: ver los registros detrás de este número.")

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < self.columnCount()):
            return None
        n_id = len(self.ident)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < n_id:
                return {"scope": tr("Total"), "coach": tr("Acompañante"), "ugel": tr("UGEL"),
                        "intervention": tr("Intervención"), "month": tr("Mes")}[self.ident[section]]
            field = self.field(section)
            if self.view == MOTIVOS_VIEW:
                if field in REVIEW_FIELDS:
                    return tr(REVIEW_FIELDS[field][0])
                return tr("Total") if field == "total" else tr(MOTIVO_HEADER[field])
            return tr(SCREEN_HEADER[field])
        if role == Qt.ItemDataRole.ToolTipRole and section >= n_id:
            field = self.field(section)
            if self.view == MOTIVOS_VIEW:
                if field in REVIEW_FIELDS:
                    return tr(REVIEW_FIELDS[field][1])
                return tr("No ejecutadas (todas las actividades)") if field == "total" else dict(MOTIVOS)[field]
            return f"{tr(dict(CONTROL_KINDS)[self.view])}: {tr(FIELD_HEADER[field]).lower()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.totals:
            return  # the order of the totals (DREs, UGELs, then the whole scope) is meaningful
        self.layoutAboutToBeChanged.emit()
        def key(line):
            value = self._raw(line, column)
            return (value is None, 0 if value is None else value)

        self.lines.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
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

"""RCI: delete execution records with a reason (Registros) and restore them (Papelera)."""
from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton, QTabWidget,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.dates import format_date, format_datetime
from ...domain.enums import RCI_DELETABLE_KINDS, ActivityKind, ValidationState
from ...domain.review import DeletedRow
from .. import labels
from ..messages import show_error
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .review_filters import ReviewFilters
from .validation import review_columns

ALL_STATES = (ValidationState.PENDING, ValidationState.OBSERVED, ValidationState.VALIDATED)


class TrashPanel(Panel):
    watches = frozenset({"activity", "execution"})

    def title(self) -> str:
        return self.tr("Registros de ejecución y papelera")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._records_tab(), self.tr("Registros vigentes"))
        self.tabs.addTab(self._trash_tab(), self.tr("Papelera"))
        self.layout_.addWidget(self.tabs, 1)
        self.refresh()

    def _records_tab(self) -> QWidget:
        tab = QWidget()
        self.filters = ReviewFilters(self.sigma.validation.coaches())
        self.records = RowsModel([c for c in review_columns(self.tr)], self)
        self.records_view = QTableView()
        configure_view(self.records_view, self.records)
        self.delete_button = QPushButton(self.tr("Eliminar registro…"))
        self.records_history = QPushButton(self.tr("Historial…"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.records_history)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.filters)
        layout.addWidget(self.records_view, 1)
        layout.addLayout(row)
        self.filters.sig_changed.connect(self.refresh)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.records_history.clicked.connect(lambda: self._history(self.records_view, self.records))
        return tab

    def _trash_tab(self) -> QWidget:
        tab = QWidget()
        self.trash = RowsModel([
            Col(self.tr("Eliminado el"), lambda r: format_datetime(r.deleted_at), lambda r: r.deleted_at, 130),
            Col(self.tr("Por (DNI)"), lambda r: r.deleted_by, width=90),
            Col(self.tr("Motivo"), lambda r: r.reason, width=220),
            Col(self.tr("Actividad"), lambda r: labels.kind(r.kind), width=150),
            Col(self.tr("Acompañante"), lambda r: r.coach_name, width=200),
            Col(self.tr("Docente / IE / tema"), lambda r: r.subject, width=200),
            Col(self.tr("Fecha de ejecución"), lambda r: format_date(r.executed_on), lambda r: r.executed_on, 130),
        ], self)
        self.trash_view = QTableView()
        configure_view(self.trash_view, self.trash)
        self.restore_button = QPushButton(self.tr("Restaurar"))
        self.restore_button.setObjectName("primary")
        self.trash_history = QPushButton(self.tr("Historial…"))
        self.trash_count = QLabel()
        self.trash_count.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.trash_count)
        row.addStretch(1)
        row.addWidget(self.trash_history)
        row.addWidget(self.restore_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.trash_view, 1)
        layout.addLayout(row)
        self.restore_button.clicked.connect(self.restore_selected)
        self.trash_history.clicked.connect(lambda: self._history(self.trash_view, self.trash))
        return tab

    def refresh(self) -> None:
        year, month, coach = self.filters.values()
        rows = [r for r in self.sigma.validation.queue(year, month, coach, ALL_STATES)
                if ActivityKind(r.kind) in RCI_DELETABLE_KINDS]
        self.records.set_rows(rows)
        deleted: list[DeletedRow] = self.sigma.trash.list_deleted()
        self.trash.set_rows(deleted)
        self.trash_count.setText(self.tr("{0} registros en la papelera").format(len(deleted)))

    def _selected(self, view, model):
        return [model.row(i) for i in view.selectionModel().selectedRows()]

    def delete_selected(self, reason: str | None = None) -> None:
        rows = self._selected(self.records_view, self.records)
        if len(rows) != 1:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("Eliminar registro de ejecución"), self.tr(
                "Motivo de la eliminación (queda en el historial; el registro puede restaurarse):"),
                QLineEdit.EchoMode.Normal)
            if not ok:
                return
        try:
            changes = self.sigma.trash.delete_execution(rows[0].execution_id, reason)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.publish(changes)
        self.refresh()

    def restore_selected(self) -> None:
        rows = self._selected(self.trash_view, self.trash)
        if len(rows) != 1:
            return
        try:
            changes = self.sigma.trash.restore_execution(rows[0].execution_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.publish(changes)
        self.refresh()

    def _history(self, view, model) -> None:
        rows = self._selected(view, model)
        if rows:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, rows[0].activity_id, self).exec()

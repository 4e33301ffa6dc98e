"""Validation queue of the Gestor Local: executions and non-executions of a month, filtered by coach and
state; the selected record's detail beside the list (everything registered, its earlier observations and
corrections); validate or observe one or many rows, from the buttons or the keyboard (Ctrl+Enter validates,
Ctrl+O observes with a required comment)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QPushButton, QRadioButton, QSplitter,
                               QTableView)

from ...domain.changes import Entity
from ...domain.dates import format_date
from ...domain.review import ReviewRow
from .. import labels
from ..forms.record_view import RecordView
from ..messages import show_error
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .review_filters import ReviewFilters
from ...domain.enums import ValidationState

STATES = ((ValidationState.PENDING, "Pendientes"), (ValidationState.OBSERVED, "Observadas"),
          (ValidationState.VALIDATED, "Validadas"))
VALIDATE_KEYS = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return)
OBSERVE_KEYS = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_O)


def review_columns(tr) -> list[Col[ReviewRow]]:
    return [
        Col(tr("Mes"), lambda r: labels.month(r.month), lambda r: r.month, 82),
        Col(tr("Acompañante"), lambda r: r.coach_name, width=145),
        Col(tr("Actividad"), lambda r: labels.kind(r.kind), width=110),  # (the visit type: in the detail)
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=150),
        Col(tr("Resultado"), lambda r: labels.state(r.outcome), width=95),
        Col(tr("Fecha"), lambda r: format_date(r.executed_on), lambda r: r.executed_on, 82),
        Col(tr("Estado"), lambda r: labels.state(r.validation_state), width=80),
    ]


class ValidationPanel(Panel):
    watches = frozenset({"activity", "execution", "month_closing"})

    def title(self) -> str:
        return self.tr("Validación de ejecuciones y no ejecuciones")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.filters = ReviewFilters(sigma.validation.coaches())
        self.state_group = QButtonGroup(self)
        states = QHBoxLayout()
        states.addWidget(QLabel(self.tr("Mostrar:")))
        for i, (code, text) in enumerate(STATES):
            button = QRadioButton(self.tr(text))
            button.setProperty("state", code)
            self.state_group.addButton(button, i)
            states.addWidget(button)
        self.state_group.button(0).setChecked(True)
        states.addStretch(1)
        self.model = RowsModel(review_columns(self.tr), self)
        self.view = QTableView()
        configure_view(self.view, self.model)
        self.detail = RecordView()
        self.detail.setMinimumWidth(290)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([800, 300])  # every column of the queue at 1366 px, the detail beside it
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.validate_button = QPushButton(self.tr("Validar seleccionados (Ctrl+Enter)"))
        self.validate_button.setObjectName("primary")
        self.observe_button = QPushButton(self.tr("Observar… (Ctrl+O)"))
        self.history_button = QPushButton(self.tr("Historial…"))
        self.print_button = QPushButton(self.tr("Imprimir registro (PDF)…"))
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        for b in (self.print_button, self.history_button, self.observe_button, self.validate_button):
            actions.addWidget(b)
        self.validate_action = self._shortcut(VALIDATE_KEYS, self.validate_selected)
        self.observe_action = self._shortcut(OBSERVE_KEYS, lambda: self.observe_selected())
        self.layout_.addWidget(self.filters)
        self.layout_.addLayout(states)
        self.layout_.addWidget(split, 1)
        self.layout_.addLayout(actions)
        self.filters.sig_changed.connect(self.refresh)
        self.state_group.idToggled.connect(lambda _i, on: on and self.refresh())
        self.validate_button.clicked.connect(self.validate_selected)
        self.observe_button.clicked.connect(lambda: self.observe_selected())
        self.history_button.clicked.connect(self.show_history)
        self.print_button.clicked.connect(lambda: self.print_record())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def _shortcut(self, keys: QKeySequence, slot) -> QAction:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def state(self) -> str:
        return self.state_group.checkedButton().property("state")

    def refresh(self) -> None:
        year, month, coach = self.filters.values()
        rows = self.sigma.validation.queue(year, month, coach, (self.state(),))
        self.model.set_rows(rows)
        self.count.setText(self.tr("{0} registros").format(len(rows)))
        self._selection_changed()

    def selected(self) -> list[ReviewRow]:
        return [self.model.row(i) for i in self.view.selectionModel().selectedRows()]

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected()
        pending = bool(chosen) and self.state() == ValidationState.PENDING
        self.validate_button.setEnabled(pending)
        self.observe_button.setEnabled(pending)
        self.history_button.setEnabled(len(chosen) == 1)
        self.print_button.setEnabled(len(chosen) == 1)
        if len(chosen) == 1:
            try:
                self.detail.show_detail(self.sigma.record_detail.of_execution(chosen[0].execution_id))
            except Exception as exc:  # noqa: BLE001 - a record removed meanwhile: say so in the panel
                self.detail.show_detail(None, str(getattr(exc, "message", exc)))
        elif chosen:
            self.detail.show_detail(None, self.tr("{0} registros seleccionados: validar u observar se aplica a "
                                                  "todos.").format(len(chosen)))
        else:
            self.detail.show_detail(None)

    def validate_selected(self) -> None:
        rows = self.selected()
        if not rows or self.state() != "pendiente":
            return
        try:
            changes = self.sigma.validation.validate([r.execution_id for r in rows])
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return
        self.publish(changes)
        self.refresh()
        self.count.setText(self.tr("{0} registros validados.").format(len(changes.of(Entity.EXECUTION))))

    def observe_selected(self, comment: str | None = None) -> bool:
        rows = self.selected()
        if not rows or self.state() != "pendiente":
            return False
        if comment is None:
            from ..forms.observe_dialog import ObserveDialog

            dialog = ObserveDialog(len(rows), self)
            if not dialog.exec():
                return False
            comment = dialog.comment()
        try:
            changes = self.sigma.validation.observe([r.execution_id for r in rows], comment)
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return False
        self.publish(changes)
        self.refresh()
        self.count.setText(self.tr("{0} registros observados: vuelven al acompañante.").format(len(rows)))
        return True

    def print_record(self, path=None) -> bool:
        rows = self.selected()
        if len(rows) != 1:
            return False
        activity = rows[0].activity_id
        if path is not None:
            self.sigma.exports.record_pdf(activity, path)
            return True
        from .export_actions import export

        return export(self, f"registro_{rows[0].year}-{rows[0].month:02d}_{rows[0].coach_dni}.pdf", "pdf",
                      lambda target: self.sigma.exports.record_pdf(activity, target))

    def show_history(self) -> None:
        rows = self.selected()
        if rows:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, rows[0].activity_id, self).exec()

"""Validation queue of the Gestor Local: filter by coach and month, validate many, observe one."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QTableView)

from ...domain.changes import Entity
from ...domain.dates import format_date
from ...domain.review import ReviewRow
from .. import labels
from ..messages import show_error
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .review_filters import ReviewFilters
from ...domain.enums import ValidationState

STATES = ((ValidationState.PENDING, "Pendientes"), (ValidationState.OBSERVED, "Observadas"),
          (ValidationState.VALIDATED, "Validadas"))


def review_columns(tr) -> list[Col[ReviewRow]]:
    return [
        Col(tr("Mes"), lambda r: labels.month(r.month), lambda r: r.month, 85),
        Col(tr("Acompañante"), lambda r: r.coach_name, width=200),
        Col(tr("Actividad"), lambda r: labels.kind(r.kind) + (f" ({labels.visit_type(r.visit_type)})"
                                                               if r.visit_type else ""), width=185),
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=200),
        Col(tr("Ejecutada el"), lambda r: format_date(r.executed_on), lambda r: r.executed_on, 105),
        Col(tr("Estado"), lambda r: labels.state(r.validation_state), width=90),
        Col(tr("Observación"), lambda r: r.validation_comment or "", width=220),
    ]


class ValidationPanel(Panel):
    watches = frozenset({"activity", "execution"})

    def title(self) -> str:
        return self.tr("Validación de actividades ejecutadas")

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
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.validate_button = QPushButton(self.tr("Validar seleccionados"))
        self.validate_button.setObjectName("primary")
        self.observe_button = QPushButton(self.tr("Observar…"))
        self.history_button = QPushButton(self.tr("Historial…"))
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        for b in (self.history_button, self.observe_button, self.validate_button):
            actions.addWidget(b)
        self.layout_.addWidget(self.filters)
        self.layout_.addLayout(states)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addLayout(actions)
        self.filters.sig_changed.connect(self.refresh)
        self.state_group.idToggled.connect(lambda _i, on: on and self.refresh())
        self.validate_button.clicked.connect(self.validate_selected)
        self.observe_button.clicked.connect(self.observe_selected)
        self.history_button.clicked.connect(self.show_history)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def state(self) -> str:
        return self.state_group.checkedButton().property("state")

    def refresh(self) -> None:
        year, month, coach = self.filters.values()
        rows = self.sigma.validation.queue(year, month, coach, (self.state(),))
        self.model.set_rows(rows)
        self.count.setText(self.tr("{0} registros").format(len(rows)))
        self._update_buttons()

    def selected(self) -> list[ReviewRow]:
        return [self.model.row(i) for i in self.view.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        pending = bool(chosen) and self.state() == ValidationState.PENDING
        self.validate_button.setEnabled(pending)
        self.observe_button.setEnabled(pending and len(chosen) == 1)
        self.history_button.setEnabled(len(chosen) == 1)

    def validate_selected(self) -> None:
        rows = self.selected()
        try:
            changes = self.sigma.validation.validate([r.execution_id for r in rows])
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return
        self.count.setText(self.tr("{0} registros validados.").format(len(changes.of(Entity.EXECUTION))))
        self.publish(changes)
        self.refresh()

    def observe_selected(self, comment: str | None = None) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        if comment is None:
            comment, ok = QInputDialog.getText(self, self.tr("Observar registro"), self.tr(
                "Explique al acompañante qué debe corregir:"), QLineEdit.EchoMode.Normal)
            if not ok:
                return
        try:
            changes = self.sigma.validation.observe(rows[0].execution_id, comment)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.publish(changes)
        self.refresh()

    def show_history(self) -> None:
        rows = self.selected()
        if rows:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, rows[0].activity_id, self).exec()

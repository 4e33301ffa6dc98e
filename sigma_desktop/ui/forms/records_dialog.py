"""Drill-down: the records behind a number of the control grid or an indicator."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTableView, QVBoxLayout

from ...domain.catalogues import SKIP_REASONS
from ...domain.dates import format_date
from ...domain.reporting import RecordRow
from .. import labels
from ..models.rows_model import Col, RowsModel, configure_view
from ...domain.enums import ActivityStatus

LIMIT = 5000  # the service lists at most this many records
_MOTIVOS = {r.code: r.name for r in SKIP_REASONS}


def record_columns(tr) -> list[Col[RecordRow]]:
    def kind(r: RecordRow) -> str:
        try:
            return labels.kind(r.kind)
        except ValueError:
            return tr("Docente") if r.kind == "docente" else r.kind

    return [
        Col(tr("Actividad"), kind, width=130),
        Col(tr("Acompañante"), lambda r: r.coach or "", width=190),
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=210),
        Col(tr("Mes"), lambda r: labels.month(r.month) if r.month else "", lambda r: r.month or 0, 80),
        Col(tr("Estado"), lambda r: labels.state(r.status), width=100),
        Col(tr("Ejecutada el"), lambda r: format_date(r.executed_on) if r.status == ActivityStatus.EXECUTED else "",
            lambda r: r.executed_on, 108),
        Col(tr("Validación"),
            lambda r: labels.state(r.validation_state) if r.status == ActivityStatus.EXECUTED else "",
            width=95),
        Col(tr("Motivo de no ejecución"), lambda r: _MOTIVOS.get(r.skip_reason or "", r.skip_reason or ""),
            width=200),
    ]


class RecordsDialog(QDialog):
    def __init__(self, sigma, title: str, rows: list[RecordRow], parent=None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("Registros: {0}").format(title))
        self.resize(1180, 540)
        self.model = RowsModel(record_columns(self.tr), self)
        self.model.set_rows(rows)
        self.view = QTableView()
        configure_view(self.view, self.model)
        heading = QLabel(title)
        heading.setObjectName("panelTitle")
        count = self.tr("{0} registros").format(len(rows))
        if len(rows) >= LIMIT:
            count += self.tr(" (se muestran los primeros {0}; use la exportación de datos para verlos todos)"
                             ).format(LIMIT)
        self.count = QLabel(count)
        self.count.setObjectName("hint")
        self.history_button = QPushButton(self.tr("Historial…"))
        self.history_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.history_button.clicked.connect(self.show_history)

    def selected(self) -> RecordRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _update(self) -> None:
        row = self.selected()
        self.history_button.setEnabled(row is not None and row.kind != "docente")

    def show_history(self) -> None:
        row = self.selected()
        if row is not None:
            from .history_dialog import HistoryDialog

            HistoryDialog(self.sigma, row.record_id, self).exec()

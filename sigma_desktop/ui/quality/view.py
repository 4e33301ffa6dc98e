"""Findings above, the records of the selected one below; mark its state, read its history and each
record's history (the change log)."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ...domain.quality.review import ReviewedFinding, effective_state
from ..models.rows_model import RowsModel, configure_view
from .columns import finding_columns, record_columns


class FindingsView(QWidget):
    sig_changed = Signal(object)  # frozenset of entities written (a finding's state)

    def __init__(self, sigma, parent: QWidget | None = None, *, show_ugel: bool = False, show_kind: bool = True):
        super().__init__(parent)
        self.sigma = sigma
        self.findings = RowsModel(finding_columns(self.tr, show_ugel, show_kind), self)
        self.findings_view = QTableView()
        configure_view(self.findings_view, self.findings)
        self.findings_view.setWordWrap(False)
        self.records = RowsModel(record_columns(self.tr), self)
        self.records_view = QTableView()
        configure_view(self.records_view, self.records)
        for view in (self.findings_view, self.records_view):  # the service's order until the user sorts
            view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.records_title = QLabel(self.tr("Seleccione un hallazgo para ver sus registros."))
        self.records_title.setObjectName("hint")
        self.records_title.setWordWrap(True)
        self.mark_button = QPushButton(self.tr("Cambiar estado…"))
        self.mark_button.setObjectName("primary")
        self.finding_history = QPushButton(self.tr("Historial del hallazgo…"))
        self.record_history = QPushButton(self.tr("Historial del registro…"))
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.findings_view, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.finding_history)
        actions.addWidget(self.mark_button)
        top_layout.addLayout(actions)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.records_title)
        bottom_layout.addWidget(self.records_view, 1)
        record_actions = QHBoxLayout()
        record_actions.addStretch(1)
        record_actions.addWidget(self.record_history)
        bottom_layout.addLayout(record_actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.findings_view.selectionModel().selectionChanged.connect(self._selected)
        self.findings_view.doubleClicked.connect(lambda _index: self.mark_selected())
        self.records_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.records_view.doubleClicked.connect(lambda _index: self.show_record_history())
        self.mark_button.clicked.connect(lambda: self.mark_selected())
        self.finding_history.clicked.connect(self.show_finding_history)
        self.record_history.clicked.connect(self.show_record_history)
        self._update_buttons()

    # --- content --------------------------------------------------------------------------------------
    def set_findings(self, rows: list[ReviewedFinding]) -> None:
        keep = self.selected()
        self.findings.set_rows(rows)
        if keep is not None and not self.select(keep.id) and rows:
            self.findings_view.selectRow(0)
        elif keep is None and rows:
            self.findings_view.selectRow(0)
        if not rows:
            self.records.set_rows([])
            self.records_title.setText(self.tr("No hay hallazgos con estos filtros."))
        self._update_buttons()

    def select(self, finding_id) -> bool:
        for i, r in enumerate(self.findings.rows):
            if r.id == finding_id:
                self.findings_view.selectRow(i)
                return True
        return False

    def selected(self) -> ReviewedFinding | None:
        rows = self.findings_view.selectionModel().selectedRows()
        return self.findings.row(rows[0]) if rows else None

    def selected_record(self):
        rows = self.records_view.selectionModel().selectedRows()
        return self.records.row(rows[0]) if rows else None

    def _selected(self) -> None:
        finding = self.selected()
        if finding is None:
            self.records.set_rows([])
        else:
            lines = self.sigma.quality.records(finding)
            self.records.set_rows(lines)
            if lines:
                self.records_view.selectRow(0)
            count = self.tr("1 registro") if len(lines) == 1 else self.tr("{0} registros").format(len(lines))
            self.records_title.setText(self.tr("<b>{0} — {1}</b> ({2}): {3}").format(
                finding.kind_label, finding.subject_label, count, finding.finding.detail))
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.selected()
        self.mark_button.setEnabled(finding is not None)
        self.finding_history.setEnabled(finding is not None and finding.stored is not None)
        self.record_history.setEnabled(self.selected_record() is not None)

    # --- actions --------------------------------------------------------------------------------------
    def mark_selected(self, dialog_factory=None) -> None:
        """Opens the state dialog of the selected finding; after a save, the row shows the new state."""
        from .dialogs import MarkDialog

        finding = self.selected()
        if finding is None:
            return
        dialog = (dialog_factory or MarkDialog)(self.sigma, finding, self)
        if not dialog.exec() or dialog.saved is None:
            return
        state, superseded = effective_state(dialog.saved, finding.count)
        updated = replace(finding, stored=dialog.saved, state=state, superseded=superseded)
        rows = [updated if r.id == finding.id else r for r in self.findings.rows]
        self.findings.set_rows(rows)
        self.select(finding.id)
        self.sig_changed.emit(frozenset({"quality_finding"}))

    def show_finding_history(self) -> None:
        finding = self.selected()
        if finding is not None and finding.stored is not None:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, finding.id, self).exec()

    def show_record_history(self) -> None:
        line = self.selected_record()
        if line is not None:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, line.record_id, self).exec()

"""Calidad de la información: the checks run over the year's data of the RCI's UGEL (or the Coordinador's
scope); the findings, each with its records and their history, its state and note; export to Excel."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from ...domain.dates import format_datetime
from ...domain.quality.kinds import KINDS, OPEN_STATES, STATE_LABELS, Kind, State
from ...domain.quality.review import QualityReport
from .. import runner
from ..quality.view import FindingsView
from .base import Panel

STATE_CHOICES = (("abiertos", "Abiertos (nuevos y revisados)"), ("todos", "Todos"),
                 *((s.value, STATE_LABELS[s] + "s") for s in State))


class QualityPanel(Panel):
    watches = frozenset({"activity", "execution", "execution_participant", "assignment", "teacher", "coach",
                         "school", "month_closing", "quality_finding"})

    def title(self) -> str:
        return self.tr("Calidad de la información")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.report: QualityReport | None = None
        self._job = 0
        self.year = QComboBox()
        for year in sigma.quality.years():
            self.year.addItem(str(year), year)
        ugels = sigma.quality.ugels()
        self.ugel = QComboBox()
        if len(ugels) != 1:
            self.ugel.addItem(self.tr("Todas las UGEL de su ámbito"), None)
        for code, name in ugels:
            self.ugel.addItem(f"{name} ({code})", code)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Todos los tipos"), None)
        for kind, info in KINDS.items():
            self.kind.addItem(self.tr(info.label), kind)
        self.state = QComboBox()
        for key, label in STATE_CHOICES:
            self.state.addItem(self.tr(label), key)
        self.run_button = QPushButton(self.tr("Volver a revisar"))
        self.params_button = QPushButton(self.tr("Parámetros…"))
        self.export_button = QPushButton(self.tr("Exportar a Excel…"))
        row = QHBoxLayout()
        for label, widget in ((self.tr("Año:"), self.year), (self.tr("UGEL:"), self.ugel),
                              (self.tr("Tipo:"), self.kind), (self.tr("Estado:"), self.state)):
            caption = QLabel(label)
            row.addWidget(caption)
            row.addWidget(widget)
            if widget is self.ugel and len(ugels) == 1:  # one UGEL: nothing to choose
                caption.setVisible(False)
                widget.setVisible(False)
        row.addStretch(1)
        row.addWidget(self.run_button)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.view = FindingsView(sigma, self, show_ugel=len(ugels) != 1)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.params_button)
        actions.addWidget(self.export_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addLayout(actions)
        self.year.currentIndexChanged.connect(self.refresh)
        self.ugel.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.show_selection)
        self.state.currentIndexChanged.connect(self.show_selection)
        self.run_button.clicked.connect(self.refresh)
        self.params_button.clicked.connect(self.edit_params)
        self.export_button.clicked.connect(self.export)
        self.view.sig_changed.connect(self._marked)
        self.refresh()

    # --- running the checks ---------------------------------------------------------------------------
    def refresh(self) -> None:
        year, ugel = self.year.currentData(), self.ugel.currentData()
        if year is None:
            return
        self._job += 1
        job = self._job
        self.status.setText(self.tr("Revisando los datos de {0}…").format(year))
        self.run_button.setEnabled(False)

        def done(report, job=job) -> None:
            if job == self._job:
                self.show_report(report)

        def failed(exc, job=job) -> None:
            if job == self._job:
                from ..messages import show_error

                self.run_button.setEnabled(True)
                self.status.setText(self.tr("No se pudo revisar."))
                if self.isVisible():
                    show_error(self, exc)

        runner.run(self, lambda: self.sigma.quality.run(year, ugel), done, failed,
                   busy_text=self.tr("Revisando la calidad de la información…"), busy_after_ms=1500)

    def show_report(self, report: QualityReport) -> None:
        self.report = report
        self.run_button.setEnabled(True)
        self.show_selection()

    def selection(self) -> list:
        if self.report is None:
            return []
        kind: Kind | None = self.kind.currentData()
        key = self.state.currentData()
        states = OPEN_STATES if key == "abiertos" else None if key == "todos" else {State(key)}
        return self.report.select(None if kind is None else [kind], states)

    def show_selection(self) -> None:
        if self.report is None:
            return
        rows = self.selection()
        self.view.set_findings(rows)
        report = self.report
        opened = sum(1 for r in report.findings if r.is_open)
        self.status.setText(self.tr(
            "{0} hallazgos mostrados · {1} abiertos en total ({2}, {3}) · revisado el {4} en {5} s").format(
            len(rows), opened, report.scope_label, report.year, format_datetime(report.ran_at),
            f"{sum(report.seconds.values()):.1f}"))

    def show_kind(self, kind: Kind) -> None:
        """Shows the open findings of one kind (from the Inicio)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.state.setCurrentIndex(0)

    def _marked(self, entities) -> None:
        if self.report is not None:  # the row already shows the new state; the report keeps it too
            shown = {r.id: r for r in self.view.findings.rows}
            self.report = QualityReport(self.report.year, self.report.scope_label,
                                        tuple(shown.get(r.id, r) for r in self.report.findings), self.report.params,
                                        self.report.ran_at, self.report.seconds)
        self.notify(*entities)

    # --- parameters and export ------------------------------------------------------------------------
    def edit_params(self) -> None:
        from ..quality.dialogs import ParamsDialog

        if ParamsDialog(self.sigma, self).exec():
            self.refresh()

    def export(self) -> None:
        if self.report is None:
            return
        from .export_actions import export

        report, rows = self.report, self.selection()
        export(self, f"calidad-de-la-informacion-{report.year}.xlsx", "xlsx",
               lambda path: self.sigma.quality.export(report, path, rows))

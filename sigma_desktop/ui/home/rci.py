"""The RCI's Inicio: the quality module's open findings by kind, as a chart and as counts; a bar opens the
findings of its kind with their records."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ...domain.dates import format_datetime
from ...domain.quality.kinds import KINDS, OPEN_STATES, Kind
from ...domain.quality.review import QualityReport
from .. import runner
from ..charts import Bar, BarChart
from ..panels.base import Panel


class RciHomePanel(Panel):
    sig_open_module = Signal(str)  # the main window shows that module
    watches = frozenset({"activity", "execution", "execution_participant", "assignment", "teacher", "coach",
                         "school", "month_closing", "quality_finding"})

    def title(self) -> str:
        return self.tr("Inicio")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        actor = sigma.actor
        self.report: QualityReport | None = None
        self.dialog = None
        self._job = 0
        welcome = QLabel(self.tr("Bienvenido(a), {0}. Estos son los hallazgos abiertos de la calidad de la "
                                 "información: cada barra abre sus registros.").format(actor.name))
        welcome.setWordWrap(True)
        self.year = QComboBox()
        for year in sigma.quality.years():
            self.year.addItem(str(year), year)
        self.open_module = QPushButton(self.tr("Ir a Calidad de la información"))
        top = QHBoxLayout()
        top.addWidget(welcome, 1)
        top.addWidget(QLabel(self.tr("Año:")))
        top.addWidget(self.year)
        self.chart = BarChart(row_height=26)
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.addWidget(self.chart)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_module)
        self.layout_.addLayout(top)
        self.layout_.addWidget(card)
        self.layout_.addWidget(self.totals)
        self.layout_.addStretch(1)
        self.layout_.addLayout(bottom)
        self.chart.sig_activated.connect(self.open_kind)
        self.year.currentIndexChanged.connect(self.refresh)
        self.open_module.clicked.connect(lambda: self.sig_open_module.emit("quality"))
        self.refresh()

    def refresh(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        self._job += 1
        job = self._job
        self.status.setText(self.tr("Revisando los datos de {0}…").format(year))

        def done(report, job=job) -> None:
            if job == self._job:
                self.show_report(report)

        def failed(exc, job=job) -> None:
            if job == self._job:
                self.status.setText(self.tr("No se pudo revisar: {0}").format(getattr(exc, "message", exc)))

        runner.run(self, lambda: self.sigma.quality.run(year), done, failed, busy_after_ms=3000)

    def show_report(self, report: QualityReport) -> None:
        self.report = report
        counts = report.open_by_kind()
        order = {k: i for i, k in enumerate(Kind)}
        kinds = sorted(counts, key=lambda k: (-counts[k][0], order[k]))
        bars = []
        for kind in kinds:
            findings, records = counts[kind]
            text = (self.tr("1 hallazgo") if findings == 1 else self.tr("{0} hallazgos").format(findings)) + " · " + (
                self.tr("1 registro") if records == 1 else self.tr("{0} registros").format(records))
            if not findings:
                text = self.tr("ninguno")
            bars.append(Bar(kind, self.tr(KINDS[kind].label), findings, text,
                            self.tr(KINDS[kind].description) + " " + self.tr("Corrige: {0}.").format(KINDS[kind].who)))
        self.chart.set_data(bars, title=self.tr("Hallazgos abiertos por tipo — {0}, {1}").format(
            report.scope_label, report.year))
        total = sum(n for n, _r in counts.values())
        records = sum(r for _n, r in counts.values())
        closed = sum(1 for r in report.findings if r.state not in OPEN_STATES)
        self.totals.setText(self.tr("<b>{0}</b> hallazgos abiertos con <b>{1}</b> registros en {2} de los {3} "
                                    "tipos; {4} ya corregidos o justificados.").format(
            total, records, sum(1 for n, _r in counts.values() if n), len(Kind), closed))
        self.status.setText(self.tr("Revisado el {0}. Haga clic en una barra (o selecciónela con las flechas y "
                                    "pulse Intro) para ver sus hallazgos y registros.").format(
            format_datetime(report.ran_at)))

    def open_kind(self, kind: Kind) -> None:
        """The open findings of `kind`, with their records, in a dialog."""
        if self.report is None:
            return
        from ..quality.findings_dialog import FindingsDialog

        findings = self.report.select([kind], OPEN_STATES)
        self.dialog = FindingsDialog(self.sigma, kind, findings, self,
                                     show_ugel=len({r.finding.ugel_id for r in self.report.findings}) > 1)
        self.dialog.sig_changed.connect(self._marked)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _marked(self, entities) -> None:
        self.notify(*entities)

    def _closed(self) -> None:
        self.refresh()

"""Filters of the Módulo de Control and the Módulo de Reportes: year, month, DRE, UGEL, intervention, coach."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QSpinBox, QWidget

from ...domain.dates import today_lima
from ...domain.reporting import ReportFilter
from .. import labels


class ReportFilters(QWidget):
    """Emits `sig_apply` when the user asks for the figures (they may take a while at national scale)."""

    sig_apply = Signal()

    def __init__(self, options, *, month_required: bool = False, parent=None):
        super().__init__(parent)
        self.options = options
        today = today_lima()
        self.year = QSpinBox()
        self.year.setRange(2015, today.year + 1)
        self.year.setValue(max(options.years) if options.years else today.year)
        self.month = QComboBox()
        if not month_required:
            self.month.addItem(self.tr("Todo el año"), None)
        for n in range(1, 13):
            self.month.addItem(labels.month(n), n)
        if self.year.value() == today.year:
            self.month.setCurrentIndex(self.month.findData(today.month))
        else:  # a past year: the whole year (or its last month when a month is required)
            self.month.setCurrentIndex(self.month.findData(None if not month_required else 12))
        self.dre = QComboBox()
        self.ugel = QComboBox()
        self.intervention = QComboBox()
        self.intervention.addItem(self.tr("Todas"), None)
        for key, name in options.interventions:
            self.intervention.addItem(name, key)
        self.coach = QComboBox()
        self.coach.setMinimumWidth(240)
        self.apply_button = QPushButton(self.tr("Consultar"))
        self.apply_button.setObjectName("primary")
        self.dre.addItem(self.tr("Todas") if len(options.dres) != 1 else options.dres[0][1],
                         None if len(options.dres) != 1 else options.dres[0][0])
        if len(options.dres) > 1:
            for code, name in options.dres:
                self.dre.addItem(f"{name} ({code})", code)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        cells = ((self.tr("Año:"), self.year), (self.tr("Mes:"), self.month), (self.tr("DRE:"), self.dre),
                 (self.tr("UGEL:"), self.ugel), (self.tr("Intervención:"), self.intervention),
                 (self.tr("Acompañante:"), self.coach))
        for i, (text, widget) in enumerate(cells):
            row, col = divmod(i, 3)
            grid.addWidget(QLabel(text), row, col * 2)
            grid.addWidget(widget, row, col * 2 + 1)
        grid.addWidget(self.apply_button, 0, 6, 2, 1)
        grid.setColumnStretch(5, 1)
        self._fill_ugels()
        self.dre.currentIndexChanged.connect(self._fill_ugels)
        self.ugel.currentIndexChanged.connect(self._fill_coaches)
        self.apply_button.clicked.connect(self.sig_apply)
        if options.coach_only:  # an AP sees only their own activities
            for w in (self.dre, self.ugel, self.coach, self.intervention):
                w.setEnabled(False)

    def _fill_ugels(self) -> None:
        dre = self.dre.currentData()
        ugels = [u for u in self.options.ugels if dre is None or u[2] == dre]
        self.ugel.blockSignals(True)
        self.ugel.clear()
        if len(ugels) != 1:
            self.ugel.addItem(self.tr("Todas"), None)
        for code, name, _dre in ugels:
            self.ugel.addItem(f"{name} ({code})", code)
        self.ugel.blockSignals(False)
        self._fill_coaches()

    def _fill_coaches(self) -> None:
        ugel = self.ugel.currentData()
        self.coach.clear()
        coaches = self.options.coaches
        if self.options.coach_only and coaches:
            dni, name, _u, _i = coaches[0]
            self.coach.addItem(f"{name} ({dni})", dni)
            return
        self.coach.addItem(self.tr("Todos"), None)
        if ugel is None and len(coaches) > 400:
            return  # a national list is too long for a combo box: choose a UGEL first
        for dni, name, ugel_code, _key in coaches:
            if ugel is None or ugel_code == ugel:
                self.coach.addItem(f"{name} ({dni})", dni)

    def value(self) -> ReportFilter:
        return ReportFilter(self.year.value(), self.month.currentData(), ugel_code=self.ugel.currentData(),
                            dre_code=self.dre.currentData() if self.ugel.currentData() is None else None,
                            intervention=self.intervention.currentData(),
                            coach_dni=None if self.options.coach_only else self.coach.currentData())

    def set_busy(self, busy: bool) -> None:
        self.apply_button.setEnabled(not busy)
        self.apply_button.setText(self.tr("Calculando…") if busy else self.tr("Consultar"))

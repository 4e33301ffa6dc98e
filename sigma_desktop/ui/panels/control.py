"""Módulo de Control: per coach and month, planned vs executed, motivos and validation, with totals per
UGEL, DRE and nation; under-execution highlighted; double-click a number for the records behind it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from ...domain.dates import format_datetime
from ...domain.reporting import ControlGrid
from ..models.report_models import ControlGridModel, GridLine, legend
from .query_panel import QueryPanel
from .export_actions import export
from .report_filters import ReportFilters


def _configure(view: QTableView, model, first_width: int) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setMinimumHeight(40)
    n_id = len(model.ident)
    widths = [first_width] + ([260] if model.totals else [86, 70, 105, 92])
    for c in range(model.columnCount()):
        view.setColumnWidth(c, 64 if c >= n_id else widths[c])


class ControlPanel(QueryPanel):
    busy_text = "Calculando el Módulo de Control…"
    watches = frozenset({"activity", "execution"})

    def title(self) -> str:
        return self.tr("Módulo de Control: plan y ejecución por acompañante")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.grid: ControlGrid | None = None
        self.filters = ReportFilters(sigma.exports.filter_options())
        self.model = ControlGridModel(parent=self)
        self.view = QTableView()
        _configure(self.view, self.model, 230)
        self.view.setSortingEnabled(True)
        self.totals_model = ControlGridModel(totals=True, parent=self)
        self.totals_view = QTableView()
        _configure(self.totals_view, self.totals_model, 60)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        totals_box = QWidget()
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.setContentsMargins(0, 4, 0, 0)
        totals_title = QLabel(self.tr("Totales por DRE, UGEL y del ámbito"))
        totals_title.setObjectName("hint")
        totals_layout.addWidget(totals_title)
        totals_layout.addWidget(self.totals_view, 1)
        splitter.addWidget(totals_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 190])  # the totals show nation, DRE and a UGEL without scrolling
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.legend = QLabel(legend())
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Exportar PDF…"))
        self.xlsx_button = QPushButton(self.tr("Exportar Excel…"))
        actions = QHBoxLayout()
        actions.addWidget(self.status)
        actions.addStretch(1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.legend)
        self.layout_.addWidget(splitter, 1)
        self.layout_.addLayout(actions)
        self.filters.sig_apply.connect(self.refresh)
        self.view.doubleClicked.connect(lambda index: self.drill(self.model, index))
        self.totals_view.doubleClicked.connect(lambda index: self.drill(self.totals_model, index))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self._update_buttons()
        self.refresh()

    # --- loading -----------------------------------------------------------------------------------
    def compute(self, f):
        return self.sigma.control.grid(f)

    def show_result(self, result) -> None:
        self.show_grid(result)

    def show_grid(self, grid: ControlGrid) -> None:
        self.filters.set_busy(False)
        self.grid = grid
        self.model.set_lines([GridLine(f"{r.coach_name}", r.counts, r.coach_id, r.coach_dni, r.ugel_code,
                                       r.dre_code, r.intervention, r.month) for r in grid.rows])
        names = self._office_names()
        order = {"total": 0, "dre": 1, "ugel": 2}
        lines = []
        for (level, key), counts in sorted(grid.totals.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
            label = self.tr("Total del ámbito") if level == "total" else names.get((level, key), key)
            lines.append(GridLine(label, counts, ugel_code=key if level == "ugel" else "",
                                  dre_code=key if level == "dre" else "", level=level))
        self.totals_model.set_lines(lines)
        self.status.setText(self.tr("{0} filas (acompañante y mes) · calculado el {1}").format(
            len(grid.rows), format_datetime(grid.generated_at)))
        self._update_buttons()

    def _office_names(self) -> dict:
        o = self.filters.options
        names = {("dre", code): f"{name} ({code})" for code, name in o.dres}
        names.update({("ugel", code): f"{name} ({code})" for code, name, _d in o.ugels})
        return names

    def _update_buttons(self) -> None:
        ready = self.grid is not None
        self.pdf_button.setEnabled(ready)
        self.xlsx_button.setEnabled(ready)

    # --- drill-down --------------------------------------------------------------------------------
    def drill(self, model: ControlGridModel, index) -> None:
        measure = model.measure(index.column())
        if measure is None or self.grid is None:
            return
        line = model.line(index)
        f = self.grid.filter
        kwargs = {}
        if line.level == "acompanante":
            kwargs = {"coach_id": line.coach_id, "month": line.month}
        elif line.level == "ugel":
            kwargs = {"ugel_code": line.ugel_code}
        elif line.level == "dre":
            kwargs = {"dre_code": line.dre_code}
        try:
            rows = self.sigma.control.records(f, measure, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            from ..messages import show_error

            show_error(self, exc)
            return
        header = model.headerData(index.column(), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        title = f"{header} — {line.label}"
        if line.month:
            from .. import labels

            title += f", {labels.month(line.month)}"
        from ..forms.records_dialog import RecordsDialog

        self.records_dialog = RecordsDialog(self.sigma, title, rows, self)
        self.records_dialog.open()

    # --- exports -----------------------------------------------------------------------------------
    def export(self, fmt: str) -> bool:
        if self.grid is None:
            return False
        from ...services.exports import default_filename

        grid = self.grid
        return export(self, default_filename("control", grid.filter, fmt), fmt,
                      lambda path: self.sigma.exports.write_control(grid, fmt, path))

"""Módulo de Control: per coach and month, planned vs executed for every activity kind (visitas, GIA,
talleres, visitas sociales, rutas with their viáticos, materiales with their kits), the motivos of what
was not done and the validation; one tab per view, so that every column reads at 1366 px; totals only
where they add information, labelled with what they total; double-click a number for its records."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTabBar, QTableView

from ...domain.dates import format_datetime
from ...domain.permissions import Action, allowed
from ...domain.reporting import ControlGrid, progress_text
from ...reports.formatting import CONTROL_KINDS, short_office, total_lines
from ..models.report_models import MOTIVOS_VIEW, ControlGridModel, GridLine, legend
from ..messages import show_error
from .export_actions import export
from .query_panel import QueryPanel
from .report_filters import ReportFilters

IDENT_WIDTH = {"coach": 205, "ugel": 76, "intervention": 100, "month": 78, "scope": 300}
FIGURE_WIDTH, MOTIVO_WIDTH = 70, 58


def _configure(view: QTableView, model) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setMinimumHeight(42)


def _fit(view: QTableView, model: ControlGridModel, first: int | None = None,
         widths: list[int] | None = None, totals: ControlGridModel | None = None) -> list[int]:
    """Column widths that show every header whole (its widest line in the header's bold font) and every
    figure of the total rows (the widest numbers)."""
    if widths is None:
        from PySide6.QtGui import QFont, QFontMetrics

        metrics = view.horizontalHeader().fontMetrics()
        bold = QFont(view.font())
        bold.setBold(True)
        figures = QFontMetrics(bold)
        n_id = len(model.ident)
        widths = []
        for c in range(model.columnCount()):
            base = IDENT_WIDTH[model.ident[c]] if c < n_id else (
                MOTIVO_WIDTH if model.view == MOTIVOS_VIEW else FIGURE_WIDTH)
            text = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            pad = 17 if model.view == MOTIVOS_VIEW else 24
            need = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0) + pad
            if totals is not None and c >= n_id:
                column = c - n_id + 1
                need = max([need] + [figures.horizontalAdvance(str(totals.data(totals.index(r, column)))) + 14
                                     for r in range(totals.rowCount())])
            widths.append(max(base, need))
        room = view.viewport().width()
        if view.isVisible() and sum(widths) > room and model.ident and model.ident[0] == "coach":
            widths[0] = max(130, widths[0] - (sum(widths) - room))  # the names give way first
    for c, width in enumerate(widths):
        if c == 0 and first is not None:
            width = first
        view.setColumnWidth(c, width)
    return widths


class ControlPanel(QueryPanel):
    busy_text = "Calculando el Módulo de Control…"
    watches = frozenset({"activity", "execution", "month_closing"})
    VIEWS = tuple(CONTROL_KINDS) + ((MOTIVOS_VIEW, "Motivos de no ejecución"),)

    def title(self) -> str:
        return self.tr("Módulo de Control: plan y ejecución por acompañante")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.grid: ControlGrid | None = None
        self.filters = ReportFilters(sigma.exports.filter_options())
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for key, label in self.VIEWS:
            self.tabs.addTab(self.tr(label))
            self.tabs.setTabData(self.tabs.count() - 1, key)
        self.model = ControlGridModel(parent=self)
        self.view = QTableView()
        _configure(self.view, self.model)
        # the service's order (UGEL, then the names in Spanish order, then the month) until the user sorts
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.totals_model = ControlGridModel(totals=True, parent=self)
        self.totals_view = QTableView()
        _configure(self.totals_view, self.totals_model)
        self.totals_view.horizontalHeader().setVisible(False)  # the same columns as the grid above
        self.view.horizontalScrollBar().valueChanged.connect(self.totals_view.horizontalScrollBar().setValue)
        self.totals_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.totals_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # aligned with the grid
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.legend = QLabel(legend())
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Exportar PDF…"))
        self.xlsx_button = QPushButton(self.tr("Exportar Excel…"))
        # the month's state: «Mes cerrado el … por …», or «en curso, al dd/mm» (planned up to today)
        self.month_state = QLabel()
        self.month_state.setObjectName("monthState")
        self.month_state.setWordWrap(True)
        self.month_state.hide()
        actor = sigma.actor  # (None: a panel made by a program acting as the system, as the tests do)
        self.can_close = actor is not None and allowed(actor.role, Action.CLOSE_MONTH)
        self.close_button = QPushButton(self.tr("Cerrar el mes…"))
        self.reopen_button = QPushButton(self.tr("Reabrir el mes…"))
        self.states_button = QPushButton(self.tr("Cierre por UGEL…"))
        self.close_button.setVisible(self.can_close)
        self.reopen_button.setVisible(self.can_close)
        actions = QHBoxLayout()
        actions.addWidget(self.status)
        actions.addStretch(1)
        for b in (self.states_button, self.close_button, self.reopen_button, self.pdf_button, self.xlsx_button):
            actions.addWidget(b)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.month_state)
        self.layout_.addWidget(self.tabs)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self.totals_view)
        self.layout_.addWidget(self.legend)
        self.layout_.addLayout(actions)
        self.filters.sig_apply.connect(self.refresh)
        self.tabs.currentChanged.connect(self._show_view)
        self.view.doubleClicked.connect(lambda index: self.drill(self.model, index))
        self.totals_view.doubleClicked.connect(lambda index: self.drill(self.totals_model, index))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.close_button.clicked.connect(lambda: self.close_month())
        self.reopen_button.clicked.connect(lambda: self.reopen_month())
        self.states_button.clicked.connect(self.show_closing_states)
        self._update_buttons()
        self.refresh()

    # --- loading -----------------------------------------------------------------------------------
    def open_view(self, f):
        return self.sigma.live.control(f)

    def show_result(self, result) -> None:
        self.show_grid(result)

    def show_grid(self, grid: ControlGrid) -> None:
        self.filters.set_busy(False)
        self.grid = grid
        show_ugel = len({r.ugel_code for r in grid.rows}) > 1
        show_month = grid.filter.month is None
        self.model.set_lines([GridLine(r.coach_name, r.counts, r.coach_id, r.coach_dni, r.ugel_code, r.dre_code,
                                       r.intervention, r.month) for r in grid.rows],
                             show_ugel=show_ugel, show_month=show_month,
                             ugel_names={code: short_office(name) for code, name, _d in self.filters.options.ugels})
        totals = total_lines(grid, self._office_names())
        self.totals_model.set_lines([GridLine(t.label, t.counts, ugel_code=t.key if t.level == "ugel" else "",
                                              dre_code=t.key if t.level == "dre" else "", level=t.level)
                                     for t in totals])
        self._show_view()
        self.status.setText(self.tr("{0} filas (acompañante y mes) · calculado el {1}").format(
            len(grid.rows), format_datetime(grid.generated_at)))
        self._show_month_state(grid)
        self._update_buttons()

    def _show_month_state(self, grid: ControlGrid) -> None:
        text = ""
        if grid.closed_mark:
            text = grid.closed_mark
        elif grid.as_of is not None:
            later = sum(grid.totals.get(("total", "total"), {}).get(f"{k}.later", 0) for k, _ in CONTROL_KINDS)
            text = self.tr("Periodo {0}: se compara lo ejecutado con lo planificado hasta hoy; {1} actividades "
                           "programadas para después aún no cuentan.").format(progress_text(grid.as_of), later)
        self.month_state.setProperty("closed", bool(grid.closed_mark))
        self.month_state.setStyleSheet("QLabel#monthState { padding: 4px 8px; border-radius: 4px; "
                                       + ("background: #F6E3E3; color: #7A1F1F; font-weight: 600; }"
                                          if grid.closed_mark else "background: #EAF1FA; color: #1F3A5F; }"))
        self.month_state.setText(text)
        self.month_state.setVisible(bool(text))

    # --- closing -----------------------------------------------------------------------------------
    def closing_target(self) -> tuple[str, int, int] | None:
        """(UGEL, year, month) the Gestor Local may close or reopen from the filters shown, or None."""
        f = self.grid.filter if self.grid is not None else None
        if f is None or f.month is None:
            return None
        ugel = f.ugel_code or (self.filters.options.ugels[0][0] if len(self.filters.options.ugels) == 1 else None)
        return (ugel, f.year, f.month) if ugel else None

    def close_month(self, confirm: bool | None = None) -> bool:
        """Opens the closing summary; `confirm` (tests) ticks the confirmation and saves without showing it."""
        target = self.closing_target()
        if target is None:
            return False
        from ..forms.closing_dialogs import CloseMonthDialog

        try:
            dialog = CloseMonthDialog(self.sigma, *target, self)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return False
        self.closing_dialog = dialog
        if confirm is None:
            if not dialog.exec():
                return False
        else:
            if dialog.confirm is not None:
                dialog.confirm.setChecked(confirm)
            if not dialog.ok_button.isEnabled() or not dialog.save():
                return False
        self.publish(dialog.changes)
        self.refresh()
        return True

    def reopen_month(self, reason: str | None = None) -> bool:
        target = self.closing_target()
        if target is None:
            return False
        from ..forms.closing_dialogs import ReopenMonthDialog

        dialog = ReopenMonthDialog(self.sigma, *target, self)
        self.closing_dialog = dialog
        if reason is None:
            if not dialog.exec():
                return False
        else:
            dialog.reason.setPlainText(reason)
            if not dialog.ok_button.isEnabled() or not dialog.save():
                return False
        self.publish(dialog.changes)
        self.refresh()
        return True

    def show_closing_states(self) -> None:
        from ..forms.closing_dialogs import ClosingStatesDialog

        self.states_dialog = ClosingStatesDialog(self.sigma, self.filters.year.value(), self)
        self.states_dialog.open()

    def current_view(self) -> str:
        return self.tabs.tabData(self.tabs.currentIndex()) or "visita"

    def _show_view(self, *_args) -> None:
        view = self.current_view()
        self.model.set_view(view)
        self.totals_model.set_view(view)
        header = self.view.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < self.model.columnCount():  # keep the user's order
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        widths = _fit(self.view, self.model, totals=self.totals_model)
        # the totals' label spans the grid's identification columns, so the figures line up
        n_id = len(self.model.ident)
        _fit(self.totals_view, self.totals_model, first=sum(widths[:n_id]), widths=[0] + widths[n_id:])
        rows = max(1, min(self.totals_model.rowCount(), 6))
        self.totals_view.setFixedHeight(rows * 24 + 4)

    def _office_names(self) -> dict:
        from ...reports.formatting import office_label

        o = self.filters.options
        names = {("dre", code): office_label("DRE", code, name) for code, name in o.dres}
        names.update({("ugel", code): office_label("UGEL", code, name) for code, name, _d in o.ugels})
        return names

    def _update_buttons(self) -> None:
        ready = self.grid is not None
        self.pdf_button.setEnabled(ready)
        self.xlsx_button.setEnabled(ready)
        target = self.closing_target() if ready else None
        closed = bool(self.grid.closed_mark) if ready else False
        # one of the two at a time (the row must fit at 1366 px): close an open month, reopen a closed one
        self.close_button.setVisible(self.can_close and not closed)
        self.reopen_button.setVisible(self.can_close and closed)
        self.close_button.setEnabled(target is not None and not closed)
        self.reopen_button.setEnabled(target is not None and closed)
        tip = "" if target else self.tr("Elija un mes (y su UGEL) para cerrarlo o reabrirlo.")
        self.close_button.setToolTip(tip)
        self.reopen_button.setToolTip(tip)

    # --- drill-down --------------------------------------------------------------------------------
    def drill(self, model: ControlGridModel, index) -> None:
        measures = model.measures(index.column())
        if not measures or self.grid is None:
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
            rows = [r for measure in measures for r in self.sigma.control.records(f, measure, **kwargs)]
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

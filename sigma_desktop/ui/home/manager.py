"""The Inicio of the Gestor Local (bars per coach of the UGEL), of the Gestor Regional and of the Coordinador de
Calidad (bars per UGEL of the DRE, per DRE for the nation): the month's execution with the Control's 80 % and
50 % lines, the year's trend, non-executions by motivo, the validation backlog by age and the months each UGEL
has not closed. Every bar, point and number opens the records behind it."""
from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from ...domain.dashboard import ManagerDashboard
from ...domain.dates import format_date
from ...domain.enums import Role, ScopeLevel
from ...domain.reporting import ReportFilter
from ...reports.formatting import fmt_int
from .. import labels
from ..charts import EXECUTION_THRESHOLDS, Bar, BarChart, Series, TrendChart, format_value
from ..panels.base import Panel
from .common import (ChartCard, PeriodFilters, ReviewRecordsDialog, default_period, follow_live, load_live,
                     open_records)

KIND_PLURALS = (("visita", "Visitas en aula"), ("gia", "GIA"), ("taller", "Talleres"))
LEVEL_WORDS = {"acompanante": "acompañante", "ugel": "UGEL", "dre": "DRE"}
BACKLOG_COLORS = ("#2E75B6", "#5B9BD5", "#E0A800", "#D9822B", "#C0504D")  # older: warmer


class ManagerHomePanel(Panel):
    sig_open_module = Signal(str)
    watches = frozenset({"activity", "execution", "month_closing"})

    def title(self) -> str:
        return self.tr("Inicio")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.follower = follow_live(self)
        actor = sigma.actor
        self.data: ManagerDashboard | None = None
        self.dialog = None
        options = sigma.exports.filter_options()
        self.filters = PeriodFilters(options.years, *default_period(options.years))
        self.dre = QComboBox()
        self.ugel = QComboBox()
        self.kind = QComboBox()
        for key, text in KIND_PLURALS:
            self.kind.addItem(self.tr(text), key)
        if actor.scope is ScopeLevel.NATION:
            self.dre.addItem(self.tr("Todas las DRE"), None)
            for code, name in options.dres:
                self.dre.addItem(f"{name} ({code})", code)
            self.filters.add(self.tr("DRE:"), self.dre)
        self._ugels, self._dres = options.ugels, options.dres
        if actor.scope is not ScopeLevel.UGEL:
            self._fill_ugels()
            self.filters.add(self.tr("UGEL:"), self.ugel)
        self.filters.add(self.tr("Actividad:"), self.kind)
        self.filters.layout_.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self.open_link)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.groups_chart = BarChart(row_height=22)
        self.trend_chart = TrendChart(height=230)
        self.motivo_chart = BarChart(row_height=20, label_share=0.62)  # long names, values of a few digits
        self.backlog_chart = BarChart(row_height=26, label_share=0.25)
        self.closings = QTableWidget(0, 3)
        self.closings.setHorizontalHeaderLabels([self.tr("UGEL"), self.tr("Cerrados"), self.tr("Sin cerrar")])
        self.closings.verticalHeader().hide()
        self.closings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.closings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.closings.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cards = {"groups": ChartCard(self.groups_chart, scroll=True), "trend": ChartCard(self.trend_chart),
                      "motivos": ChartCard(self.motivo_chart, scroll=True),
                      "backlog": ChartCard(self.backlog_chart)}
        closing_card = QFrame()
        closing_card.setObjectName("card")
        inner = QVBoxLayout(closing_card)
        inner.setContentsMargins(6, 4, 6, 4)
        self.closing_title = QLabel()
        self.closing_title.setObjectName("sectionTitle")
        inner.addWidget(self.closing_title)
        inner.addWidget(self.closings, 1)
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.cards["groups"], 2)
        top.addWidget(self.cards["trend"], 1)
        bottom.addWidget(self.cards["motivos"], 5)
        bottom.addWidget(self.cards["backlog"], 5)
        bottom.addWidget(closing_card, 4)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(top, 5)
        self.layout_.addLayout(bottom, 4)
        self.layout_.addWidget(self.status)
        self.groups_chart.sig_activated.connect(self.open_group)
        self.trend_chart.sig_activated.connect(self.open_month)
        self.motivo_chart.sig_activated.connect(self.open_motivo)
        self.backlog_chart.sig_activated.connect(self.open_backlog)
        self.closings.cellDoubleClicked.connect(self.open_ugel)
        self.filters.sig_changed.connect(self.refresh)
        self.dre.currentIndexChanged.connect(self._dre_changed)
        self.ugel.currentIndexChanged.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.refresh()

    # --- filters ----------------------------------------------------------------------------------------
    def _fill_ugels(self) -> None:
        dre = self.dre.currentData()
        self.ugel.blockSignals(True)
        self.ugel.clear()
        self.ugel.addItem(self.tr("Todas las UGEL"), None)
        for code, name, dre_code in self._ugels:
            if dre is None or dre_code == dre:
                self.ugel.addItem(f"{name} ({code})", code)
        self.ugel.blockSignals(False)

    def _dre_changed(self) -> None:
        self._fill_ugels()
        self.refresh()

    def report_filter(self, month: int | None = -1) -> ReportFilter:
        year, chosen = self.filters.values()
        return ReportFilter(year, chosen if month == -1 else month, ugel_code=self.ugel.currentData(),
                            dre_code=self.dre.currentData())

    # --- loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        f = self.report_filter()
        kind = self.kind.currentData()
        load_live(self, lambda: self.sigma.live.manager_dashboard(f.year, f.month, ugel_code=f.ugel_code,
                                                                  dre_code=f.dre_code, kind=kind))

    def wants(self, changes) -> bool:
        """Its live view has already followed every write of this program."""
        return self.follower.view is None and super().wants(changes)

    def show_data(self, data: ManagerDashboard) -> None:
        self.data = data
        f = data.filter
        month = labels.month(f.month).lower()
        kind = self.tr(dict(KIND_PLURALS)[data.kind]).lower() if data.kind != "gia" else "GIA"
        level = LEVEL_WORDS[data.level]
        self._groups(data, month, kind, level)
        total = data.total()
        # the month in course against what was due by today (the rest of its plan is not late yet)
        trend = [total.rate_to_date if data.in_course and g.month == f.month else g.rate for g in data.months]
        self.trend_chart.set_data([(g.month, labels.month(g.month)[:3].capitalize()) for g in data.months],
                                  [Series(data.kind, self.tr("{0}: ejecutadas / planificadas").format(
                                      kind.capitalize()), trend)],
                                  title=self.tr("Ejecución por mes, {0}").format(f.year),
                                  thresholds=EXECUTION_THRESHOLDS)
        self.cards["trend"].set_note(self.tr("{0}: frente a lo planificado hasta hoy.").format(month.capitalize())
                                     if data.in_course else "")
        self.motivo_chart.set_data([Bar(x.code, self.tr(x.label).split(" (")[0], x.count, tooltip=self.tr(x.label))
                                    for x in data.motivos],
                                   title=self.tr("No ejecutadas por motivo — {0}").format(month),
                                   maximum=max([5, *(x.count for x in data.motivos)]))
        self.motivo_chart.empty_text = self.tr("Ninguna actividad no ejecutada en el mes.")
        self.backlog_chart.set_data(
            [Bar(b.index, self.tr(b.label), b.total, self._backlog_text(b), self._backlog_tip(b),
                 BACKLOG_COLORS[b.index]) for b in data.backlog],
            title=self.tr("Por validar: {0} de {1}").format(fmt_int(sum(b.total for b in data.backlog)), f.year))
        self.cards["backlog"].set_note(self.tr("Días desde la fecha de la actividad (ejecutadas + no ejecutadas)."))
        self._closings(data)
        self._summary(data, month, kind)
        self.status.setText(self.tr("Haga clic en una barra, un punto o un número para ver sus registros "
                                    "(o selecciónelo con las flechas y pulse Intro)."))

    def _groups(self, data: ManagerDashboard, month: str, kind: str, level: str) -> None:
        bars = []
        for g in data.groups:
            # a finished month as the Control and the monthly report; the month in course against what was due
            due = g.planned_to_date if data.in_course else g.planned
            value = g.rate_to_date if data.in_course else g.rate
            text = f"{format_value(value, '%')} ({fmt_int(g.executed)}/{fmt_int(due)})"
            tip = self.tr("{0} ejecutadas de {1} planificadas en el mes; {2} no ejecutadas.").format(
                fmt_int(g.executed), fmt_int(g.planned), fmt_int(g.not_executed))
            if g.planned_to_date is not None:
                tip += " " + self.tr("Planificadas hasta hoy: {0}.").format(fmt_int(g.planned_to_date))
            bars.append(Bar(g.key, g.label, value, text, tip))
        title = (self.tr("Ejecución de {0} por {1} — {2} de {3}") if not data.in_course else
                 self.tr("Ejecución de {0} por {1} — {2} de {3}, al día de hoy"))
        self.groups_chart.set_data(bars, title=title.format(kind, level, month, data.filter.year), unit="%",
                                   thresholds=EXECUTION_THRESHOLDS, band_colors=True)
        self.cards["groups"].set_note(self.tr("El mes en curso, frente a lo planificado con fecha hasta hoy "
                                              "({0}).").format(format_date(data.today)) if data.in_course else "")
        self.groups_chart.empty_text = self.tr("Nada planificado en el mes.")

    def _backlog_text(self, b) -> str:
        if not b.total:
            return self.tr("ninguno")
        return f"{fmt_int(b.total)} ({fmt_int(b.executions)} + {fmt_int(b.non_executions)})"

    def _backlog_tip(self, b) -> str:
        return self.tr("{0} ejecutadas y {1} no ejecutadas esperan validación; la más antigua es del {2}.").format(
            fmt_int(b.executions), fmt_int(b.non_executions), format_date(b.oldest) or "—")

    def _closings(self, data: ManagerDashboard) -> None:
        by_ugel: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for c in data.closings:
            by_ugel.setdefault((c.ugel_code, c.ugel_name), ([], []))[0 if c.closed else 1].append(c.month)
        unclosed = data.unclosed()
        rows = sorted(by_ugel, key=lambda k: (k not in unclosed, k[0]))  # UGELs with open months first
        self.closings.setRowCount(len(rows))
        for i, key in enumerate(rows):
            closed, open_ = by_ugel[key]
            late = unclosed.get(key, [])
            texts = (f"{key[1]} ({key[0]})", self._months(closed), self._months(open_))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text or "—")
                item.setData(Qt.ItemDataRole.UserRole, key[0])
                if late and column == 2:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(self.tr("Meses ya terminados sin cerrar: {0}").format(self._months(late)))
                self.closings.setItem(i, column, item)
        self.closings.setColumnHidden(0, data.level == "acompanante")
        self.closings.setWordWrap(True)
        self.closings.resizeRowsToContents()  # a few rows: one per UGEL of the DRE
        late_ugels = len(unclosed)
        self.closing_title.setText(
            self.tr("Cierre de meses, {0}").format(data.filter.year) + " — " +
            (self.tr("todas las UGEL al día") if not late_ugels else
             self.tr("1 UGEL con meses sin cerrar") if late_ugels == 1 else
             self.tr("{0} UGEL con meses sin cerrar").format(late_ugels)))

    @staticmethod
    def _months(months: list[int]) -> str:
        return ", ".join(labels.month(m)[:3] for m in sorted(months))

    def _not_executed(self, n: int) -> str:
        if n == 1:
            return self.tr("1 actividad no ejecutada")
        return self.tr("{0} actividades no ejecutadas").format(fmt_int(n))

    def _summary(self, data: ManagerDashboard, month: str, kind: str) -> None:
        t = data.total()
        scope = self._scope_text()
        text = self.tr("<b>{0}</b>, {1} de {2}: se ejecutaron <a href='executed'><b>{3}</b></a> de las "
                       "<a href='planned'><b>{4}</b></a> {5} planificadas ({6}) · <a href='not_executed'>{7}</a>").format(
            scope, month, data.filter.year, fmt_int(t.executed), fmt_int(t.planned), kind,
            format_value(t.rate, "%"), self._not_executed(sum(x.count for x in data.motivos)))
        if t.planned_to_date is not None:
            text += " · " + self.tr("planificadas hasta hoy ({0}): {1}, ejecutado el {2}").format(
                format_date(data.today), fmt_int(t.planned_to_date), format_value(t.rate_to_date, "%"))
        waiting = sum(b.total for b in data.backlog)
        text += " · " + self.tr("<a href='backlog'>{0} registros por validar</a>").format(fmt_int(waiting))
        self.summary.setText(text)

    def _scope_text(self) -> str:
        if self.ugel.currentData():
            return self.ugel.currentText()
        if self.dre.currentData():
            return self.dre.currentText()
        actor = self.sigma.actor
        if actor.scope is ScopeLevel.UGEL and len(self._ugels) == 1:
            return f"{self._ugels[0][1]} ({self._ugels[0][0]})"
        if actor.scope is ScopeLevel.DRE and len(self._dres) == 1:
            return f"{self._dres[0][1]} ({self._dres[0][0]})"
        return {ScopeLevel.UGEL: self.tr("Su UGEL"), ScopeLevel.DRE: self.tr("Su DRE")}.get(
            actor.scope, self.tr("Todo el país"))

    # --- the records behind a figure ----------------------------------------------------------------------
    def _records(self, title: str, measures: list[str], f: ReportFilter | None = None, **narrow) -> None:
        f = f or self.report_filter()
        self.dialog = open_records(self, self.sigma, title, lambda: [
            r for measure in measures for r in self.sigma.control.records(f, measure, **narrow)])

    def open_group(self, key: str) -> None:
        data = self.data
        if data is None:
            return
        group = next(g for g in data.groups if g.key == key)
        measure = [f"{data.kind}.planned"]
        title = f"{group.label} — {labels.kind(data.kind)}, {labels.month(data.filter.month)} {data.filter.year}"
        if data.level == "acompanante":
            self._records(title, measure, coach_id=UUID(key), month=data.filter.month)
        elif data.level == "ugel":
            self._records(title, measure, ugel_code=key)
        else:
            self._records(title, measure, dre_code=key)

    def open_month(self, key) -> None:
        kind, month = key
        self._records(f"{labels.kind(kind)} — {labels.month(month)} {self.report_filter().year}",
                      [f"{kind}.planned"], self.report_filter(month=month), month=month)

    def open_motivo(self, code: str) -> None:
        from ...services.dashboard import COACH_KINDS

        motivo = next(x for x in self.data.motivos if x.code == code)
        self._records(self.tr("No ejecutadas: {0} — {1}").format(motivo.label, labels.month(self.data.filter.month)),
                      [f"{k}.not_executed.{code}" for k in COACH_KINDS])

    def open_link(self, link: str) -> None:
        if link == "backlog":
            self.open_backlog(None)
            return
        from ...services.dashboard import COACH_KINDS

        kinds = [self.data.kind] if link != "not_executed" else COACH_KINDS
        title = {"executed": self.tr("Ejecutadas"), "planned": self.tr("Planificadas"),
                 "not_executed": self.tr("No ejecutadas")}[link]
        self._records(f"{title} — {labels.month(self.data.filter.month)} {self.data.filter.year}",
                      [f"{k}.{link}" for k in kinds])

    def open_backlog(self, band: int | None) -> None:
        """The records of an age band (None: every band) waiting for validation, oldest first."""
        from ...domain.dashboard import AGE_BANDS

        f = self.report_filter()
        bands = range(len(AGE_BANDS)) if band is None else [band]
        try:
            rows = [r for b in reversed(bands) for r in self.sigma.dashboard.backlog_records(
                f.year, b, ugel_code=f.ugel_code, dre_code=f.dre_code, today=self.data.today)]
        except Exception as exc:  # noqa: BLE001 - shown to the user
            from ..messages import show_error

            show_error(self, exc)
            return
        title = self.tr("Por validar, {0}").format(f.year) + (
            "" if band is None else " — " + self.tr(AGE_BANDS[band][2]).lower())
        can_validate = self.sigma.actor.role is Role.LOCAL_MANAGER
        self.dialog = ReviewRecordsDialog(self.sigma, title, rows, self, module="validation" if can_validate else None,
                                          module_text=self.tr("Ir a Validación"))
        self.dialog.sig_open_module.connect(self.sig_open_module)
        self.dialog.open()

    def open_ugel(self, row: int, _column: int) -> None:
        """A double-click on a UGEL of the closing table shows that UGEL's Inicio (a DRE's or the nation's)."""
        code = self.closings.item(row, 0).data(Qt.ItemDataRole.UserRole)
        index = self.ugel.findData(code)
        if index >= 0 and self.ugel.isVisibleTo(self):
            self.ugel.setCurrentIndex(index)


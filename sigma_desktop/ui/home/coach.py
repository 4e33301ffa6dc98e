"""The AP's Inicio: the month against what was planned up to today, each teacher against the protocol, the
next planned activities, what the Gestor Local observed and the teachers not visited this year. A bar opens
its records (an activity kind: the month's activities; a teacher: their ficha)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget

from ...domain.coach_work import PlanRow
from ...domain.dashboard import CoachDashboard, TeacherProgress
from ...domain.dates import format_date
from ...domain.reporting import ReportFilter
from ...domain.review import ReviewRow
from ...reports.formatting import fmt_int
from .. import labels
from ..charts import EXECUTION_THRESHOLDS, Bar, BarChart, format_value
from ..models.rows_model import Col, RowsModel, configure_view
from ..panels.base import Panel
from .common import ChartCard, PeriodFilters, default_period, follow_live, load_live, open_records


def _plan_columns(tr) -> list[Col[PlanRow]]:
    return [
        Col(tr("Fecha"), lambda r: format_date(r.planned_date) or tr("sin fecha"), lambda r: r.planned_date, 95),
        Col(tr("Actividad"), lambda r: labels.kind(r.kind) + (f" ({labels.visit_type(r.visit_type)})"
                                                               if r.visit_type else ""), width=190),
        Col(tr("Docente / IE / tema"), lambda r: r.teacher_name or r.topic or r.school_name or r.kit or "—",
            width=330),
    ]


def _observed_columns(tr) -> list[Col[ReviewRow]]:
    return [
        Col(tr("Mes"), lambda r: labels.month(r.month), lambda r: r.month, 85),
        Col(tr("Actividad"), lambda r: labels.kind(r.kind), width=150),
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=230),
        Col(tr("Ejecutada el"), lambda r: format_date(r.executed_on), lambda r: r.executed_on, 100),
        Col(tr("Observación del Gestor Local"), lambda r: r.validation_comment or "", width=360),
    ]


def _teacher_columns(tr) -> list[Col[TeacherProgress]]:
    return [
        Col(tr("Docente"), lambda r: r.name, width=260),
        Col(tr("DNI"), lambda r: r.dni, width=90),
        Col(tr("Institución educativa"), lambda r: r.school, width=330),
        Col(tr("Visitas planificadas"), lambda r: fmt_int(r.planned), lambda r: r.planned, 130),
    ]


class CoachHomePanel(Panel):
    sig_open_module = Signal(str)
    watches = frozenset({"activity", "execution", "assignment"})

    def title(self) -> str:
        return self.tr("Inicio")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.follower = follow_live(self)
        self.data: CoachDashboard | None = None
        self.dialog = None
        years = sigma.exports.filter_options().years
        self.filters = PeriodFilters(years, *default_period(years))
        self.filters.layout_.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.kinds_chart = BarChart(row_height=28)
        self.teachers_chart = BarChart(row_height=22)
        charts = QHBoxLayout()
        self.kinds_card = ChartCard(self.kinds_chart)
        self.teachers_card = ChartCard(self.teachers_chart, scroll=True)
        charts.addWidget(self.kinds_card, 1)
        charts.addWidget(self.teachers_card, 1)
        self.next_model = RowsModel(_plan_columns(self.tr), self)
        self.observed_model = RowsModel(_observed_columns(self.tr), self)
        self.not_visited_model = RowsModel(_teacher_columns(self.tr), self)
        self.tabs = QTabWidget()
        self.views: dict[str, QTableView] = {}
        self.correct_button = QPushButton(self.tr("Corregir en Planificación y registro"))
        self.correct_button.setObjectName("primary")
        self.correct_button.clicked.connect(lambda: self.sig_open_module.emit("planning"))
        self.plan_button = QPushButton(self.tr("Ir a Planificación y registro"))
        self.plan_button.clicked.connect(lambda: self.sig_open_module.emit("planning"))
        for key, model, button in (("next", self.next_model, self.plan_button),
                                   ("observed", self.observed_model, self.correct_button),
                                   ("not_visited", self.not_visited_model, None)):
            page = QWidget()
            inner = QVBoxLayout(page)
            inner.setContentsMargins(4, 4, 4, 4)
            view = QTableView()
            configure_view(view, model)
            inner.addWidget(view, 1)
            if button is not None:
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(button)
                inner.addLayout(row)
            self.views[key] = view
            self.tabs.addTab(page, "")
        self.views["not_visited"].doubleClicked.connect(
            lambda index: self.open_teacher(self.not_visited_model.row(index).teacher_id))
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(charts, 4)
        self.layout_.addWidget(self.tabs, 3)
        self.layout_.addWidget(self.status)
        self.kinds_chart.sig_activated.connect(self.open_kind)
        self.teachers_chart.sig_activated.connect(self.open_teacher)
        self.filters.sig_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        year, month = self.filters.values()
        load_live(self, lambda: self.sigma.live.coach_dashboard(year, month))

    def wants(self, changes) -> bool:
        """Its live view has already followed every write of this program."""
        return self.follower.view is None and super().wants(changes)

    def show_data(self, data: CoachDashboard) -> None:
        self.data = data
        month = labels.month(data.month)
        bars = []
        for k in data.kinds:
            text = (f"{format_value(k.rate, '%')} ({fmt_int(k.executed)}/{fmt_int(k.planned_to_date)})"
                    if k.planned_to_date else self.tr("— ({0} por vencer)").format(fmt_int(k.planned)))
            tip = self.tr("{0} planificadas en el mes, {1} con fecha hasta hoy; {2} ejecutadas y {3} no "
                          "ejecutadas.").format(fmt_int(k.planned), fmt_int(k.planned_to_date), fmt_int(k.executed),
                                                fmt_int(k.not_executed))
            bars.append(Bar(k.kind, labels.kind(k.kind), k.rate, text, tip))
        self.kinds_chart.set_data(bars, title=self.tr("Avance de {0} de {1} frente a lo planificado a la fecha").format(
            month.lower(), data.year), unit="%", thresholds=EXECUTION_THRESHOLDS, band_colors=True)
        self.kinds_chart.empty_text = self.tr("No tiene actividades planificadas en el mes.")
        self.kinds_card.set_note(self.tr("Ejecutadas / planificadas con fecha hasta hoy, {0}.").format(
            format_date(data.today)))
        self.teachers_chart.set_data(
            [Bar(t.teacher_id, t.name, t.rate, f"{format_value(t.rate, '%')} ({fmt_int(t.executed)}/{fmt_int(t.expected)})",
                self.tr("{0}, {1}: {2} visitas ejecutadas este año; el protocolo espera {3} a la fecha y {4} en el "
                        "año.").format(t.name, t.school, fmt_int(t.executed), fmt_int(t.expected), fmt_int(t.target)))
             for t in data.teachers],
            title=self.tr("Avance del protocolo de visitas por docente, {0}").format(data.year), unit="%",
            thresholds=EXECUTION_THRESHOLDS, band_colors=True)
        self.teachers_chart.empty_text = self.tr("Sin docentes asignados con protocolo en el año.")
        self.teachers_card.set_note(self.tr("Visitas ejecutadas / esperadas a la fecha; los menos avanzados "
                                            "primero. Un clic abre la ficha."))
        self.next_model.set_rows(data.next_activities)
        self.observed_model.set_rows(data.observed)
        self.not_visited_model.set_rows(data.not_visited)
        self.tabs.setTabText(0, self.tr("Próximas actividades ({0})").format(len(data.next_activities)))
        self.tabs.setTabText(1, self.tr("Observadas por corregir ({0})").format(len(data.observed)))
        self.tabs.setTabText(2, self.tr("Docentes sin visita en {0} ({1})").format(data.year, len(data.not_visited)))
        self.correct_button.setEnabled(bool(data.observed))
        if data.observed:
            self.tabs.setCurrentIndex(1)  # corrections first: the Gestor Local is waiting for them
        self.summary.setText(self._summary(data))
        self.status.setText(self.tr("Haga clic en una barra para ver sus registros (o selecciónela con las "
                                    "flechas y pulse Intro)."))

    def _summary(self, data: CoachDashboard) -> str:
        planned = sum(k.planned for k in data.kinds)
        due = sum(k.planned_to_date for k in data.kinds)
        done = sum(k.executed for k in data.kinds)
        observed = len(data.observed)
        waiting = (self.tr("Ningún registro observado espera su corrección.") if not observed else
                   self.tr("1 registro observado espera su corrección.") if observed == 1 else
                   self.tr("{0} registros observados esperan su corrección.").format(fmt_int(observed)))
        return self.tr("Bienvenido(a), {0}. En {1} de {2} tiene {3} actividades planificadas, {4} con fecha hasta "
                       "hoy, y ha ejecutado {5}.").format(
            self.sigma.actor.name, labels.month(data.month).lower(), data.year, fmt_int(planned), fmt_int(due),
            fmt_int(done)) + " " + waiting

    # --- the records behind a figure ----------------------------------------------------------------------
    def open_kind(self, kind: str) -> None:
        data = self.data
        f = ReportFilter(data.year, data.month)
        title = f"{labels.kind(kind)} — {labels.month(data.month)} {data.year}"
        self.dialog = open_records(self, self.sigma, title, lambda: self.sigma.control.records(f, f"{kind}.planned"))

    def open_teacher(self, teacher_id) -> None:
        from ..forms.teacher_ficha import TeacherFichaDialog

        self.dialog = TeacherFichaDialog(self.sigma, teacher_id, self.data.year if self.data else None, self)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.show()

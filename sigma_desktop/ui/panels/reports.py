"""Módulo de Reportes: the indicator catalogue computed for the filters, by category and level, the ficha
técnica of the selected indicator, drill-down to the records, and the exports (PDF, Excel, raw data,
monthly reports)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView,
                               QTextBrowser, QVBoxLayout, QWidget)

from ...domain.dates import format_datetime
from ...domain.indicator_catalogue import BY_CODE, CATEGORIES, IndicatorDef, engine_note, period_label
from ...domain.reporting import LEVEL_LABELS, IndicatorReport, IndicatorValue, progress_text
from ...reports.formatting import (UNIT_LABELS, disaggregation_text, fmt_measure, fmt_value, is_execution_rate,
                                   severity)
from ..models.report_models import HighlightRowsModel, legend
from ..models.rows_model import Col, configure_view
from ..report_menu import verify_report
from .query_panel import QueryPanel
from .export_actions import export
from .report_filters import ReportFilters

LEVELS = ("total", "dre", "ugel", "intervencion", "acompanante", "mes")
SCOPE_COLUMN, VALUE_COLUMN = 3, 4


def indicator_columns(tr, month=lambda: None) -> list[Col[IndicatorValue]]:
    """The table's columns; `month()` is the month of the report shown (its values are «Del mes»)."""
    def num(v):
        d = BY_CODE[v.code]
        return fmt_measure(d.numerator, v.numerator)

    def den(v):
        d = BY_CODE[v.code]
        return fmt_measure(d.denominator, v.denominator) if d.denominator else ""

    return [
        Col(tr("Código"), lambda v: v.code, width=66),
        Col(tr("Indicador"), lambda v: BY_CODE[v.code].name, width=300),
        Col(tr("Periodo"), lambda v: tr(period_label(BY_CODE[v.code], month())), width=104),
        Col(tr("Ámbito"), lambda v: v.label, width=190),
        Col(tr("Valor"), lambda v: fmt_value(BY_CODE[v.code], v.value), lambda v: v.value, 90, True),
        Col(tr("Numerador"), num, lambda v: v.numerator, 95, True),
        Col(tr("Denominador"), den, lambda v: v.denominator, 112, True),
        Col(tr("Unidad"), lambda v: UNIT_LABELS[BY_CODE[v.code].unit], width=90),
    ]


def _background(v: IndicatorValue, column: int) -> str | None:
    if column == VALUE_COLUMN and is_execution_rate(BY_CODE[v.code]):
        return severity(v.value)
    return None


def ficha_html(d: IndicatorDef, tr) -> str:
    from html import escape

    numerator = d.numerator_label or d.name
    denominator = d.denominator_label if d.denominator else tr("No tiene (indicador de conteo o suma).")
    rows = [(tr("Categoría"), dict(CATEGORIES)[d.category]), (tr("Definición"), d.definition),
            (tr("Numerador"), numerator), (tr("Denominador"), denominator),
            (tr("Unidad de medida"), UNIT_LABELS[d.unit] + (" (× 100)" if d.unit == "%" else "")),
            (tr("Desagregaciones"), disaggregation_text(d)), (tr("Cómo se calcula"), engine_note(d))]
    body = "".join(f"<tr><td style='padding:3px 8px 3px 0; vertical-align:top'><b>{escape(k)}</b></td>"
                   f"<td style='padding:3px 0'>{escape(v)}</td></tr>" for k, v in rows)
    return (f"<h3 style='margin:0 0 6px 0'>{escape(d.code)} — {escape(d.name)}</h3>"
            f"<table>{body}</table>")


class ReportsPanel(QueryPanel):
    busy_text = "Calculando los indicadores…"
    watches = frozenset({"activity", "execution", "assignment"})

    def title(self) -> str:
        return self.tr("Módulo de Reportes: indicadores")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.report: IndicatorReport | None = None
        self.filters = ReportFilters(sigma.exports.filter_options())
        self.category = QComboBox()
        self.category.addItem(self.tr("Todas las categorías"), None)
        for code, name in CATEGORIES:
            self.category.addItem(name, code)
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(self.tr("Por {0}").format(LEVEL_LABELS[level].lower()) if level != "total"
                               else self.tr("Total del ámbito"), level)
        view_bar = QHBoxLayout()
        view_bar.addWidget(QLabel(self.tr("Categoría:")))
        view_bar.addWidget(self.category)
        view_bar.addWidget(QLabel(self.tr("Mostrar:")))
        view_bar.addWidget(self.level)
        view_bar.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verificar un reporte…"))
        self.verify_button.setToolTip(self.tr("Comprueba que las cifras de un PDF o Excel de SIGMA siguen siendo "
                                              "las de la base de datos"))
        view_bar.addWidget(self.verify_button)
        self.model = HighlightRowsModel(
            indicator_columns(self.tr, lambda: self.report.filter.month if self.report else None), _background, self)
        self.view = QTableView()
        configure_view(self.view, self.model)
        self.ficha = QTextBrowser()
        self.ficha.setOpenLinks(False)
        self.ficha.setMinimumWidth(300)
        self.ficha.setHtml(self.tr("<p>Seleccione un indicador para ver su ficha técnica.</p>"))
        ficha_box = QWidget()
        ficha_layout = QVBoxLayout(ficha_box)
        ficha_layout.setContentsMargins(0, 0, 0, 0)
        ficha_title = QLabel(self.tr("Ficha técnica"))
        ficha_title.setObjectName("hint")
        ficha_layout.addWidget(ficha_title)
        ficha_layout.addWidget(self.ficha, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(ficha_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)  # never wider than the room the buttons leave
        self.legend = QLabel(legend())
        self.legend.setObjectName("hint")
        self.legend.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Reporte PDF…"))
        self.xlsx_button = QPushButton(self.tr("Excel…"))
        self.raw_button = QPushButton(self.tr("Datos para análisis…"))
        self.raw_button.setToolTip(self.tr("Todos los registros de actividades del filtro, una fila por actividad"))
        self.monthly_button = QPushButton(self.tr("Reporte mensual PDF…"))
        self.monthly_button.setToolTip(self.tr("Elija una UGEL y un mes (y, si quiere, un acompañante)"))
        self.annex = QCheckBox(self.tr("Con fichas técnicas"))
        self.annex.setToolTip(self.tr("Agrega las fichas técnicas de los indicadores: un anexo del PDF, una hoja "
                                      "del Excel"))
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        for b in (self.monthly_button, self.raw_button, self.annex, self.xlsx_button, self.pdf_button):
            actions.addWidget(b)
        self.layout_.addWidget(self.filters)
        self.layout_.addLayout(view_bar)
        self.layout_.addWidget(self.legend)
        self.layout_.addWidget(splitter, 1)
        self.layout_.addLayout(actions)
        self.filters.sig_apply.connect(self.refresh)
        self.category.currentIndexChanged.connect(self.show_values)
        self.level.currentIndexChanged.connect(self.show_values)
        self.view.selectionModel().currentRowChanged.connect(self._show_ficha)
        self.view.doubleClicked.connect(self.drill)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.raw_button.clicked.connect(self.export_raw)
        self.monthly_button.clicked.connect(self.export_monthly)
        self.verify_button.clicked.connect(lambda: verify_report(self, self.sigma))
        self.filters.ugel.currentIndexChanged.connect(self._update_buttons)
        self.filters.month.currentIndexChanged.connect(self._update_buttons)
        self._update_buttons()
        self.refresh()

    # --- loading -----------------------------------------------------------------------------------
    def open_view(self, f):
        return self.sigma.live.report(f)

    def show_result(self, result) -> None:
        self.show_report(result)

    def show_report(self, report: IndicatorReport) -> None:
        self.filters.set_busy(False)
        self.report = report
        self.show_values()
        from .. import labels

        self.status.setText(self.tr("{0} indicadores · mes de corte: {1} · calculado el {2}").format(
            len({v.code for v in report.shown()}), labels.month(report.cutoff),
            format_datetime(report.generated_at)))
        if report.as_of is not None:  # the period in progress: planned means planned up to today
            self.status.setText(self.status.text() + " · " + self.tr(
                "{0}: planificadas hasta hoy").format(progress_text(report.as_of)))
        mark = self._closed_mark(report)
        if mark:
            self.status.setText(self.status.text() + " · " + mark)
        self._update_buttons()

    def _closed_mark(self, report: IndicatorReport) -> str:
        """«Mes cerrado el … por …» when the report is one month of one UGEL and that month is closed."""
        f = report.filter
        ugels = self.filters.options.ugels
        ugel = f.ugel_code or (ugels[0][0] if len(ugels) == 1 else None)
        if not (f.month and ugel):
            return ""
        try:
            return self.sigma.closing.state(ugel, f.year, f.month).mark
        except Exception:  # noqa: BLE001 - the mark is a courtesy: the figures are shown anyway
            return ""

    def show_values(self) -> None:
        if self.report is None:
            return
        category, level = self.category.currentData(), self.level.currentData()
        rows = [v for v in self.report.shown()
                if v.level == level and (category is None or BY_CODE[v.code].category == category)]
        self.model.set_rows(rows)
        self.view.setColumnHidden(SCOPE_COLUMN, level == "total")
        if rows:
            self.view.selectRow(0)

    def _show_ficha(self, current, _previous=None) -> None:
        if not current.isValid():
            return
        v = self.model.row(current)
        self.ficha.setHtml(ficha_html(BY_CODE[v.code], self.tr))

    def _update_buttons(self) -> None:
        ready = self.report is not None
        self.pdf_button.setEnabled(ready)
        self.xlsx_button.setEnabled(ready)
        f = self.filters.value()
        self.monthly_button.setEnabled(bool(f.ugel_code and f.month))

    # --- drill-down --------------------------------------------------------------------------------
    def drill(self, index) -> None:
        if not index.isValid() or self.report is None:
            return
        v = self.model.row(index)
        try:
            rows = self.sigma.indicators.records(self.report.filter, v.code, v.level, v.key)
        except Exception as exc:  # noqa: BLE001
            from ..messages import show_error

            show_error(self, exc)
            return
        from ..forms.records_dialog import RecordsDialog

        title = f"{v.code} {BY_CODE[v.code].name} — {v.label}"
        self.records_dialog = RecordsDialog(self.sigma, title, rows, self)
        self.records_dialog.open()

    # --- exports -----------------------------------------------------------------------------------
    def export(self, fmt: str) -> bool:
        if self.report is None:
            return False
        from ...services.exports import default_filename

        report = self.report
        annex = self.annex.isChecked()
        return export(self, default_filename("indicadores", report.filter, fmt), fmt,
                      lambda path: self.sigma.exports.write_indicators(report, fmt, path, annex=annex))

    def export_raw(self) -> bool:
        from ...services.exports import default_filename

        f = self.filters.value()
        return export(self, default_filename("actividades", f, "xlsx"), "xlsx",
                      lambda path: self.sigma.exports.raw(f, path))

    def export_monthly(self) -> bool:
        from ...services.exports import default_filename

        f = self.filters.value()
        if not (f.ugel_code and f.month):
            return False
        coach = f.coach_dni or (self.filters.coach.currentData() if self.filters.options.coach_only else None)
        return export(self, default_filename("mensual", f, "pdf"), "pdf",
                      lambda path: self.sigma.exports.monthly(f.year, f.month, f.ugel_code, coach, path))

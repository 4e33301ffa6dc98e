"""What the Inicio dashboards share: a card around a chart (with «Guardar imagen…»), the filters of year and
month, and the dialogs that open the records behind a figure."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFrame, QHBoxLayout, QLabel,
                               QPushButton, QTableView, QToolButton, QVBoxLayout, QWidget)

from ...domain.dates import today_lima
from ...domain.review import ReviewRow
from .. import labels
from ..charts import Chart
from ..live_views import LiveFollower
from ..messages import show_error
from ..models.rows_model import Col, RowsModel, configure_view


class ChartCard(QFrame):
    """A chart in a card, with a button that saves it as a PNG picture."""

    def __init__(self, chart: Chart, *, scroll: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.chart = chart
        self.save_button = QToolButton()
        self.save_button.setText(self.tr("Guardar imagen…"))
        self.save_button.setToolTip(self.tr("Guarda el gráfico completo como imagen PNG"))
        self.save_button.setAutoRaise(True)
        self.save_button.clicked.connect(self.save_png)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(chart.in_scroll_area() if scroll else chart, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def save_png(self, path: str | None = None) -> str | None:
        if path is None:
            name = (self.chart.title or "grafico").split(" — ")[0].replace("/", "-")
            path, _filter = QFileDialog.getSaveFileName(self, self.tr("Guardar gráfico"), f"{name}.png",
                                                        self.tr("Imagen PNG (*.png)"))
            if not path:
                return None
        try:
            return str(self.chart.export_png(path))
        except OSError as exc:
            show_error(self, exc)
            return None


class PeriodFilters(QWidget):
    """Year and month; `sig_changed` when either changes. The years are those the database has data for
    (and the current one)."""

    sig_changed = Signal()

    def __init__(self, years: list[int], year: int | None = None, month: int | None = None, parent=None):
        super().__init__(parent)
        today = today_lima()
        self.year = QComboBox()
        for y in sorted(set(years) | {today.year}, reverse=True):
            self.year.addItem(str(y), y)
        self.month = QComboBox()
        for n in range(1, 13):
            self.month.addItem(labels.month(n).capitalize(), n)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((self.tr("Año:"), self.year), (self.tr("Mes:"), self.month)):
            self.layout_.addWidget(QLabel(text))
            self.layout_.addWidget(widget)
        self.set_period(year or today.year, month or today.month)
        self.year.currentIndexChanged.connect(self.sig_changed)
        self.month.currentIndexChanged.connect(self.sig_changed)

    def set_period(self, year: int, month: int) -> None:
        self.year.blockSignals(True)
        self.month.blockSignals(True)
        index = self.year.findData(year)
        self.year.setCurrentIndex(index if index >= 0 else 0)
        self.month.setCurrentIndex(self.month.findData(month))
        self.year.blockSignals(False)
        self.month.blockSignals(False)

    def add(self, text: str, widget: QWidget) -> None:
        self.layout_.addWidget(QLabel(text))
        self.layout_.addWidget(widget)

    def values(self) -> tuple[int, int]:
        return self.year.currentData(), self.month.currentData()


def default_period(years: list[int]) -> tuple[int, int]:
    """This month, or December of the latest year with data when the current year has none (a database of
    earlier years opens on its last month)."""
    today = today_lima()
    if not years or today.year in years:
        return today.year, today.month
    latest = max(years)
    return (latest, 12) if latest < today.year else (today.year, today.month)


def review_columns(tr) -> list[Col[ReviewRow]]:
    from ...domain.dates import format_date

    def what(r: ReviewRow) -> str:
        text = labels.kind(r.kind) + (f" ({labels.visit_type(r.visit_type)})" if r.visit_type else "")
        return text if r.outcome == "ejecutada" else text + " — " + tr("no ejecutada")

    return [
        Col(tr("Fecha"), lambda r: format_date(r.executed_on), lambda r: r.executed_on, 95),
        Col(tr("Mes"), lambda r: labels.month(r.month), lambda r: r.month, 85),
        Col(tr("Acompañante"), lambda r: r.coach_name, width=210),
        Col(tr("Actividad"), what, width=230),
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=220),
        Col(tr("Estado"), lambda r: labels.state(r.validation_state), width=90),
        Col(tr("Observación"), lambda r: r.validation_comment or "", width=240),
    ]


class ReviewRecordsDialog(QDialog):
    """Records waiting for a review (the backlog) or observed (the AP's corrections), with their history
    and, where the role has it, a button to the module where they are dealt with."""

    sig_open_module = Signal(str)

    def __init__(self, sigma, title: str, rows: list[ReviewRow], parent=None, *, module: str | None = None,
                 module_text: str = ""):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("Registros: {0}").format(title))
        self.resize(1180, 540)
        self.model = RowsModel(review_columns(self.tr), self)
        self.model.set_rows(rows)
        self.view = QTableView()
        configure_view(self.view, self.model)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # oldest first, as the service gives them
        heading = QLabel(title)
        heading.setObjectName("panelTitle")
        heading.setWordWrap(True)
        count = QLabel(self.tr("1 registro") if len(rows) == 1 else self.tr("{0} registros").format(len(rows)))
        count.setObjectName("hint")
        self.history_button = QPushButton(self.tr("Historial…"))
        self.history_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.history_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.module_button = None
        if module:
            self.module_button = QPushButton(module_text)
            self.module_button.setObjectName("primary")
            buttons.addButton(self.module_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.module_button.clicked.connect(lambda: (self.sig_open_module.emit(module), self.accept()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(count)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.history_button.setEnabled(len(self.view.selectionModel().selectedRows()) == 1))
        self.history_button.clicked.connect(self.show_history)

    def show_history(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if len(rows) == 1:
            from ..forms.history_dialog import HistoryDialog

            HistoryDialog(self.sigma, self.model.row(rows[0]).activity_id, self).exec()


def open_records(parent, sigma, title: str, fetch) -> QDialog | None:
    """The Control's drill-down dialog with the records `fetch()` returns (errors shown, nothing opened)."""
    try:
        rows = fetch()
    except Exception as exc:  # noqa: BLE001 - shown to the user
        show_error(parent, exc)
        return None
    from ..forms.records_dialog import RecordsDialog

    dialog = RecordsDialog(sigma, title, rows, parent)
    dialog.open()
    return dialog



def follow_live(panel) -> LiveFollower:
    """The live view behind an Inicio (ui/live_views.py), shown with the panel's `show_data`; while it is
    computed, and if it fails, the panel's status line says so."""
    def failed(exc) -> None:
        panel.status.setText(panel.tr("No se pudo calcular: {0}").format(getattr(exc, "message", exc)))

    return LiveFollower(panel, panel.show_data, failed)


def load_live(panel, open_view) -> None:
    panel.status.setText(panel.tr("Calculando…"))
    panel.follower.load(open_view)

"""What the three national lists (Docentes, IIEE, Acompañantes) share: a search box that filters as
the user types (debounced), optional year and intervention filters, the row count, and a lazy table
whose filtering and sorting happen in SQL."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QWidget

from ...domain.browse import ListFilter
from ...domain.enums import ScopeLevel
from ...domain.dates import today_lima
from ...domain.master_rules import AREA_LABELS, CHARACTERISTIC_LABELS, LEVEL_LABELS
from ..messages import describe
from ..widgets import mark_invalid
from ..models.lazy_table import LazyTableModel, configure_lazy_view
from .base import Panel

DEBOUNCE_MS = 150



def _tr(text: str) -> str:
    return QCoreApplication.translate("masters", text)


def level_label(code: str | None) -> str:
    return _tr(LEVEL_LABELS.get(code or "", code or ""))


def characteristic_label(code: str | None) -> str:
    return _tr(CHARACTERISTIC_LABELS.get(code or "", code or ""))


def area_label(code: str | None) -> str:
    return _tr(AREA_LABELS.get(code or "", code or ""))


def number(n: int) -> str:
    """40000 → «40,000» (Peru's grouping)."""
    return QLocale().toString(int(n))


class MasterListPanel(Panel):
    """A list panel: subclasses give the model, the placeholder and the count text."""

    with_year = True
    with_intervention = True
    ugel_column: int | None = None  # hidden for users who see a single UGEL
    grow_columns: tuple[int, ...] = ()  # they share the hidden column's width

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.placeholder())
        self.search.setMinimumWidth(320)
        self.year = YearCombo(self._years())
        self.year.setVisible(self.with_year)
        self.intervention = QComboBox()
        self.intervention.setObjectName("intervention")
        self.intervention.setMinimumWidth(200)
        self.intervention.setVisible(self.with_intervention)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Buscar:")))
        bar.addWidget(self.search, 1)
        if self.with_year:
            bar.addSpacing(8)
            bar.addWidget(QLabel(self.tr("Año:")))
            bar.addWidget(self.year)
        if self.with_intervention:
            bar.addSpacing(8)
            bar.addWidget(QLabel(self.tr("Intervención:")))
            bar.addWidget(self.intervention)
        self.layout_.addLayout(bar)
        self.model = self.make_model()
        self.view = QTableView()
        self.view.setObjectName("list")
        configure_lazy_view(self.view, self.model)
        if self.ugel_column is not None and self._ugel_scoped():
            self.view.hideColumn(self.ugel_column)  # one UGEL: the column would repeat it on every row
            spare = self.model.widths().get(self.model.Column(self.ugel_column), 0) // max(1, len(self.grow_columns))
            for column in self.grow_columns:
                self.view.setColumnWidth(column, self.view.columnWidth(column) + spare)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self.error)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        self.actions_bar = footer  # subclasses add their buttons on the right
        self.layout_.addLayout(footer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.year.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.model.sig_count_changed.connect(self._show_count)
        self.model.sig_failed.connect(self.show_error)
        if self.with_intervention:
            self._fill_interventions()
            self.intervention.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.apply_filter()

    # --- what subclasses say --------------------------------------------------------------------
    def make_model(self) -> LazyTableModel:
        raise NotImplementedError

    def placeholder(self) -> str:
        return ""

    def count_text(self, n: int) -> str:
        raise NotImplementedError

    # --- behaviour ------------------------------------------------------------------------------
    def _years(self) -> list[int]:
        try:
            return self.sigma.browse.assignment_years()
        except Exception:  # noqa: BLE001 - the years are only choices
            return [today_lima().year]

    def _ugel_scoped(self) -> bool:
        actor = self.sigma.actor
        return actor is not None and actor.scope is ScopeLevel.UGEL

    def _fill_interventions(self) -> None:
        self.intervention.addItem(self.tr("Todas"), None)
        try:
            for row in self.sigma.browse.interventions():
                self.intervention.addItem(row.name, row.key)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)

    def current_filter(self) -> ListFilter:
        return ListFilter(self.search.text(), self.year.value() if self.with_year else None,
                          self.intervention.currentData() if self.with_intervention else None)

    def apply_filter(self) -> None:
        """Runs the query now (the search box calls it `DEBOUNCE_MS` after the last keystroke)."""
        self._timer.stop()
        self.error.hide()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self.model.reload()

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.count_text(n))

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(describe(exc))
        self.error.show()

    def selected_id(self):
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.id_at(index.row())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return
        super().keyPressEvent(event)


def hint(text: str) -> QWidget:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class YearCombo(QComboBox):
    """A school year: the years that have assignments, the current and the next one, newest first;
    the newest year with assignments is chosen."""

    def __init__(self, years_with_data: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("year")
        this = today_lima().year
        years = sorted(set(years_with_data) | set(range(min([*years_with_data, this]), this + 2)),
                       reverse=True)
        for year in years:
            self.addItem(str(year), year)
        self.set_value(years_with_data[0] if years_with_data else this)

    def value(self) -> int:
        return int(self.currentData())

    def set_value(self, year: int) -> None:
        index = self.findData(int(year))
        if index < 0:
            self.addItem(str(year), int(year))
            index = self.count() - 1
        self.setCurrentIndex(index)


class FieldErrors:
    """Shows a service error next to the field it names (`ValidationError.field`): the field turns red
    and its own label, right under it, gets the Spanish message; an error that names no shown field
    goes to the general label."""

    def __init__(self, general: QLabel):
        self.general = general
        self.fields: dict[str, tuple[QWidget | None, QLabel]] = {}

    @staticmethod
    def label() -> QLabel:
        label = QLabel()
        label.setObjectName("error")
        label.setWordWrap(True)
        label.hide()
        return label

    def add(self, name: str, widget: QWidget | None, label: QLabel) -> QLabel:
        self.fields[name] = (widget, label)
        return label

    def clear(self) -> None:
        for widget, label in self.fields.values():
            if widget is not None:
                mark_invalid(widget, False)
            label.clear()
            label.hide()
        self.general.clear()
        self.general.hide()

    def show(self, exc: BaseException | str, field: str | None = None) -> None:
        self.clear()
        text = exc if isinstance(exc, str) else describe(exc)
        name = field if field is not None else getattr(exc, "field", None)
        widget, label = self.fields.get(name or "", (None, self.general))
        if widget is not None:
            mark_invalid(widget, True)
            widget.setFocus()
        label.setText(text)
        label.show()

    def message(self, name: str) -> str:
        """The text shown for a field ("" when none), for tests and screen readers."""
        if name not in self.fields:
            return self.general.text()
        return self.fields[name][1].text()

"""What the editable tabs of Catálogos y protocolos share: a table, error labels next to their fields, an «ok»
line, and a callback that tells the window which entity changed."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from ..models.rows_model import Col, RowsModel, configure_view, select_row
from .master_list import FieldErrors


class CatalogueTab(QWidget):
    def __init__(self, sigma, changed: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self._changed = changed
        self.general = FieldErrors.label()
        self.errors = FieldErrors(self.general)
        self.ok = QLabel()
        self.ok.setObjectName("okMessage")
        self.ok.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)

    def table(self, columns: list[Col], name: str) -> tuple[RowsModel, QTableView]:
        model = RowsModel(columns, self)
        view = QTableView()
        view.setObjectName(name)
        configure_view(view, model)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt would start descending: 12, 11 … 1
        view.setWordWrap(False)
        return model, view

    def selected(self):
        """The row selected in the tab's table (`self.model`, `self.view`), or None."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def select_where(self, test) -> bool:
        for i, row in enumerate(self.model.rows):
            if test(row):
                select_row(self.view, i)
                return True
        return False

    def field(self, name: str, widget: QWidget) -> QWidget:
        """`widget` with its error label under it (the service's `ValidationError.field` is `name`)."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.errors.add(name, widget, FieldErrors.label()))
        return box

    def done(self, text: str, entity: str) -> None:
        self.errors.clear()
        self.ok.setText(text)
        self.refresh()
        self._changed(entity)

    def failed(self, exc: BaseException, field: str | None = None) -> bool:
        self.ok.clear()
        self.errors.show(exc, field)
        return False

    def refresh(self) -> None:
        raise NotImplementedError

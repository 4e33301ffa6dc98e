"""A table model for national-size lists: it knows the row count and fetches pages on demand.

Like Anki's browser table and calibre's views it never holds the whole list: the count comes from one
query, each page of `PAGE_SIZE` rows from another when the view first paints it, and only the last
`CACHED_PAGES` pages stay in memory. Filtering and sorting are the service's (SQL) job: `sort()` is
overridden to re-query instead of sorting in Python (a QSortFilterProxyModel over 40,000 Python rows
takes seconds).

Subclasses declare, Electrum-style, a `Column(IntEnum)` and say for each column its header, display
text (DisplayRole), raw value (UserRole: sortable, comparable), width and the sort key the service
understands (None: the column is not sortable).
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from enum import IntEnum
from typing import Any, Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

log = logging.getLogger("sigma.ui")

Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id (UUID)

CountFn = Callable[[Any], int]
PageFn = Callable[[Any, str | None, bool, int, int], Sequence[Any]]

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class LazyTableModel(QAbstractTableModel):
    """Rows come from `count(filter)` and `page(filter, sort_key, descending, offset, limit)`."""

    class Column(IntEnum):  # subclasses replace it
        pass

    PAGE_SIZE = 100  # about four screens of rows
    CACHED_PAGES = 10
    REVERSE_DEEP_PAGES = True  # see _fetch

    sig_count_changed = Signal(int)
    sig_failed = Signal(object)  # an exception from the service (shown by the panel)

    def __init__(self, count: CountFn, page: PageFn, parent=None):
        super().__init__(parent)
        self._count_fn = count
        self._page_fn = page
        self._filter: Any = None
        self._count = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        self._sort_column = self.default_sort_column()
        self._descending = False
        self._headers: list[str] | None = None
        self.fetches = 0  # pages fetched since creation (for tests and benchmarks)

    # --- what subclasses say --------------------------------------------------------------------
    def header_labels(self) -> Mapping[IntEnum, str]:
        raise NotImplementedError

    def sort_keys(self) -> Mapping[IntEnum, str]:
        """The service's sort key of each sortable column."""
        return {}

    def widths(self) -> Mapping[IntEnum, int]:
        return {}

    def right_aligned(self) -> frozenset[IntEnum]:
        return frozenset()

    def default_sort_column(self) -> int:
        return 0

    def display(self, row: Any, column: IntEnum) -> str:
        raise NotImplementedError

    def raw(self, row: Any, column: IntEnum) -> Any:
        return self.display(row, column)

    def tooltip(self, row: Any, column: IntEnum) -> str | None:
        return None

    # --- state ----------------------------------------------------------------------------------
    @property
    def filter(self) -> Any:
        return self._filter

    @property
    def count(self) -> int:
        return self._count

    def sort_state(self) -> tuple[int, bool]:
        return self._sort_column, self._descending

    def set_filter(self, flt: Any) -> None:
        """Counts the rows that match `flt` and starts over from the first page."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-counts and forgets every fetched page (after a write, or a new filter).

        The first page is read at once: when it is not full it is the whole list, and the count query
        (a second scan of the filtered rows) is not needed.
        """
        self.beginResetModel()
        self._pages.clear()
        self._count = 0
        try:
            first = list(self._page_fn(self._filter, self._sort_key(), self._descending, 0, self.PAGE_SIZE))
            self.fetches += 1
            if len(first) < self.PAGE_SIZE:
                self._count = len(first)
            else:
                self._count = max(len(first), int(self._count_fn(self._filter)))
            self._pages[0] = first
        except Exception as exc:  # noqa: BLE001 - the panel shows it; the view shows an empty list
            log.warning("list query failed: %s", exc)
            self._pages.clear()
            self._count = 0
            self.endResetModel()
            self.sig_count_changed.emit(0)
            self.sig_failed.emit(exc)
            return
        self.endResetModel()
        self.sig_count_changed.emit(self._count)

    def row_object(self, row: int) -> Any | None:
        """The service's row at `row`, fetching its page if needed (None outside the list)."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> Any | None:
        obj = self.row_object(row)
        return getattr(obj, "id", None) if obj is not None else None

    def _sort_key(self) -> str | None:
        return self.sort_keys().get(self.Column(self._sort_column)) if len(self.Column) else None

    def _fetch(self, number: int) -> list:
        """One page from the service. A page in the second half of the list is read from its end in
        the opposite order and reversed: OFFSET 39,900 makes the database walk 39,900 sorted rows, while
        the same rows counted from the other end need only a short top-N sort. The services order by
        every key plus the row id, so the reversed order is exactly the reverse."""
        offset = number * self.PAGE_SIZE
        size = min(self.PAGE_SIZE, self._count - offset)
        try:
            if self.REVERSE_DEEP_PAGES and offset > self._count // 2 and size > 0:
                page = list(self._page_fn(self._filter, self._sort_key(), not self._descending,
                                          self._count - offset - size, size))
                page.reverse()
            else:
                page = list(self._page_fn(self._filter, self._sort_key(), self._descending, offset,
                                          self.PAGE_SIZE))
        except Exception as exc:  # noqa: BLE001 - painting must go on; the panel reports it
            log.warning("page %s failed: %s", number, exc)
            page = []
            self.sig_failed.emit(exc)
        self.fetches += 1
        self._pages[number] = page
        while len(self._pages) > self.CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- QAbstractTableModel --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.Column):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.Column(index.column()) in self.right_aligned() else _LEFT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ToolTipRole,
                        ID_ROLE):
            return None
        row = self.row_object(index.row())
        if row is None:
            return None
        column = self.Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return self.raw(row, column)
        if role == ID_ROLE:
            return getattr(row, "id", None)
        return self.tooltip(row, column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if self._headers is None:
                labels = self.header_labels()
                self._headers = [labels[c] for c in self.Column]
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.Column(section) in self.right_aligned() else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-queries in the new order (ORDER BY in SQL); columns without a sort key are ignored."""
        if not 0 <= column < len(self.Column) or self.Column(column) not in self.sort_keys():
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return
        self._sort_column, self._descending = column, descending
        self.layoutAboutToBeChanged.emit()
        self._pages.clear()  # the count stays: sorting does not change which rows match
        # rows keep their number but now hold other records: nothing persistent can follow them
        self.changePersistentIndexList(self.persistentIndexList(),
                                       [QModelIndex()] * len(self.persistentIndexList()))
        self.layoutChanged.emit()


def configure_lazy_view(view, model: LazyTableModel, row_height: int = 26) -> None:
    """A QTableView fit for national lists: fixed row heights (no ResizeToContents on the vertical
    header: 41 s for 100k rows), column widths from the model, sort indicator on the model's order."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(row_height)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    for column, width in model.widths().items():
        view.setColumnWidth(int(column), width)
    column, descending = model.sort_state()
    header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)

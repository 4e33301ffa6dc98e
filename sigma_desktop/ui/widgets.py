"""Small widgets used by forms: a dd/mm/aaaa date field with calendar, field error marking."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget


class DateField(QDateEdit):
    """A date in dd/MM/yyyy with a calendar popup; `value()` gives a Python date."""

    def __init__(self, parent: QWidget | None = None, value: date | None = None):
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())

    def value(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Shows a field in red (style sheet rule on the `invalid` property)."""
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)

"""Year, month and coach filters shared by the validation queue and the RCI's record list."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from ...domain.dates import today_lima
from .. import labels


class ReviewFilters(QWidget):
    sig_changed = Signal()

    def __init__(self, coaches: list[tuple], parent=None):
        super().__init__(parent)
        today = today_lima()
        self.year = QSpinBox()
        self.year.setRange(2015, today.year + 1)
        self.year.setValue(today.year)
        self.month = QComboBox()
        self.month.addItem(self.tr("Todos los meses"), None)
        for n in range(1, 13):
            self.month.addItem(labels.month(n), n)
        self.month.setCurrentIndex(today.month)
        self.coach = QComboBox()
        self.coach.setMinimumWidth(280)
        self.coach.addItem(self.tr("Todos los acompañantes"), None)
        for coach_id, dni, name in coaches:
            self.coach.addItem(f"{name} ({dni})", coach_id)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in ((self.tr("Año:"), self.year), (self.tr("Mes:"), self.month),
                             (self.tr("Acompañante:"), self.coach)):
            layout.addWidget(QLabel(text))
            layout.addWidget(widget)
        layout.addStretch(1)
        self.year.valueChanged.connect(self.sig_changed)
        self.month.currentIndexChanged.connect(self.sig_changed)
        self.coach.currentIndexChanged.connect(self.sig_changed)

    def values(self) -> tuple[int, int | None, object]:
        return self.year.value(), self.month.currentData(), self.coach.currentData()

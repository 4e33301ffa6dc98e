"""What every panel shares: a title, a reference to the services, and change sets.

Panels never reach the main window: after a write they emit `sig_changed` with the write's `ChangeSet`
(what the service returned: entities, ids and the periods they touch); the main window's wiring passes it
to the other panels, and each refreshes only when it touches what the panel shows (`wants`: by default,
one of the entities in `watches`; a panel that shows one coach's month asks for that period too).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.changes import ChangeSet
from ...services import Sigma


class Panel(QWidget):
    sig_changed = Signal(object)  # the ChangeSet of a write made from this panel
    watches: frozenset[str] = frozenset()  # domain.changes.Entity values

    def __init__(self, sigma: Sigma, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.title_label = QLabel(self.title())
        self.title_label.setObjectName("panelTitle")
        self.layout_.addWidget(self.title_label)

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reloads what the panel shows."""

    def wants(self, changes: ChangeSet) -> bool:
        """Whether a change made elsewhere touches what this panel shows."""
        return changes.touches(*self.watches)

    def on_data_changed(self, changes: ChangeSet) -> None:
        if self.wants(changes):
            self.refresh()

    def publish(self, changes: ChangeSet | None) -> None:
        """Tells the other panels what a write made here changed."""
        if changes:
            self.sig_changed.emit(changes)

    def notify(self, *entities: str) -> None:
        """For writes whose service does not report a change set yet: a coarse one, by kind of entity."""
        self.publish(ChangeSet.of_kinds(*entities))

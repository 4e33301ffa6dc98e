"""What every panel shares: a title, a reference to the services, and change notifications.

Panels never reach the main window: after a write they emit `sig_changed` with the entities they
touched (e.g. {"execution"}); the main window's wiring passes it to the other panels, and each one
refreshes only if it shows one of those entities (`watches`).
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...services import Sigma


class Panel(QWidget):
    sig_changed = Signal(object)  # frozenset[str] of entity names touched by a write
    watches: frozenset[str] = frozenset()

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

    def on_data_changed(self, entities: frozenset[str]) -> None:
        if entities & self.watches:
            self.refresh()

    def notify(self, *entities: str) -> None:
        self.sig_changed.emit(frozenset(entities))

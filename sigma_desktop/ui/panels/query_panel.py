"""A panel that computes its figures in the background from its filters (Control, Reportes), and keeps them
live: what it computes is a live view (services/live_figures.py) that follows every write committed through
the services, re-reading only the coaches the write touched; the panel shows each new result as it comes.
How it is followed (only the newest request shown, hidden panels catching up when shown): ui/live_views.py.
"""
from __future__ import annotations

from typing import Any

from ..live_views import LiveFollower
from .base import Panel


class QueryPanel(Panel):
    busy_text = ""

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.follower = LiveFollower(self, lambda value: self.show_result(value), self._failed,
                                     self.tr(self.busy_text))

    @property
    def live_view(self):
        return self.follower.view

    def open_view(self, f) -> Any:
        """Runs in a worker thread: the live view of the filter `f` (sigma.live.report / .control)."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def wants(self, changes) -> bool:
        """An open live view has already followed every write of this program (it saw the commit)."""
        return self.live_view is None and super().wants(changes)

    def refresh(self) -> None:
        f = self.filters.value()
        self.filters.set_busy(True)
        self.status.setText(self.tr("Calculando…"))
        self.follower.load(lambda: self.open_view(f))

    def _failed(self, exc: BaseException) -> None:
        from ..messages import show_error

        self.filters.set_busy(False)
        self.status.setText(self.tr("No se pudo calcular."))
        if self.isVisible():  # never a modal dialog for a panel nobody is looking at
            show_error(self, exc)

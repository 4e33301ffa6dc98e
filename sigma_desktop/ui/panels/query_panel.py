"""A panel that computes its figures in the background from its filters (Control, Reportes), and keeps them
live: what it computes is a live view (services/live_figures.py) that follows every write committed through
the services, re-reading only the coaches the write touched; the panel shows each new result as it comes.
While the panel is hidden its view only notes the writes, and catches up when shown (ui/live_views.py).

Filters can change while a computation runs: only the newest result is shown, older ones are dropped.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal

from .. import live_views, runner
from .base import Panel


class QueryPanel(Panel):
    busy_text = ""
    # a live view's new figures, from the thread that committed the write, delivered on the GUI thread
    sig_live = Signal(object)

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self._job = 0  # the latest query; older results are dropped
        self._view_box: list = [None]  # the live view shown, in a box the `destroyed` handler can reach
        self.sig_live.connect(self._live_changed, Qt.ConnectionType.QueuedConnection)
        live, box = sigma.live, self._view_box
        # a panel that goes away stops its view at once (it would otherwise be followed until collected)
        self.destroyed.connect(lambda *_: live.close(box[0]))

    @property
    def live_view(self):
        return self._view_box[0]

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
        self._job += 1
        job = self._job

        def done(view, job=job) -> None:
            if job == self._job:
                self._follow(view)
                self.show_result(view.value)
            else:
                self.sigma.live.close(view)

        def failed(exc, job=job) -> None:
            if job == self._job:
                self._failed(exc)

        runner.run(self, lambda: self.open_view(f), done, failed, busy_text=self.tr(self.busy_text),
                   busy_after_ms=1500)

    def _follow(self, view) -> None:
        if self.live_view is not None:
            self.sigma.live.close(self.live_view)
        self._view_box[0] = view
        view.subscribe(self.sig_live.emit)
        if not self.isVisible():
            view.pause()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        live_views.hidden(self.live_view)
        super().hideEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        live_views.shown(self, self.live_view, self._failed)

    def _live_changed(self, view) -> None:
        if view is self.live_view:
            self.show_result(view.value)

    def _failed(self, exc: BaseException) -> None:
        from ..messages import show_error

        self.filters.set_busy(False)
        self.status.setText(self.tr("No se pudo calcular."))
        if self.isVisible():  # never a modal dialog for a panel nobody is looking at
            show_error(self, exc)

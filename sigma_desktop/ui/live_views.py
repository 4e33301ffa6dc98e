"""A screen that shows a live view (services/live_figures.py, services/live_dashboards.py): Control, Reportes
and each role's Inicio.

`LiveFollower` opens the view in the background (only the newest request is shown: filters may change while
one runs), shows its value, then each new value the view gets after a write of this program (handed over by
the writing thread, shown on the GUI thread). It closes the view it replaces and, when the screen goes away,
the last one. While the screen is hidden (another module in front) its view only notes what each write
touched, so that a write pays only for the figures someone is looking at; when the screen is shown again the
view catches up in the background, re-reading only what those writes touched.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal

from . import runner


class LiveFollower(QObject):
    sig_value = Signal(object)  # a view's new value, from the thread that committed the write

    def __init__(self, screen, show: Callable, failed: Callable[[BaseException], None], busy_text: str = ""):
        super().__init__(screen)
        self._screen, self._show, self._failed, self._busy_text = screen, show, failed, busy_text
        self._job = 0  # the newest request; older results are dropped
        self._box: list = [None]  # the view followed, in a box the `destroyed` handler can reach
        live, box = screen.sigma.live, self._box
        # a screen that goes away stops its view at once (it would otherwise be followed until collected)
        screen.destroyed.connect(lambda *_: live.close(box[0]))
        self.sig_value.connect(self._changed, Qt.ConnectionType.QueuedConnection)
        screen.installEventFilter(self)  # hidden: the view only notes writes; shown: it catches up

    @property
    def view(self):
        return self._box[0]

    def load(self, open_view: Callable) -> None:
        """Opens the view `open_view()` returns (in a worker thread) and follows it instead of the current one."""
        self._job += 1
        job, live = self._job, self._screen.sigma.live

        def current() -> bool:  # a newer request, or the user signed out while this one ran: drop it
            return job == self._job and self._screen.sigma.actor is not None

        def done(view) -> None:
            if not current():
                live.close(view)
                return
            live.close(self._box[0])
            self._box[0] = view
            view.subscribe(self.sig_value.emit)
            if not self._screen.isVisible():
                view.pause()
            self._show(view.value)

        def failed(exc) -> None:
            if job == self._job:
                self._failed(exc)

        runner.run(self._screen, open_view, done, failed, busy_text=self._busy_text, busy_after_ms=1500)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        view = self.view
        if watched is self._screen and view is not None:
            if event.type() == QEvent.Type.Hide:
                view.pause()
            elif event.type() == QEvent.Type.Show:
                self._resume(view)
        return False

    def _resume(self, view) -> None:
        if not view.stale:
            view.resume()  # nothing was written meanwhile: nothing to read
            return
        runner.run(self._screen, view.resume, lambda _update: None, self._failed, busy_after_ms=1500)

    def _changed(self, view) -> None:
        if view is self._box[0] and self._screen.sigma.actor is not None:
            self._show(view.value)

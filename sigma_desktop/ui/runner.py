"""The one background runner of the window: slow work (national lists, imports, exports, sync) runs off the
GUI thread, with a busy indicator or progress reports.

Services open their own session per call, so a worker thread may call them while the window stays
responsive; results and progress come back to the GUI thread through queued signals.
"""
from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)  # the arguments of one progress report, as a tuple


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], reports: bool):
        super().__init__()
        self.fn = fn
        self.reports = reports
        self.signals = _Signals()

    def report(self, *args) -> None:
        """The progress callback handed to the work (called on the worker thread)."""
        self.signals.progress.emit(args)

    def run(self) -> None:
        try:
            result = self.fn(self.report) if self.reports else self.fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class ProgressRelay(QObject):
    """A progress callback (stage, done, total) for a worker thread; `sig` delivers it on the GUI thread
    (queued, since the relay lives there)."""

    sig = Signal(str, int, int)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.sig.emit(stage, int(done), int(total))


_alive: set[_Job] = set()  # keeps jobs (and their signal objects) alive until they report


def run(parent: QWidget, fn: Callable[..., Any], on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None, busy_text: str | None = None,
        busy_after_ms: int = 400, on_progress: Callable[..., None] | None = None) -> None:
    """Runs `fn` in the thread pool; shows `busy_text` in a progress dialog if it takes a while.

    With `on_progress`, `fn` is called with a progress callback: whatever it reports reaches `on_progress`
    on the GUI thread (while `parent` lives). `on_done` or `on_error` run on the GUI thread too."""
    job = _Job(fn, on_progress is not None)
    dialog: list[QProgressDialog] = []
    timer = QTimer(parent)
    timer.setSingleShot(True)

    def show_busy() -> None:
        if busy_text:
            d = QProgressDialog(busy_text, None, 0, 0, parent)
            d.setWindowModality(Qt.WindowModality.WindowModal)
            d.setMinimumDuration(0)
            d.show()
            dialog.append(d)

    def finish() -> bool:
        """Cleans up; False when the widget that asked is gone (its result has nowhere to go)."""
        _alive.discard(job)
        if not shiboken6.isValid(parent):
            return False
        timer.stop()
        for d in dialog:
            d.close()
        return True

    def done(result: Any) -> None:
        if finish():
            on_done(result)

    def failed(exc: BaseException) -> None:
        if not finish():
            return
        if on_error is not None:
            on_error(exc)
        else:
            from .messages import show_error

            show_error(parent, exc)

    def progress(args: tuple) -> None:
        if shiboken6.isValid(parent):
            on_progress(*args)

    job.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    if on_progress is not None:
        job.signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
    timer.timeout.connect(show_busy)
    timer.start(busy_after_ms)
    _alive.add(job)
    QThreadPool.globalInstance().start(job)

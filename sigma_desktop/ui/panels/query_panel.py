"""A panel that computes its figures in the background from its filters (Control, Reportes).

Filters can change while a computation runs: only the newest result is shown, older ones are dropped.
"""
from __future__ import annotations

from typing import Any

from .. import runner
from .base import Panel


class QueryPanel(Panel):
    busy_text = ""

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self._job = 0  # the latest query; older results are dropped

    def compute(self, f) -> Any:
        """Runs in a worker thread: the service call for the filter `f`."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        f = self.filters.value()
        self.filters.set_busy(True)
        self.status.setText(self.tr("Calculando…"))
        self._job += 1
        job = self._job

        def done(result, job=job) -> None:
            if job == self._job:
                self.show_result(result)

        def failed(exc, job=job) -> None:
            if job == self._job:
                self._failed(exc)

        runner.run(self, lambda: self.compute(f), done, failed, busy_text=self.tr(self.busy_text),
                   busy_after_ms=1500)

    def _failed(self, exc: BaseException) -> None:
        from ..messages import show_error

        self.filters.set_busy(False)
        self.status.setText(self.tr("No se pudo calcular."))
        if self.isVisible():  # never a modal dialog for a panel nobody is looking at
            show_error(self, exc)

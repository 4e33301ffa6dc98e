"""Background jobs: results reach the GUI thread, and a job outliving its panel is dropped quietly."""
from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from sigma_desktop.ui import runner


def test_result_and_error_reach_the_gui_thread(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    got, errors = [], []
    runner.run(w, lambda: threading.current_thread().name, got.append)
    runner.run(w, lambda: 1 / 0, got.append, errors.append)
    qtbot.waitUntil(lambda: len(got) == 1 and len(errors) == 1, timeout=5000)
    assert got[0] != threading.main_thread().name
    assert isinstance(errors[0], ZeroDivisionError)


def test_job_finishing_after_its_widget_is_deleted(qtbot):
    w = QWidget()
    release = threading.Event()
    got = []
    runner.run(w, lambda: release.wait(5) and "tarde", got.append)
    import shiboken6

    shiboken6.delete(w)  # the panel is closed while the job runs
    release.set()
    QThreadPool.globalInstance().waitForDone(5000)
    for _ in range(5):
        QApplication.processEvents()
    assert got == []

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


def test_progress_reports_reach_the_gui_thread_in_order(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    reports, got = [], []

    def work(progress):
        for i in range(3):
            progress(f"paso {i}", i / 3)
        return "listo"

    runner.run(w, work, got.append,
               on_progress=lambda stage, fraction: reports.append((stage, fraction, threading.current_thread().name)))
    qtbot.waitUntil(lambda: got == ["listo"], timeout=5000)
    QApplication.processEvents()
    assert [(s, f) for s, f, _t in reports] == [("paso 0", 0.0), ("paso 1", 1 / 3), ("paso 2", 2 / 3)]
    assert {t for _s, _f, t in reports} == {threading.main_thread().name}

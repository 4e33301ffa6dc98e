"""Regression for PySide6 6.12.0 on Python 3.11: every call of a Qt method that returns nothing dropped one
reference to None, and after a few thousand calls the process aborted ("deallocating None").

The calls run in a child process so that an abort fails this test instead of killing pytest."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

CALLS = 20_000

_CHILD = r"""
import json, sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QTableView

app = QApplication([])
label = QLabel()
view = QTableView()
model = QStandardItemModel(0, 3)
view.setModel(model)
n = int(sys.argv[1])

before = sys.getrefcount(None)
for i in range(n):
    label.setText("a")                      # void method, the one named in the bug report
after_set_text = sys.getrefcount(None)
for i in range(n // 4):
    view.setColumnWidth(i % 3, 80)          # more void methods of other classes
    model.appendRow([QStandardItem("x")])
after = sys.getrefcount(None)
print(json.dumps({"before": before, "after_set_text": after_set_text, "after": after}))
"""


def _run_child(calls: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", _CHILD, str(calls)], capture_output=True, text=True,
                          env=env, timeout=240)


def test_void_qt_methods_do_not_leak_references_to_none():
    done = _run_child(CALLS)
    assert done.returncode == 0, (f"the Qt process died (exit {done.returncode}) after void calls: "
                                  f"{done.stderr[-2000:]}")
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    # On 6.12.0 + 3.11 each call drops one reference: thousands lost. Allow a little noise.
    assert counts["after_set_text"] >= counts["before"] - 100, counts
    assert counts["after"] >= counts["before"] - 100, counts


def test_pyside6_version_is_safe_for_this_python():
    installed = tuple(int(p) for p in version("PySide6-Essentials").split(".")[:2])
    if sys.version_info[:2] == (3, 11):
        assert installed < (6, 12), (f"PySide6 {version('PySide6-Essentials')} on Python 3.11: 6.12.0 aborts "
                                     "with 'deallocating None'; keep PySide6-Essentials <6.12")
    assert installed >= (6, 11)

"""UI tests run offscreen on SQLite (the services below them are tested on both engines)."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(scope="session")
def qapp_args():
    return ["sigma-desktop-tests"]


@pytest.fixture(scope="session", autouse=True)
def _theme(qapp):
    from PySide6.QtCore import QCoreApplication

    from sigma_desktop.ui import theme

    QCoreApplication.setOrganizationName("SIGMA-tests")
    QCoreApplication.setApplicationName("SIGMA Desktop tests")
    theme.apply(qapp)
    yield


@pytest.fixture
def ui_world(sqlite_world, tmp_path, monkeypatch):
    """The hand-built world (tests/world.py) on SQLite, with QSettings kept out of the user's home."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return sqlite_world

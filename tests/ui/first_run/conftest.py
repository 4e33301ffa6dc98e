"""A first start: an empty data folder, no database given, settings kept out of the user's home."""
import pytest


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    folder = tmp_path / "datos"
    monkeypatch.setenv("SIGMA_DATA_DIR", str(folder))
    monkeypatch.delenv("SIGMA_DB_URL", raising=False)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return folder

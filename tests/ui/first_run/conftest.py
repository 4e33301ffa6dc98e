"""A first start: an empty data folder, no database given, settings kept out of the user's home."""
import os
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    folder = tmp_path / "datos"
    if os.environ.get("SIGMA_SCREENSHOTS"):  # pictures for the user guide: a short, plausible data folder
        folder = Path(tempfile.mkdtemp()) / "SIGMA Desktop"
    monkeypatch.setenv("SIGMA_DATA_DIR", str(folder))
    monkeypatch.delenv("SIGMA_DB_URL", raising=False)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return folder

"""Ayuda → Acerca de: version, libraries, database mode and location (no password), schema revision, rows,
data folder; «Copiar información» puts the same text on the clipboard."""
from __future__ import annotations

import platform

import pytest
from PySide6.QtGui import QGuiApplication

from sigma_desktop import __version__
from sigma_desktop.config import data_dir
from sigma_desktop.ui.forms.about_dialog import AboutDialog
from tests.world import GESTOR


def _ready(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.pending.isHidden() or dialog.pending.objectName() == "error", timeout=30000)
    return dialog.text()


def test_about_shows_version_database_and_copies_it(qtbot, ui_world, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "datos"))
    ui_world.sign_in(GESTOR)
    info = ui_world.sigma.setup.database_info()
    dialog = AboutDialog(ui_world.sigma, "local (SQLite)")
    qtbot.addWidget(dialog)
    text = _ready(qtbot, dialog)
    assert f"SIGMA Desktop {__version__}" in text and f"Python: {platform.python_version()}" in text
    assert "Qt / PySide6: 6." in text and "SQLAlchemy: 2." in text
    assert "Base de datos: local (SQLite) — SQLite" in text
    assert f"Revisión del esquema: {info.head} (al día)" in text
    assert f"Carpeta de datos: {data_dir()}" in text and "copias-de-seguridad" in text
    teachers = dict(info.records)["Docentes"]
    assert teachers > 0 and f"Registros — docentes: {teachers}" in text
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert dialog.copy_button.text() == "Copiado"


@pytest.mark.postgres
def test_about_hides_the_server_password(qtbot, pg_url):
    from sigma_desktop.services import Sigma

    with_password = pg_url.replace("://", "://", 1)
    user, rest = with_password.split("://", 1)[1].split("@", 1)
    with_password = f"postgresql+psycopg://{user}:Secreto-123@{rest}"  # the test server trusts anyone
    sigma = Sigma.open(with_password)
    try:
        sigma.setup.initialize()
        dialog = AboutDialog(sigma, "compartida (PostgreSQL)")
        qtbot.addWidget(dialog)
        text = _ready(qtbot, dialog)
        assert "Secreto-123" not in text and ":***@" in text and "PostgreSQL" in text
        assert "Copias de seguridad" not in text  # the server's backups are the server's business
    finally:
        sigma.close()

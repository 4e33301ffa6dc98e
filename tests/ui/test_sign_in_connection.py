"""«Conexión…» on the sign-in window: another database is chosen and the session restarts on it."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sigma_desktop.config import saved_connection
from sigma_desktop.ui.forms.connection_dialog import LOCAL, ConnectionDialog
from sigma_desktop.ui.session import DesktopSession
from tests.ui.local_db import local_database_with_admin
from tests.world import GESTOR, PASSWORD


def _when_dialog_opens(act):
    def poll():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, ConnectionDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)
    QTimer.singleShot(0, poll)


def test_sign_in_changes_the_connection_and_restarts_cleanly(qtbot, ui_world, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "datos"))
    other = tmp_path / "otra.sqlite3"
    local_database_with_admin(other, "45000002", "Luis Huamán Rojas", "Otra-clave-2024")
    url = ui_world.sigma.db.describe()
    ui_world.sigma.close()
    session = DesktopSession(url, "local")
    with qtbot.waitSignal(session.sig_ready, timeout=30000):
        session.start()
    first_dialog, first_sigma = session.dialog, session.sigma

    # cancelled: nothing changes
    _when_dialog_opens(lambda d: d.reject())
    first_dialog.connection_button.click()
    assert session.dialog is first_dialog and session.sigma is first_sigma and saved_connection() == {}

    def choose_other(dialog):
        dialog.mode.button(LOCAL).setChecked(True)
        dialog.local_path.setText(str(other))
        assert dialog.save()

    _when_dialog_opens(choose_other)
    with qtbot.waitSignal(session.sig_ready, timeout=30000):
        first_dialog.connection_button.click()
    assert session.url == f"sqlite:///{other}" and saved_connection()["url"] == session.url
    from PySide6.QtWidgets import QLabel

    assert session.dialog is not first_dialog
    assert any(str(other) in label.text() for label in session.dialog.findChildren(QLabel))
    session.dialog.dni.setText(GESTOR)  # a user of the first database is unknown here
    session.dialog.password.setText(PASSWORD)
    session.dialog.ok_button.click()
    assert session.window is None and "incorrectos" in session.dialog.error.text()
    session.dialog.dni.setText("45000002")
    session.dialog.password.setText("Otra-clave-2024")
    session.dialog.ok_button.click()
    assert session.window is not None and session.window.sigma.actor.name == "Luis Huamán Rojas"
    session.window.close()
    session.close()

"""A temporary password is changed at sign-in, before the main window opens; cancelling keeps the user out."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sigma_desktop.ui.forms.change_password import ChangePasswordDialog
from sigma_desktop.ui.session import DesktopSession
from tests.world import ADMIN, GESTOR, PASSWORD


def _when_open(act):
    def poll():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, ChangePasswordDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, poll)
        else:
            act(dialog)
    QTimer.singleShot(0, poll)


def _session(qtbot, ui_world):
    ui_world.sigma.auth.sign_in(ADMIN, PASSWORD)
    ui_world.sigma.users.reset_password(GESTOR, "temporal-123")
    url = ui_world.sigma.db.describe()
    ui_world.sigma.close()
    session = DesktopSession(url, "local")
    with qtbot.waitSignal(session.sig_ready, timeout=30000):
        session.start()
    session.dialog.dni.setText(GESTOR)
    session.dialog.password.setText("temporal-123")
    return session


def test_a_temporary_password_is_changed_before_the_window_opens(qtbot, ui_world, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "datos"))
    session = _session(qtbot, ui_world)
    seen = []

    def fill(dialog):
        seen.append(dialog.grab())
        dialog.current.setText("temporal-123")
        dialog.new.setText("corta")
        dialog.repeat.setText("corta")
        dialog.ok_button.click()
        assert "al menos 8 caracteres" in dialog.error.text() and dialog.isVisible()
        dialog.new.setText("propia-clave-45")
        dialog.repeat.setText("propia-clave-45")
        dialog.ok_button.click()

    _when_open(fill)
    session.dialog.ok_button.click()
    assert session.window is not None and not session.sigma.actor.must_change_password
    assert seen and not seen[0].isNull()
    session.window.close()
    session.close()


def test_cancelling_the_change_keeps_the_user_out(qtbot, ui_world, tmp_path, monkeypatch):
    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "datos"))
    session = _session(qtbot, ui_world)
    _when_open(lambda dialog: dialog.reject())
    session.dialog.ok_button.click()
    assert session.window is None and session.sigma.actor is None
    assert "contraseña temporal" in session.dialog.error.text()
    session.close()

"""Sign-in window first, database prepared in the background, then the main window by role."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from sigma_desktop.ui.session import DesktopSession
from tests.world import COACH_MG, GESTOR, PASSWORD, RCI


def _session(qtbot, ui_world):
    url = ui_world.sigma.db.describe()
    ui_world.sigma.close()
    session = DesktopSession(url, "local")
    with qtbot.waitSignal(session.sig_ready, timeout=20000):
        session.start()
    return session


def _sign_in(qtbot, session, dni, password=PASSWORD):
    dialog = session.dialog
    dialog.dni.setText(dni)
    dialog.password.setText(password)
    dialog.ok_button.click()
    return dialog


def test_wrong_password_keeps_the_dialog_with_a_message(qtbot, ui_world):
    session = _session(qtbot, ui_world)
    dialog = _sign_in(qtbot, session, GESTOR, "no-es-la-clave")
    assert dialog.isVisible() and dialog.error.text() == "DNI o contraseña incorrectos."
    assert dialog.password.text() == "" and session.window is None
    dialog.dni.setText("123")
    dialog.ok_button.click()
    assert "8 dígitos" in dialog.error.text()
    session.close()


def test_navigation_depends_on_the_role(qtbot, ui_world):
    session = _session(qtbot, ui_world)
    _sign_in(qtbot, session, GESTOR)
    window = session.window
    qtbot.addWidget(window)
    keys = {m.key for m in window.modules}
    assert {"home", "validation", "control", "reports", "teachers", "schools", "coaches"} <= keys
    assert not keys & {"trash", "users", "planning", "my_teachers", "assignments"}
    status = " | ".join(w.text() for w in window.statusBar().findChildren(QLabel))
    assert "Gestor Local" in status and "UGEL" in status and "local (SQLite)" in status
    window.sig_sign_out.emit()
    assert session.window is None and session.dialog.isVisible()
    _sign_in(qtbot, session, RCI)
    assert "trash" in [m.key for m in session.window.modules]
    assert "validation" not in [m.key for m in session.window.modules]
    session.window.sig_sign_out.emit()
    _sign_in(qtbot, session, COACH_MG)
    keys = {m.key for m in session.window.modules}
    assert {"home", "my_teachers", "planning", "reports"} <= keys  # Reportes of their own work (issue 15)
    assert not keys & {"validation", "teachers", "trash", "users"}
    session.window.close()
    session.close()


def test_first_run_asks_for_an_administrator(qtbot, tmp_path, monkeypatch):
    from sigma_desktop.ui.forms import first_admin

    created = []

    def fake_exec(dialog):
        dialog.dni.setText("44000001")
        dialog.name.setText("Administradora Inicial")
        dialog.password.setText("clave-segura-1")
        dialog.repeat.setText("clave-distinta-1")
        dialog.create()
        created.append(dialog.error.text())
        dialog.repeat.setText("clave-segura-1")
        dialog.create()
        return dialog.result()

    monkeypatch.setattr(first_admin.FirstAdminDialog, "exec", fake_exec)
    session = DesktopSession(f"sqlite:///{tmp_path / 'nueva.sqlite3'}", "local")
    with qtbot.waitSignal(session.sig_ready, timeout=30000):
        session.start()
    assert created == ["Repita la contraseña: las dos contraseñas no coinciden."]
    _sign_in(qtbot, session, "44000001", "clave-segura-1")
    assert session.window is not None and session.window.sigma.actor.role.value == "administrador"
    session.window.close()
    session.close()


def test_column_widths_are_remembered(qtbot, ui_world):
    from sigma_desktop.ui.main_window import MainWindow

    ui_world.sign_in(GESTOR)
    window = MainWindow(ui_world.sigma, "x", "local (SQLite)")
    qtbot.addWidget(window)
    panel = window.show_module("validation")
    panel.view.setColumnWidth(1, 333)
    window.close()
    again = MainWindow(ui_world.sigma, "x", "local (SQLite)")
    qtbot.addWidget(again)
    assert again.show_module("validation").view.columnWidth(1) == 333

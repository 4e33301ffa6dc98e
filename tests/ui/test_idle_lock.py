"""The session locks after the configured idle time: the data is hidden, the same user's password
unlocks it, and another person can only sign the user out."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from sigma_desktop.domain.session_policy import (IDLE_LOCK_DEFAULT_MINUTES, IDLE_LOCK_MAX_MINUTES, SETTINGS_KEY,
                                                 idle_minutes)
from sigma_desktop.ui import idle_lock
from sigma_desktop.ui.idle_lock import IdleLock

from tests.ui.test_session import _session, _sign_in
from tests.world import GESTOR, PASSWORD


def _window(qtbot, ui_world):
    from sigma_desktop.ui.main_window import MainWindow

    ui_world.sign_in(GESTOR)
    window = MainWindow(ui_world.sigma, "prueba", "local (SQLite)")
    qtbot.addWidget(window)
    window.show()
    window.safety.idle_lock.stop()  # the configured one (minutes) is replaced by a short one
    lock = IdleLock(window, ui_world.sigma, timeout_ms=400, check_ms=40)
    return window, lock


def _type_something(widget) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier))


def test_locks_after_the_idle_time_and_hides_the_data(qtbot, ui_world):
    window, lock = _window(qtbot, ui_world)
    assert window.centralWidget().isVisible()
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert not window.centralWidget().isVisible()
    assert not window.menuBar().isEnabled()
    dialog = lock.dialog
    assert dialog.isVisible() and dialog.isModal()
    assert GESTOR in dialog.findChild(type(dialog.error), "lockedUser").text()
    dialog.reject()  # Esc does not unlock
    dialog.close()
    assert lock.locked and dialog.isVisible()


def test_input_keeps_the_session_open(qtbot, ui_world):
    window, lock = _window(qtbot, ui_world)
    for _ in range(12):  # 1.2 s of typing, three times the idle time
        _type_something(window)
        qtbot.wait(100)
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)


def test_the_same_users_password_unlocks(qtbot, ui_world):
    window, lock = _window(qtbot, ui_world)
    unlocked = []
    lock.sig_unlocked.connect(lambda: unlocked.append(1))
    lock.lock()
    dialog = lock.dialog
    dialog.password.setText("no-es-la-clave")
    dialog.unlock_button.click()
    assert lock.locked and dialog.error.text() == "DNI o contraseña incorrectos."
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORD)
    dialog.unlock_button.click()
    assert not lock.locked and unlocked == [1]
    assert window.centralWidget().isVisible() and window.menuBar().isEnabled()
    assert ui_world.sigma.actor.dni == GESTOR


def test_another_person_signs_the_user_out(qtbot, ui_world):
    session = _session(qtbot, ui_world)
    _sign_in(qtbot, session, GESTOR)
    window = session.window
    lock = window.safety.idle_lock
    lock.lock()
    assert not window.centralWidget().isVisible()
    lock.dialog.change_user_button.click()
    assert session.window is None and session.sigma.actor is None
    assert session.dialog.isVisible() and session.dialog.dni.text() == ""
    session.close()


def test_idle_minutes_come_from_the_settings(qtbot, ui_world):
    settings = QSettings()
    settings.remove(SETTINGS_KEY)
    assert idle_lock.configured_minutes() == IDLE_LOCK_DEFAULT_MINUTES
    assert idle_lock.set_configured_minutes(25) == 25
    assert idle_lock.configured_minutes() == 25
    window, _lock = _window(qtbot, ui_world)
    fresh = IdleLock(window, ui_world.sigma)
    assert fresh.timeout_ms == 25 * 60_000
    assert idle_lock.set_configured_minutes(10_000) == IDLE_LOCK_MAX_MINUTES
    assert idle_minutes("nada") == IDLE_LOCK_DEFAULT_MINUTES and idle_minutes(0) == 1
    fresh.stop()

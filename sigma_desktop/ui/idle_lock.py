"""Locks the session after a while without keyboard or mouse: the data is hidden and the same user's
password is asked again. "Cambiar de usuario" signs that user out instead.

The idle time is read from QSettings (domain/session_policy.py: default, range and key).
"""
from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QMainWindow, QVBoxLayout, QWidget)

from ..domain.errors import AuthenticationError, SigmaError
from ..domain.session_policy import IDLE_LOCK_DEFAULT_MINUTES, SETTINGS_KEY, idle_minutes

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})


def tr(text: str) -> str:
    return QCoreApplication.translate("idle_lock", text)


def configured_minutes() -> int:
    return idle_minutes(QSettings().value(SETTINGS_KEY, IDLE_LOCK_DEFAULT_MINUTES))


def set_configured_minutes(minutes: int) -> int:
    value = idle_minutes(minutes)
    QSettings().setValue(SETTINGS_KEY, value)
    return value


class LockDialog(QDialog):
    """Asks the locked user's password; it cannot be closed without unlocking or changing user."""

    sig_unlocked = Signal()
    sig_change_user = Signal()

    def __init__(self, sigma, parent: QWidget | None = None):
        super().__init__(parent)
        self._sigma = sigma
        actor = sigma.actor
        self._dni = actor.dni
        self.setWindowTitle(tr("SIGMA Desktop — Sesión bloqueada"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        title = QLabel(tr("Sesión bloqueada por inactividad"))
        title.setObjectName("panelTitle")
        who = QLabel(tr("{0} (DNI {1})").format(actor.name, actor.dni))
        who.setObjectName("lockedUser")
        hint = QLabel(tr("Escriba su contraseña para seguir trabajando. Si usted es otra persona, use "
                         "«Cambiar de usuario»: la sesión actual se cerrará."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Contraseña:"), self.password)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(tr("Desbloquear"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        self.change_user_button = buttons.addButton(tr("Cambiar de usuario"),
                                                    QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.change_user_button.clicked.connect(self._change_user)
        layout = QVBoxLayout(self)
        for w in (title, who, hint):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        if not self.password.text():
            self.error.setText(tr("Contraseña: escriba su contraseña."))
            return
        try:
            self._sigma.auth.sign_in(self._dni, self.password.text())
        except AuthenticationError as exc:
            self.error.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        except SigmaError as exc:
            self.error.setText(exc.message)
            return
        self.password.clear()
        self.error.clear()
        self.done(QDialog.DialogCode.Accepted)
        self.sig_unlocked.emit()

    def _change_user(self) -> None:
        self.password.clear()
        self.done(QDialog.DialogCode.Rejected)
        self.sig_change_user.emit()

    def reject(self) -> None:  # Esc and the window's close button do not unlock
        pass

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self.result() == QDialog.DialogCode.Accepted or not self.isVisible():
            super().closeEvent(event)
        else:
            event.ignore()


def _check_interval_ms(timeout_ms: int) -> int:
    """How often idleness is checked: a quarter of the timeout (locks at most 25 % late), 50 ms to 15 s."""
    return min(15_000, max(50, timeout_ms // 4))


class IdleLock(QObject):
    """Watches the application's input; after `timeout_ms` without any, locks `window`.

    `window.sig_sign_out` is emitted when another person takes over ("Cambiar de usuario").
    """

    sig_locked = Signal()
    sig_unlocked = Signal()

    def __init__(self, window: QMainWindow, sigma, *, timeout_ms: int | None = None, check_ms: int | None = None):
        super().__init__(window)
        self._window = window
        self._sigma = sigma
        self.timeout_ms = timeout_ms if timeout_ms is not None else configured_minutes() * 60_000
        self._last_input = time.monotonic()
        self.dialog: LockDialog | None = None
        self._hidden: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms if check_ms is not None else _check_interval_ms(self.timeout_ms))
        self._timer.timeout.connect(self._tick)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_timeout_minutes(self, minutes: int) -> None:
        self.timeout_ms = idle_minutes(minutes) * 60_000
        self._timer.setInterval(_check_interval_ms(self.timeout_ms))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _tick(self) -> None:
        if self.locked or self._sigma.actor is None:
            return
        if (time.monotonic() - self._last_input) * 1000 >= self.timeout_ms:
            self.lock()

    def lock(self) -> None:
        if self.locked or self._sigma.actor is None:
            return
        central = self._window.centralWidget()
        if central is not None and central.isVisible():
            central.hide()  # the data is not left on screen behind the dialog
            self._hidden = central
        self._window.menuBar().setEnabled(False)
        self.dialog = LockDialog(self._sigma, self._window)
        self.dialog.sig_unlocked.connect(self._unlocked)
        self.dialog.sig_change_user.connect(self._change_user)
        self.dialog.open()
        self.sig_locked.emit()

    def _release(self, *, show: bool) -> None:
        if self._hidden is not None and show:
            self._hidden.show()
        self._hidden = None
        self._window.menuBar().setEnabled(True)
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._last_input = time.monotonic()

    def _unlocked(self) -> None:
        self._release(show=True)
        self.sig_unlocked.emit()

    def _change_user(self) -> None:
        self._release(show=False)  # the window closes with the sign-out: its data is never shown again
        self.stop()
        self._window.sig_sign_out.emit()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

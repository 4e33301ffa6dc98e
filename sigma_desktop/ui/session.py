"""The desktop session: sign-in → main window → sign-out → sign-in …

The sign-in window shows at once; the database is opened and upgraded in a worker thread meanwhile,
and «Ingresar» waits until it is ready. A database with no users first asks for an administrator.

On a genuinely first start (no database chosen and no local database yet, see ui/first_run) the
first-run wizard shows instead of the sign-in window and hands over its open database.

Changing the connection («Conexión…» on the sign-in window, or «Cambiar la conexión…» when the database
cannot be opened) saves the choice and restarts the session cleanly on it: the sign-in window is
replaced, the old database is closed (a preparation still running for it closes what it opened), and
the new one is prepared as at start.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog

from ..config import describe_url
from . import runner
from .messages import describe
from .sign_in import SignInDialog

MODE_LABELS = {"local": "local (SQLite)", "shared": "compartida (PostgreSQL)", "replica": "réplica"}


def tr(text: str) -> str:
    return QCoreApplication.translate("session", text)


class DesktopSession(QObject):
    sig_sign_in_shown = Signal()  # the first window (sign-in, or the first-run wizard) is on screen
    sig_ready = Signal()

    def __init__(self, url: str, mode: str):
        super().__init__()
        self.url = url
        self.mode = mode
        self.sigma = None
        self.window = None
        self.dialog: SignInDialog | None = None
        self.first_run = None  # the first-run wizard while it is open
        self._generation = 0  # which start a background preparation belongs to

    def start(self) -> None:
        from .first_run import is_first_run

        if self.sigma is None and is_first_run(self.url):
            self._show_first_run()
            return
        self._generation += 1
        generation, url = self._generation, self.url
        self._show_sign_in()
        runner.run(self.dialog, lambda: self._prepare(url, generation), self._prepared, self._failed)

    def close(self) -> None:
        if self.sigma is not None:
            self.sigma.close()

    def _prepare(self, url: str, generation: int) -> int:
        """Worker thread: import the data layer, open, create or upgrade the database."""
        from ..services import Sigma

        sigma = Sigma.open(url)
        try:
            sigma.setup.initialize()
        except BaseException:
            sigma.close()  # no pooled connection may keep a damaged or locked file open
            raise
        if generation != self._generation:  # the connection was changed meanwhile: nobody wants this one
            sigma.close()
            return -1
        self.sigma = sigma
        return sigma.users.count()

    def _prepared(self, user_count: int) -> None:
        if user_count < 0:
            return  # a preparation for a connection that was changed meanwhile
        if user_count == 0:
            from .forms.first_admin import FirstAdminDialog

            if FirstAdminDialog(self.sigma, self.dialog).exec() != QDialog.DialogCode.Accepted:
                QCoreApplication.quit()
                return
        if self.dialog is not None:
            self.dialog.set_ready(True)
        self.sig_ready.emit()

    def _failed(self, exc: BaseException) -> None:
        from .recovery import offer_other_connection, recover  # a way out when there is one

        if recover(self, exc):
            return
        text = tr("{0}\n\nBase de datos: {1}").format(describe(exc), describe_url(self.url))
        if offer_other_connection(self.dialog, tr("No se pudo abrir la base de datos"), text):
            if self.change_connection():
                return
        QCoreApplication.quit()

    def change_connection(self) -> bool:
        """Opens the connection dialog; a saved choice restarts the session on it. False if cancelled."""
        from .forms.connection_dialog import ConnectionDialog
        from .recovery import restart

        dialog = ConnectionDialog(self.dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.url, self.mode = dialog.saved_url, dialog.form.mode_name()
        restart(self)
        return True

    def _sign_in(self, dni: str, password: str):
        return self.sigma.auth.sign_in(dni, password)

    def _temporary_password(self, _actor) -> bool:
        """A temporary password is changed before the window opens; cancelling signs out."""
        from .forms.change_password import ChangePasswordDialog

        if ChangePasswordDialog(self.sigma, self.dialog, temporary=True).exec() == QDialog.DialogCode.Accepted:
            return True
        self.sigma.auth.sign_out()
        return False

    def _show_sign_in(self) -> None:
        self.dialog = SignInDialog(self._sign_in, describe_url(self.url), temporary_password=self._temporary_password)
        self.dialog.set_ready(self.sigma is not None)
        self.dialog.accepted.connect(self._open_main_window)
        self.dialog.rejected.connect(QCoreApplication.quit)
        self.dialog.sig_change_connection.connect(self.change_connection)
        self.dialog.show()
        QTimer.singleShot(0, self, self.sig_sign_in_shown.emit)  # dropped if the session is gone

    def _show_first_run(self) -> None:
        from .first_run.wizard import FirstRunWizard

        wizard = FirstRunWizard()
        self.first_run = wizard
        wizard.finished.connect(self._first_run_done)
        wizard.show()
        QTimer.singleShot(0, self, self.sig_sign_in_shown.emit)  # dropped if the session is gone

    def _first_run_done(self, result: int) -> None:
        wizard, self.first_run = self.first_run, None
        wizard.deleteLater()
        if result != QDialog.DialogCode.Accepted or wizard.prepared is None:
            QCoreApplication.quit()
            return
        prepared = wizard.prepared
        self.sigma, self.url, self.mode = prepared.sigma, prepared.url, prepared.mode
        if wizard.signed_in:  # the administrator just created: straight to work
            self._open_main_window()
        else:
            self._show_sign_in()
            self.dialog.set_ready(True)
        self.sig_ready.emit()

    def _open_main_window(self) -> None:
        from .main_window import MainWindow

        self.window = MainWindow(self.sigma, describe_url(self.url), MODE_LABELS.get(self.mode, self.mode))
        self.window.sig_sign_out.connect(self._sign_out)
        self.window.show()
        self.dialog = None

    def _sign_out(self) -> None:
        self.sigma.auth.sign_out()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self._show_sign_in()

"""The desktop session: sign-in → main window → sign-out → sign-in …

The sign-in window shows at once; the database is opened and upgraded in a worker thread meanwhile,
and «Ingresar» waits until it is ready. A database with no users first asks for an administrator.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMessageBox

from ..config import describe_url
from . import runner
from .messages import describe
from .sign_in import SignInDialog

MODE_LABELS = {"local": "local (SQLite)", "shared": "compartida (PostgreSQL)", "replica": "réplica"}


def tr(text: str) -> str:
    return QCoreApplication.translate("session", text)


class DesktopSession(QObject):
    sig_sign_in_shown = Signal()
    sig_ready = Signal()

    def __init__(self, url: str, mode: str):
        super().__init__()
        self.url = url
        self.mode = mode
        self.sigma = None
        self.window = None
        self.dialog: SignInDialog | None = None

    def start(self) -> None:
        self._show_sign_in()
        runner.run(self.dialog, self._prepare, self._prepared, self._failed)

    def close(self) -> None:
        if self.sigma is not None:
            self.sigma.close()

    def _prepare(self) -> int:
        """Worker thread: import the data layer, open, create or upgrade the database."""
        from ..services import Sigma

        sigma = Sigma.open(self.url)
        try:
            sigma.setup.initialize()
        except BaseException:
            sigma.close()  # no pooled connection may keep a damaged or locked file open
            raise
        self.sigma = sigma
        return sigma.users.count()

    def _prepared(self, user_count: int) -> None:
        if user_count == 0:
            from .forms.first_admin import FirstAdminDialog

            if FirstAdminDialog(self.sigma, self.dialog).exec() != QDialog.DialogCode.Accepted:
                QCoreApplication.quit()
                return
        if self.dialog is not None:
            self.dialog.set_ready(True)
        self.sig_ready.emit()

    def _failed(self, exc: BaseException) -> None:
        from .recovery import recover  # a damaged database or a missing server password has a way out

        if recover(self, exc):
            return
        QMessageBox.critical(self.dialog, tr("No se pudo abrir la base de datos"),
                             tr("{0}\n\nBase de datos: {1}").format(describe(exc), describe_url(self.url)))
        QCoreApplication.quit()

    def _sign_in(self, dni: str, password: str):
        return self.sigma.auth.sign_in(dni, password)

    def _show_sign_in(self) -> None:
        self.dialog = SignInDialog(self._sign_in, describe_url(self.url))
        self.dialog.set_ready(self.sigma is not None)
        self.dialog.accepted.connect(self._open_main_window)
        self.dialog.rejected.connect(QCoreApplication.quit)
        self.dialog.show()
        QTimer.singleShot(0, self.sig_sign_in_shown.emit)

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

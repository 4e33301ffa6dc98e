"""The desktop session: prepares the database, then sign-in → main window → sign-out → sign-in …"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from ..services import Sigma
from .main_window import MainWindow
from .messages import describe
from .sign_in import SignInDialog

MODE_LABELS = {"local": "local (SQLite)", "shared": "compartida (PostgreSQL)", "replica": "réplica"}


def tr(text: str) -> str:
    return QCoreApplication.translate("session", text)


class DesktopSession:
    def __init__(self, sigma: Sigma, mode: str):
        self.sigma = sigma
        self.mode = mode
        self.window: MainWindow | None = None

    def start(self) -> bool:
        try:
            self.sigma.setup.initialize()  # creates or upgrades the schema before anyone signs in
        except Exception as exc:  # noqa: BLE001 - shown to the user, then the app closes cleanly
            QMessageBox.critical(None, tr("No se pudo abrir la base de datos"),
                                 tr("{0}\n\nBase de datos: {1}").format(describe(exc), self.sigma.db.describe()))
            return False
        if self.sigma.users.count() == 0:
            from .forms.first_admin import FirstAdminDialog

            if FirstAdminDialog(self.sigma).exec() != QDialog.DialogCode.Accepted:
                return False
        return self._sign_in()

    def _sign_in(self) -> bool:
        dialog = SignInDialog(self.sigma.auth.sign_in, self.sigma.db.describe())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.window = MainWindow(self.sigma, self.sigma.db.describe(), MODE_LABELS.get(self.mode, self.mode))
        self.window.sig_sign_out.connect(self._sign_out)
        self.window.show()
        return True

    def _sign_out(self) -> None:
        self.sigma.auth.sign_out()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        if not self._sign_in():
            QCoreApplication.quit()

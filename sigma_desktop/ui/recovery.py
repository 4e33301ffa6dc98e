"""Ways out when the database cannot be opened at start, offered before the app gives up:

- a damaged local database: restore the newest backup that passes its check (the damaged file is kept
  aside), then start again;
- a PostgreSQL server that wants a password: ask for it (and, if the user wishes and the system has
  a credential store, remember it there; never in a file), then start again.
Anything else (server unreachable, disk full, read-only folder, newer schema…) is shown by the session
with its advice and a last way out: «Cambiar la conexión…» (another database), or «Salir».
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout, QWidget)

from .. import credentials
from ..domain.data_errors import DatabaseCorrupt, PasswordRequired
from ..domain.dates import format_datetime
from . import runner
from .messages import describe


def tr(text: str) -> str:
    return QCoreApplication.translate("recovery", text)


def _way_out_or_quit(parent: QWidget | None, title: str, text: str, action: str,
                     role: QMessageBox.ButtonRole) -> bool:
    """The error and its advice, with `action` and «Salir»; True when `action` was chosen."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    chosen = box.addButton(action, role)
    box.addButton(tr("Salir"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is chosen


def ask_restore(parent: QWidget | None, text: str) -> bool:
    return _way_out_or_quit(parent, tr("La base de datos está dañada"), text, tr("Restaurar la copia"),
                            QMessageBox.ButtonRole.AcceptRole)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def offer_other_connection(parent: QWidget | None, title: str, text: str) -> bool:
    """«Cambiar la conexión…» or «Salir»; True for the first."""
    return _way_out_or_quit(parent, title, text, tr("Cambiar la conexión…"), QMessageBox.ButtonRole.ActionRole)


def recover(session, exc: BaseException) -> bool:
    """True when a way out was taken and the session starts again; False to let it fail."""
    if isinstance(exc, DatabaseCorrupt):
        return _offer_restore(session, exc)
    if isinstance(exc, PasswordRequired) and credentials.is_server_url(session.url):
        return _ask_password(session)
    return False


def restart(session) -> None:
    """Drops the current sign-in window (without quitting) and prepares the database again."""
    old = session.dialog
    if old is not None:
        old.rejected.disconnect()
        old.hide()
        old.deleteLater()
    session.dialog = None
    if session.sigma is not None:
        session.sigma.close()
        session.sigma = None
    session.start()


# --- damaged local database ------------------------------------------------------------------------

def _offer_restore(session, exc: DatabaseCorrupt) -> bool:
    from ..services import Sigma

    try:
        sigma = Sigma.open(session.url)
    except Exception:  # noqa: BLE001 - cannot even open it: the plain message follows
        return False
    try:
        good = sigma.backup.latest_good()
    except Exception:  # noqa: BLE001
        good = None
    if good is None:
        sigma.close()
        return False
    text = tr("{0}\n\nLa copia buena más reciente es del {1} ({2}). ¿Restaurarla ahora? La base dañada se "
              "guardará aparte; lo registrado después de esa copia tendrá que registrarse de nuevo.").format(
        describe(exc), format_datetime(good.taken_at), good.name)
    if not ask_restore(session.dialog, text):
        sigma.close()
        return False

    def done(result) -> None:
        sigma.close()
        aside = tr("\nLa base dañada quedó guardada como:\n{0}").format(result.kept_aside) if result.kept_aside else ""
        inform(session.dialog, tr("Copia restaurada"),
               tr("Se restauró la copia {0}.{1}").format(Path(result.restored_from).name, aside))
        restart(session)

    def failed(error: BaseException) -> None:
        sigma.close()
        QMessageBox.critical(session.dialog, tr("No se pudo restaurar la copia"), describe(error))
        QCoreApplication.quit()

    runner.run(session.dialog, lambda: sigma.backup.recover_damaged(good.path), done, failed,
               busy_text=tr("Restaurando la copia de seguridad…"), busy_after_ms=0)
    return True


# --- server password -------------------------------------------------------------------------------

class PasswordDialog(QDialog):
    def __init__(self, account: str, can_remember: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Contraseña del servidor"))
        self.setMinimumWidth(420)
        text = QLabel(tr("El servidor PostgreSQL pide la contraseña de {0}.").format(account))
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(tr("Recordarla en el almacén de credenciales de este equipo"))
        self.remember.setEnabled(can_remember)
        if not can_remember:
            self.remember.setToolTip(tr("Este equipo no tiene un almacén de credenciales disponible."))
        form = QFormLayout()
        form.addRow(tr("Contraseña:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)


def ask_password(parent: QWidget | None, account: str, can_remember: bool) -> tuple[str, bool] | None:
    dialog = PasswordDialog(account, can_remember, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.password.text():
        return None
    return dialog.password.text(), dialog.remember.isChecked()


def _ask_password(session) -> bool:
    plain = credentials.without_password(session.url)
    answer = ask_password(session.dialog, credentials.account(plain), credentials.store_available())
    if answer is None:
        return False
    password, remember = answer
    session.url = credentials.with_password(plain, password)  # in memory only
    if remember:
        def store() -> None:
            credentials.remember(plain, password)
            session.sig_ready.disconnect(store)

        session.sig_ready.connect(store)  # only once the server accepted it
    restart(session)
    return True

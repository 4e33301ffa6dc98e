"""Sign-in with DNI and password."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ..domain.errors import AuthenticationError, SigmaError
from ..domain.permissions import Actor


class SignInDialog(QDialog):
    """Asks for DNI and password; `sign_in(dni, password) -> Actor` is the service call."""

    sig_signed_in = Signal(object)
    sig_change_connection = Signal()  # «Conexión…»: the session opens the connection dialog

    def __init__(self, sign_in, database_label: str, parent: QWidget | None = None, *,
                 temporary_password=None):
        """`temporary_password(actor) -> bool`: asks a user signed in with a temporary password for a new
        one; False (not changed) keeps them out."""
        super().__init__(parent)
        self._sign_in = sign_in
        self._temporary_password = temporary_password
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("SIGMA Desktop — Iniciar sesión"))
        from .icons import app_icon

        self.setWindowIcon(app_icon())
        self.setMinimumWidth(420)
        title = QLabel(self.tr("SIGMA Desktop"))
        title.setObjectName("panelTitle")
        subtitle = QLabel(self.tr("Monitoreo del acompañamiento pedagógico"))
        subtitle.setObjectName("hint")
        self.dni = QLineEdit()
        self.dni.setObjectName("dni")
        self.dni.setPlaceholderText(self.tr("8 dígitos"))
        self.dni.setMaxLength(8)
        self.dni.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.advice = QLabel(self.tr("Revise el DNI y la contraseña (se distinguen mayúsculas y minúsculas). Si "
                                     "olvidó su contraseña, pida al administrador que la restablezca."))
        self.advice.setObjectName("hint")
        self.advice.setWordWrap(True)
        self.advice.hide()
        db = QLabel(self.tr("Base de datos: {0}").format(database_label))
        db.setObjectName("hint")
        db.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("DNI:"), self.dni)
        form.addRow(self.tr("Contraseña:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Ingresar"))
        self.ok_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Salir"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (title, subtitle):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.advice)
        layout.addWidget(buttons)
        self.connection_button = QPushButton(self.tr("Conexión…"))
        self.connection_button.setObjectName("connection")
        self.connection_button.setToolTip(self.tr("Elegir otra base de datos: local, compartida (PostgreSQL) o "
                                                  "réplica"))
        self.connection_button.setAutoDefault(False)
        self.connection_button.clicked.connect(self.sig_change_connection.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(db, 1)
        bottom.addWidget(self.connection_button)
        layout.addLayout(bottom)
        self.dni.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_ready(self, ready: bool) -> None:
        """Until the database is open, «Ingresar» waits and says so."""
        self.ok_button.setEnabled(ready)
        self.ok_button.setText(self.tr("Ingresar") if ready else self.tr("Preparando…"))

    def try_sign_in(self) -> None:
        if not self.ok_button.isEnabled():
            return
        dni = self.dni.text().strip()
        if len(dni) != 8:
            self.error.setText(self.tr("DNI: escriba los 8 dígitos de su DNI."))
            self.dni.setFocus()
            return
        if not self.password.text():
            self.error.setText(self.tr("Contraseña: escriba su contraseña."))
            self.password.setFocus()
            return
        try:
            self.actor = self._sign_in(dni, self.password.text())
        except AuthenticationError as exc:
            self.error.setText(exc.message)
            self.advice.show()  # what to do next, under what happened
            self.password.clear()
            self.password.setFocus()
            return
        except SigmaError as exc:
            self.error.setText(exc.message)
            return
        if self.actor.must_change_password and self._temporary_password is not None:
            if not self._temporary_password(self.actor):
                self.actor = None
                self.error.setText(self.tr("Debe cambiar su contraseña temporal para ingresar."))
                self.password.clear()
                return
        self.error.clear()
        self.sig_signed_in.emit(self.actor)
        self.accept()

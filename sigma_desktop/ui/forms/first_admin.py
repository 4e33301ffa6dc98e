"""First run: the person installing the system creates the first administrator (no default password).

`FirstAdminForm` is the fields and the service call; the dialog (a database with no users, opened from
the sign-in window) and the first-run wizard both use it.
"""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from ...domain.errors import SigmaError


class FirstAdminForm(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.dni = QLineEdit()
        self.dni.setObjectName("adminDni")
        self.dni.setMaxLength(8)
        self.dni.setPlaceholderText(self.tr("8 dígitos"))
        self.dni.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("DNI:"), self.dni)
        form.addRow(self.tr("Nombres y apellidos:"), self.name)
        form.addRow(self.tr("Contraseña:"), self.password)
        form.addRow(self.tr("Repita la contraseña:"), self.repeat)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        for edit in (self.dni, self.name, self.password, self.repeat):
            edit.textChanged.connect(self.error.clear)  # the message was about what the user is now fixing

    def problem(self) -> str | None:
        """What the form itself can tell before asking the service (which checks DNI, name and strength)."""
        if not self.password.text():
            return self.tr("Contraseña: escriba una contraseña para el administrador.")
        if self.password.text() != self.repeat.text():
            return self.tr("Repita la contraseña: las dos contraseñas no coinciden.")
        return None

    def create(self, sigma):
        """Creates the administrator; the new user's row, or None with the reason shown under the fields."""
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return None
        try:
            row = sigma.users.add_first_admin(self.dni.text(), self.name.text(), self.password.text())
        except SigmaError as exc:
            self.error.setText(exc.message)
            return None
        self.error.clear()
        return row


class FirstAdminDialog(QDialog):
    def __init__(self, sigma, parent=None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("SIGMA Desktop — Primer administrador"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("La base de datos no tiene usuarios. Cree la cuenta del administrador: "
                               "con ella podrá crear las cuentas de los demás usuarios."))
        intro.setWordWrap(True)
        self.form = FirstAdminForm(self)
        f = self.form
        self.dni, self.name, self.password, self.repeat, self.error = f.dni, f.name, f.password, f.repeat, f.error
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Crear administrador"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def create(self) -> None:
        if self.form.create(self.sigma) is not None:
            self.accept()

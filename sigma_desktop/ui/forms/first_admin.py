"""First run: the person installing the system creates the first administrator (no default password)."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ...domain.errors import SigmaError


class FirstAdminDialog(QDialog):
    def __init__(self, sigma, parent=None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("SIGMA Desktop — Primer administrador"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("La base de datos no tiene usuarios. Cree la cuenta del administrador: "
                               "con ella podrá crear las cuentas de los demás usuarios."))
        intro.setWordWrap(True)
        self.dni = QLineEdit()
        self.dni.setMaxLength(8)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Crear administrador"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def create(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("Repita la contraseña: las dos contraseñas no coinciden."))
            return
        try:
            self.sigma.users.add(self.dni.text(), self.name.text(), "administrador", self.password.text())
        except SigmaError as exc:
            self.error.setText(exc.message)
            return
        self.accept()

"""The signed-in user's own password: after a reset (a temporary password must be changed before
anything else) and from Archivo → Cambiar mi contraseña…. On a replica the hub applies it (online)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ...domain.errors import SigmaError


class ChangePasswordDialog(QDialog):
    def __init__(self, sigma, parent=None, *, temporary: bool = False):
        super().__init__(parent)
        self.sigma = sigma
        self.setObjectName("changePassword")
        self.setWindowTitle(self.tr("Cambiar mi contraseña"))
        self.setMinimumWidth(440)
        intro = QLabel(self.tr("Su contraseña es temporal (la asignó el administrador). Elija una contraseña "
                               "nueva para continuar; solo usted la conocerá.") if temporary else
                       self.tr("Escriba su contraseña actual y la nueva."))
        intro.setWordWrap(True)
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for name, edit in (("current", self.current), ("new", self.new), ("repeat", self.repeat)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(lambda _text: self.error.clear())
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        hint = QLabel(self.tr("Al menos 8 caracteres, con letras y números."))
        hint.setObjectName("hint")
        form = QFormLayout()
        form.addRow(self.tr("Contraseña actual:"), self.current)
        form.addRow(self.tr("Contraseña nueva:"), self.new)
        form.addRow(self.tr("Repita la nueva:"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Cambiar contraseña"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Cerrar sesión") if temporary else self.tr("Cancelar"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def change(self) -> None:
        if not self.current.text():
            self.error.setText(self.tr("Contraseña actual: escríbala."))
            return
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("Repita la nueva: las dos contraseñas no coinciden."))
            return
        try:
            self.sigma.auth.change_password(self.current.text(), self.new.text())
        except SigmaError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


def install_menu(window, menu) -> None:
    """Archivo → Cambiar mi contraseña… (every signed-in user)."""
    from PySide6.QtGui import QAction

    action = QAction(window.tr("Cambiar mi contraseña…"), window)
    action.triggered.connect(lambda: ChangePasswordDialog(window.sigma, window).exec())
    menu.addAction(action)
    window.change_password_action = action

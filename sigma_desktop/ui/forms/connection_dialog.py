"""Where SIGMA Desktop keeps its data, as a dialog (Sincronización → Conexión…, and «Conexión…» on the
sign-in window): the connection form (forms/connection_form.py) with «Guardar» and «Cancelar».

The choice is saved in the user's data folder and used the next time the database is opened: from
the sign-in window the session restarts on it at once (ui/session.py); from inside the app it applies
at the next start.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from .connection_form import LOCAL, MODES, REPLICA, SHARED, ConnectionForm, postgres_url

__all__ = ["LOCAL", "MODES", "REPLICA", "SHARED", "ConnectionDialog", "postgres_url"]


class ConnectionDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conexión a la base de datos"))
        self.resize(620, 420)
        self.saved_label = ""
        self.saved_url = ""  # with the password typed, in memory only: the session opens it at once
        self.form = ConnectionForm(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.form.sig_busy.connect(
            lambda on: self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not on))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)

    def __getattr__(self, name: str):
        # the form's fields and actions (mode, host, test(), create_replica(), replica_ready…) read as the
        # dialog's own, as they did before the form was taken out of it
        form = self.__dict__.get("form") if "form" in self.__dict__ else None
        if form is None:
            raise AttributeError(name)
        return getattr(form, name)

    def save(self) -> bool:
        problem = self.form.ready_problem()
        if problem:
            self.form.show_result(problem, False)
            return False
        self.saved_url = self.form.url()
        self.saved_label = self.form.remember()
        self.accept()
        return True

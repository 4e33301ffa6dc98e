"""The Gestor Local's observation: one required comment for the selected records, sent back to their APs."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ...domain.rules import limits as L


class ObserveDialog(QDialog):
    def __init__(self, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Observar registros") if count > 1 else self.tr("Observar registro"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("Explique al acompañante qué debe corregir ({0} registro(s)). La observación es "
                               "obligatoria (al menos 5 caracteres).").format(count))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Ejemplo: el nivel del desempeño 4 no coincide con la ficha."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Observar"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()

    def comment(self) -> str:
        return self.text.toPlainText().strip()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            L.OBSERVATION.problem(L.OBSERVATION.clean(self.comment())) is None)

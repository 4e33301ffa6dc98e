"""Dialogs of the quality module: mark a finding, change the thresholds (the findings of one kind:
findings_dialog.py)."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from ...domain.errors import SigmaError
from ...domain.quality.kinds import STATE_LABELS, State
from ...domain.quality.params import SPECS
from ...domain.quality.review import ReviewedFinding
from ..messages import describe


def save_cancel(dialog) -> QDialogButtonBox:
    """«Guardar» runs `dialog.save()` (which accepts when it worked); «Cancelar» closes."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(dialog.tr("Guardar"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Cancelar"))
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class MarkDialog(QDialog):
    """The state of one finding and, to justify it, a note. The service checks; its message shows here."""

    def __init__(self, sigma, finding: ReviewedFinding, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma, self.finding = sigma, finding
        self.setWindowTitle(self.tr("Estado del hallazgo"))
        self.resize(560, 360)
        heading = QLabel(f"<b>{finding.kind_label}</b> — {finding.subject_label}")
        heading.setWordWrap(True)
        detail = QLabel(finding.finding.detail)
        detail.setWordWrap(True)
        detail.setObjectName("hint")
        self.state = QComboBox()
        for state in State:
            self.state.addItem(self.tr(STATE_LABELS[state]), state)
        self.state.setCurrentIndex(list(State).index(finding.stored.state if finding.stored else State.REVIEWED))
        self.note = QPlainTextEdit(finding.note)
        self.note.setPlaceholderText(self.tr("Por qué no es un error, qué se corrigió o a quién se pidió corregirlo"))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Estado:"), self.state)
        form.addRow(self.tr("Nota:"), self.note)
        buttons = save_cancel(self)
        layout = QVBoxLayout(self)
        for w in (heading, detail):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.state.currentIndexChanged.connect(self._explain)
        self._explain()
        self.saved = None

    def _explain(self) -> None:
        state = self.state.currentData()
        texts = {
            State.NEW: self.tr("Nueva: aún no revisada."),
            State.REVIEWED: self.tr("Revisada: se vio y se pidió la corrección; sigue abierta."),
            State.CORRECTED: self.tr("Corregida: el dato ya se corrigió (si vuelve a aparecer con más registros, "
                                     "queda como nueva)."),
            State.JUSTIFIED: self.tr("Justificada: no es un error; explique por qué en la nota (obligatoria)."),
        }
        self.hint.setText(texts[state])

    def save(self) -> None:
        try:
            self.saved = self.sigma.quality.mark(self.finding, self.state.currentData(), self.note.toPlainText())
        except SigmaError as exc:
            self.error.setText(describe(exc))
            return
        self.accept()


class ParamsDialog(QDialog):
    """The thresholds of the checks (this database's)."""

    def __init__(self, sigma, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(self.tr("Parámetros de las comprobaciones"))
        values = sigma.quality.params().as_dict()
        self.fields: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for spec in SPECS:
            box = QSpinBox()
            box.setRange(spec.minimum, spec.maximum)
            box.setValue(values[spec.name])
            label = QLabel(self.tr(spec.label) + ":")
            label.setWordWrap(True)
            form.addRow(label, box)
            self.fields[spec.name] = box
        self.error = QLabel()
        self.error.setObjectName("error")
        buttons = save_cancel(self)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Valen para esta base de datos; las comprobaciones se vuelven a ejecutar al guardar."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            self.sigma.quality.set_params({name: box.value() for name, box in self.fields.items()})
        except SigmaError as exc:
            self.error.setText(describe(exc))
            return
        self.accept()

"""The open findings of one kind in a dialog of their own (a bar of the RCI's Inicio opens it)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...domain.quality.kinds import KINDS, Kind
from ...domain.quality.review import ReviewedFinding
from .view import FindingsView


class FindingsDialog(QDialog):
    """The open findings of one kind with their records (a bar of the RCI's Inicio opens it)."""

    sig_changed = Signal(object)

    def __init__(self, sigma, kind: Kind, findings: list[ReviewedFinding], parent: QWidget | None = None,
                 show_ugel: bool = False):
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(self.tr("Hallazgos: {0}").format(KINDS[kind].label))
        self.resize(1180, 620)
        heading = QLabel(KINDS[kind].label)
        heading.setObjectName("panelTitle")
        about = QLabel(f"{KINDS[kind].description} " + self.tr("Corrige: {0}.").format(KINDS[kind].who))
        about.setObjectName("hint")
        about.setWordWrap(True)
        self.view = FindingsView(sigma, self, show_ugel=show_ugel, show_kind=False)
        self.view.set_findings(findings)
        self.view.sig_changed.connect(self.sig_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)


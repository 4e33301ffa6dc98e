"""Inicio: who is signed in and what they can do here."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ...domain.enums import ROLE_LABELS
from ..navigation import modules_for
from .base import Panel


class HomePanel(Panel):
    def title(self) -> str:
        return self.tr("Inicio")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        actor = sigma.actor
        text = self.tr("Bienvenido(a), {0}.").format(actor.name)
        role = self.tr("Rol: {0}.").format(ROLE_LABELS[actor.role])
        modules = ", ".join(m.title() for m in modules_for(actor.role) if m.key != "home")
        hint = self.tr("Use el menú de la izquierda: {0}.").format(modules)
        for line in (text, role, hint):
            label = QLabel(line)
            label.setWordWrap(True)
            self.layout_.addWidget(label)
        self.layout_.addStretch(1)

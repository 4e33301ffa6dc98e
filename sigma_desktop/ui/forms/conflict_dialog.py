"""Resolving the conflicts of one record, field by field (RCI; the Gestor Local for closed months).

For each field changed on both sides the dialog shows the value both started from, the hub's value
(who, when) and the replica's (who, when); the user keeps one or the other. A whole change held by the
hub (an edit of a deleted or validated record, a delete of an edited one, a change to a closed month,
a refused one) is applied or discarded. The decision is saved as an ordinary change (logged, synced).
"""
from __future__ import annotations

from typing import Sequence
from uuid import UUID

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QLabel, QRadioButton,
                               QScrollArea, QVBoxLayout, QWidget)

from ...domain.dates import format_datetime
from ...domain.sync import KEEP_HUB, TAKE_NODE, ConflictRow
from ..messages import show_error
from .history_dialog import FIELD_LABELS

SKIP_IN_SUMMARY = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by", "origin",
                             "search_key"})


def value_text(value) -> str:
    if value is None or value == "":
        return "(vacío)"
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " "))


def who(dni: str | None, at) -> str:
    if not dni and at is None:
        return ""
    return f" — {dni or '¿?'}, {format_datetime(at) if at is not None else 's/f'}"


def change_summary(node_value) -> str:
    """The replica's whole change, as lines «dato: antes → después»."""
    change = node_value if isinstance(node_value, dict) else {}
    lines = []
    for field, pair in sorted((change.get("changes") or {}).items()):
        if field in SKIP_IN_SUMMARY or not isinstance(pair, list) or len(pair) != 2:
            continue
        old, new = pair
        lines.append(f"{field_label(field)}: {value_text(old)} → {value_text(new)}")
    return "\n".join(lines) or "(sin datos)"


class ConflictDialog(QDialog):
    """The open conflicts of one record; `choices()` gives {conflict id: KEEP_HUB | TAKE_NODE}."""

    def __init__(self, sigma, conflicts: Sequence[ConflictRow], parent=None):
        super().__init__(parent)
        self.sigma = sigma
        self.conflicts = list(conflicts)
        first = self.conflicts[0]
        self.setWindowTitle(self.tr("Resolver conflicto"))
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("Registro: {0} ({1})").format(first.entity_label, first.entity_id))
        head.setObjectName("panelTitle")
        layout.addWidget(head)
        body = QWidget()
        items = QVBoxLayout(body)
        self.groups: dict[UUID, QButtonGroup] = {}
        for c in self.conflicts:
            items.addWidget(self._box(c))
        items.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.resolve_button = self.buttons.addButton(self.tr("Guardar decisión"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.resolve_button.setObjectName("primary")
        self.buttons.accepted.connect(self.resolve)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _box(self, c: ConflictRow) -> QGroupBox:
        title = c.kind_label + (f": {field_label(c.field)}" if c.field else "")
        box = QGroupBox(title)
        grid = QGridLayout(box)
        message = QLabel(c.message)
        message.setWordWrap(True)
        grid.addWidget(message, 0, 0, 1, 2)
        group = QButtonGroup(box)
        if c.is_field:
            rows = [(self.tr("Valor de partida"), value_text(c.base_value)),
                    (self.tr("En el servidor central"), value_text(c.hub_value) + who(c.hub_user_dni, c.hub_at)),
                    (self.tr("En la réplica"), value_text(c.node_value) + who(c.node_user_dni, c.node_at))]
            keep, take = self.tr("Conservar el valor del servidor"), self.tr("Usar el valor de la réplica")
        else:
            rows = [(self.tr("Cambio de la réplica"), change_summary(c.node_value)),
                    (self.tr("Hecho por"), who(c.node_user_dni, c.node_at).lstrip(" —"))]
            keep, take = self.tr("Descartar el cambio de la réplica"), self.tr("Aplicar el cambio de la réplica")
        for i, (label, text) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label + ":"), i, 0)
            value = QLabel(text)
            value.setWordWrap(True)
            grid.addWidget(value, i, 1)
        keep_button, take_button = QRadioButton(keep), QRadioButton(take)
        keep_button.setChecked(True)
        group.addButton(keep_button, 0)
        group.addButton(take_button, 1)
        grid.addWidget(keep_button, len(rows) + 1, 0, 1, 2)
        grid.addWidget(take_button, len(rows) + 2, 0, 1, 2)
        self.groups[c.id] = group
        return box

    def choose(self, conflict_id: UUID, choice: str) -> None:
        self.groups[conflict_id].button(1 if choice == TAKE_NODE else 0).setChecked(True)

    def choices(self) -> dict[UUID, str]:
        return {cid: TAKE_NODE if g.checkedId() == 1 else KEEP_HUB for cid, g in self.groups.items()}

    def resolve(self) -> bool:
        try:
            self.sigma.sync.resolve(self.choices())
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc, self.tr("No se pudo guardar la decisión"))
            return False
        self.accept()
        return True


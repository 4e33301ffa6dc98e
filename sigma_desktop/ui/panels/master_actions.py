"""The buttons under a master list (IIEE, Docentes, Acompañantes): Nuevo…, Editar…, Desactivar / Activar and
Historial…. Who may write master data (RCI of their UGEL, administrator) sees the first three; everyone sees
the history. The panel tells the rest of the window what it changed (`notify`)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton

from ...domain.errors import SigmaError
from ...domain.permissions import Action, allowed


class MasterActions(QObject):
    def __init__(self, panel, dialog_class, set_active: Callable, entity: str, *, new_text: str, what: str):
        super().__init__(panel)
        self.panel, self.dialog_class, self.set_active, self.entity = panel, dialog_class, set_active, entity
        self.what = what
        actor = panel.sigma.actor
        self.may_write = actor is None or allowed(actor.role, Action.MANAGE_MASTER_DATA)
        self.new_button = QPushButton(new_text)
        self.new_button.setObjectName("newRecord")
        self.edit_button = QPushButton(self.tr("Editar…"))
        self.edit_button.setObjectName("editRecord")
        self.active_button = QPushButton(self.tr("Desactivar"))
        self.active_button.setObjectName("toggleActive")
        self.history_button = QPushButton(self.tr("Historial…"))
        self.history_button.setObjectName("history")
        for button in (self.history_button, self.active_button, self.edit_button, self.new_button):
            panel.actions_bar.addWidget(button)
        for button in (self.new_button, self.edit_button, self.active_button):
            button.setVisible(self.may_write)
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_selected)
        self.history_button.clicked.connect(self.history_of_selected)
        panel.view.selectionModel().selectionChanged.connect(lambda *_a: self.update())
        panel.model.modelReset.connect(self.update)
        panel.model.layoutChanged.connect(self.update)
        self.last_dialog = None
        self.update()

    def selected(self):
        index = self.panel.view.currentIndex()
        if self.panel.selected_id() is None:
            return None
        return self.panel.model.row_object(index.row())

    def update(self) -> None:
        row = self.selected()
        for button in (self.edit_button, self.active_button, self.history_button):
            button.setEnabled(row is not None)
        self.active_button.setText(self.tr("Activar") if row is not None and not row.active else self.tr("Desactivar"))

    def open_dialog(self, record_id) -> object:
        """Opens the form (modeless, so tests and screenshots can drive it); a save refreshes the list."""
        dialog = self.dialog_class(self.panel.sigma, record_id, self.panel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self._changed(self.tr("{0} guardado.").format(self.what)))
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self):
        row = self.selected()
        return self.open_dialog(row.id) if row is not None else None

    def toggle_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        try:
            self.set_active(row.id, not row.active)
        except SigmaError as exc:
            self.panel.show_error(exc)
            return False
        self._changed(self.tr("{0} desactivado.").format(self.what) if row.active else
                      self.tr("{0} activado.").format(self.what))
        return True

    def history_of_selected(self):
        row = self.selected()
        if row is None:
            return None
        from ..forms.history_dialog import HistoryDialog

        dialog = HistoryDialog(self.panel.sigma, row.id, self.panel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, text: str) -> None:
        self.panel.error.hide()
        self.panel.count_label.setToolTip(text)
        self.panel.refresh()
        self.panel.notify(self.entity)

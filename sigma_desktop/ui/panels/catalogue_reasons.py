"""Catálogos y protocolos → Motivos de no ejecución: add one, rename it, ask for a detail or not, deactivate it
(no longer offered, kept for the records that use it). The code is fixed once a record uses it."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ...domain.errors import SigmaError
from ..models.rows_model import Col
from .catalogue_tab import CatalogueTab


class ReasonsTab(CatalogueTab):
    def __init__(self, sigma, changed, parent: QWidget | None = None):
        super().__init__(sigma, changed, parent)
        yes_no = (lambda v: self.tr("Sí") if v else self.tr("No"))
        self.model, self.view = self.table([
            Col(self.tr("N°"), lambda r: str(r.position), lambda r: r.position, width=45, align_right=True),
            Col(self.tr("Motivo de no ejecución"), lambda r: r.name, width=500),
            Col(self.tr("Código"), lambda r: r.code, width=140),
            Col(self.tr("Requiere detalle"), lambda r: yes_no(r.requires_text), lambda r: r.requires_text, width=130),
            Col(self.tr("Activo"), lambda r: yes_no(r.active), lambda r: r.active, width=70),
        ], "reasonList")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selected_changed())
        self.layout_.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self._new_box(), 1)
        row.addWidget(self._edit_box(), 1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.general)
        self.layout_.addWidget(self.ok)
        self.refresh()

    def _new_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Nuevo motivo"))
        self.new_code = QLineEdit()
        self.new_code.setObjectName("newReasonCode")
        self.new_code.setPlaceholderText(self.tr("por ejemplo paro_transporte"))
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newReasonName")
        self.new_detail = QCheckBox(self.tr("Pide un detalle al registrarlo"))
        self.add_button = QPushButton(self.tr("Agregar motivo"))
        self.add_button.setObjectName("primary")
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Código:")), 0, 0)
        grid.addWidget(self.field("codigo", self.new_code), 0, 1)
        grid.addWidget(QLabel(self.tr("Nombre:")), 1, 0)
        grid.addWidget(self.field("nombre", self.new_name), 1, 1)
        grid.addWidget(self.new_detail, 2, 1)
        grid.addWidget(self.add_button, 3, 1)
        grid.setColumnStretch(1, 1)
        self.add_button.clicked.connect(lambda: self.add())
        return box

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Motivo seleccionado"))
        self.uses = QLabel()
        self.uses.setObjectName("hint")
        self.uses.setWordWrap(True)
        self.edit_code = QLineEdit()
        self.edit_code.setObjectName("editReasonCode")
        self.edit_name = QLineEdit()
        self.edit_name.setObjectName("editReasonName")
        self.edit_detail = QCheckBox(self.tr("Pide un detalle al registrarlo"))
        self.save_button = QPushButton(self.tr("Guardar cambios"))
        self.active_button = QPushButton(self.tr("Desactivar"))
        grid = QGridLayout(box)
        grid.addWidget(self.uses, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Código:")), 1, 0)
        grid.addWidget(self.field("codigo_editado", self.edit_code), 1, 1)
        grid.addWidget(QLabel(self.tr("Nombre:")), 2, 0)
        grid.addWidget(self.field("nombre_editado", self.edit_name), 2, 1)
        grid.addWidget(self.edit_detail, 3, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.save_button.clicked.connect(lambda: self.save_selected())
        self.active_button.clicked.connect(lambda: self.toggle_selected())
        return box

    def refresh(self) -> None:
        try:
            self.model.set_rows(self.sigma.browse.skip_reasons())
        except SigmaError as exc:
            self.errors.show(exc)
        self._selected_changed()

    def select_code(self, code: str) -> bool:
        return self.select_where(lambda r: r.code == code)

    def _selected_changed(self) -> None:
        row = self.selected()
        for w in (self.edit_code, self.edit_name, self.edit_detail, self.save_button, self.active_button):
            w.setEnabled(row is not None)
        if row is None:
            self.uses.setText(self.tr("Seleccione un motivo de la lista."))
            return
        uses = self.sigma.catalogues.skip_reason_uses(row.id)
        self.uses.setText(self.tr("Usado en {0} registro(s) de no ejecución: el código ya no se cambia.").format(uses)
                          if uses else self.tr("Aún no usado: puede corregir también el código."))
        self.edit_code.setReadOnly(bool(uses))
        self.edit_code.setText(row.code)
        self.edit_name.setText(row.name)
        self.edit_name.setCursorPosition(0)  # the start of a long name, not its end
        self.edit_detail.setChecked(row.requires_text)
        self.active_button.setText(self.tr("Desactivar") if row.active else self.tr("Activar"))

    def add(self) -> bool:
        try:
            self.sigma.catalogues.add_skip_reason(self.new_code.text(), self.new_name.text(),
                                                  requires_text=self.new_detail.isChecked())
        except SigmaError as exc:
            return self.failed(exc)
        code = self.new_code.text().strip().lower()
        for edit in (self.new_code, self.new_name):
            edit.clear()
        self.done(self.tr("Motivo «{0}» agregado.").format(code), "skip_reason")
        self.select_code(code)
        return True

    def save_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return self.failed(self.tr("Seleccione un motivo de la lista."))
        try:
            self.sigma.catalogues.update_skip_reason(row.id, name=self.edit_name.text(), code=self.edit_code.text(),
                                                     requires_text=self.edit_detail.isChecked())
        except SigmaError as exc:
            field = getattr(exc, "field", None)
            return self.failed(exc, {"codigo": "codigo_editado", "nombre": "nombre_editado"}.get(field, field))
        code = self.edit_code.text().strip().lower()
        self.done(self.tr("Motivo «{0}» actualizado.").format(code), "skip_reason")
        self.select_code(code)
        return True

    def toggle_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return self.failed(self.tr("Seleccione un motivo de la lista."))
        try:
            self.sigma.catalogues.update_skip_reason(row.id, active=not row.active)
        except SigmaError as exc:
            return self.failed(exc)
        self.done(self.tr("Motivo «{0}» desactivado: ya no se ofrece al registrar.").format(row.code) if row.active
                  else self.tr("Motivo «{0}» activado.").format(row.code), "skip_reason")
        self.select_code(row.code)
        return True

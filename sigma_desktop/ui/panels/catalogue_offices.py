"""Catálogos y protocolos → DRE y UGEL: the offices of this database; register a UGEL from Minedu's catalogue
shipped with SIGMA (its DRE too), or one the catalogue lacks with its name and DRE; correct a name, a DRE or a
code. Only the administrator sees the panel; the service checks it again and writes the change log."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QWidget)

from ...domain.errors import SigmaError
from ..forms.master_forms import compact, digits_field
from ..models.rows_model import Col
from .catalogue_tab import CatalogueTab
from .master_list import hint, number


class OfficesTab(CatalogueTab):
    def __init__(self, sigma, changed, parent: QWidget | None = None):
        super().__init__(sigma, changed, parent)
        self.model, self.view = self.table([
            Col(self.tr("Tipo"), lambda r: "DRE" if r.kind == "dre" else "UGEL", lambda r: r.kind, width=60),
            Col(self.tr("Código"), lambda r: r.code, width=75),
            Col(self.tr("Nombre"), lambda r: r.name, width=290),
            Col(self.tr("DRE"), lambda r: "" if r.kind == "dre" else r.dre_name, width=190),
            Col(self.tr("IIEE"), lambda r: number(r.schools) if r.kind == "ugel" else "", lambda r: r.schools,
                width=60, align_right=True),
            Col(self.tr("Acompañantes"), lambda r: number(r.coaches) if r.kind == "ugel" else "",
                lambda r: r.coaches, width=125, align_right=True),
            Col(self.tr("Catálogo de Minedu"), lambda r: self.tr("Sí") if r.in_catalogue else self.tr("No"),
                lambda r: r.in_catalogue, width=140),
        ], "officeList")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selected_changed())
        self.layout_.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self._catalogue_box(), 1)
        row.addWidget(self._edit_box(), 1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.general)
        self.layout_.addWidget(self.ok)
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------
    def _catalogue_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Registrar una UGEL"))
        self.catalogue = QComboBox()
        self.catalogue.setObjectName("catalogueUgel")
        self.catalogue.setEditable(True)
        self.catalogue.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.catalogue.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.catalogue.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.register_button = QPushButton(self.tr("Registrar del catálogo"))
        self.register_button.setObjectName("primary")
        self.new_code = digits_field(6)
        self.new_code.setObjectName("newUgelCode")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newUgelName")
        self.new_dre = QComboBox()
        self.new_dre.setObjectName("newUgelDre")
        for combo in (self.catalogue, self.new_dre):
            compact(combo)
        self.add_button = QPushButton(self.tr("Registrar UGEL nueva"))
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("Del catálogo de Minedu:")), 0, 0)
        grid.addWidget(self.field("codigo_ugel", self.catalogue), 0, 1)
        grid.addWidget(self.register_button, 0, 2)
        grid.addWidget(hint(self.tr("Si no está en el catálogo: código, nombre y DRE.")), 1, 0, 1, 3)
        grid.addWidget(QLabel(self.tr("Código:")), 2, 0)
        grid.addWidget(self.field("nuevo_codigo", self.new_code), 2, 1)
        grid.addWidget(QLabel(self.tr("Nombre:")), 3, 0)
        grid.addWidget(self.field("nombre", self.new_name), 3, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("DRE:")), 4, 0)
        grid.addWidget(self.field("codigo_dre", self.new_dre), 4, 1)
        grid.addWidget(self.add_button, 4, 2)
        grid.setColumnStretch(1, 1)
        self.register_button.clicked.connect(lambda: self.register_selected())
        self.add_button.clicked.connect(lambda: self.add_new())
        return box

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Oficina seleccionada"))
        self.selected_label = QLabel()
        self.selected_label.setObjectName("hint")
        self.edit_name = QLineEdit()
        self.edit_name.setObjectName("editOfficeName")
        self.edit_code = digits_field(6)
        self.edit_code.setObjectName("editOfficeCode")
        self.edit_dre = QComboBox()
        self.edit_dre.setObjectName("editOfficeDre")
        compact(self.edit_dre)
        self.save_button = QPushButton(self.tr("Guardar cambios"))
        self.history_button = QPushButton(self.tr("Historial…"))
        grid = QGridLayout(box)
        grid.addWidget(self.selected_label, 0, 0, 1, 3)
        grid.addWidget(QLabel(self.tr("Nombre:")), 1, 0)
        grid.addWidget(self.field("nombre_oficina", self.edit_name), 1, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("Código:")), 2, 0)
        grid.addWidget(self.field("codigo_oficina", self.edit_code), 2, 1)
        grid.addWidget(QLabel(self.tr("DRE:")), 3, 0)
        grid.addWidget(self.field("dre_oficina", self.edit_dre), 3, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.save_button.clicked.connect(lambda: self.save_selected())
        self.history_button.clicked.connect(lambda: self.history_of_selected())
        return box

    # --- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            rows = self.sigma.offices.registered()
            entries = self.sigma.offices.catalogue()
        except SigmaError as exc:
            self.errors.show(exc)
            return
        self.model.set_rows(rows)
        have = {r.code for r in rows if r.kind == "ugel"}
        self.catalogue.clear()
        for e in entries:
            if e.ugel_code not in have:
                self.catalogue.addItem(f"{e.ugel_code} — {e.ugel_name} ({e.dre_name})", e.ugel_code)
        self.catalogue.setCurrentIndex(-1)
        self.catalogue.lineEdit().setPlaceholderText(self.tr("Escriba el nombre o el código de la UGEL"))
        dres = [r for r in rows if r.kind == "dre"]
        for combo in (self.new_dre, self.edit_dre):
            combo.clear()
            for r in dres:
                combo.addItem(f"{r.code} — {r.name}", r.code)
        self._selected_changed()

    def select_code(self, kind: str, code: str) -> bool:
        return self.select_where(lambda r: r.kind == kind and r.code == code)

    def _selected_changed(self) -> None:
        row = self.selected()
        for w in (self.edit_name, self.edit_code, self.save_button, self.history_button):
            w.setEnabled(row is not None)
        self.edit_dre.setEnabled(row is not None and row.kind == "ugel")
        if row is None:
            self.selected_label.setText(self.tr("Seleccione una DRE o UGEL de la lista."))
            for edit in (self.edit_name, self.edit_code):
                edit.clear()
            return
        self.selected_label.setText(f"{'DRE' if row.kind == 'dre' else 'UGEL'} {row.code}")
        self.edit_name.setText(row.name)
        self.edit_name.setCursorPosition(0)
        self.edit_code.setText(row.code)
        self.edit_dre.setCurrentIndex(max(0, self.edit_dre.findData(row.dre_code)))

    # --- writing --------------------------------------------------------------------------------
    def _catalogue_code(self) -> str:
        data = self.catalogue.currentData()
        if data and self.catalogue.currentText() == self.catalogue.itemText(self.catalogue.currentIndex()):
            return data
        return self.catalogue.currentText().split("—")[0].strip()

    def register_selected(self) -> bool:
        code = self._catalogue_code()
        if not code:
            return self.failed(self.tr("UGEL: elija una UGEL del catálogo."), "codigo_ugel")
        try:
            made = self.sigma.offices.register([code])
        except SigmaError as exc:
            return self.failed(exc, "codigo_ugel")
        self.done(self.tr("UGEL {0} registrada.").format(", ".join(made) or code), "ugel")
        self.select_code("ugel", code)
        return True

    def add_new(self) -> bool:
        try:
            self.sigma.offices.add_ugel(self.new_code.text(), self.new_name.text() or None,
                                        self.new_dre.currentData())
        except SigmaError as exc:
            field = getattr(exc, "field", None)
            return self.failed(exc, {"codigo_ugel": "nuevo_codigo"}.get(field, field))
        code = self.new_code.text()
        for edit in (self.new_code, self.new_name):
            edit.clear()
        self.done(self.tr("UGEL {0} registrada.").format(code), "ugel")
        self.select_code("ugel", code)
        return True

    def save_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return self.failed(self.tr("Seleccione una DRE o UGEL de la lista."))
        names = {"nombre": "nombre_oficina", "codigo_ugel": "codigo_oficina", "codigo_dre": (
            "codigo_oficina" if row.kind == "dre" else "dre_oficina")}
        try:
            if row.kind == "ugel":
                self.sigma.offices.edit_ugel(row.code, name=self.edit_name.text(), dre_code=self.edit_dre.currentData(),
                                             new_code=self.edit_code.text())
            else:
                self.sigma.offices.edit_dre(row.code, name=self.edit_name.text(), new_code=self.edit_code.text())
        except SigmaError as exc:
            field = getattr(exc, "field", None)
            return self.failed(exc, names.get(field, field))
        code = self.edit_code.text()
        self.done(self.tr("{0} {1} actualizada.").format("UGEL" if row.kind == "ugel" else "DRE", code), row.kind)
        self.select_code(row.kind, code)
        return True

    def history_of_selected(self):
        row = self.selected()
        if row is None:
            return None
        from ..forms.history_dialog import HistoryDialog

        dialog = HistoryDialog(self.sigma, row.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

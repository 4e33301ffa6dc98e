"""The forms of the master data: an institución educativa, a docente, an acompañante — to create one or edit it.

The RCI (of their UGEL) and the administrator open them from Instituciones educativas, Docentes and
Acompañantes. The checks are the service's (domain/master_rules.py, the same as the import's): a refused save
shows the Spanish message under the field it names, and nothing is saved. The identifying code (DNI, código
modular + anexo) is typed when creating and shown, not editable, afterwards.
"""
from __future__ import annotations

from datetime import date
from uuid import UUID

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...domain import master_rules as rules
from ...domain.browse import SCHOOLS, ListFilter
from ...domain.dates import format_date, parse_date
from ...domain.enums import ScopeLevel
from ...domain.errors import SigmaError, ValidationError
from ..panels.master_list import FieldErrors


def digits_field(length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(length)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{length}}}"), edit))
    edit.setPlaceholderText(placeholder or f"{length} dígitos")
    return edit


def compact(combo: QComboBox, chars: int = 24) -> QComboBox:
    """A combo that does not grow to its longest item (224 UGELs, 1,891 districts): the window keeps 1366 px."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def choice_combo(options: dict[str, str], *, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for code, label in options.items():
        combo.addItem(label, code)
    return combo


def select_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def ugel_combo(sigma) -> QComboBox:
    """The UGELs the signed-in user may write to (an RCI: their own), «código — nombre»."""
    combo = compact(QComboBox())
    actor = sigma.actor
    for office in sigma.browse.offices():
        if office.kind != "ugel":
            continue
        if actor is not None and actor.scope is ScopeLevel.UGEL and office.id != actor.ugel_id:
            continue
        combo.addItem(f"{office.code} — {office.name}", office.code)
    return combo


class OptionalDate(QLineEdit):
    """A date typed dd/mm/aaaa that may stay empty (contract dates)."""

    def __init__(self, label: str, field: str):
        super().__init__()
        self.label, self.field = label, field
        self.setPlaceholderText("dd/mm/aaaa")
        self.setMaximumWidth(140)

    def value(self) -> date | None:
        text = self.text().strip()
        return parse_date(text, self.field, self.label) if text else None

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value) if value else "")


class MasterDialog(QDialog):
    """A form of labelled rows, each with its error label; Guardar calls `submit()` (one service call)."""

    entity = ""

    def __init__(self, sigma, record_id: UUID | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.record_id = record_id
        self.saved_id: UUID | None = None
        self.general = FieldErrors.label()
        self.errors = FieldErrors(self.general)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Guardar"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def row(self, field: str, label: str, widget: QWidget, *aliases: str) -> QWidget:
        error = self.errors.add(field, widget, FieldErrors.label())
        for alias in aliases:
            self.errors.fields[alias] = self.errors.fields[field]
        cell = QVBoxLayout()
        cell.setSpacing(2)
        cell.addWidget(widget)
        cell.addWidget(error)
        self.form.addRow(label, cell)
        return widget

    def save(self) -> bool:
        """Saves; on a refused save shows why, next to the field, and keeps the dialog open."""
        self.errors.clear()
        try:
            self.saved_id = self.submit()
        except (SigmaError, ValidationError) as exc:
            self.errors.show(exc)
            return False
        self.accept()
        return True

    def submit(self) -> UUID:
        raise NotImplementedError


class SchoolDialog(MasterDialog):
    entity = "school"

    def __init__(self, sigma, school_id: UUID | None = None, parent: QWidget | None = None):
        super().__init__(sigma, school_id, parent)
        self.setWindowTitle(self.tr("Editar institución educativa") if school_id else
                            self.tr("Nueva institución educativa"))
        self.modular_code = self.row("codigo_modular", self.tr("Código modular:"), digits_field(7))
        self.annex = self.row("anexo", self.tr("Anexo:"), digits_field(1, self.tr("0 = sede")))
        self.annex.setText("0")
        self.name = self.row("nombre", self.tr("Nombre de la IE:"), QLineEdit())
        self.level = self.row("nivel", self.tr("Nivel:"), choice_combo(rules.LEVEL_LABELS))
        self.characteristic = self.row("caracteristica", self.tr("Característica:"),
                                       choice_combo(rules.CHARACTERISTIC_LABELS, blank=self.tr("(no indica)")))
        self.area = self.row("area", self.tr("Área:"), choice_combo(rules.AREA_LABELS))
        self.ubigeo = self.row("ubigeo", self.tr("Distrito (ubigeo):"), self._districts())
        self.ugel = self.row("codigo_ugel", self.tr("UGEL:"), ugel_combo(sigma))
        self.local_code = self.row("codigo_local", self.tr("Código de local:"), digits_field(6, self.tr("opcional")))
        if school_id is not None:
            self._load(school_id)

    def _districts(self) -> QComboBox:
        combo = compact(QComboBox(), 36)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, department, province, district in self.sigma.browse.districts():
            combo.addItem(f"{code} — {district} ({province}, {department})", code)
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCurrentIndex(-1)
        return combo

    def _load(self, school_id: UUID) -> None:
        s = self.sigma.masters.school(school_id)
        self.modular_code.setText(s.modular_code)
        self.annex.setText(s.annex)
        for edit in (self.modular_code, self.annex):
            edit.setReadOnly(True)
            edit.setToolTip(self.tr("El código modular y el anexo identifican la IE: no se cambian."))
        self.name.setText(s.name)
        select_data(self.level, s.level)
        select_data(self.characteristic, s.characteristic)
        select_data(self.area, s.area)
        select_data(self.ubigeo, s.ubigeo)
        select_data(self.ugel, s.ugel_code)
        self.local_code.setText(s.local_code or "")

    def _ubigeo(self) -> str:
        data = self.ubigeo.currentData()
        if data and self.ubigeo.currentText() == self.ubigeo.itemText(self.ubigeo.currentIndex()):
            return data
        return self.ubigeo.currentText().split("—")[0].strip()

    def submit(self) -> UUID:
        values = dict(name=self.name.text(), level=self.level.currentData(), area=self.area.currentData(),
                      ubigeo=self._ubigeo(), ugel_code=self.ugel.currentData() or "",
                      local_code=self.local_code.text().strip() or None,
                      characteristic=self.characteristic.currentData())
        if self.record_id is None:
            return self.sigma.masters.add_school(self.modular_code.text(), self.annex.text() or "0", **values)
        self.sigma.masters.update_school(self.record_id, **values)
        return self.record_id


class TeacherDialog(MasterDialog):
    entity = "teacher"

    def __init__(self, sigma, teacher_id: UUID | None = None, parent: QWidget | None = None):
        super().__init__(sigma, teacher_id, parent)
        self.setWindowTitle(self.tr("Editar docente") if teacher_id else self.tr("Nuevo docente"))
        self.dni = self.row("dni", self.tr("DNI:"), digits_field(8))
        self.last_name_1 = self.row("apellido_paterno", self.tr("Apellido paterno:"), QLineEdit())
        self.last_name_2 = self.row("apellido_materno", self.tr("Apellido materno:"), QLineEdit())
        self.first_names = self.row("nombres", self.tr("Nombres:"), QLineEdit())
        self.modular_code = self.row("codigo_modular", self.tr("Código modular de su IE:"), digits_field(7))
        self.annex = self.row("anexo", self.tr("Anexo:"), digits_field(1, self.tr("0 = sede")))
        self.annex.setText("0")
        self.school_label = QLabel()
        self.school_label.setObjectName("hint")
        self.form.addRow("", self.school_label)
        self.modular_code.textChanged.connect(lambda _t: self._show_school())
        self.annex.textChanged.connect(lambda _t: self._show_school())
        if teacher_id is not None:
            t = sigma.masters.teacher(teacher_id)
            self.dni.setText(t.dni)
            self.dni.setReadOnly(True)
            self.dni.setToolTip(self.tr("El DNI identifica a la persona: no se cambia."))
            self.first_names.setText(t.first_names)
            self.last_name_1.setText(t.last_name_1)
            self.last_name_2.setText(t.last_name_2 or "")
            self.modular_code.setText(t.modular_code)
            self.annex.setText(t.annex)
        self._show_school()

    def _show_school(self) -> None:
        code, annex = self.modular_code.text(), self.annex.text() or "0"
        if len(code) != 7:
            self.school_label.setText(self.tr("Escriba los 7 dígitos del código modular."))
            return
        try:
            rows = self.sigma.browse.page(SCHOOLS, ListFilter(code), limit=20)
        except SigmaError:
            rows = []
        found = next((r for r in rows if r.modular_code == code and r.annex == annex), None)
        self.school_label.setText(
            self.tr("{0} — {1}, {2}").format(found.name, rules.LEVEL_LABELS.get(found.level, found.level),
                                             found.ugel_name) if found else
            self.tr("La IE {0}-{1} no está registrada en su ámbito.").format(code, annex))

    def submit(self) -> UUID:
        values = dict(first_names=self.first_names.text(), last_name_1=self.last_name_1.text(),
                      last_name_2=self.last_name_2.text() or None, modular_code=self.modular_code.text(),
                      annex=self.annex.text() or "0")
        if self.record_id is None:
            return self.sigma.masters.add_teacher(self.dni.text(), values["first_names"], values["last_name_1"],
                                                  values["last_name_2"], values["modular_code"], values["annex"])
        self.sigma.masters.update_teacher(self.record_id, **values)
        return self.record_id


class CoachDialog(MasterDialog):
    entity = "coach"

    def __init__(self, sigma, coach_id: UUID | None = None, parent: QWidget | None = None):
        super().__init__(sigma, coach_id, parent)
        self.setWindowTitle(self.tr("Editar acompañante") if coach_id else self.tr("Nuevo acompañante"))
        self.dni = self.row("dni", self.tr("DNI:"), digits_field(8))
        self.last_name_1 = self.row("apellido_paterno", self.tr("Apellido paterno:"), QLineEdit())
        self.last_name_2 = self.row("apellido_materno", self.tr("Apellido materno:"), QLineEdit())
        self.first_names = self.row("nombres", self.tr("Nombres:"), QLineEdit())
        self.ugel = self.row("codigo_ugel", self.tr("UGEL:"), ugel_combo(sigma))
        self.intervention = self.row("intervencion", self.tr("Intervención:"), QComboBox())
        for row in sigma.browse.interventions():
            self.intervention.addItem(row.name, row.key)
        self.contract_start = self.row("inicio_contrato", self.tr("Inicio del contrato:"),
                                       OptionalDate(self.tr("Inicio del contrato"), "inicio_contrato"))
        self.contract_end = self.row("fin_contrato", self.tr("Fin del contrato:"),
                                     OptionalDate(self.tr("Fin del contrato"), "fin_contrato"))
        if coach_id is not None:
            c = sigma.masters.coach(coach_id)
            self.dni.setText(c.dni)
            self.dni.setReadOnly(True)
            self.dni.setToolTip(self.tr("El DNI identifica al acompañante y a su usuario: no se cambia."))
            self.first_names.setText(c.first_names)
            self.last_name_1.setText(c.last_name_1)
            self.last_name_2.setText(c.last_name_2 or "")
            select_data(self.ugel, c.ugel_code)
            select_data(self.intervention, c.intervention)
            self.contract_start.set_value(c.contract_start)
            self.contract_end.set_value(c.contract_end)

    def submit(self) -> UUID:
        values = dict(first_names=self.first_names.text(), last_name_1=self.last_name_1.text(),
                      last_name_2=self.last_name_2.text() or None, ugel_code=self.ugel.currentData() or "",
                      intervention=self.intervention.currentData() or "",
                      contract_start=self.contract_start.value(), contract_end=self.contract_end.value())
        if self.record_id is None:
            return self.sigma.masters.add_coach(self.dni.text(), values.pop("first_names"), values.pop("last_name_1"),
                                                values.pop("last_name_2"), values.pop("ugel_code"),
                                                values.pop("intervention"), **values)
        self.sigma.masters.update_coach(self.record_id, **values)
        return self.record_id

"""Usuarios (administrador): list the accounts, add one, change its role and scope, reset a password,
activate or deactivate.

A national installation has about 6,000 accounts (one per AP plus the offices): the list is read once
and filtered in memory as the user types.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSizePolicy, QTableView, QVBoxLayout, QWidget)

from ...domain.dto import UserRow
from ...domain.enums import ROLE_LABELS, Role, ScopeLevel
from ...domain.errors import SigmaError
from ...domain.permissions import ROLE_SCOPE, ROLES_WITH_OPTIONAL_DRE_SCOPE
from ...domain.text import fold
from ..models.rows_model import Col, RowsModel, configure_view, select_row
from .base import Panel
from .master_list import DEBOUNCE_MS, FieldErrors, number


def _password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def office_text(name: str | None, code: str | None, prefix: str) -> str:
    """«UGEL Grau (030007)»: the name people know, the code beside it."""
    if not name:
        return f"{prefix} {code or ''}".strip()
    shown = name if name.upper().startswith(("UGEL", "DRE", "GRE")) else f"{prefix} {name}"
    return f"{shown} ({code})"


def _dni_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(8)
    edit.setPlaceholderText(QCoreApplication.translate("UsersPanel", "8 dígitos"))
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), edit))
    return edit


class UsersPanel(Panel):
    watches = frozenset({"user_account"})

    def title(self) -> str:
        return self.tr("Usuarios")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.all_rows: list[UserRow] = []
        self.general = FieldErrors.label()
        self.errors = FieldErrors(self.general)
        self.ok = QLabel()
        self.ok.setObjectName("okMessage")
        self.ok.setWordWrap(True)
        self._offices = []

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("DNI, nombre, rol o código de UGEL/DRE"))
        bar.addWidget(QLabel(self.tr("Buscar:")))
        bar.addWidget(self.search, 1)
        self.layout_.addLayout(bar)

        self.model = RowsModel(self._columns(), self)
        self.view = QTableView()
        self.view.setObjectName("userList")
        configure_view(self.view, self.model)
        self.view.setWordWrap(False)
        self.layout_.addWidget(self.view, 1)
        self.count_label = QLabel()
        self.layout_.addWidget(self.count_label)

        forms = QHBoxLayout()
        forms.addWidget(self._new_user_box(), 3)
        forms.addWidget(self._selected_box(), 2)
        self.layout_.addLayout(forms)
        self.layout_.addWidget(self.general)
        self.layout_.addWidget(self.ok)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_selected())
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------
    def _columns(self) -> list[Col]:
        def scope(r: UserRow) -> str:
            if r.scope == ScopeLevel.UGEL.value:
                return office_text(r.ugel_name, r.ugel_code, "UGEL")
            if r.scope == ScopeLevel.DRE.value:
                return office_text(r.dre_name, r.dre_code, "DRE")
            return self.tr("Nacional")

        def state(r: UserRow) -> str:
            if not r.active:
                return self.tr("Inactivo")
            return self.tr("Bloqueado") if r.locked else self.tr("Activo")

        return [
            Col(self.tr("DNI"), lambda r: r.dni, width=85),
            Col(self.tr("Nombres y apellidos"), lambda r: r.name, width=240),
            Col(self.tr("Rol"), lambda r: self.tr(ROLE_LABELS[Role(r.role)]), lambda r: r.role, width=320),
            Col(self.tr("Ámbito"), scope, lambda r: (r.scope, r.ugel_code or r.dre_code or ""), width=230),
            Col(self.tr("Estado"), state, width=90),
        ]

    def _new_user_box(self) -> QWidget:
        box = QGroupBox(self.tr("Nuevo usuario"))
        self.new_dni = _dni_field()
        self.new_dni.setObjectName("newDni")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newName")
        self.new_role = QComboBox()
        self.new_role.setObjectName("newRole")
        for role in Role:
            self.new_role.addItem(self.tr(ROLE_LABELS[role]), role.value)
        self.new_office = QComboBox()
        self.new_office.setObjectName("newOffice")
        self.new_office.setMinimumContentsLength(24)
        for combo in (self.new_role, self.new_office):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.new_password = _password_field()
        self.new_password.setObjectName("newPassword")
        self.new_repeat = _password_field()
        self.new_repeat.setObjectName("newRepeat")
        self.add_button = QPushButton(self.tr("Crear usuario"))
        self.add_button.setObjectName("primary")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows = (
            ("dni", self.tr("DNI:"), self.new_dni),
            ("nombre", self.tr("Nombres y apellidos:"), self.new_name),
            ("rol", self.tr("Rol:"), self.new_role),
            ("oficina", self.tr("UGEL / DRE:"), self.new_office),
            ("contrasena", self.tr("Contraseña:"), self.new_password),
            ("repetir", self.tr("Repita la contraseña:"), self.new_repeat),
        )
        self._add_rows(form, rows)
        # the service names the office field after its kind
        self.errors.fields["codigo_ugel"] = self.errors.fields["oficina"]
        self.errors.fields["codigo_dre"] = self.errors.fields["oficina"]
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        form.addRow(buttons)
        self.new_role.currentIndexChanged.connect(lambda _i: self._fill_offices())
        self.add_button.clicked.connect(lambda: self.add_user())
        return box

    def _selected_box(self) -> QWidget:
        box = QGroupBox(self.tr("Usuario seleccionado"))
        self.selected_label = QLabel()
        self.selected_label.setWordWrap(True)
        self.selected_label.setObjectName("hint")
        self.reset_password = _password_field()
        self.reset_password.setObjectName("resetPassword")
        self.reset_repeat = _password_field()
        self.reset_repeat.setObjectName("resetRepeat")
        self.reset_button = QPushButton(self.tr("Restablecer contraseña"))
        self.active_button = QPushButton(self.tr("Desactivar"))
        self.role = QComboBox()
        self.role.setObjectName("changeRole")
        for role in Role:
            self.role.addItem(self.tr(ROLE_LABELS[role]), role.value)
        self.office = QComboBox()
        self.office.setObjectName("changeOffice")
        self.office.setMinimumContentsLength(20)
        for combo in (self.role, self.office):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.role_button = QPushButton(self.tr("Cambiar rol y ámbito"))
        self.role_button.setObjectName("roleButton")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.selected_label)
        self._add_rows(form, (("rol_nuevo", self.tr("Rol:"), self.role),
                              ("oficina_nueva", self.tr("UGEL / DRE:"), self.office)))
        role_row = QHBoxLayout()
        role_row.addStretch(1)
        role_row.addWidget(self.role_button)
        form.addRow(role_row)
        self._add_rows(form, (("nueva_contrasena", self.tr("Nueva contraseña:"), self.reset_password),
                              ("repetir_nueva", self.tr("Repita la contraseña:"), self.reset_repeat)))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.reset_button)
        form.addRow(buttons)
        self.reset_button.clicked.connect(lambda: self.reset_selected_password())
        self.active_button.clicked.connect(lambda: self.toggle_active())
        self.role.currentIndexChanged.connect(lambda _i: self._fill_office_combo(self.office, Role(self.role.currentData())))
        self.role_button.clicked.connect(lambda: self.change_role())
        return box

    def _add_rows(self, form: QFormLayout, rows) -> None:
        """Labelled fields, each with its error label right under it."""
        for field, label, widget in rows:
            error = self.errors.add(field, widget, FieldErrors.label())
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(error)
            form.addRow(label, cell)

    # --- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            self.all_rows = self.sigma.users.list()
            if not self._offices:
                self._offices = self.sigma.browse.offices()
                self._fill_offices()
        except SigmaError as exc:
            self.all_rows = []
            self.errors.show(exc)
        self.apply_filter()

    def apply_filter(self) -> None:
        self._timer.stop()
        words = fold(self.search.text()).split()
        selected = self.selected_user()
        if words:
            def key(r: UserRow) -> str:
                return fold(" ".join((r.dni, r.name, ROLE_LABELS[Role(r.role)], r.ugel_code or "",
                                      r.dre_code or "", r.ugel_name or "", r.dre_name or "")))
            rows = [r for r in self.all_rows if all(w in key(r) for w in words)]
        else:
            rows = self.all_rows
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{0} de {1} usuarios").format(number(len(rows)),
                                                                       number(len(self.all_rows))))
        if selected is not None:
            self.select_dni(selected.dni)
        self._update_selected()

    def _fill_offices(self) -> None:
        self._fill_office_combo(self.new_office, Role(self.new_role.currentData()))

    def _fill_office_combo(self, combo: QComboBox, role: Role) -> None:
        combo.clear()
        scope = ROLE_SCOPE[role]
        if role is Role.COACH:
            combo.addItem(self.tr("La UGEL de su registro de acompañante"), None)
            combo.setEnabled(False)
            return
        if scope is ScopeLevel.NATION:
            combo.addItem(self.tr("Nacional (no aplica)"), None)
            combo.setEnabled(False)
            return
        combo.setEnabled(True)
        kinds = {"ugel"} if scope is ScopeLevel.UGEL else {"dre"}
        if role in ROLES_WITH_OPTIONAL_DRE_SCOPE:
            kinds = {"ugel", "dre"}
        combo.addItem(self.tr("Elija…"), None)
        for office in self._offices:
            if office.kind in kinds:
                prefix = "UGEL" if office.kind == "ugel" else "DRE"
                combo.addItem(f"{office.code} — {office.name}" if office.name.upper().startswith((prefix, "GRE"))
                              else f"{office.code} — {prefix} {office.name}", f"{office.kind}:{office.code}")

    def selected_user(self) -> UserRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def select_dni(self, dni: str) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.dni == dni:
                select_row(self.view, i)
                return True
        return False

    def _update_selected(self) -> None:
        row = self.selected_user()
        actor = self.sigma.actor
        own = row is not None and actor is not None and row.dni == actor.dni
        self.reset_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None and not own)
        self.role_button.setEnabled(row is not None and not own)
        self.role_button.setToolTip(self.tr("Su propio rol lo cambia otro administrador.") if own else "")
        if row is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
            self._fill_office_combo(self.office, Role(row.role))
            current = f"ugel:{row.ugel_code}" if row.scope == ScopeLevel.UGEL.value else f"dre:{row.dre_code}"
            self.office.setCurrentIndex(max(0, self.office.findData(current)))
        self.active_button.setToolTip(self.tr("No puede desactivar su propia cuenta.") if own else "")
        if row is None:
            self.selected_label.setText(self.tr("Seleccione un usuario de la lista."))
            self.active_button.setText(self.tr("Desactivar"))
            return
        self.selected_label.setText(self.tr("{0} — DNI {1}").format(row.name, row.dni))
        self.active_button.setText(self.tr("Desactivar") if row.active else self.tr("Activar"))

    # --- writing --------------------------------------------------------------------------------
    def _done(self, text: str, select: str | None = None) -> None:
        self.errors.clear()
        self.ok.setText(text)
        self.refresh()
        if select:
            self.select_dni(select)
        self.notify("user_account")

    def add_user(self) -> bool:
        self.ok.clear()
        if self.new_password.text() != self.new_repeat.text():
            self.errors.show(self.tr("Repita la contraseña: las dos contraseñas no coinciden."), "repetir")
            return False
        office = self.new_office.currentData()  # "ugel:030007" or "dre:030000"
        kind, _, code = (office or "").partition(":")
        ugel = code if kind == "ugel" else None
        dre = code if kind == "dre" else None
        role = Role(self.new_role.currentData())
        if ROLE_SCOPE[role] is not ScopeLevel.NATION and role is not Role.COACH and office is None:
            self.errors.show(self.tr("UGEL / DRE: elija la oficina del usuario."), "oficina")
            return False
        try:
            row = self.sigma.users.add(self.new_dni.text(), self.new_name.text(), role.value,
                                       self.new_password.text(), ugel_code=ugel, dre_code=dre,
                                       must_change_password=True)
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        for edit in (self.new_dni, self.new_name, self.new_password, self.new_repeat):
            edit.clear()
        self._done(self.tr("Usuario {0} creado; deberá cambiar su contraseña al ingresar.").format(row.dni),
                   row.dni)
        return True

    def change_role(self) -> bool:
        """Gives the selected account the role and office chosen in «Usuario seleccionado»."""
        self.ok.clear()
        row = self.selected_user()
        if row is None:
            self.errors.show(self.tr("Seleccione un usuario de la lista."))
            return False
        role = Role(self.role.currentData())
        office = self.office.currentData()
        kind, _, code = (office or "").partition(":")
        if ROLE_SCOPE[role] is not ScopeLevel.NATION and role is not Role.COACH and office is None:
            self.errors.show(self.tr("UGEL / DRE: elija la oficina del usuario."), "oficina_nueva")
            return False
        try:
            changed = self.sigma.users.change_role(row.dni, role.value, ugel_code=code if kind == "ugel" else None,
                                                   dre_code=code if kind == "dre" else None)
        except SigmaError as exc:
            field = getattr(exc, "field", None)
            self.errors.show(exc, {"rol": "rol_nuevo", "codigo_ugel": "oficina_nueva",
                                   "codigo_dre": "oficina_nueva"}.get(field, field))
            return False
        self._done(self.tr("{0} ahora es {1}.").format(changed.name, self.tr(ROLE_LABELS[Role(changed.role)])),
                   row.dni)
        return True

    def reset_selected_password(self) -> bool:
        self.ok.clear()
        row = self.selected_user()
        if row is None:
            self.errors.show(self.tr("Seleccione un usuario de la lista."))
            return False
        if self.reset_password.text() != self.reset_repeat.text():
            self.errors.show(self.tr("Repita la contraseña: las dos contraseñas no coinciden."), "repetir_nueva")
            return False
        try:
            self.sigma.users.reset_password(row.dni, self.reset_password.text())
        except SigmaError as exc:
            if getattr(exc, "field", None) == "contrasena":
                self.errors.show(exc, "nueva_contrasena")
            else:
                self.errors.show(exc)
            return False
        self.reset_password.clear()
        self.reset_repeat.clear()
        self._done(self.tr("Contraseña de {0} restablecida; deberá cambiarla al ingresar.").format(row.dni),
                   row.dni)
        return True

    def toggle_active(self) -> bool:
        self.ok.clear()
        row = self.selected_user()
        if row is None:
            self.errors.show(self.tr("Seleccione un usuario de la lista."))
            return False
        try:
            self.sigma.users.set_active(row.dni, not row.active)
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        text = self.tr("Usuario {0} desactivado.") if row.active else self.tr("Usuario {0} activado.")
        self._done(text.format(row.dni), row.dni)
        return True

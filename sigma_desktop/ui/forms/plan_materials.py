"""Planificar entrega de materiales: kit, cantidad, destinatario (un docente o una IE), fecha programada."""
from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QRadioButton, QSpinBox, QWidget

from ...domain.rules import limits as L
from ...domain.rules.planning import materials_fields
from .form_base import spin_value, tr
from .plan_base import PlanContext, PlanDialog


class PlanMaterialsDialog(PlanDialog):
    def __init__(self, sigma, ctx: PlanContext, parent: QWidget | None = None):
        super().__init__(sigma, ctx, tr("Planificar entrega de materiales"), parent,
                         intro=tr("Kits para un docente o para una IE. Enter guarda."))
        self.kit = QLineEdit()
        self.kit.setMaxLength(L.KIT.max_len)
        self.kit.setPlaceholderText(tr("Por ejemplo: cuadernos de trabajo de Comunicación"))
        self.add_field("kit", tr("Kit de materiales:"), self.kit)
        self.quantity = QSpinBox()
        self.quantity.setRange(0, L.QUANTITY.high)
        self.quantity.setSpecialValueText("—")
        self.add_field("cantidad", tr("Cantidad:"), self.quantity)
        self.to_teacher = QRadioButton(tr("Docente"))
        self.to_school = QRadioButton(tr("IE"))
        self.to_teacher.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_teacher)
        group.addButton(self.to_school)
        kinds = QWidget()
        row = QHBoxLayout(kinds)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.to_teacher)
        row.addWidget(self.to_school)
        row.addStretch(1)
        self.form.addRow(tr("Entregar a:"), kinds)
        self.recipient = QComboBox()
        self.add_field("destinatario", tr("Destinatario:"), self.recipient, aliases=("docente",))
        self.to_teacher.toggled.connect(self._fill_recipients)
        self._fill_recipients()
        self.add_planned_date()
        self.mark_clean()

    def _fill_recipients(self) -> None:
        self.recipient.clear()
        if self.to_teacher.isChecked():
            self.recipient.addItem(tr("— elija un docente —"), None)
            for t in self.ctx.teachers:
                self.recipient.addItem(f"{t.name} ({t.dni})", t.teacher_id)
        else:
            self.recipient.addItem(tr("— elija la IE —"), None)
            for s in self.ctx.schools:
                self.recipient.addItem(s.label, s.id)

    def state(self) -> object:
        return (self.kit.text().strip(), self.quantity.value(), self.to_teacher.isChecked(),
                self.recipient.currentData(), self.planned.value())

    def check(self) -> dict[str, str]:
        p = self.plan_checks()
        if self.recipient.currentData() is None:
            p.add("destinatario", tr("Destinatario: elija un docente o una IE."))
        target = self.recipient.currentData()
        by_teacher = self.to_teacher.isChecked()
        materials_fields(p, self.kit.text(), spin_value(self.quantity), target if by_teacher else None,
                         None if by_teacher else target)
        return p.found

    def submit(self):
        target = self.recipient.currentData()
        by_teacher = self.to_teacher.isChecked()
        return self.sigma.planning.plan_material_delivery(
            self.ctx.coach.id, self.ctx.year, self.ctx.month, kit=self.kit.text(), quantity=spin_value(self.quantity),
            teacher_id=target if by_teacher else None, school_id=None if by_teacher else target,
            planned_date=self.planned.value())

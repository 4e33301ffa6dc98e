"""Registrar entrega de materiales: fecha y cantidad entregada."""
from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from ...domain.coach_work import ActivityDetail
from ...domain.rules import limits as L
from ..widgets import DateField
from .form_base import FormDialog, default_day, record_checks, tr
from .labels import activity_title
from ...domain.enums import Outcome, ValidationState


class MaterialsExecutionForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        title = tr("Corregir entrega de materiales") if row.execution_id else tr("Registrar entrega de materiales")
        super().__init__(sigma, title, parent, intro=tr("Indique cuántos kits entregó. Enter guarda."))
        self.detail = detail
        whom = row.teacher_name or f"{row.school_code or ''} {row.school_name or ''}".strip()
        self.summary([activity_title(row),
                      tr("Kit: {0} — planificado: {1}").format(row.kit or "", row.quantity_planned or 0),
                      tr("Destinatario: {0}").format(whom)],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        executed = detail.outcome == Outcome.EXECUTED
        self.date = DateField(value=row.executed_on if executed else default_day(row.year, row.month,
                                                                                   row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de entrega:"), self.date)
        self.quantity = QSpinBox()
        self.quantity.setRange(0, L.DELIVERED.high)
        self.quantity.setValue((detail.quantity_delivered if executed else row.quantity_planned) or 0)
        self.add_field("cantidad", tr("Cantidad entregada:"), self.quantity)
        self.mark_clean()

    def state(self) -> object:
        return (self.date.value(), self.quantity.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        p.limit(L.DELIVERED, self.quantity.value())
        return p.found

    def submit(self):
        return self.sigma.registration.register_material_delivery(
            self.detail.row.id, self.date.value(), quantity_delivered=self.quantity.value())

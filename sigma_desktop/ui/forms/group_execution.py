"""Registrar ejecución de un GIA o taller: fecha, asistencia de los docentes convocados, horas y días."""
from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from ...domain.coach_work import ActivityDetail
from ...domain.rules import limits as L
from ...domain.rules.registration import group_fields
from ..widgets import DateField
from .form_base import CheckList, FormDialog, default_day, record_checks, spin_value, tr
from .labels import activity_title
from ...domain.enums import ActivityKind, Outcome, ValidationState


def _spin(maximum: int, value: int | None, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText("—")
    spin.setSuffix(suffix)
    spin.setValue(value or 0)
    return spin


class GroupExecutionForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        self.is_gia = row.kind == ActivityKind.GROUP_SESSION
        what = tr("GIA") if self.is_gia else tr("taller")
        title = (tr("Corregir {0}") if row.execution_id else tr("Registrar {0}")).format(what)
        super().__init__(sigma, title, parent, intro=tr("Marque a los docentes que asistieron. Enter guarda."))
        self.detail = detail
        self.summary([activity_title(row), tr("Tema: {0}").format(row.topic or "")],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        executed = detail.outcome == Outcome.EXECUTED
        self.date = DateField(value=row.executed_on if executed else default_day(row.year, row.month,
                                                                                   row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de ejecución:"), self.date)
        self.attendance = CheckList([(p.id, p.label) for p in detail.teachers],
                                    checked=detail.attended if executed else ())
        need = tr("al menos dos") if self.is_gia else tr("al menos uno")
        self.add_field("asistencia", tr("Asistencia:"), self.attendance, focus=self.attendance.first_box(),
                       hint=tr("{0} docentes convocados; deben asistir {1}.").format(len(detail.teachers), need))
        self.hours = _spin(L.HOURS_DONE.high, detail.hours if executed else row.planned_hours, tr(" h"))
        self.add_field("horas", tr("Horas:"), self.hours)
        self.days = _spin(L.GIA_DAYS_DONE.high, detail.days if executed else row.planned_days, tr(" días"))
        self.add_field("dias", tr("Días:"), self.days, hint=tr("Opcional para el GIA.") if self.is_gia else None)
        self.mark_clean()

    def state(self) -> object:
        return (self.date.value(), tuple(sorted(self.attendance.checked_ids())), self.hours.value(),
                self.days.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        group_fields(p, row.kind, tuple(self.attendance.checked_ids()), spin_value(self.hours), spin_value(self.days))
        return p.found

    def submit(self):
        return self.sigma.registration.register_group(
            self.detail.row.id, self.date.value(), self.attendance.checked_ids(), hours=spin_value(self.hours),
            days=spin_value(self.days))

"""Registrar ejecución de un GIA o taller: fecha, asistencia de los docentes convocados, horas y días."""
from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from ...domain.coach_work import ActivityDetail
from ..widgets import DateField
from .form_base import CheckList, FormDialog, check_day_in_month, default_day, spin_value, tr
from .labels import activity_title

MAX_HOURS = 80
MAX_DAYS = 10


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
        self.is_gia = row.kind == "gia"
        what = tr("GIA") if self.is_gia else tr("taller")
        title = (tr("Corregir {0}") if row.execution_id else tr("Registrar {0}")).format(what)
        super().__init__(sigma, title, parent, intro=tr("Marque a los docentes que asistieron. Enter guarda."))
        self.detail = detail
        self.summary([activity_title(row), tr("Tema: {0}").format(row.topic or "")],
                     row.validation_comment if row.validation_state == "observada" else None)
        executed = detail.outcome == "ejecutada"
        self.date = DateField(value=row.executed_on if executed else default_day(row.year, row.month,
                                                                                   row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de ejecución:"), self.date)
        self.attendance = CheckList([(p.id, p.label) for p in detail.teachers],
                                    checked=detail.attended if executed else ())
        need = tr("al menos dos") if self.is_gia else tr("al menos uno")
        self.add_field("asistencia", tr("Asistencia:"), self.attendance, focus=self.attendance.first_box(),
                       hint=tr("{0} docentes convocados; deben asistir {1}.").format(len(detail.teachers), need))
        self.hours = _spin(MAX_HOURS, detail.hours if executed else row.planned_hours, tr(" h"))
        self.add_field("horas", tr("Horas:"), self.hours)
        self.days = _spin(MAX_DAYS, detail.days if executed else row.planned_days, tr(" días"))
        self.add_field("dias", tr("Días:"), self.days, hint=tr("Opcional para el GIA.") if self.is_gia else None)
        self.mark_clean()

    def state(self) -> object:
        return (self.date.value(), tuple(sorted(self.attendance.checked_ids())), self.hours.value(),
                self.days.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        errors: dict[str, str] = {}
        bad_day = check_day_in_month(self.date.value(), row.year, row.month, tr("Fecha de ejecución"),
                                     not_future=True)
        if bad_day:
            errors["fecha_ejecucion"] = bad_day
        attended = self.attendance.checked_ids()
        if self.is_gia and len(attended) < 2:
            errors["asistencia"] = tr("Asistencia: un GIA requiere al menos dos docentes asistentes.")
        elif not attended:
            errors["asistencia"] = tr("Asistencia: marque a los docentes que asistieron.")
        if spin_value(self.hours) is None:
            errors["horas"] = tr("Horas: indique la duración en horas.")
        if not self.is_gia and spin_value(self.days) is None:
            errors["dias"] = tr("Días: indique cuántos días duró el taller.")
        return errors

    def submit(self):
        return self.sigma.registration.register_group(
            self.detail.row.id, self.date.value(), self.attendance.checked_ids(), hours=self.hours.value(),
            days=spin_value(self.days))

"""Registrar ejecución de una visita social comunitaria (EIB): fecha y participantes."""
from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from ...domain.coach_work import ActivityDetail
from ...domain.rules import limits as L
from ...domain.rules.registration import community_fields
from ..widgets import DateField
from .form_base import FormDialog, default_day, record_checks, tr
from .labels import activity_title
from ...domain.enums import Outcome, ValidationState


def _count(value: int | None) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, L.PARENTS.high)
    spin.setValue(value or 0)
    return spin


class CommunityVisitForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        title = tr("Corregir visita social comunitaria") if row.execution_id else \
            tr("Registrar visita social comunitaria")
        super().__init__(sigma, title, parent, intro=tr("Indique cuántas personas participaron. Enter guarda."))
        self.detail = detail
        self.summary([activity_title(row), tr("IE: {0} {1}").format(row.school_code or "", row.school_name or "")],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        executed = detail.outcome == Outcome.EXECUTED
        self.date = DateField(value=row.executed_on if executed else default_day(row.year, row.month,
                                                                                   row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de ejecución:"), self.date)
        self.parents = self.add_field("padres", tr("Padres de familia:"), _count(detail.parents),
                                      aliases=("participantes",))
        self.elders = self.add_field("sabios", tr("Sabios:"), _count(detail.elders))
        self.authorities = self.add_field("autoridades", tr("Autoridades:"), _count(detail.authorities))
        self.mark_clean()

    def state(self) -> object:
        return (self.date.value(), self.parents.value(), self.elders.value(), self.authorities.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        community_fields(p, self.parents.value(), self.elders.value(), self.authorities.value())
        return p.found

    def submit(self):
        return self.sigma.registration.register_community_visit(
            self.detail.row.id, self.date.value(), parents=self.parents.value(), elders=self.elders.value(),
            authorities=self.authorities.value())

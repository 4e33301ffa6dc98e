"""Registrar ejecución de una ruta: fecha, IIEE visitadas, viáticos rendidos (S/) y días de viático."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from ...domain.coach_work import ActivityDetail
from ...domain.errors import ValidationError
from ...domain.money import format_soles, to_cents
from ...domain.rules import limits as L
from ...domain.rules.registration import route_fields
from ...domain.rules.verdict import Problems
from ..widgets import DateField
from .form_base import CheckList, FormDialog, default_day, record_checks, tr
from .labels import activity_title
from ...domain.enums import Outcome, ValidationState


def soles_text(amount) -> str:
    return f"{amount:.2f}" if amount is not None else ""


def read_cents(p: Problems, text: str, limit: L.Amount) -> int | None:
    """The amount typed, in céntimos (None: empty or unreadable, with the reading's message in `p`)."""
    if not text.strip():
        return None
    try:
        return to_cents(text, limit.field, limit.label)
    except ValidationError as exc:
        p.add(limit.field, exc.message)
        return None


class RouteExecutionForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        super().__init__(sigma, tr("Corregir ruta") if row.execution_id else tr("Registrar ruta"), parent,
                         intro=tr("Marque las IIEE que visitó y rinda los viáticos. Enter guarda."))
        self.detail = detail
        self.summary([activity_title(row),
                      tr("Viáticos asignados: {0}; {1} días planificados.").format(
                          format_soles(row.allowance_assigned), row.planned_days or 0)],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        executed = detail.outcome == Outcome.EXECUTED
        self.date = DateField(value=row.executed_on if executed else default_day(row.year, row.month,
                                                                                   row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de ejecución:"), self.date)
        visited = detail.attended if executed else [s.id for s in detail.schools]
        self.schools = CheckList([(s.id, s.label) for s in detail.schools], checked=visited)
        self.add_field("iiee", tr("IIEE visitadas:"), self.schools, focus=self.schools.first_box())
        self.spent = QLineEdit(soles_text(detail.allowance_spent) if executed else "")
        self.spent.setPlaceholderText(tr("0.00"))
        self.spent.setMaxLength(12)
        self.add_field("viaticos_rendidos", tr("Viáticos rendidos (S/):"), self.spent)
        self.days = QSpinBox()
        self.days.setRange(0, L.ROUTE_DAYS_DONE.high)
        self.days.setSuffix(tr(" días"))
        self.days.setValue((detail.days if executed else row.planned_days) or 0)
        self.add_field("dias", tr("Días de viático:"), self.days)
        self.mark_clean()

    def state(self) -> object:
        return (self.date.value(), tuple(sorted(self.schools.checked_ids())), self.spent.text().strip(),
                self.days.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        route_fields(p, tuple(self.schools.checked_ids()), read_cents(p, self.spent.text(), L.SPENT),
                     self.days.value())
        return p.found

    def submit(self):
        return self.sigma.registration.register_route(
            self.detail.row.id, self.date.value(), self.schools.checked_ids(),
            allowance_spent=self.spent.text().strip(), days=self.days.value())

"""Planificar ruta: IIEE del circuito, viáticos asignados (S/), días de viático, fecha programada."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from ...domain.rules import limits as L
from ...domain.rules.planning import route_fields
from .form_base import CheckList, spin_value, tr
from .plan_base import PlanContext, PlanDialog
from .route_execution import read_cents


class PlanRouteDialog(PlanDialog):
    def __init__(self, sigma, ctx: PlanContext, parent: QWidget | None = None):
        super().__init__(sigma, ctx, tr("Planificar ruta"), parent,
                         intro=tr("Marque las IIEE del circuito e indique los viáticos asignados. Enter guarda."))
        self.schools = CheckList([(s.id, s.label) for s in ctx.schools])
        self.add_field("iiee", tr("IIEE de la ruta:"), self.schools, focus=self.schools.first_box())
        self.allowance = QLineEdit()
        self.allowance.setPlaceholderText(tr("0.00"))
        self.allowance.setMaxLength(12)
        self.add_field("viaticos_asignados", tr("Viáticos asignados (S/):"), self.allowance)
        self.days = QSpinBox()
        self.days.setRange(0, L.ROUTE_DAYS.high)
        self.days.setSpecialValueText("—")
        self.days.setSuffix(tr(" días"))
        self.add_field("dias", tr("Días de viático:"), self.days)
        self.add_planned_date()
        self.mark_clean()

    def state(self) -> object:
        return (tuple(sorted(self.schools.checked_ids())), self.allowance.text().strip(), self.days.value(),
                self.planned.value())

    def check(self) -> dict[str, str]:
        p = self.plan_checks()
        route_fields(p, tuple(self.schools.checked_ids()), read_cents(p, self.allowance.text(), L.ALLOWANCE),
                     spin_value(self.days))
        return p.found

    def submit(self):
        return self.sigma.planning.plan_route(self.ctx.coach.id, self.ctx.year, self.ctx.month,
                                              self.schools.checked_ids(), allowance=self.allowance.text().strip(),
                                              days=spin_value(self.days), planned_date=self.planned.value())

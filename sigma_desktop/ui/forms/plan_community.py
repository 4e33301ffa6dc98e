"""Planificar visita social comunitaria (solo EIB): IE y fecha programada."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from .form_base import tr
from .plan_base import PlanContext, PlanDialog


class PlanCommunityDialog(PlanDialog):
    def __init__(self, sigma, ctx: PlanContext, parent: QWidget | None = None):
        super().__init__(sigma, ctx, tr("Planificar visita social comunitaria"), parent,
                         intro=tr("Visita a la comunidad de una IE (padres de familia, sabios, autoridades). "
                                  "Enter guarda."))
        self.school = QComboBox()
        self.school.addItem(tr("— elija la IE —"), None)
        for s in ctx.schools:
            self.school.addItem(s.label, s.id)
        self.add_field("ie", tr("IE:"), self.school)
        self.add_planned_date()
        self.mark_clean()

    def state(self) -> object:
        return (self.school.currentData(), self.planned.value())

    def check(self) -> dict[str, str]:
        p = self.plan_checks()
        if self.school.currentData() is None:
            p.add("ie", tr("IE: elija la institución educativa."))
        return p.found

    def submit(self):
        return self.sigma.planning.plan_community_visit(self.ctx.coach.id, self.school.currentData(),
                                                        self.ctx.year, self.ctx.month,
                                                        planned_date=self.planned.value())

"""Retirar planificación: the plan is tombstoned with a reason (only while it has no record)."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from ...domain.coach_work import PlanRow
from ...domain.rules import limits as L
from ...domain.rules.verdict import Problems
from .form_base import FormDialog, tr
from .labels import activity_title, subject


class WithdrawPlanDialog(FormDialog):
    def __init__(self, sigma, row: PlanRow, parent: QWidget | None = None):
        super().__init__(sigma, tr("Retirar planificación"), parent, save_text=tr("Retirar"),
                         intro=tr("La actividad deja de contar como planificada; queda en el historial con "
                                  "el motivo. Enter confirma."))
        self.row = row
        self.summary([activity_title(row), subject(row)])
        self.reason = QLineEdit()
        self.reason.setMaxLength(L.WITHDRAW_REASON.max_len)
        self.add_field("motivo", tr("Motivo:"), self.reason)
        self.mark_clean()

    def state(self) -> object:
        return self.reason.text().strip()

    def check(self) -> dict[str, str]:
        p = Problems()
        p.limit(L.WITHDRAW_REASON, L.WITHDRAW_REASON.clean(self.reason.text()))
        return p.found

    def submit(self):
        return self.sigma.planning.cancel(self.row.id, self.reason.text())

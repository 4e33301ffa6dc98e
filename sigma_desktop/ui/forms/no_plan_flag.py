"""Marcar a un docente «no planificar» (por ejemplo, licencia larga), with the reason."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from ...domain.coach_work import MyTeacherRow
from ...domain.rules import limits as L
from ...domain.rules.assignment import mark_no_plan
from ...domain.rules.verdict import Refused
from .form_base import FormDialog, tr


class NoPlanDialog(FormDialog):
    def __init__(self, sigma, teacher: MyTeacherRow, parent: QWidget | None = None):
        super().__init__(sigma, tr("Marcar «no planificar»"), parent, save_text=tr("Marcar"),
                         intro=tr("No podrá planificar visitas a este docente hasta que quite la marca. "
                                  "Enter confirma."))
        self.teacher = teacher
        self.summary([tr("{0} (DNI {1})").format(teacher.name, teacher.dni),
                      tr("IE: {0} {1}").format(teacher.school_code, teacher.school_name)])
        self.reason = QLineEdit()
        self.reason.setMaxLength(L.NO_PLAN_REASON.max_len)
        self.reason.setPlaceholderText(tr("Por ejemplo: licencia por maternidad hasta julio"))
        self.add_field("motivo", tr("Motivo:"), self.reason)
        self.mark_clean()

    def state(self) -> object:
        return self.reason.text().strip()

    def check(self) -> dict[str, str]:
        decision = mark_no_plan(True, self.reason.text())
        return decision.messages if isinstance(decision, Refused) else {}

    def submit(self):
        return self.sigma.assignments.set_no_plan(self.teacher.assignment_id, True, self.reason.text())

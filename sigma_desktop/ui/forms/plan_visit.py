"""Planificar visita en aula: docente asignado, tipo (la diagnóstica se propone sola si es la primera), fecha."""
from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ...domain.enums import VisitType
from ...domain.rules.facts import TeacherFacts, VisitHistory
from ...domain.rules.planning import teacher_problem, visit_type_problem
from .form_base import find_data, tr
from .labels import visit_type_label
from .plan_base import PlanContext, PlanDialog

AUTO = "auto"


class PlanVisitDialog(PlanDialog):
    def __init__(self, sigma, ctx: PlanContext, parent: QWidget | None = None, teacher_id=None):
        super().__init__(sigma, ctx, tr("Planificar visita en aula"), parent,
                         intro=tr("La primera visita del año a cada docente es la diagnóstica: déjelo en "
                                  "«Automático» y el sistema la propone. Enter guarda."))
        self.teacher = QComboBox()
        self.teacher.addItem(tr("— elija un docente —"), None)
        model = self.teacher.model()
        for t in ctx.teachers:
            text = f"{t.name} ({t.dni})"
            if t.no_plan:
                text += tr(" — «no planificar»")
            self.teacher.addItem(text, t.teacher_id)
            if t.no_plan and isinstance(model, QStandardItemModel):
                model.item(self.teacher.count() - 1).setEnabled(False)
        if teacher_id is not None:
            self.teacher.setCurrentIndex(max(0, find_data(self.teacher, teacher_id)))
        self.add_field("docente", tr("Docente:"), self.teacher)
        self.visit_type = QComboBox()
        self.visit_type.addItem(tr("Automático"), AUTO)
        for vt in VisitType:
            self.visit_type.addItem(visit_type_label(vt.value), vt.value)
        self.proposal = QLabel()
        self.proposal.setObjectName("hint")
        self.proposal.setWordWrap(True)
        self.proposal.setMinimumHeight(2 * self.proposal.fontMetrics().lineSpacing() + 2)  # text changes
        self.add_field("tipo_visita", tr("Tipo de visita:"), self.visit_type)
        self.form.addRow("", self.proposal)
        self.add_planned_date()
        self.teacher.currentIndexChanged.connect(self._propose)
        self.visit_type.currentIndexChanged.connect(self._propose)
        self._propose()
        self.mark_clean()

    def _chosen(self):
        tid = self.teacher.currentData()
        return next((t for t in self.ctx.teachers if t.teacher_id == tid), None)

    def _propose(self) -> None:
        self._proposal_text()
        self.fit_height()  # the proposal naming another coach wraps on more lines

    def _proposal_text(self) -> None:
        t = self._chosen()
        if t is None or self.visit_type.currentData() != AUTO:
            self.proposal.setText("")
            return
        by = t.diagnostic_by
        if by is not None and by.id != self.ctx.coach.id:
            self.proposal.setText(tr("Se planificará como visita de desarrollo: el docente ya tiene su visita "
                                     "diagnóstica, planificada por otro acompañante ({0}); vale para todos sus "
                                     "acompañantes.").format(by.name))
        elif t.has_diagnostic:
            self.proposal.setText(tr("Se planificará como visita de desarrollo: el docente ya tiene su "
                                     "visita diagnóstica."))
        else:
            self.proposal.setText(tr("Se planificará como visita diagnóstica: es la primera visita del "
                                     "docente este año."))

    def state(self) -> object:
        return (self.teacher.currentData(), self.visit_type.currentData(), self.planned.value())

    def check(self) -> dict[str, str]:
        p = self.plan_checks()
        t = self._chosen()
        if t is None:
            p.add("docente", tr("Docente: elija un docente."))
        else:  # the teachers offered are the coach's own, as the rule book wants them
            p.add("docente", teacher_problem(TeacherFacts(t.teacher_id, t.dni, t.school_id, True, t.no_plan),
                                             self.ctx.year, for_visit=True))
            if "docente" not in p.found:
                vt = self.visit_type.currentData()
                history = VisitHistory(t.diagnostic_month, t.first_visit_month, t.diagnostic_by)
                p.add("tipo_visita", visit_type_problem(None if vt == AUTO else vt, history, self.ctx.month,
                                                        self.ctx.coach.id)[1])
        return p.found

    def submit(self):
        vt = self.visit_type.currentData()
        return self.sigma.planning.plan_visit(self.ctx.coach.id, self.teacher.currentData(), self.ctx.year,
                                              self.ctx.month, planned_date=self.planned.value(),
                                              visit_type=None if vt == AUTO else vt)

"""Planificar GIA o taller: docentes convocados (al menos dos), tema, horas y días, fecha programada."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from ...domain.enums import ActivityKind
from ...domain.rules import limits as L
from ...domain.rules.planning import group_fields
from .form_base import CheckList, spin_value, tr
from .plan_base import PlanContext, PlanDialog


def _spin(maximum: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText("—")
    spin.setSuffix(suffix)
    return spin


class PlanGroupDialog(PlanDialog):
    def __init__(self, sigma, ctx: PlanContext, kind: ActivityKind, parent: QWidget | None = None):
        self.kind = kind
        is_gia = kind is ActivityKind.GROUP_SESSION
        super().__init__(sigma, ctx, tr("Planificar GIA") if is_gia else tr("Planificar taller"), parent,
                         intro=tr("Convoque al menos a dos de sus docentes. Enter guarda."))
        teachers = self.teacher_choices(include_no_plan=True)
        self.convened = CheckList([(t.teacher_id, f"{t.name} ({t.dni})") for t in teachers],
                                  checked=[t.teacher_id for t in teachers if not t.no_plan])
        self.add_field("docentes", tr("Docentes convocados:"), self.convened, focus=self.convened.first_box())
        self.topic = QLineEdit()
        self.topic.setMaxLength(L.TOPIC.max_len)
        self.topic.setPlaceholderText(tr("Por ejemplo: planificación curricular en aulas multigrado"))
        self.add_field("tema", tr("Tema:"), self.topic)
        self.hours = self.add_field("horas", tr("Horas:"), _spin(L.PLANNED_HOURS.high, tr(" h")))
        self.days = self.add_field("dias", tr("Días:"), _spin(L.PLANNED_DAYS.high, tr(" días")))
        if is_gia:
            self.hours.setValue(4)
        else:
            self.days.setValue(2)
        self.add_planned_date()
        self.mark_clean()

    def state(self) -> object:
        return (tuple(sorted(self.convened.checked_ids())), self.topic.text().strip(), self.hours.value(),
                self.days.value(), self.planned.value())

    def check(self) -> dict[str, str]:
        p = self.plan_checks()
        group_fields(p, self.kind.value, tuple(self.convened.checked_ids()), self.topic.text(),
                     spin_value(self.hours), spin_value(self.days))
        return p.found

    def submit(self):
        return self.sigma.planning.plan_group(
            self.kind, self.ctx.coach.id, self.ctx.year, self.ctx.month, self.convened.checked_ids(),
            topic=self.topic.text(), hours=spin_value(self.hours), days=spin_value(self.days),
            planned_date=self.planned.value())

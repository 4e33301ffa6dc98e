"""What the planning dialogs share: the coach, the month being planned, and an optional fecha programada."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.coach_work import CoachProfile, MyTeacherRow, SchoolOption
from ...domain.rules.common import planned_date_problem
from ...domain.rules.verdict import Problems
from .form_base import FormDialog, OptionalDate, month_label, tr


@dataclass(frozen=True)
class PlanContext:
    coach: CoachProfile
    year: int
    month: int
    teachers: tuple[MyTeacherRow, ...]
    schools: tuple[SchoolOption, ...]


class PlanDialog(FormDialog):
    def __init__(self, sigma, ctx: PlanContext, title: str, parent: QWidget | None = None, *,
                 intro: str | None = None):
        super().__init__(sigma, title, parent, intro=intro, save_text=tr("Planificar"))
        self.ctx = ctx
        month = QLabel(month_label(ctx.year, ctx.month).capitalize())
        month.setStyleSheet("font-weight: bold;")
        self.form.addRow(tr("Mes:"), month)

    def add_planned_date(self) -> OptionalDate:
        self.planned = OptionalDate(None, date(self.ctx.year, self.ctx.month, 1))
        self.add_field("fecha_programada", tr("Fecha programada:"), self.planned,
                       hint=tr("Opcional; debe caer dentro del mes."))
        return self.planned

    def plan_checks(self) -> Problems:
        """The rule book's problems of the planned date, to which a dialog adds those of its fields."""
        p = Problems()
        p.add("fecha_programada", planned_date_problem(self.planned.value(), self.ctx.year, self.ctx.month))
        return p

    def teacher_choices(self, *, include_no_plan: bool) -> list[MyTeacherRow]:
        return [t for t in self.ctx.teachers if include_no_plan or not t.no_plan]

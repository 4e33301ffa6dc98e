"""Acompañantes: the coaches of the user's scope (about 5,000 nationally) with the number of teachers
assigned to each in the chosen year; filtered and sorted in SQL."""
from __future__ import annotations

from enum import IntEnum
from functools import partial

from ...domain import browse as b
from ...domain.browse import CoachListRow
from ...domain.dates import format_date
from ..models.lazy_table import LazyTableModel
from .master_list import MasterListPanel, number


def contract_text(row: CoachListRow) -> str:
    if row.contract_start and row.contract_end:
        return f"{format_date(row.contract_start)} – {format_date(row.contract_end)}"
    if row.contract_start:
        return f"{format_date(row.contract_start)} –"
    if row.contract_end:
        return f"– {format_date(row.contract_end)}"
    return ""


class CoachTableModel(LazyTableModel):
    class Column(IntEnum):
        DNI = 0
        NAME = 1
        UGEL = 2
        INTERVENTION = 3
        CONTRACT = 4
        TEACHERS = 5

    def header_labels(self):
        C = self.Column
        return {C.DNI: self.tr("DNI"), C.NAME: self.tr("Apellidos y nombres"), C.UGEL: self.tr("UGEL"),
                C.INTERVENTION: self.tr("Intervención"), C.CONTRACT: self.tr("Contrato"),
                C.TEACHERS: self.tr("Docentes asignados")}

    def sort_keys(self):
        C = self.Column
        return {C.DNI: "dni", C.NAME: "name", C.UGEL: "ugel", C.INTERVENTION: "intervention",
                C.CONTRACT: "contract", C.TEACHERS: "teachers"}

    def default_sort_column(self) -> int:
        return self.Column.NAME

    def widths(self):
        C = self.Column
        return {C.DNI: 85, C.NAME: 250, C.UGEL: 140, C.INTERVENTION: 175, C.CONTRACT: 190, C.TEACHERS: 160}

    def right_aligned(self):
        return frozenset({self.Column.TEACHERS})

    def display(self, row: CoachListRow, column) -> str:
        C = self.Column
        if column == C.DNI:
            return row.dni
        if column == C.NAME:
            return row.name if row.active else self.tr("{0} (inactivo)").format(row.name)
        if column == C.UGEL:
            return row.ugel_name
        if column == C.INTERVENTION:
            return row.intervention
        if column == C.CONTRACT:
            return contract_text(row)
        return number(row.teacher_count)

    def raw(self, row: CoachListRow, column):
        C = self.Column
        if column == C.TEACHERS:
            return row.teacher_count
        if column == C.CONTRACT:
            return row.contract_start
        if column == C.INTERVENTION:
            return row.intervention_key
        if column == C.UGEL:
            return row.ugel_code
        return self.display(row, column)

    def tooltip(self, row: CoachListRow, column) -> str | None:
        if column == self.Column.UGEL:
            return f"{row.ugel_code} {row.ugel_name}"
        if column == self.Column.NAME:
            return row.name
        return None


class CoachesPanel(MasterListPanel):
    ugel_column = CoachTableModel.Column.UGEL
    grow_columns = (CoachTableModel.Column.NAME,)
    watches = frozenset({"coach", "assignment"})

    def title(self) -> str:
        return self.tr("Acompañantes pedagógicos")

    def placeholder(self) -> str:
        return self.tr("DNI, apellidos o nombres del acompañante")

    def count_text(self, n: int) -> str:
        return self.tr("1 acompañante") if n == 1 else self.tr("{0} acompañantes").format(number(n))

    def make_model(self) -> LazyTableModel:
        browse = self.sigma.browse
        return CoachTableModel(partial(browse.count, b.COACHES), partial(browse.page, b.COACHES), self)

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        from ..forms.master_forms import CoachDialog
        from .master_actions import MasterActions

        self.actions = MasterActions(self, CoachDialog, sigma.masters.set_coach_active, "coach",
                                     new_text=self.tr("Nuevo acompañante…"), what=self.tr("Acompañante"))

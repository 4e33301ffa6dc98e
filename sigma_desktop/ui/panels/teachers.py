"""Docentes: the teachers of the user's scope (national for the administrator: about 40,000), filtered
as the user types and sorted by any column, in SQL."""
from __future__ import annotations

import importlib.util
from enum import IntEnum
from functools import partial
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton

from ...domain import browse as b
from ...domain.browse import TeacherListRow
from ..models.lazy_table import LazyTableModel
from .master_list import MasterListPanel, number

FICHA_MODULE = "sigma_desktop.ui.forms.teacher_ficha"


class TeacherTableModel(LazyTableModel):
    class Column(IntEnum):
        DNI = 0
        NAME = 1
        SCHOOL = 2
        UGEL = 3
        COACHES = 4
        INTERVENTION = 5

    def header_labels(self):
        C = self.Column
        return {C.DNI: self.tr("DNI"), C.NAME: self.tr("Apellidos y nombres"),
                C.SCHOOL: self.tr("Institución educativa"), C.UGEL: self.tr("UGEL"),
                C.COACHES: self.tr("Acompañante(s)"), C.INTERVENTION: self.tr("Intervención")}

    def sort_keys(self):
        C = self.Column
        return {C.DNI: "dni", C.NAME: "name", C.SCHOOL: "school", C.UGEL: "ugel", C.COACHES: "coaches",
                C.INTERVENTION: "intervention"}

    def default_sort_column(self) -> int:
        return self.Column.NAME

    def widths(self):
        C = self.Column
        return {C.DNI: 85, C.NAME: 215, C.SCHOOL: 270, C.UGEL: 120, C.COACHES: 195, C.INTERVENTION: 110}

    def display(self, row: TeacherListRow, column) -> str:
        C = self.Column
        if column == C.DNI:
            return row.dni
        if column == C.NAME:
            return row.name if row.active else self.tr("{0} (inactivo)").format(row.name)
        if column == C.SCHOOL:
            return f"{row.school_code} · {row.school_name}"
        if column == C.UGEL:
            return row.ugel_name
        if column == C.COACHES:
            return "; ".join(c.name for c in row.coaches)
        return ", ".join(row.interventions)

    def raw(self, row: TeacherListRow, column):
        C = self.Column
        if column == C.SCHOOL:
            return row.school_code
        if column == C.COACHES:
            return tuple(c.dni for c in row.coaches)
        if column == C.INTERVENTION:
            return row.interventions
        if column == C.UGEL:
            return row.ugel_code
        return self.display(row, column)

    def tooltip(self, row: TeacherListRow, column) -> str | None:
        C = self.Column
        if column == C.COACHES and row.coaches:
            return "\n".join(self.tr("{0} — DNI {1} ({2})").format(c.name, c.dni, c.intervention)
                             for c in row.coaches)
        if column == C.SCHOOL:
            return self.tr("Código modular {0}: {1}").format(row.school_code, row.school_name)
        if column == C.UGEL:
            return f"{row.ugel_code} {row.ugel_name}"
        if column in (C.NAME, C.INTERVENTION):
            return self.display(row, column) or None
        return None


class TeachersPanel(MasterListPanel):
    ugel_column = TeacherTableModel.Column.UGEL
    grow_columns = (TeacherTableModel.Column.SCHOOL, TeacherTableModel.Column.COACHES)
    """Emits `sig_open_teacher(teacher_id)` on double-click or «Ver ficha»."""

    sig_open_teacher = Signal(object)  # UUID of the teacher
    watches = frozenset({"teacher", "assignment", "school", "coach"})

    def title(self) -> str:
        return self.tr("Docentes")

    def placeholder(self) -> str:
        return self.tr("DNI, apellidos, nombres, código modular o nombre de la IE")

    def count_text(self, n: int) -> str:
        return self.tr("1 docente") if n == 1 else self.tr("{0} docentes").format(number(n))

    def make_model(self) -> LazyTableModel:
        browse = self.sigma.browse
        return TeacherTableModel(partial(browse.count, b.TEACHERS), partial(browse.page, b.TEACHERS), self)

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.ficha_button = QPushButton(self.tr("Ver ficha"))
        self.ficha_button.setObjectName("primary")
        self.ficha_button.setEnabled(False)
        self.actions_bar.addWidget(self.ficha_button)
        self.ficha_button.clicked.connect(self._open_selected)
        self.view.doubleClicked.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.model.layoutChanged.connect(self._selection_changed)
        self.sig_open_teacher.connect(self.open_ficha)
        from ..forms.master_forms import TeacherDialog
        from .master_actions import MasterActions

        self.actions = MasterActions(self, TeacherDialog, sigma.masters.set_teacher_active, "teacher",
                                     new_text=self.tr("Nuevo docente…"), what=self.tr("Docente"))

    def _selection_changed(self, *_args) -> None:
        self.ficha_button.setEnabled(self.selected_id() is not None)

    def _open_selected(self) -> None:
        teacher_id = self.selected_id()
        if teacher_id is not None:
            self.sig_open_teacher.emit(teacher_id)

    def _open_index(self, index) -> None:
        teacher_id = self.model.id_at(index.row()) if index.isValid() else None
        if teacher_id is not None:
            self.sig_open_teacher.emit(teacher_id)

    def open_ficha(self, teacher_id: UUID) -> None:
        """Opens the teacher's ficha (forms/teacher_ficha.py) for the year the list shows."""
        if importlib.util.find_spec(FICHA_MODULE) is None:
            self.error.setText(self.tr("La ficha del docente aún no está disponible en esta versión."))
            self.error.show()
            return
        from ..forms.teacher_ficha import TeacherFichaDialog

        dialog = TeacherFichaDialog(self.sigma, teacher_id, self.year.value(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()

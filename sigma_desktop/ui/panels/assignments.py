"""Asignaciones (RCI, administrador): which teachers each coach accompanies in a year.

Pick a coach (searchable, lazy list), see their teachers with the «no planificar» flag and, in EIB,
the other coaches of each teacher; pick the teacher to assign by searching their name, DNI or school (the
list shows their school, its level and their current coaches, and warns when the school's level has no
target in the coach's intervention), withdraw an assignment with a reason, mark or clear «no planificar».
Every write goes through the assignment service, which checks role and scope and writes the change log;
its Spanish errors appear next to the field they name.
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ...domain import browse as b
from ...domain.browse import CoachAssignmentRow, CoachListRow, ListFilter
from ...domain.errors import SigmaError
from ...domain.permissions import Action, allowed
from ...domain.rules.limits import UNASSIGN_REASON
from ..models.lazy_table import configure_lazy_view
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .coaches import CoachTableModel
from .master_list import DEBOUNCE_MS, FieldErrors, YearCombo, level_label, number
from .teachers import TeacherTableModel


class TeacherPickerModel(TeacherTableModel):
    """The teachers list for picking one to assign: DNI, name, school with its level, current coaches."""

    SHOWN = (TeacherTableModel.Column.DNI, TeacherTableModel.Column.NAME, TeacherTableModel.Column.SCHOOL,
             TeacherTableModel.Column.COACHES)

    def widths(self):
        C = self.Column
        return {C.DNI: 78, C.NAME: 190, C.SCHOOL: 250, C.COACHES: 170}

    def header_labels(self):
        labels = dict(super().header_labels())
        labels[self.Column.SCHOOL] = self.tr("IE (nivel)")
        labels[self.Column.COACHES] = self.tr("Acompañantes")
        return labels

    def display(self, row, column):
        if column == self.Column.SCHOOL:
            return f"{row.school_code} · {row.school_name} ({level_label(row.school_level)})"
        if column == self.Column.COACHES:
            return "; ".join(f"{c.name} ({c.intervention})" for c in row.coaches) or self.tr("ninguno")
        return super().display(row, column)


class CoachPickerModel(CoachTableModel):
    """The coaches list, narrowed to what a picker needs (same SQL paging and sorting)."""

    SHOWN = (CoachTableModel.Column.DNI, CoachTableModel.Column.NAME, CoachTableModel.Column.TEACHERS)

    def widths(self):
        C = self.Column
        return {C.DNI: 78, C.NAME: 200, C.TEACHERS: 50}

    def header_labels(self):
        labels = dict(super().header_labels())
        labels[self.Column.TEACHERS] = self.tr("Doc.")
        return labels

    def tooltip(self, row, column):
        if column == self.Column.TEACHERS:
            return self.tr("{0} docente(s) asignado(s) en el año").format(row.teacher_count)
        return self.tr("{0} — {1}, {2}").format(row.name, row.intervention, row.ugel_name)


def assignment_columns(tr) -> list[Col]:
    def others(r: CoachAssignmentRow) -> str:
        return "; ".join(f"{c.name} ({c.dni})" for c in r.other_coaches)

    def no_plan(r: CoachAssignmentRow) -> str:
        if not r.no_plan:
            return tr("No")
        return tr("Sí: {0}").format(r.no_plan_reason) if r.no_plan_reason else tr("Sí")

    return [
        Col(tr("DNI"), lambda r: r.dni, width=78),
        Col(tr("Apellidos y nombres"), lambda r: r.name, width=175),
        Col(tr("Institución educativa"), lambda r: f"{r.school_code} · {r.school_name}",
            lambda r: r.school_code, width=165),
        Col(tr("No planificar"), no_plan, lambda r: (r.no_plan, r.no_plan_reason or ""), width=110),
        Col(tr("Otros AP (EIB)"), others, width=130),
    ]


class AssignmentsPanel(Panel):
    watches = frozenset({"assignment", "teacher", "coach"})

    def title(self) -> str:
        return self.tr("Asignaciones de docentes a acompañantes")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.coach: CoachListRow | None = None
        self.general = FieldErrors.label()
        self.errors = FieldErrors(self.general)
        self.ok = QLabel()
        self.ok.setObjectName("okMessage")
        self.ok.setWordWrap(True)

        top = QHBoxLayout()
        self.year = YearCombo(self._years())
        top.addWidget(QLabel(self.tr("Año:")))
        top.addWidget(self.year)
        top.addStretch(1)
        self.layout_.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._coach_box())
        splitter.addWidget(self._teachers_box())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 730])
        self.layout_.addWidget(splitter, 1)
        self.layout_.addWidget(self.general)
        self.layout_.addWidget(self.ok)

        self.year.currentIndexChanged.connect(lambda _i: self._year_changed())
        self._apply_coach_filter()
        self._show_coach()
        self._apply_teacher_filter()

    # --- layout ---------------------------------------------------------------------------------
    def _coach_box(self) -> QWidget:
        box = QGroupBox(self.tr("Acompañante"))
        self.coach_search = QLineEdit()
        self.coach_search.setObjectName("coachSearch")
        self.coach_search.setClearButtonEnabled(True)
        self.coach_search.setPlaceholderText(self.tr("Buscar por DNI, apellidos o nombres"))
        browse = self.sigma.browse
        self.coaches = CoachPickerModel(partial(browse.count, b.COACHES), partial(browse.page, b.COACHES), self)
        self.coach_view = QTableView()
        self.coach_view.setObjectName("coachList")
        configure_lazy_view(self.coach_view, self.coaches)
        for column in CoachTableModel.Column:
            if column not in CoachPickerModel.SHOWN:
                self.coach_view.hideColumn(column)
        self.coach_view.horizontalHeader().setStretchLastSection(False)
        self.coach_view.horizontalHeader().setSectionResizeMode(
            CoachTableModel.Column.NAME, QHeaderView.ResizeMode.Stretch)
        self.coach_count = QLabel()
        self.coach_count.setObjectName("hint")
        coach_error = self.errors.add("dni_acompanante", self.coach_view, FieldErrors.label())
        layout = QVBoxLayout(box)
        layout.addWidget(self.coach_search)
        layout.addWidget(self.coach_view, 1)
        layout.addWidget(self.coach_count)
        layout.addWidget(coach_error)
        self._coach_timer = QTimer(self)
        self._coach_timer.setSingleShot(True)
        self._coach_timer.setInterval(DEBOUNCE_MS)
        self._coach_timer.timeout.connect(self._apply_coach_filter)
        self.coach_search.textChanged.connect(lambda _t: self._coach_timer.start())
        self.coaches.sig_count_changed.connect(
            lambda n: self.coach_count.setText(self.tr("{0} acompañante(s)").format(number(n))))
        self.coaches.sig_failed.connect(self.errors.show)
        self.coach_view.selectionModel().currentRowChanged.connect(self._coach_row_changed)
        return box

    def _teachers_box(self) -> QWidget:
        box = QGroupBox(self.tr("Docentes asignados"))
        self.coach_title = QLabel()
        self.coach_title.setObjectName("hint")
        self.coach_title.setWordWrap(True)
        self.rows = RowsModel(assignment_columns(self.tr), self)
        self.rows_view = QTableView()
        self.rows_view.setObjectName("assignmentList")
        configure_view(self.rows_view, self.rows)
        self.rows_view.setWordWrap(False)
        self.rows_view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.teacher_dni = QLineEdit()  # the search: a name, a DNI or a school; 8 digits alone are a DNI
        self.teacher_dni.setObjectName("teacherSearch")
        self.teacher_dni.setClearButtonEnabled(True)
        self.teacher_dni.setPlaceholderText(self.tr("Buscar docente por apellidos, nombres, DNI o IE"))
        self.teacher_search = self.teacher_dni
        browse = self.sigma.browse
        self.teachers = TeacherPickerModel(partial(browse.count, b.TEACHERS), partial(browse.page, b.TEACHERS), self)
        self.teacher_view = QTableView()
        self.teacher_view.setObjectName("teacherPicker")
        configure_lazy_view(self.teacher_view, self.teachers)
        for column in TeacherTableModel.Column:
            if column not in TeacherPickerModel.SHOWN:
                self.teacher_view.hideColumn(column)
        self.teacher_view.setMinimumHeight(110)
        self.teacher_view.setMaximumHeight(160)  # the assigned teachers above keep the room
        self.teacher_info = QLabel()
        self.teacher_info.setObjectName("hint")
        self.teacher_info.setWordWrap(True)
        self.level_warning = QLabel()
        self.level_warning.setObjectName("warning")
        self.level_warning.setWordWrap(True)
        self.level_warning.hide()
        self.teacher: object | None = None
        self.assign_button = QPushButton(self.tr("Asignar docente"))
        self.assign_button.setObjectName("primary")
        dni_error = self.errors.add("dni_docente", self.teacher_dni, FieldErrors.label())

        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(UNASSIGN_REASON.max_len)
        self.reason.setPlaceholderText(self.tr("Obligatorio para retirar o marcar «no planificar»"))
        reason_error = self.errors.add("motivo", self.reason, FieldErrors.label())
        self.remove_button = QPushButton(self.tr("Retirar asignación"))
        self.no_plan_button = QPushButton(self.tr("Marcar «no planificar»"))

        form = QGridLayout()
        form.setColumnStretch(1, 1)
        form.addWidget(QLabel(self.tr("Docente:")), 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(self.teacher_dni, 1)
        search_row.addWidget(self.assign_button)
        form.addLayout(search_row, 0, 1)
        form.addWidget(self.teacher_view, 1, 1)
        form.addWidget(self.teacher_info, 2, 1)
        form.addWidget(self.level_warning, 3, 1)
        form.addWidget(dni_error, 4, 1)
        form.addWidget(QLabel(self.tr("Motivo:")), 5, 0)
        form.addWidget(self.reason, 5, 1)
        form.addWidget(reason_error, 6, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.no_plan_button)
        buttons.addWidget(self.remove_button)
        form.addLayout(buttons, 7, 1)

        layout = QVBoxLayout(box)
        layout.addWidget(self.coach_title)
        layout.addWidget(self.rows_view, 1)
        layout.addLayout(form)

        self.assign_button.clicked.connect(lambda: self.assign())
        self.teacher_dni.returnPressed.connect(lambda: self.assign())
        self._teacher_timer = QTimer(self)
        self._teacher_timer.setSingleShot(True)
        self._teacher_timer.setInterval(DEBOUNCE_MS)
        self._teacher_timer.timeout.connect(self._apply_teacher_filter)
        self.teacher_dni.textChanged.connect(lambda _t: self._teacher_timer.start())
        self.teacher_view.selectionModel().currentRowChanged.connect(self._teacher_row_changed)
        self.teachers.modelReset.connect(self._teacher_list_reloaded)
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.no_plan_button.clicked.connect(lambda: self.toggle_no_plan())
        return box

    # --- reading --------------------------------------------------------------------------------
    def _years(self) -> list[int]:
        try:
            return self.sigma.browse.assignment_years()
        except SigmaError:
            return []

    def _apply_teacher_filter(self) -> None:
        self._teacher_timer.stop()
        text = self.teacher_dni.text().strip()
        if self.teacher is not None and text != self.teacher.dni:
            self.teacher = None
        self.teachers.set_filter(ListFilter(text, self.year.value(), active_only=True))
        self._show_teacher()

    def _teacher_list_reloaded(self) -> None:
        """A search that finds one teacher picks them (a typed DNI, usually)."""
        if self.teachers.rowCount() == 1 and self.teacher is None and self.teacher_dni.text().strip():
            self.teacher_view.setCurrentIndex(self.teachers.index(0, 0))

    def _teacher_row_changed(self, current, _previous) -> None:
        row = self.teachers.row_object(current.row()) if current.isValid() else None
        if row is not None:
            self.teacher = row
            self._show_teacher()

    def select_teacher(self, text: str) -> bool:
        """Searches `text` and picks the first teacher found (tests, and Enter in the search box)."""
        self.teacher = None
        self.teacher_dni.setText(text)
        self._apply_teacher_filter()
        if self.teachers.rowCount() == 0:
            return False
        self.teacher_view.setCurrentIndex(self.teachers.index(0, 0))
        return self.teacher is not None

    def _show_teacher(self) -> None:
        t = self.teacher
        self.level_warning.hide()
        if t is None:
            self.teacher_info.setText(self.tr("Busque al docente y elíjalo en la lista."))
            return
        coaches = "; ".join(f"{c.name} ({c.intervention})" for c in t.coaches) or self.tr("ninguno")
        self.teacher_info.setText(self.tr("{0} — DNI {1} — {2} · {3}, {4} — acompañantes en {5}: {6}").format(
            t.name, t.dni, t.school_code, t.school_name, level_label(t.school_level), self.year.value(), coaches))
        if self.coach is not None:
            try:
                warning = self.sigma.assignments.check(t.dni, self.coach.dni, self.year.value())
            except SigmaError:
                warning = None
            if warning:
                self.level_warning.setText(warning)
                self.level_warning.show()

    def _apply_coach_filter(self) -> None:
        self._coach_timer.stop()
        self.coaches.set_filter(ListFilter(self.coach_search.text(), self.year.value()))
        self._reselect_coach()

    def _year_changed(self) -> None:
        self._apply_coach_filter()
        self._show_coach()
        self._apply_teacher_filter()

    def _coach_row_changed(self, current, _previous) -> None:
        # A new search or a reload empties the selection: the chosen coach stays until another is picked.
        row = self.coaches.row_object(current.row()) if current.isValid() else None
        if row is None:
            return
        if self.coach is not None and row.id == self.coach.id:
            self.coach = row  # the same coach, reloaded (its teacher count may have changed)
            return
        self.coach = row
        self.errors.clear()
        self.ok.clear()
        self._show_coach()
        self._show_teacher()

    def _reselect_coach(self) -> None:
        """After a reload, selects the chosen coach again if it is on the first page of the list."""
        if self.coach is None:
            return
        for row in range(min(self.coaches.rowCount(), self.coaches.PAGE_SIZE)):
            obj = self.coaches.row_object(row)
            if obj is not None and obj.id == self.coach.id:
                self.coach_view.setCurrentIndex(self.coaches.index(row, 0))
                return

    def _show_coach(self) -> None:
        if self.coach is None:
            self.coach_title.setText(self.tr("Seleccione un acompañante en la lista de la izquierda."))
        else:
            c = self.coach
            self.coach_title.setText(self.tr("{0} — DNI {1} — {2} — {3}, año {4}").format(
                c.name, c.dni, c.intervention, c.ugel_name, self.year.value()))
        self._load_rows()

    def _load_rows(self) -> None:
        if self.coach is None:
            self.rows.set_rows([])
        else:
            try:
                self.rows.set_rows(self.sigma.browse.coach_assignments(self.coach.id, self.year.value()))
            except SigmaError as exc:
                self.rows.set_rows([])
                self.errors.show(exc)
        self._update_buttons()

    def refresh(self) -> None:
        self.coaches.reload()
        self._reselect_coach()
        self._load_rows()
        self.teachers.reload()

    def selected_row(self) -> CoachAssignmentRow | None:
        rows = self.rows_view.selectionModel().selectedRows()
        return self.rows.row(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        actor = self.sigma.actor
        row = self.selected_row()
        self.assign_button.setEnabled(self.coach is not None)
        self.remove_button.setEnabled(row is not None)
        may_mark = actor is not None and allowed(actor.role, Action.MARK_NO_PLAN)
        self.no_plan_button.setEnabled(row is not None and may_mark)
        self.no_plan_button.setText(self.tr("Quitar «no planificar»") if row is not None and row.no_plan
                                    else self.tr("Marcar «no planificar»"))
        if not may_mark:
            self.no_plan_button.setToolTip(self.tr("Solo el acompañante o el RCI marcan «no planificar»."))

    # --- writing --------------------------------------------------------------------------------
    def _done(self, text: str, changes) -> None:
        self.errors.clear()
        self.ok.setText(text)
        self.refresh()
        self.publish(changes)

    def assign(self) -> bool:
        """Assigns the teacher picked in the list (or the DNI typed, if none is picked) to the chosen coach."""
        self.ok.clear()
        if self.coach is None:
            self.errors.show(self.tr("Acompañante: seleccione un acompañante en la lista."), "dni_acompanante")
            return False
        typed = self.teacher_dni.text().strip()
        dni = self.teacher.dni if self.teacher is not None else typed
        if not dni:
            self.errors.show(self.tr("Docente: busque al docente y elíjalo en la lista."), "dni_docente")
            return False
        try:
            changes = self.sigma.assignments.assign(dni, self.coach.dni, self.year.value())
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        self.teacher = None
        self.teacher_dni.clear()
        text = self.tr("Docente {0} asignado a {1} en {2}.").format(dni, self.coach.name, self.year.value())
        self._done(text + (" " + self.tr("Atención: {0}").format(changes.warning) if changes.warning else ""),
                   changes)
        return True

    def remove_selected(self) -> bool:
        self.ok.clear()
        row = self.selected_row()
        if row is None:
            self.errors.show(self.tr("Seleccione un docente de la lista."))
            return False
        try:
            changes = self.sigma.assignments.unassign(row.assignment_id, self.reason.text())
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        self.reason.clear()
        self._done(self.tr("Se retiró la asignación del docente {0}.").format(row.dni), changes)
        return True

    def toggle_no_plan(self) -> bool:
        self.ok.clear()
        row = self.selected_row()
        if row is None:
            self.errors.show(self.tr("Seleccione un docente de la lista."))
            return False
        try:
            changes = self.sigma.assignments.set_no_plan(row.assignment_id, not row.no_plan, self.reason.text())
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        self.reason.clear()
        text = (self.tr("El docente {0} ya no se planificará.") if not row.no_plan
                else self.tr("El docente {0} vuelve a planificarse."))
        self._done(text.format(row.dni), changes)
        return True

    def select_coach(self, dni: str) -> bool:
        """Selects a coach by DNI in the picker (after filtering by it)."""
        self.coach_search.setText(dni)
        self._apply_coach_filter()
        for row in range(self.coaches.rowCount()):
            if self.coaches.row_object(row).dni == dni:
                self.coach_view.setCurrentIndex(self.coaches.index(row, 0))
                return True
        return False

"""Asignaciones (RCI, administrador): which teachers each coach accompanies in a year.

Pick a coach (searchable, lazy list), see their teachers with the «no planificar» flag and, in EIB,
the other coaches of each teacher; assign a teacher by DNI, withdraw an assignment with a reason,
mark or clear «no planificar». Every write goes through the assignment service, which checks role and
scope and writes the change log; its Spanish errors appear next to the field they name.
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
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
from .master_list import DEBOUNCE_MS, FieldErrors, YearCombo, number


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

        self.teacher_dni = QLineEdit()
        self.teacher_dni.setObjectName("teacherDni")
        self.teacher_dni.setPlaceholderText(self.tr("8 dígitos"))
        self.teacher_dni.setMaxLength(8)
        self.teacher_dni.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self))
        self.teacher_dni.setMaximumWidth(140)
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
        form.addWidget(QLabel(self.tr("DNI del docente:")), 0, 0)
        dni_row = QHBoxLayout()
        dni_row.addWidget(self.teacher_dni)
        dni_row.addWidget(self.assign_button)
        dni_row.addStretch(1)
        form.addLayout(dni_row, 0, 1)
        form.addWidget(dni_error, 1, 1)
        form.addWidget(QLabel(self.tr("Motivo:")), 2, 0)
        form.addWidget(self.reason, 2, 1)
        form.addWidget(reason_error, 3, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.no_plan_button)
        buttons.addWidget(self.remove_button)
        form.addLayout(buttons, 4, 1)

        layout = QVBoxLayout(box)
        layout.addWidget(self.coach_title)
        layout.addWidget(self.rows_view, 1)
        layout.addLayout(form)

        self.assign_button.clicked.connect(lambda: self.assign())
        self.teacher_dni.returnPressed.connect(lambda: self.assign())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.no_plan_button.clicked.connect(lambda: self.toggle_no_plan())
        return box

    # --- reading --------------------------------------------------------------------------------
    def _years(self) -> list[int]:
        try:
            return self.sigma.browse.assignment_years()
        except SigmaError:
            return []

    def _apply_coach_filter(self) -> None:
        self._coach_timer.stop()
        self.coaches.set_filter(ListFilter(self.coach_search.text(), self.year.value()))
        self._reselect_coach()

    def _year_changed(self) -> None:
        self._apply_coach_filter()
        self._show_coach()

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
        self.ok.clear()
        if self.coach is None:
            self.errors.show(self.tr("Acompañante: seleccione un acompañante en la lista."), "dni_acompanante")
            return False
        dni = self.teacher_dni.text().strip()
        try:
            changes = self.sigma.assignments.assign(dni, self.coach.dni, self.year.value())
        except SigmaError as exc:
            self.errors.show(exc)
            return False
        self.teacher_dni.clear()
        self._done(self.tr("Docente {0} asignado a {1} en {2}.").format(dni, self.coach.name, self.year.value()),
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

"""Mis docentes: the signed-in coach's teachers in a year, their visits so far and their last rubric."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox,
                               QTableView, QWidget)

from ...domain.changes import ChangeSet
from ...domain.coach_work import MyTeacherRow
from ...domain.dates import today_lima
from ...domain.errors import SigmaError
from ..messages import confirm, show_error
from ..models.coach_tables import ROW_ROLE, MyTeachersModel, TeacherColumn, RefitOnResize, fit_columns
from .base import Panel


class MyTeachersPanel(Panel):
    watches = frozenset({"activity", "execution", "assignment", "teacher"})

    def title(self) -> str:
        return self.tr("Mis docentes")

    def __init__(self, sigma, parent: QWidget | None = None):
        super().__init__(sigma, parent)
        self.coach_id = sigma.actor.coach_id if sigma.actor else None
        self.open_dialog: QDialog | None = None
        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2017, today_lima().year + 1)
        self.year.setValue(today_lima().year)
        year_label = QLabel(self.tr("&Año:"))
        year_label.setBuddy(self.year)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.count_label, 1)
        self.layout_.addLayout(top)

        # ordered by surname by the service: a coach has 8 to 15 teachers, no sorting needed
        self.model = MyTeachersModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _i: self.open_ficha())
        self.layout_.addWidget(self.table, 1)
        RefitOnResize(self.table, self._fit)

        buttons = QHBoxLayout()
        self.ficha_button = QPushButton(self.tr("Ver ficha"))
        self.ficha_button.clicked.connect(self.open_ficha)
        self.no_plan_button = QPushButton(self.tr("Marcar «no planificar»"))
        self.no_plan_button.clicked.connect(self.toggle_no_plan)
        buttons.addWidget(self.ficha_button)
        buttons.addWidget(self.no_plan_button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Doble clic abre la ficha del docente."))
        hint.setObjectName("hint")
        buttons.addWidget(hint)
        self.layout_.addLayout(buttons)

        self.year.valueChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.refresh()

    def refresh(self) -> None:
        rows: list[MyTeacherRow] = []
        if self.coach_id is None:
            self.count_label.setText(self.tr("Su cuenta no está vinculada a un acompañante pedagógico."))
        else:
            year = self.year.value()
            try:
                rows = self.sigma.coach_desk.my_teachers(self.coach_id, year)
                self.model.set_items(self.sigma.catalogue_reads.rubric_items(year))
            except SigmaError as exc:
                show_error(self, exc)
            no_plan = sum(r.no_plan for r in rows)
            text = self.tr("Docentes asignados en {0}: {1}").format(year, len(rows))
            if no_plan:
                text += self.tr(" — marcados «no planificar»: {0}").format(no_plan)
            self.count_label.setText(text)
        selected = self.selected()
        self.model.set_rows(rows)
        self._fit()
        if selected is not None:
            self.select_teacher(selected.teacher_id)
        self._update_actions()

    def _fit(self) -> None:
        fit_columns(self.table, {TeacherColumn.NAME: 220, TeacherColumn.SCHOOL: 220, TeacherColumn.LAST_VISIT: 110,
                                 TeacherColumn.LAST_RUBRIC: 170})

    def selected(self) -> MyTeacherRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_teacher(self, teacher_id) -> None:
        for r, row in enumerate(self.model.rows):
            if row.teacher_id == teacher_id:
                self.table.selectRow(r)
                return

    def _update_actions(self, *_args) -> None:
        row = self.selected()
        self.ficha_button.setEnabled(row is not None)
        self.no_plan_button.setEnabled(row is not None)
        self.no_plan_button.setText(self.tr("Quitar «no planificar»") if row is not None and row.no_plan
                                    else self.tr("Marcar «no planificar»"))

    def open_ficha(self) -> QDialog | None:
        from ..forms.teacher_ficha import TeacherFichaDialog

        row = self.selected()
        if row is None:
            return None
        dialog = TeacherFichaDialog(self.sigma, row.teacher_id, self.year.value(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def toggle_no_plan(self) -> QDialog | None:
        row = self.selected()
        if row is None:
            return None
        if row.no_plan:
            if not confirm(self, self.tr("Quitar «no planificar»"),
                           self.tr("¿Volver a planificar visitas a {0}?").format(row.name)):
                return None
            try:
                changes = self.sigma.assignments.set_no_plan(row.assignment_id, False)
            except SigmaError as exc:
                show_error(self, exc)
                return None
            self._after_write(changes)
            return None
        from ..forms.no_plan_flag import NoPlanDialog

        dialog = NoPlanDialog(self.sigma, row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_write(dialog.changes))
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _after_write(self, changes: ChangeSet | None) -> None:
        self.refresh()
        self.publish(changes)

"""Registrar ejecución de una visita en aula: fecha, nivel I–IV en cada desempeño de la rúbrica del año, notas.

The desempeños come from the database through a service (2017: 6, from 2018: 5), never from code.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QRadioButton, QWidget)

from ...domain.catalogues import LEVEL_LABELS, RUBRIC_LEVELS
from ...domain.coach_work import ActivityDetail
from ...domain.rules.registration import visit_fields
from ..widgets import DateField
from .form_base import FormDialog, default_day, record_checks, tr
from .labels import activity_title
from ...domain.enums import Outcome, ValidationState


class VisitExecutionForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        correcting = row.execution_id is not None
        super().__init__(sigma, tr("Corregir visita en aula") if correcting else tr("Registrar visita en aula"),
                         parent, intro=tr("Marque el nivel observado en cada desempeño (I y II: insatisfactorio; "
                                          "III y IV: satisfactorio). Enter guarda."))
        self.detail = detail
        self.setMinimumWidth(780)
        self.summary([activity_title(row), tr("Docente: {0} (DNI {1})").format(row.teacher_name, row.teacher_dni),
                      tr("IE: {0} {1}").format(row.school_code or "", row.school_name or "")],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        start = detail.row.executed_on if detail.outcome == Outcome.EXECUTED else None
        self.date = DateField(value=start or default_day(row.year, row.month, row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha de ejecución:"), self.date)

        self.items = sigma.catalogue_reads.rubric_items(row.year)
        self.groups: dict[int, QButtonGroup] = {}
        box = QGroupBox(tr("Rúbricas de observación de aula ({0})").format(row.year))
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        for col, level in enumerate(RUBRIC_LEVELS, start=1):
            head = QLabel(LEVEL_LABELS[level])
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setStyleSheet("font-weight: bold;")
            grid.addWidget(head, 0, col)
        r = 1
        for item in self.items:
            text = QLabel(tr("{0}. {1}").format(item.number, item.name))
            text.setWordWrap(True)
            text.setMinimumWidth(440)
            holder = QFrame()  # the radios of one desempeño: marked red as a whole when missing
            line = QHBoxLayout(holder)
            line.setContentsMargins(4, 2, 4, 2)
            line.setSpacing(18)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for level in RUBRIC_LEVELS:
                radio = QRadioButton()
                radio.setToolTip(tr("Nivel {0}").format(LEVEL_LABELS[level]))
                radio.setAccessibleName(tr("Desempeño {0}, nivel {1}").format(item.number, LEVEL_LABELS[level]))
                group.addButton(radio, level)
                line.addWidget(radio)
            if detail.ratings.get(item.number):
                group.button(detail.ratings[item.number]).setChecked(True)
            self.groups[item.number] = group
            grid.addWidget(text, r, 0)
            grid.addWidget(holder, r, 1, 1, len(RUBRIC_LEVELS))
            error = self._error_label()
            grid.addWidget(error, r + 1, 0, 1, len(RUBRIC_LEVELS) + 1)
            self.register(f"desempeno_{item.number}", holder, error, focus=group.button(1))
            r += 2
        # the four radios sit under the I–IV headings
        for col in range(1, len(RUBRIC_LEVELS) + 1):
            grid.setColumnMinimumWidth(col, 34)
        self.body.addWidget(box)

        self.notes = QPlainTextEdit(detail.notes or "")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(110)
        self.notes.setPlaceholderText(tr("Acuerdos del diálogo reflexivo, compromisos… (opcional)"))
        notes_error = self._error_label()
        caption = QLabel(tr("Notas:"))
        caption.setBuddy(self.notes)
        self.body.addWidget(caption)
        self.body.addWidget(self.notes)
        self.body.addWidget(notes_error)
        self.register("notas", self.notes, notes_error)
        self.mark_clean()

    def levels(self) -> dict[int, int]:
        return {n: g.checkedId() for n, g in self.groups.items() if g.checkedId() in RUBRIC_LEVELS}

    def set_level(self, number: int, level: int) -> None:
        self.groups[number].button(level).setChecked(True)

    def state(self) -> object:
        return (self.date.value(), tuple(sorted(self.levels().items())), self.notes.toPlainText())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        visit_fields(p, self.levels(), self.notes.toPlainText(), {i.number: i.name for i in self.items}, row.year)
        return p.found

    def submit(self):
        return self.sigma.registration.register_visit(self.detail.row.id, self.date.value(), self.levels(),
                                                      notes=self.notes.toPlainText())

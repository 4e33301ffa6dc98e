"""La ficha del docente: data, coaches (several in EIB), every activity of the year with its status, and the
rubric levels visit by visit, coloured I–II / III–IV so that progress is visible at a glance. Read-only."""
from __future__ import annotations

import html
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFrame, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QSpinBox, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from ...domain.dates import today_lima
from ...domain.errors import SigmaError
from ...domain.ficha import TeacherFicha
from ...domain.master_rules import school_kind_text
from ..messages import describe
from ..models.coach_tables import (HIGH, LOW, FichaActivityColumn, FichaActivityModel, RubricProgressModel,
                                   RefitOnResize, fit_columns)
from .form_base import available_screen, tr



def _table() -> QTableView:
    table = QTableView()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(False)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def _chip(color, text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"background: {color.name()}; border: 1px solid #c7d2dd; border-radius: 3px; "
                        "padding: 1px 8px;")
    return label


class TeacherFichaDialog(QDialog):
    def __init__(self, sigma, teacher_id: UUID, year: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.teacher_id = teacher_id
        self.ficha: TeacherFicha | None = None
        self.setWindowTitle(tr("Ficha del docente"))
        self._fit_to_screen(1060, 780)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.title = QLabel(tr("Ficha del docente"))
        self.title.setObjectName("panelTitle")
        top.addWidget(self.title, 1)
        self.year = QSpinBox()
        self.year.setRange(2017, today_lima().year + 1)
        self.year.setValue(year or today_lima().year)
        year_label = QLabel(tr("&Año:"))
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        layout.addLayout(top)

        card = QFrame()
        card.setObjectName("card")
        grid = QGridLayout(card)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(1, 1)
        self.info: dict[str, QLabel] = {}
        for r, (key, caption) in enumerate((("teacher", tr("Docente:")), ("school", tr("IE:")),
                                            ("place", tr("Ubicación:")), ("coaches", tr("Acompañamiento:")))):
            cap = QLabel(caption)
            cap.setStyleSheet("font-weight: bold; color: #243b53;")
            cap.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(cap, r, 0)
            grid.addWidget(value, r, 1)
            self.info[key] = value
        layout.addWidget(card)

        # rubric progress: rows = visits in date order, columns = desempeños
        progress = QGroupBox(tr("Progreso en la rúbrica de observación de aula"))
        progress_layout = QVBoxLayout(progress)
        self.rubric_model = RubricProgressModel(self)
        self.rubric_table = _table()
        self.rubric_table.setModel(self.rubric_model)
        self.rubric_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rubric_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.rubric_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_label = QLabel()  # what D1, D3… mean, beside the table
        self.items_label.setWordWrap(True)
        self.items_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.items_label.setObjectName("hint")
        self.items_label.setStyleSheet("font-size: 8.5pt;")
        beside = QHBoxLayout()
        beside.addWidget(self.rubric_table)
        beside.addWidget(self.items_label, 1)
        progress_layout.addLayout(beside, 1)
        legend = QHBoxLayout()
        legend.addWidget(_chip(LOW, tr("I – II: insatisfactorio")))
        legend.addWidget(_chip(HIGH, tr("III – IV: satisfactorio")))
        self.improvement = QLabel()
        self.improvement.setStyleSheet("font-weight: bold;")
        legend.addSpacing(12)
        legend.addWidget(self.improvement, 1)
        progress_layout.addLayout(legend)

        activities = QGroupBox(tr("Actividades del año (planificadas y ejecutadas)"))
        activities_layout = QVBoxLayout(activities)
        self.activity_model = FichaActivityModel(self)
        self.activity_table = _table()
        self.activity_table.setModel(self.activity_model)
        header = self.activity_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.activity_table.setWordWrap(True)
        activities_layout.addWidget(self.activity_table)
        RefitOnResize(self.activity_table, self._fit_activities)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(progress)
        splitter.addWidget(activities)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        self.print_button = buttons.addButton(tr("Imprimir ficha (PDF)…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: self.print_pdf())
        layout.addWidget(buttons)

        self.year.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            ficha = self.sigma.ficha.teacher(self.teacher_id, self.year.value())
        except SigmaError as exc:
            self.error.setText(describe(exc))
            self.error.show()
            return
        self.error.hide()
        self.ficha = ficha
        t = ficha.teacher
        self.setWindowTitle(tr("Ficha del docente — {0}").format(t.name))
        self.title.setText(t.name)
        self.info["teacher"].setText(tr("{0} — DNI {1}").format(t.name, t.dni))
        kind = school_kind_text(t.school_level, t.school_area, t.school_characteristic)
        self.info["school"].setText(tr("{0} {1} ({2})").format(t.school_code, t.school_name, kind))
        self.info["place"].setText(tr("{0} — {1} {2}").format(t.district, t.ugel_code, t.ugel_name))
        if ficha.assignments:
            lines = []
            for a in ficha.assignments:
                line = tr("{0} (DNI {1}) — {2}").format(a.coach_name, a.coach_dni, a.intervention)
                if a.no_plan:
                    line += tr(" — «no planificar»: {0}").format(a.no_plan_reason or "")
                lines.append(line)
            self.info["coaches"].setText("\n".join(lines))
        else:
            self.info["coaches"].setText(tr("Sin acompañante asignado en {0}.").format(ficha.year))

        visits = ficha.rated_visits()
        self.rubric_model.set_data(ficha.rubric_items, visits)
        header = self.rubric_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.rubric_table.setColumnWidth(0, 100)
        self.rubric_table.setColumnWidth(1, 110)
        for col in range(RubricProgressModel.FIXED, self.rubric_model.columnCount()):
            self.rubric_table.setColumnWidth(col, 64)
        header.setStretchLastSection(False)
        width = sum(self.rubric_table.columnWidth(c) for c in range(self.rubric_model.columnCount()))
        self.rubric_table.setFixedWidth(width + self.rubric_table.verticalScrollBar().sizeHint().width() + 4)
        rows = max(3, min(len(visits), 6))
        self.rubric_table.setMinimumHeight(self.rubric_table.horizontalHeader().sizeHint().height()
                                           + rows * self.rubric_table.verticalHeader().defaultSectionSize() + 4)
        self.items_label.setText(self._legend(ficha))
        change = ficha.improvement()
        if not visits:
            self.improvement.setText(tr("Aún no hay visitas ejecutadas con rúbrica en {0}.").format(ficha.year))
        elif change is None:
            self.improvement.setText(tr("Una visita con rúbrica: el progreso se verá desde la segunda."))
        else:
            self.improvement.setText(tr("Desde la primera visita mejoró en {0} de {1} desempeños.").format(*change))
        self.activity_model.set_rows(ficha.activities)
        self._fit_activities()

    def _fit_activities(self) -> None:
        fit_columns(self.activity_table, {FichaActivityColumn.DETAIL: 240, FichaActivityColumn.COACH: 220,
                                          FichaActivityColumn.STATUS: 240, FichaActivityColumn.VALIDATION: 220})

    @staticmethod
    def _legend(ficha: TeacherFicha) -> str:
        """The desempeños' names (the table's headers only say D1, D3…)."""
        items = [tr("<b>D{0}</b>: {1}").format(i.number, html.escape(i.name)) for i in ficha.rubric_items]
        return "<br>".join(items)

    def _fit_legend(self) -> None:
        """A wrapped label does not tell the splitter how tall it is: give it its height at its width."""
        width = self.items_label.width()
        if width > 50:
            self.items_label.setMinimumHeight(self.items_label.heightForWidth(width))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit_legend()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._fit_legend()

    def print_pdf(self, path=None) -> bool:
        """The ficha of the year shown as an A4 PDF (`path`: tests, without asking where)."""
        year = self.year.value()
        if path is not None:
            self.sigma.exports.ficha_pdf(self.teacher_id, year, path)
            return True
        from ..panels.export_actions import export

        dni = self.ficha.teacher.dni if self.ficha else "docente"
        return export(self, f"ficha_docente_{dni}_{year}.pdf", "pdf",
                      lambda target: self.sigma.exports.ficha_pdf(self.teacher_id, year, target))

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = available_screen(self)
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

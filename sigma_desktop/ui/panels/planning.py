"""Planificación y registro: the signed-in coach's plan for a month, and every action on it.

Plan (visita, GIA, taller, ruta, visita social comunitaria in EIB only, entrega de materiales), register what
happened (the form fits the kind), register a non-execution, correct a pending or observed record, withdraw
a plan that has no record. Every write goes through one service call; then the panel reloads and passes the
write's change set to the others (`publish`). It refreshes on others' writes only when they touch its coach
and month (`wants`).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSpinBox, QTableView, QWidget)

from ...domain.changes import FIELD_WORK, ChangeSet, Entity
from ...domain.coach_work import PlanRow
from ...domain.dates import today_lima
from ...domain.enums import ActivityKind, ActivityStatus, ValidationState
from ...domain.errors import SigmaError
from ..forms import labels as L
from ..forms.plan_base import PlanContext
from ..messages import show_error
from ..models.coach_tables import ROW_ROLE, PlanColumn, PlanModel, RefitOnResize, fit_columns
from .base import Panel


class PlanningPanel(Panel):
    watches = FIELD_WORK | {Entity.ASSIGNMENT, Entity.MONTH_CLOSING}

    def title(self) -> str:
        return self.tr("Planificación y registro")

    def __init__(self, sigma, parent: QWidget | None = None):
        super().__init__(sigma, parent)
        self.coach_id = sigma.actor.coach_id if sigma.actor else None
        self.profile = None
        self.open_dialog: QDialog | None = None  # the form on screen (tests drive it)
        today = today_lima()

        # period and the coach
        period = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2017, today.year + 1)
        self.year.setValue(today.year)
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(L.month_title(m), m)
        self.month.setCurrentIndex(today.month - 1)
        year_label = QLabel(self.tr("&Año:"))
        year_label.setBuddy(self.year)
        month_label = QLabel(self.tr("&Mes:"))
        month_label.setBuddy(self.month)
        self.coach_label = QLabel()
        self.coach_label.setObjectName("hint")
        period.addWidget(year_label)
        period.addWidget(self.year)
        period.addSpacing(12)
        period.addWidget(month_label)
        period.addWidget(self.month)
        period.addSpacing(16)
        period.addWidget(self.coach_label, 1)
        self.layout_.addLayout(period)

        # planning actions
        plan_row = QHBoxLayout()
        plan_caption = QLabel(self.tr("Planificar:"))
        plan_caption.setStyleSheet("font-weight: bold;")
        plan_row.addWidget(plan_caption)
        self.plan_visit_button = self._button(self.tr("Visita en aula"), self.plan_visit, plan_row)
        self.plan_gia_button = self._button(self.tr("GIA"), lambda: self.plan_group(ActivityKind.GROUP_SESSION),
                                            plan_row)
        self.plan_workshop_button = self._button(self.tr("Taller"), lambda: self.plan_group(ActivityKind.WORKSHOP),
                                                 plan_row)
        self.plan_route_button = self._button(self.tr("Ruta"), self.plan_route, plan_row)
        self.plan_community_button = self._button(self.tr("Visita social comunitaria"), self.plan_community,
                                                  plan_row)
        self.plan_materials_button = self._button(self.tr("Entrega de materiales"), self.plan_materials, plan_row)
        plan_row.addStretch(1)
        self.layout_.addLayout(plan_row)

        # the month's plan
        # in the service's order (date, then kind): a month is short enough to read without sorting
        self.model = PlanModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)  # long motivos and observations wrap (a month is a short list)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.register_execution())
        self.layout_.addWidget(self.table, 1)
        RefitOnResize(self.table, self._fit)

        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.layout_.addWidget(self.summary_label)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setObjectName("hint")
        self.layout_.addWidget(self.detail_label)

        # actions on the selected activity
        act_row = QHBoxLayout()
        self.execute_button = self._button(self.tr("Registrar ejecución"), self.register_execution, act_row)
        self.skip_button = self._button(self.tr("Registrar no ejecución"), self.register_non_execution, act_row)
        self.correct_button = self._button(self.tr("Corregir"), self.correct, act_row)
        self.withdraw_button = self._button(self.tr("Retirar planificación"), self.withdraw, act_row)
        self.ficha_button = self._button(self.tr("Ver ficha del docente"), self.open_ficha, act_row)
        self.print_button = self._button(self.tr("Imprimir registro (PDF)…"), self.print_record, act_row)
        self.history_button = self._button(self.tr("Historial…"), self.show_history, act_row)
        act_row.addStretch(1)
        self.layout_.addLayout(act_row)

        self.year.valueChanged.connect(self.refresh)
        self.month.currentIndexChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._load_profile()
        self.refresh()

    def _button(self, text: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- data -------------------------------------------------------------------------------------------
    def _load_profile(self) -> None:
        if self.coach_id is None:
            self.coach_label.setText(self.tr("Su cuenta no está vinculada a un acompañante pedagógico: no "
                                             "tiene actividades que planificar."))
            return
        try:
            self.profile = self.sigma.coach_desk.profile(self.coach_id)
        except SigmaError as exc:
            show_error(self, exc)
            return
        self.coach_label.setText(self.tr("{0} — {1}, {2}").format(self.profile.name,
                                                                   self.profile.intervention_name,
                                                                   self.profile.ugel_name))
        # the visita social comunitaria exists only where the intervention has it (EIB)
        self.plan_community_button.setVisible(self.profile.has_community_visits)

    def period(self) -> tuple[int, int]:
        return self.year.value(), self.month.currentData()

    def set_period(self, year: int, month: int) -> None:
        for widget in (self.year, self.month):
            widget.blockSignals(True)
        self.year.setValue(year)
        self.month.setCurrentIndex(month - 1)
        for widget in (self.year, self.month):
            widget.blockSignals(False)
        self.refresh()

    def wants(self, changes: ChangeSet) -> bool:
        year, month = self.period()
        return changes.touches_period(self.watches, coach_id=self.coach_id, year=year, month=month)

    def refresh(self) -> None:
        rows: list[PlanRow] = []
        self.closed_mark = ""
        if self.profile is not None:
            year, month = self.period()
            try:
                rows = self.sigma.coach_desk.month_plan(self.coach_id, year, month)
                self.closed_mark = self.sigma.coach_desk.month_mark(self.coach_id, year, month)
            except SigmaError as exc:
                show_error(self, exc)
        selected = self.selected()
        self.model.set_rows(rows)
        self._fit()
        if selected is not None:
            self._select(selected.id)
        self._summarize(rows)
        self._update_actions()

    def _fit(self) -> None:
        fit_columns(self.table, {PlanColumn.KIND: 150, PlanColumn.SUBJECT: 260, PlanColumn.DETAIL: 110,
                                 PlanColumn.STATUS: 200, PlanColumn.VALIDATION: 220})

    def _summarize(self, rows: list[PlanRow]) -> None:
        done = sum(r.status == ActivityStatus.EXECUTED for r in rows)
        skipped = sum(r.status == ActivityStatus.NOT_EXECUTED for r in rows)
        pending = sum(r.status == ActivityStatus.PLANNED for r in rows)
        observed = sum(r.status != ActivityStatus.PLANNED and r.validation_state == ValidationState.OBSERVED
                       for r in rows)
        text = self.tr("Actividades del mes: {0} — ejecutadas: {1}, no ejecutadas: {2}, por registrar: {3}").format(
            len(rows), done, skipped, pending)
        if observed:
            text += self.tr(", observadas por corregir: {0}").format(observed)
        if getattr(self, "closed_mark", ""):
            text = f"{self.closed_mark}. {text}"
        self.summary_label.setText(text)

    def _select(self, activity_id) -> None:
        for r, row in enumerate(self.model.rows):
            if row.id == activity_id:
                self.table.selectRow(r)
                return

    def selected(self) -> PlanRow | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_activity(self, activity_id) -> None:
        self._select(activity_id)

    def _update_actions(self, *_args) -> None:
        can_plan = self.profile is not None
        for b in (self.plan_visit_button, self.plan_gia_button, self.plan_workshop_button, self.plan_route_button,
                  self.plan_community_button, self.plan_materials_button):
            b.setEnabled(can_plan)
        row = self.selected()
        planned = row is not None and row.status == ActivityStatus.PLANNED
        self.execute_button.setEnabled(planned)
        self.skip_button.setEnabled(planned)
        self.withdraw_button.setEnabled(planned)
        self.correct_button.setEnabled(row is not None and row.correctable)
        self.ficha_button.setEnabled(row is not None and row.teacher_id is not None)
        self.print_button.setEnabled(row is not None)
        self.history_button.setEnabled(row is not None)
        self.detail_label.setText(self._detail_text(row))

    def _detail_text(self, row: PlanRow | None) -> str:
        if row is None:
            return self.tr("Seleccione una actividad para registrar su ejecución, corregirla o retirarla.")
        parts = [L.activity_title(row), L.subject(row)]
        if row.validation_state == ValidationState.OBSERVED and row.status != ActivityStatus.PLANNED:
            parts.append(self.tr("Observación del Gestor Local: {0} — use «Corregir».").format(
                row.validation_comment or ""))
        elif row.validation_state == ValidationState.VALIDATED and row.status != ActivityStatus.PLANNED:
            parts.append(self.tr("Validada por el Gestor Local: ya no se puede modificar."))
        return " · ".join(p for p in parts if p)

    # --- dialogs ----------------------------------------------------------------------------------------
    def _context(self) -> PlanContext | None:
        if self.profile is None:
            return None
        year, month = self.period()
        try:
            teachers = self.sigma.coach_desk.my_teachers(self.coach_id, year)
            schools = self.sigma.coach_desk.schools(self.coach_id, year)
        except SigmaError as exc:
            show_error(self, exc)
            return None
        return PlanContext(self.profile, year, month, tuple(teachers), tuple(schools))

    def _show(self, dialog: QDialog) -> QDialog:
        """Opens a form window-modal without blocking; a saved form reloads and notifies."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_write(dialog.changes))
        dialog.finished.connect(lambda _r: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        dialog.open()
        return dialog

    def _after_write(self, changes: ChangeSet | None) -> None:
        self.refresh()
        self.publish(changes)

    def plan_visit(self) -> QDialog | None:
        from ..forms.plan_visit import PlanVisitDialog

        ctx = self._context()
        return self._show(PlanVisitDialog(self.sigma, ctx, self)) if ctx else None

    def plan_group(self, kind: ActivityKind) -> QDialog | None:
        from ..forms.plan_group import PlanGroupDialog

        ctx = self._context()
        return self._show(PlanGroupDialog(self.sigma, ctx, kind, self)) if ctx else None

    def plan_route(self) -> QDialog | None:
        from ..forms.plan_route import PlanRouteDialog

        ctx = self._context()
        return self._show(PlanRouteDialog(self.sigma, ctx, self)) if ctx else None

    def plan_community(self) -> QDialog | None:
        from ..forms.plan_community import PlanCommunityDialog

        if self.profile is None or not self.profile.has_community_visits:
            return None
        ctx = self._context()
        return self._show(PlanCommunityDialog(self.sigma, ctx, self)) if ctx else None

    def plan_materials(self) -> QDialog | None:
        from ..forms.plan_materials import PlanMaterialsDialog

        ctx = self._context()
        return self._show(PlanMaterialsDialog(self.sigma, ctx, self)) if ctx else None

    def _detail(self, row: PlanRow):
        try:
            return self.sigma.coach_desk.activity_detail(row.id)
        except SigmaError as exc:
            show_error(self, exc)
            return None

    def _execution_form(self, detail) -> QDialog:
        kind = detail.row.kind
        if kind == ActivityKind.VISIT:
            from ..forms.visit_execution import VisitExecutionForm as Form
        elif kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            from ..forms.group_execution import GroupExecutionForm as Form
        elif kind == ActivityKind.COMMUNITY_VISIT:
            from ..forms.community_visit import CommunityVisitForm as Form
        elif kind == ActivityKind.ROUTE:
            from ..forms.route_execution import RouteExecutionForm as Form
        else:
            from ..forms.materials_execution import MaterialsExecutionForm as Form
        return Form(self.sigma, detail, self)

    def register_execution(self) -> QDialog | None:
        row = self.selected()
        if row is None or row.status != ActivityStatus.PLANNED:
            return None
        detail = self._detail(row)
        return self._show(self._execution_form(detail)) if detail else None

    def register_non_execution(self) -> QDialog | None:
        from ..forms.non_execution import NonExecutionForm

        row = self.selected()
        if row is None or row.status != ActivityStatus.PLANNED:
            return None
        detail = self._detail(row)
        return self._show(NonExecutionForm(self.sigma, detail, self)) if detail else None

    def correct(self) -> QDialog | None:
        """Registers again over a pending or observed record, in the form of its current outcome."""
        from ..forms.non_execution import NonExecutionForm

        row = self.selected()
        if row is None or not row.correctable:
            return None
        detail = self._detail(row)
        if detail is None:
            return None
        if row.status == ActivityStatus.NOT_EXECUTED:
            return self._show(NonExecutionForm(self.sigma, detail, self))
        return self._show(self._execution_form(detail))

    def withdraw(self) -> QDialog | None:
        from ..forms.withdraw_plan import WithdrawPlanDialog

        row = self.selected()
        if row is None or row.status != ActivityStatus.PLANNED:
            return None
        return self._show(WithdrawPlanDialog(self.sigma, row, self))

    def show_history(self) -> QDialog | None:
        from ..forms.history_dialog import HistoryDialog

        row = self.selected()
        if row is None:
            return None
        dialog = HistoryDialog(self.sigma, row.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_record(self, path=None) -> bool:
        """The selected activity's record as an A4 PDF (`path`: tests, without asking where)."""
        row = self.selected()
        if row is None:
            return False
        if path is not None:
            self.sigma.exports.record_pdf(row.id, path)
            return True
        from .export_actions import export

        return export(self, f"registro_{row.year}-{row.month:02d}.pdf", "pdf",
                      lambda target: self.sigma.exports.record_pdf(row.id, target))

    def open_ficha(self) -> QDialog | None:
        from ..forms.teacher_ficha import TeacherFichaDialog

        row = self.selected()
        if row is None or row.teacher_id is None:
            return None
        dialog = TeacherFichaDialog(self.sigma, row.teacher_id, row.year, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

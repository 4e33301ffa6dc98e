"""Planificación y registro, offscreen: plan, register, correct, withdraw; every form validates field by field
in Spanish before saving, maps the service's errors to its fields, saves on Enter and never drops unsaved
changes silently. (Non-ASCII text is set directly: qtbot.keyClicks with ñ or á aborts the process.)"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.ui.forms.form_base import find_data

from tests.world import COACH_EIB, COACH_EIB2, COACH_MG, GESTOR, RATINGS_2018, YEAR


# --- helpers ---------------------------------------------------------------------------------------------

def _panel(ui_world, qtbot, dni=COACH_MG, month=4):
    from sigma_desktop.ui.panels.planning import PlanningPanel

    ui_world.sign_in(dni)
    panel = PlanningPanel(ui_world.sigma, None)
    qtbot.addWidget(panel)
    panel.set_period(YEAR, month)
    return panel


def _plan(ui_world, teacher="40000001", month=4, coach=COACH_MG, **kw):
    return ui_world.sigma.planning.plan_visit(ui_world.coaches[coach], ui_world.teachers[teacher], YEAR, month, **kw)


def _select(panel, activity_id):
    panel.refresh()
    panel.select_activity(activity_id)
    assert panel.selected() is not None and panel.selected().id == activity_id


def _rejected_without_saving(ui_world, form, expected: dict[str, str]):
    """Saving shows each message on its field (marked invalid), keeps the form open and writes nothing."""
    before = ui_world.log_count()
    assert form.save() is False
    assert ui_world.log_count() == before, "a rejected form must save nothing"
    assert form.isVisible() and not form.saved
    for field, text in expected.items():
        assert text in form.error_text(field), (field, form.error_text(field))
        if field in form._fields:
            assert form.field_widget(field).property("invalid") is True


def _answer(monkeypatch, answer):
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else kwargs.get("text"))
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


# --- the happy paths ---------------------------------------------------------------------------------------

def test_plan_a_diagnostic_and_register_it_with_rubric_levels(ui_world, qtbot):
    panel = _panel(ui_world, qtbot)
    form = panel.plan_visit()
    form.teacher.setCurrentIndex(find_data(form.teacher, ui_world.teachers["40000001"]))
    assert "diagnóstica" in form.proposal.text()
    with qtbot.waitSignal(panel.sig_changed) as changed:
        qtbot.keyClick(form.visit_type, Qt.Key.Key_Return)  # Enter saves
    assert form.saved
    (row,) = panel.model.rows
    assert changed.args[0].of("activity") == {row.id}  # the change set names the new plan
    assert (row.kind, row.visit_type, row.status, row.teacher_dni) == ("visita", "diagnostica", "planificada",
                                                                      "40000001")

    _select(panel, row.id)
    form = panel.register_execution()
    assert [n for n in form.groups] == [1, 3, 4, 5, 6]  # the year's rubric, read from the database
    form.date.set_value(date(YEAR, 4, 10))
    for number, level in RATINGS_2018.items():
        form.set_level(number, level)
    form.notes.setPlainText("Diálogo reflexivo: acordó usar preguntas abiertas")
    assert form.save()
    (row,) = panel.model.rows
    assert (row.status, row.executed_on, row.validation_state) == ("ejecutada", date(YEAR, 4, 10), "pendiente")
    assert ui_world.sigma.registration.ratings(row.id) == RATINGS_2018
    assert not panel.execute_button.isEnabled() and panel.correct_button.isEnabled()


def test_2017_visits_rate_six_desempenos(ui_world, qtbot):
    ui_world.sigma.assignments.assign("40000006", COACH_MG, 2017)
    v = ui_world.sigma.planning.plan_visit(ui_world.coaches[COACH_MG], ui_world.teachers["40000006"], 2017, 5)
    panel = _panel(ui_world, qtbot)
    panel.set_period(2017, 5)
    _select(panel, v.id)
    form = panel.register_execution()
    assert list(form.groups) == [1, 2, 3, 4, 5, 6]


def test_register_a_non_execution(ui_world, qtbot):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.register_non_execution()
    form.reason.setCurrentIndex(form.reason.findData("docente_ausente"))
    form.date.set_value(date(YEAR, 4, 15))
    assert form.save()
    row = panel.selected()
    assert (row.status, row.skip_reason_code, row.executed_on) == ("no_ejecutada", "docente_ausente",
                                                                   date(YEAR, 4, 15))
    assert "Docente ausente" in panel.model.text(row, 4)


def test_gia_plan_and_attendance(ui_world, qtbot):
    t = ui_world.teachers
    panel = _panel(ui_world, qtbot)
    form = panel.plan_group(ActivityKind.GROUP_SESSION)
    assert sorted(form.convened.checked_ids()) == sorted([t["40000001"], t["40000002"], t["40000003"]])
    form.topic.setText("Planificación curricular en aulas multigrado")
    qtbot.keyClick(form.topic, Qt.Key.Key_Return)
    assert form.saved
    (row,) = panel.model.rows
    assert (row.kind, row.teachers_convened, row.planned_hours) == ("gia", 3, 4)
    _select(panel, row.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 20))
    form.attendance.set_checked([t["40000001"], t["40000003"]])
    assert form.save()
    detail = ui_world.sigma.coach_desk.activity_detail(row.id)
    assert detail.attended == frozenset({t["40000001"], t["40000003"]}) and detail.hours == 4


def test_route_materials_and_withdraw(ui_world, qtbot):
    panel = _panel(ui_world, qtbot)
    form = panel.plan_route()
    form.schools.set_checked([ui_world.schools["grau"]])
    form.allowance.setText("350,50")
    form.days.setValue(3)
    assert form.save()
    route = panel.model.rows[0]
    assert str(route.allowance_assigned) == "350.50"
    _select(panel, route.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 22))
    form.spent.setText("340.00")
    assert form.save()
    assert ui_world.sigma.coach_desk.activity_detail(route.id).allowance_spent is not None

    form = panel.plan_materials()
    form.kit.setText("Cuadernos de trabajo de Comunicación")
    form.quantity.setValue(25)
    form.recipient.setCurrentIndex(find_data(form.recipient, ui_world.teachers["40000002"]))
    assert form.save()
    kit = next(r for r in panel.model.rows if r.kind == "materiales")
    _select(panel, kit.id)
    form = panel.withdraw()
    form.reason.setText("Los kits llegarán el próximo mes")
    assert form.save()
    assert [r.kind for r in panel.model.rows] == ["ruta"]


def test_community_visit_only_for_eib(ui_world, qtbot):
    mg = _panel(ui_world, qtbot)
    assert mg.plan_community_button.isHidden() and mg.plan_community() is None
    eib = _panel(ui_world, qtbot, dni=COACH_EIB)
    assert not eib.plan_community_button.isHidden()
    form = eib.plan_community()
    form.school.setCurrentIndex(1)
    assert form.save()
    row = eib.model.rows[0]
    _select(eib, row.id)
    form = eib.register_execution()
    form.date.set_value(date(YEAR, 4, 5))
    form.parents.setValue(12)
    form.elders.setValue(2)
    assert form.save()
    assert eib.selected().status == "ejecutada"


def test_correct_an_observed_visit(ui_world, qtbot):
    s = ui_world.sigma
    v = _plan(ui_world)
    s.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    ui_world.sign_in(GESTOR)
    s.validation.observe(s.planning.get(v.id).execution_id, "El desempeño 4 no coincide con la ficha")
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    assert "El desempeño 4 no coincide" in panel.model.text(panel.selected(), 5)
    assert "use «Corregir»" in panel.detail_label.text()
    assert panel.correct_button.isEnabled() and not panel.execute_button.isEnabled()
    form = panel.correct()
    assert form.levels() == RATINGS_2018  # prefilled with the record
    assert form.date.value() == date(YEAR, 4, 10)
    form.set_level(4, 2)
    assert form.save()
    row = panel.selected()
    assert row.validation_state == "pendiente"  # back in the Gestor's queue
    assert panel.model.text(row, 5) == "Pendiente"
    assert s.registration.ratings(v.id)[4] == 2


# --- every form rejects bad input on the right field and saves nothing -------------------------------------

def test_visit_form_errors(ui_world, qtbot):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 5, 2))
    form.set_level(1, 3)
    _rejected_without_saving(ui_world, form, {
        "fecha_ejecucion": "debe estar dentro del mes planificado (abril",
        "desempeno_3": "Rúbrica: falta el nivel del desempeño 3.",
        "desempeno_6": "Rúbrica: falta el nivel del desempeño 6.",
    })
    assert form.error_text("desempeno_1") == ""
    assert form.field_widget("desempeno_1").property("invalid") is False
    form.date.set_value(today_lima().replace(year=today_lima().year + 1))
    _rejected_without_saving(ui_world, form, {"fecha_ejecucion": "no puede ser una fecha futura"})


def test_service_errors_land_on_the_field_they_name(ui_world, qtbot):
    s = ui_world.sigma
    first = _plan(ui_world)
    s.registration.register_visit(first.id, date(YEAR, 4, 10), RATINGS_2018)
    second = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, second.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 10))
    for number, level in RATINGS_2018.items():
        form.set_level(number, level)
    _rejected_without_saving(ui_world, form, {
        "fecha_ejecucion": "ya registró una visita a este docente ese día"})
    # an error on no field of the form (the Gestor closed the month) goes above the buttons
    ui_world.sign_in(GESTOR)
    s.closing.close("030007", YEAR, 4, confirmed=True)
    ui_world.sign_in(COACH_MG)
    form.date.set_value(date(YEAR, 4, 11))
    _rejected_without_saving(ui_world, form, {"mes": "Mes cerrado el "})
    assert "por Gestora Local Grau" in form.error_text("mes")
    assert form.general_error.isVisibleTo(form)


def test_group_form_errors(ui_world, qtbot):
    t = ui_world.teachers
    c = ui_world.coaches[COACH_MG]
    gia = ui_world.sigma.planning.plan_group(ActivityKind.GROUP_SESSION, c, YEAR, 4,
                                             [t["40000001"], t["40000002"]], topic="Lectura")
    workshop = ui_world.sigma.planning.plan_group(ActivityKind.WORKSHOP, c, YEAR, 4,
                                                  [t["40000001"], t["40000002"]], topic="Escritura")
    panel = _panel(ui_world, qtbot)
    _select(panel, gia.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 8))
    form.attendance.set_checked([t["40000001"]])
    _rejected_without_saving(ui_world, form, {
        "asistencia": "un GIA requiere al menos dos docentes asistentes",
        "horas": "Horas: indique la duración en horas."})
    form.saved = True  # leave without the prompt
    form.close()
    _select(panel, workshop.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 8))
    form.hours.setValue(6)
    form.days.setValue(0)
    _rejected_without_saving(ui_world, form, {
        "asistencia": "marque a los docentes que asistieron",
        "dias": "indique cuántos días duró el taller"})


def test_community_route_and_materials_form_errors(ui_world, qtbot):
    s = ui_world.sigma
    eib = ui_world.coaches[COACH_EIB]
    community = s.planning.plan_community_visit(eib, ui_world.schools["grau"], YEAR, 4)
    panel = _panel(ui_world, qtbot, dni=COACH_EIB)
    _select(panel, community.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 3))
    _rejected_without_saving(ui_world, form, {"padres": "registre al menos un participante"})

    route = s.planning.plan_route(eib, YEAR, 4, [ui_world.schools["grau"]], allowance="200", days=2)
    kit = s.planning.plan_material_delivery(eib, YEAR, 4, kit="Kit EIB", quantity=5,
                                            school_id=ui_world.schools["grau"])
    _select(panel, route.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 3))
    form.schools.set_checked([])
    form.spent.setText("doscientos")
    _rejected_without_saving(ui_world, form, {
        "iiee": "marque al menos una IE de la ruta",
        "viaticos_rendidos": "Viáticos rendidos: «doscientos» no es un monto válido en soles."})
    form.spent.setText("-5")
    form.schools.set_checked([ui_world.schools["grau"]])
    _rejected_without_saving(ui_world, form, {"viaticos_rendidos": "el monto no puede ser negativo"})

    _select(panel, kit.id)
    form = panel.register_execution()
    form.date.set_value(date(YEAR, 4, 3))
    form.quantity.setValue(0)
    _rejected_without_saving(ui_world, form, {"cantidad": "indique cuántos kits se entregaron"})


def test_non_execution_form_errors(ui_world, qtbot):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.register_non_execution()
    form.date.set_value(date(YEAR, 3, 31))
    _rejected_without_saving(ui_world, form, {
        "motivo_no_ejecucion": "Motivo de no ejecución: es obligatorio.",
        "fecha_ejecucion": "Fecha de ejecución: debe estar dentro del mes planificado"})
    form.reason.setCurrentIndex(form.reason.findData("otro"))
    form.date.set_value(date(YEAR, 4, 2))
    _rejected_without_saving(ui_world, form, {
        "detalle_motivo": "Detalle del motivo: es obligatorio cuando el motivo es «Otro»."})
    form.note.setText("Comunidad en asamblea")
    assert form.save()


def test_planning_dialog_errors(ui_world, qtbot):
    panel = _panel(ui_world, qtbot)
    form = panel.plan_visit()
    form.planned.set_value(date(YEAR, 5, 3))
    _rejected_without_saving(ui_world, form, {
        "docente": "Docente: elija un docente.",
        "fecha_programada": "Fecha programada: debe estar dentro del mes planificado"})
    form.teacher.setCurrentIndex(find_data(form.teacher, ui_world.teachers["40000002"]))
    form.visit_type.setCurrentIndex(form.visit_type.findData("desarrollo"))
    form.planned.set_value(None)
    _rejected_without_saving(ui_world, form, {"tipo_visita": "la primera visita del docente debe ser la diagnóstica"})
    form.saved = True
    form.close()

    form = panel.plan_group(ActivityKind.WORKSHOP)
    form.convened.set_checked([ui_world.teachers["40000001"]])
    _rejected_without_saving(ui_world, form, {
        "docentes": "convoque al menos dos docentes", "tema": "Tema: es obligatorio."})
    form.saved = True
    form.close()

    form = panel.plan_route()
    _rejected_without_saving(ui_world, form, {
        "iiee": "marque al menos una IE", "viaticos_asignados": "Viáticos asignados: indique el monto en soles.",
        "dias": "Días de viático: indique cuántos días"})
    form.saved = True
    form.close()

    form = panel.plan_materials()
    _rejected_without_saving(ui_world, form, {
        "kit": "Kit de materiales: es obligatorio.", "cantidad": "Cantidad: indique cuántos kits (1 a 10000).",
        "destinatario": "Destinatario: elija un docente o una IE."})
    form.saved = True
    form.close()

    eib = _panel(ui_world, qtbot, dni=COACH_EIB)
    form = eib.plan_community()
    _rejected_without_saving(ui_world, form, {"ie": "IE: elija la institución educativa."})


def test_the_second_eib_coach_is_told_in_the_form_who_planned_the_diagnostica(ui_world, qtbot):
    """One diagnóstica per teacher whoever the coach: the form proposes a visita de desarrollo, names the
    coach who planned the diagnóstica, and refuses a second one with the service's (and the import's) words."""
    ui_world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    _plan(ui_world, "40000004", coach=COACH_EIB)
    panel = _panel(ui_world, qtbot, dni=COACH_EIB2, month=5)
    form = panel.plan_visit()
    form.teacher.setCurrentIndex(find_data(form.teacher, ui_world.teachers["40000004"]))
    assert f"planificada por otro acompañante (Acompañante Ccahuana (DNI {COACH_EIB}))" in form.proposal.text()
    form.visit_type.setCurrentIndex(form.visit_type.findData("diagnostica"))
    message = ("Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año por otro acompañante "
               f"(Acompañante Ccahuana (DNI {COACH_EIB})); la diagnóstica es una por docente y vale para todos sus "
               "acompañantes: planifique una visita de desarrollo.")
    assert form.check()["tipo_visita"] == message  # the form's own check, before any call
    _rejected_without_saving(ui_world, form, {"tipo_visita": message})
    form.visit_type.setCurrentIndex(form.visit_type.findData("auto"))
    assert form.save() is True
    row = next(r for r in ui_world.sigma.planning.list_for_coach(ui_world.coaches[COACH_EIB2], YEAR, 5))
    assert row.visit_type == "desarrollo"


def test_service_rule_on_plan_lands_on_its_field(ui_world, qtbot):
    """A teacher marked «no planificar» after the dialog opened: the service's message shows on Docente."""
    panel = _panel(ui_world, qtbot)
    form = panel.plan_visit()
    form.teacher.setCurrentIndex(find_data(form.teacher, ui_world.teachers["40000003"]))
    row = next(r for r in ui_world.sigma.coach_desk.my_teachers(ui_world.coaches[COACH_MG], YEAR)
               if r.dni == "40000003")
    ui_world.sigma.assignments.set_no_plan(row.assignment_id, True, "Licencia")
    _rejected_without_saving(ui_world, form, {"docente": "está marcado «no planificar»"})


def test_withdraw_requires_a_reason(ui_world, qtbot):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.withdraw()
    _rejected_without_saving(ui_world, form, {"motivo": "indique por qué se retira"})


# --- unsaved changes ---------------------------------------------------------------------------------------

def test_escape_with_unsaved_changes_asks_before_discarding(ui_world, qtbot, monkeypatch):
    panel = _panel(ui_world, qtbot)
    form = panel.plan_group(ActivityKind.GROUP_SESSION)
    form.topic.setText("Comprensión lectora")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClick(form.topic, Qt.Key.Key_Escape)
    assert asked == ["¿Descartar los cambios?"]
    assert form.isVisible() and form.topic.text() == "Comprensión lectora"
    form.close()  # the window's close button asks too
    assert len(asked) == 2 and form.isVisible()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    before = ui_world.log_count()
    qtbot.keyClick(form.topic, Qt.Key.Key_Escape)
    assert asked == ["¿Descartar los cambios?"] and not form.isVisible()
    assert ui_world.log_count() == before and panel.model.rows == []


def test_unchanged_form_closes_without_asking(ui_world, qtbot, monkeypatch):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.register_non_execution()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClick(form.note, Qt.Key.Key_Escape)
    assert asked == [] and not form.isVisible()


def test_visit_form_asks_when_a_level_was_marked(ui_world, qtbot, monkeypatch):
    v = _plan(ui_world)
    panel = _panel(ui_world, qtbot)
    _select(panel, v.id)
    form = panel.register_execution()
    form.set_level(5, 3)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    form.reject()
    assert asked and form.isVisible()


# --- models -------------------------------------------------------------------------------------------------

def test_plan_model_passes_the_model_tester(ui_world, qtbot, qtmodeltester):
    s = ui_world.sigma
    v = _plan(ui_world)
    s.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    w = _plan(ui_world, teacher="40000002")
    s.registration.register_not_executed(w.id, "otro", date(YEAR, 4, 11), note="Paro")
    s.planning.plan_route(ui_world.coaches[COACH_MG], YEAR, 4, [ui_world.schools["grau"]], allowance="50", days=1)
    ui_world.sign_in(GESTOR)
    s.validation.observe(s.planning.get(v.id).execution_id, "Revise la fecha de la visita")
    panel = _panel(ui_world, qtbot)
    assert len(panel.model.rows) == 3
    qtmodeltester.check(panel.model)
    observed = next(r for r in panel.model.rows if r.id == v.id)
    assert panel.model.text(observed, 5) == "Observada: Revise la fecha de la visita"
    assert "Actividades del mes: 3" in panel.summary_label.text()


def test_my_teachers_panel(ui_world, qtbot, qtmodeltester, monkeypatch):
    from sigma_desktop.ui.panels.my_teachers import MyTeachersPanel

    s = ui_world.sigma
    v = _plan(ui_world)
    s.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    ui_world.sign_in(COACH_MG)
    panel = MyTeachersPanel(s, None)
    qtbot.addWidget(panel)
    panel.year.setValue(YEAR)
    assert [r.dni for r in panel.model.rows] == ["40000001", "40000002", "40000003"]
    qtmodeltester.check(panel.model)
    assert panel.model.text(panel.model.rows[0], 7) == "II · II · I · III · II"
    panel.select_teacher(ui_world.teachers["40000002"])
    form = panel.toggle_no_plan()
    _rejected_without_saving(ui_world, form, {"motivo": "indique por qué no se planificará"})
    form.reason.setText("Licencia por maternidad")
    with qtbot.waitSignal(panel.sig_changed):
        assert form.save()
    assert panel.selected().no_plan and panel.no_plan_button.text() == "Quitar «no planificar»"
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    panel.toggle_no_plan()
    assert not panel.selected().no_plan
    ficha = panel.open_ficha()
    assert ficha.ficha.teacher.dni == "40000002"


def test_tab_goes_through_the_fields_then_save_and_cancel(ui_world, qtbot):
    panel = _panel(ui_world, qtbot)
    form = panel.plan_group(ActivityKind.GROUP_SESSION)
    chain = form.tab_chain()
    boxes = list(form.convened.boxes.values())
    assert chain[:len(boxes)] == boxes
    rest = chain[len(boxes):]
    assert rest == [form.topic, form.hours, form.days, form.planned.enabled, form.planned.field,
                    form.save_button, form.cancel_button]
    assert form.focusWidget() is boxes[0]


# --- change sets ---------------------------------------------------------------------------------------------

def test_the_panel_refreshes_only_for_changes_to_its_coach_and_month(ui_world, qtbot):
    """Another writer's change set reaches the panel (the main window's wiring): it refreshes when the change
    touches its coach and month, or closes its month, and ignores the rest."""
    panel = _panel(ui_world, qtbot)
    assert panel.model.rows == []
    s = ui_world.sigma
    ui_world.sigma.sign_in_as_system()  # the writes below are other people's (here: the system)
    other_month = _plan(ui_world, "40000002", month=5)
    other_coach = s.planning.plan_community_visit(ui_world.coaches[COACH_EIB], ui_world.schools["grau"], YEAR, 4)
    mine = _plan(ui_world, "40000001", month=4)
    assert not panel.wants(other_month) and not panel.wants(other_coach)
    panel.on_data_changed(other_coach)
    assert panel.model.rows == []  # not refreshed: the new plan of this month is not shown yet
    assert panel.wants(mine)
    panel.on_data_changed(mine)
    assert [r.id for r in panel.model.rows] == [mine.id]
    ui_world.sign_in(GESTOR)
    closed = s.closing.close("030007", YEAR, 4, confirmed=True)
    assert closed.kinds == {"month_closing"} and panel.wants(closed)
    assert not panel.wants(s.closing.close("030007", YEAR, 6, confirmed=True))

"""La ficha del docente, offscreen: data, coaches, activities and the rubric levels visit by visit."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.ui.models.coach_tables import HIGH, LOW

from tests.world import COACH_EIB, COACH_EIB2, COACH_MG, COACH_OTHER, GESTOR, RATINGS_2018, YEAR

BETTER = {1: 3, 3: 2, 4: 2, 5: 4, 6: 3}


def _history(ui_world):
    s, c, t = ui_world.sigma, ui_world.coaches[COACH_MG], ui_world.teachers
    ui_world.sign_in(COACH_MG)
    first = s.planning.plan_visit(c, t["40000001"], YEAR, 4)
    later = s.planning.plan_visit(c, t["40000001"], YEAR, 5)
    s.registration.register_visit(first.id, date(YEAR, 4, 9), RATINGS_2018)
    s.registration.register_visit(later.id, date(YEAR, 5, 7), BETTER)
    gia = s.planning.plan_group(ActivityKind.GROUP_SESSION, c, YEAR, 5, [t["40000001"], t["40000002"]],
                                topic="Lectura", hours=4)
    s.registration.register_group(gia.id, date(YEAR, 5, 20), [t["40000001"], t["40000002"]], hours=4)
    s.planning.plan_visit(c, t["40000001"], YEAR, 6)
    return first, later, gia


def _ficha(ui_world, qtbot, teacher="40000001", year=YEAR):
    from sigma_desktop.ui.forms.teacher_ficha import TeacherFichaDialog

    dialog = TeacherFichaDialog(ui_world.sigma, ui_world.teachers[teacher], year, None)
    qtbot.addWidget(dialog)
    return dialog


def test_ficha_shows_progress_visit_by_visit(ui_world, qtbot, qtmodeltester):
    first, later, gia = _history(ui_world)
    dialog = _ficha(ui_world, qtbot)
    assert dialog.windowTitle() == "Ficha del docente — Quispe Ñahui, Docente 1"
    assert "DNI 40000001" in dialog.info["teacher"].text()
    assert "0512345-0 IE N° 54321 Señor de Ánimas" in dialog.info["school"].text()
    assert "Multigrado" in dialog.info["coaches"].text() and COACH_MG in dialog.info["coaches"].text()

    rubric = dialog.rubric_model
    qtmodeltester.check(rubric)
    assert [rubric.headerData(c, Qt.Orientation.Horizontal) for c in range(rubric.columnCount())] == \
        ["Fecha", "Visita", "D1", "D3", "D4", "D5", "D6"]
    assert [r.activity_id for r in rubric.rows] == [first.id, later.id]
    cells = [[rubric.index(r, c).data() for c in range(rubric.columnCount())] for r in range(rubric.rowCount())]
    assert cells == [[f"09/04/{YEAR}", "Diagnóstica", "II", "II", "I", "III", "II"],
                     [f"07/05/{YEAR}", "Desarrollo", "III", "II", "II", "IV", "III"]]
    assert rubric.index(0, 4).data(Qt.ItemDataRole.BackgroundRole).color() == LOW   # D4 level I
    assert rubric.index(1, 5).data(Qt.ItemDataRole.BackgroundRole).color() == HIGH  # D5 level IV
    assert "Evalúa el progreso" in rubric.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert dialog.improvement.text() == "Desde la primera visita mejoró en 4 de 5 desempeños."
    assert "Involucra activamente" in dialog.items_label.text()

    activities = dialog.activity_model
    qtmodeltester.check(activities)
    texts = [[activities.index(r, c).data() for c in range(activities.columnCount())]
             for r in range(activities.rowCount())]
    assert len(texts) == 4
    assert ["Mayo", "GIA", "Lectura — asistió"] == texts[2][:3]
    assert texts[3][5] == "Planificada" and texts[0][5] == f"Ejecutada el 09/04/{YEAR}"


def test_ficha_of_an_eib_teacher_lists_both_coaches_and_switches_year(ui_world, qtbot):
    ui_world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    ui_world.sign_in(COACH_EIB)
    dialog = _ficha(ui_world, qtbot, teacher="40000004")
    lines = dialog.info["coaches"].text().splitlines()
    assert len(lines) == 2 and all("EIB" in line for line in lines)
    assert {COACH_EIB, COACH_EIB2} == {d for d in (COACH_EIB, COACH_EIB2) if any(d in x for x in lines)}
    assert dialog.improvement.text().startswith("Aún no hay visitas ejecutadas")
    dialog.year.setValue(2017)
    assert dialog.info["coaches"].text() == "Sin acompañante asignado en 2017."
    assert dialog.rubric_model.columnCount() == 2 + 6  # the 2017 rubric has 6 desempeños


def test_ficha_out_of_scope_says_so(ui_world, qtbot):
    ui_world.sign_in(COACH_OTHER)
    dialog = _ficha(ui_world, qtbot)
    assert "fuera de su ámbito" in dialog.error.text()
    assert dialog.rubric_model.rowCount() == 0


def test_planning_panel_opens_the_ficha_of_the_selected_visit(ui_world, qtbot):
    from sigma_desktop.ui.panels.planning import PlanningPanel

    first, *_ = _history(ui_world)
    panel = PlanningPanel(ui_world.sigma, None)
    qtbot.addWidget(panel)
    panel.set_period(YEAR, 4)
    panel.select_activity(first.id)
    dialog = panel.open_ficha()
    qtbot.addWidget(dialog)
    assert dialog.ficha.teacher.dni == "40000001" and dialog.ficha.year == YEAR


def test_gestor_reads_the_ficha_with_the_observation(ui_world, qtbot):
    first, *_ = _history(ui_world)
    s = ui_world.sigma
    ui_world.sign_in(GESTOR)
    s.validation.observe(s.planning.get(first.id).execution_id, "Revise el nivel del desempeño 4")
    dialog = _ficha(ui_world, qtbot)
    model = dialog.activity_model
    row = next(i for i, a in enumerate(model.rows) if a.activity_id == first.id)
    assert model.index(row, 6).data() == "Observada: Revise el nivel del desempeño 4"

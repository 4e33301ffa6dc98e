"""A whole working day through the windows, offscreen: coach plans and registers, the Gestor Local
validates and observes, the coach corrects, the RCI deletes and restores, and the history shows it."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel

from sigma_desktop.ui.forms.form_base import find_data
from sigma_desktop.ui.forms.history_dialog import _lines
from sigma_desktop.ui.session import DesktopSession
from tests.world import COACH_MG, GESTOR, PASSWORD, RATINGS_2018, RCI, YEAR


def _sign_in(session, dni):
    dialog = session.dialog
    dialog.dni.setText(dni)
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert session.window is not None, dialog.error.text()
    return session.window


def _sign_out(session):
    session.window.sig_sign_out.emit()
    assert session.window is None and session.dialog.isVisible()


def _select_rows(view, rows):
    view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in rows:
        view.selectionModel().select(view.model().index(r, 0), flags)


def _plan_visit(panel, teacher_id):
    form = panel.plan_visit()
    form.teacher.setCurrentIndex(find_data(form.teacher, teacher_id))
    assert "diagnóstica" in form.proposal.text()
    assert form.save(), form.error_text("teacher") if hasattr(form, "error_text") else ""
    return next(r for r in panel.model.rows if r.teacher_id == teacher_id)


def _started(qtbot, url: str) -> DesktopSession:
    session = DesktopSession(url, "local")
    with qtbot.waitSignal(session.sig_ready, timeout=20000):
        session.start()
    return session


def _ap_registers_april(session, teachers) -> tuple:
    """The AP signs in and, in the planning screen, plans three diagnósticas in April, registers two with rubric
    levels (7 and 8 April) and one as not done because of the weather (9 April). Returns the window, the
    planning screen and teacher DNI → planned row."""
    window = _sign_in(session, COACH_MG)
    planning = window.show_module("planning")
    planning.set_period(YEAR, 4)
    rows = {t: _plan_visit(planning, teachers[t]) for t in ("40000001", "40000002", "40000003")}
    for t, day in (("40000001", 7), ("40000002", 8)):
        planning.select_activity(rows[t].id)
        form = planning.register_execution()
        form.date.set_value(date(YEAR, 4, day))
        for number, level in RATINGS_2018.items():
            form.set_level(number, level)
        assert form.save()
    planning.select_activity(rows["40000003"].id)
    form = planning.register_non_execution()
    form.reason.setCurrentIndex(form.reason.findData("clima"))
    form.date.set_value(date(YEAR, 4, 9))
    assert form.save()
    return window, planning, rows


def test_a_whole_day(qtbot, ui_world):
    url = ui_world.sigma.db.describe()
    teachers = ui_world.teachers
    ui_world.sigma.close()
    session = _started(qtbot, url)

    # 1. the coach plans three diagnósticas, registers two with rubric levels and one as not done
    window, planning, rows = _ap_registers_april(session, teachers)
    statuses = {r.teacher_id: r.status for r in planning.model.rows}
    assert sorted(statuses.values()) == ["ejecutada", "ejecutada", "no_ejecutada"]
    _sign_out(session)

    # 2. the Gestor Local validates one and observes the other
    window = _sign_in(session, GESTOR)
    queue = window.show_module("validation")
    queue.filters.year.setValue(YEAR)
    queue.filters.month.setCurrentIndex(4)
    assert queue.model.rowCount() == 3  # the two executions and the non-execution's motivo
    by_teacher = {r.activity_id: i for i, r in enumerate(queue.model.rows)}
    _select_rows(queue.view, [by_teacher[rows["40000001"].id], by_teacher[rows["40000003"].id]])
    queue.validate_selected()
    _select_rows(queue.view, [0])
    assert queue.model.rows[0].activity_id == rows["40000002"].id
    queue.observe_selected("Revise el nivel del desempeño 4 con la ficha de toma de notas")
    assert queue.model.rowCount() == 0
    _sign_out(session)

    # 3. the coach sees the observation and corrects the record
    window = _sign_in(session, COACH_MG)
    planning = window.show_module("planning")
    planning.set_period(YEAR, 4)
    planning.select_activity(rows["40000002"].id)
    assert planning.selected().validation_state == "observada"
    form = planning.correct()
    form.set_level(4, 2)
    assert form.save()
    assert planning.selected().validation_state == "pendiente"
    _sign_out(session)

    # 4. the Gestor validates the corrected record
    window = _sign_in(session, GESTOR)
    queue = window.show_module("validation")
    queue.filters.year.setValue(YEAR)
    queue.filters.month.setCurrentIndex(4)
    assert [r.activity_id for r in queue.model.rows] == [rows["40000002"].id]
    _select_rows(queue.view, [0])
    queue.validate_selected()
    _sign_out(session)

    # 5. the RCI deletes a wrong execution and restores it
    window = _sign_in(session, RCI)
    trash = window.show_module("trash")
    trash.filters.year.setValue(YEAR)
    trash.filters.month.setCurrentIndex(4)
    index = next(i for i, r in enumerate(trash.records.rows) if r.activity_id == rows["40000001"].id)
    _select_rows(trash.records_view, [index])
    trash.delete_selected("Se registró en la IE equivocada")
    assert trash.trash.rowCount() == 1
    _select_rows(trash.trash_view, [0])
    trash.restore_selected()
    assert trash.trash.rowCount() == 0

    # 6. the history shows every step, with who did it
    first = _lines(window.sigma.history.of_record(rows["40000001"].id))
    steps = [(line.user, line.op, line.field) for line in first]
    assert (COACH_MG, "Creación", "Tipo de visita") in steps
    assert (GESTOR, "Modificación", "Estado de validación") in steps
    assert (RCI, "Eliminación", "Motivo de eliminación") in steps
    assert (RCI, "Restauración", "Motivo de eliminación") in steps
    second = [(e.user_dni, e.op, sorted(e.changes)) for e in window.sigma.history.of_record(rows["40000002"].id)]
    users = [u for u, _op, _f in second]
    assert users == [COACH_MG, COACH_MG, GESTOR, COACH_MG, GESTOR]
    assert "level_4" in second[3][2] and "validation_state" in second[4][2]
    window.close()
    session.close()

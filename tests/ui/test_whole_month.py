"""A UGEL's whole month through the windows, offscreen, with a screenshot of each step (SIGMA_PICTURES=folder
keeps them for a person to look at): the AP plans and registers an execution and a non-execution; the Gestor
Local reads each record's detail, validates one, observes an execution and a non-execution; the AP corrects
both; the Gestor Local validates them and closes the month after the summary of what is pending; an AP edit
and an RCI delete in the closed month are refused naming who closed it; the Gestor Local reopens with a
reason; the history shows every step with its user."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from sigma_desktop.domain.enums import ActivityKind
from tests.ui.test_whole_day import _ap_registers_april, _select_rows, _sign_in, _sign_out, _started
from tests.world import COACH_MG, GESTOR, RATINGS_2018, RCI, REGIONAL, YEAR

SIZE = (1366, 768)


class Pictures:
    def __init__(self, folder: Path):
        self.folder = folder
        self.taken: list[Path] = []

    def take(self, widget, name: str) -> Path:
        from PySide6.QtWidgets import QMainWindow

        if isinstance(widget, QMainWindow):
            widget.resize(*SIZE)
        widget.show()
        QApplication.processEvents()
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        assert widget.grab().save(str(path))
        self.taken.append(path)
        return path


@pytest.fixture
def pictures(tmp_path):
    folder = Path(os.environ.get("SIGMA_PICTURES") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return Pictures(folder)


@pytest.fixture
def refusals(monkeypatch):
    """The messages the window shows in a warning box (recorded, never shown)."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: seen.append(text))
    # «¿Descartar los cambios?» when a refused form is closed: yes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return seen


def test_a_whole_month(qtbot, ui_world, pictures, refusals):
    url = ui_world.sigma.db.describe()
    teachers, coach = ui_world.teachers, ui_world.coaches[COACH_MG]
    # a GIA the AP will leave without any record: what the closing summary names
    ui_world.sign_in(COACH_MG)
    ui_world.sigma.planning.plan_group(ActivityKind.GROUP_SESSION, coach, YEAR, 4,
                                       [teachers["40000001"], teachers["40000002"]], topic="Lectura en voz alta")
    ui_world.sigma.close()
    session = _started(qtbot, url)

    # 1. the AP plans three visits, registers two and records why the third was not done
    window, _planning, rows = _ap_registers_april(session, teachers)
    pictures.take(window, "ap-registra-el-mes")
    _sign_out(session)

    # 2. the Gestor Local opens each record's detail, validates one, observes an execution and a non-execution
    window = _sign_in(session, GESTOR)
    queue = window.show_module("validation")
    queue.filters.year.setValue(YEAR)
    queue.filters.month.setCurrentIndex(4)
    assert queue.model.rowCount() == 3
    index = {r.activity_id: i for i, r in enumerate(queue.model.rows)}
    for t in ("40000001", "40000002", "40000003"):
        _select_rows(queue.view, [index[rows[t].id]])
        detail = queue.detail.detail
        assert detail is not None and detail.activity_id == rows[t].id
        text = detail.text()
        if t == "40000003":
            assert "Motivo de no ejecución: Clima" in text or "Motivo de no ejecución" in text
        else:
            assert "Rúbrica de observación" in text and "Desempeño 1: " in text
        assert "Registrado por: AP 45000001" in text
        if t == "40000001":
            pictures.take(window, "gestor-ve-el-detalle-de-una-visita")
        if t == "40000003":
            pictures.take(window, "gestor-ve-el-detalle-de-una-no-ejecucion")
    _select_rows(queue.view, [index[rows["40000001"].id]])
    queue.validate_action.trigger()  # Ctrl+Enter
    assert queue.model.rowCount() == 2
    index = {r.activity_id: i for i, r in enumerate(queue.model.rows)}
    _select_rows(queue.view, [index[rows["40000002"].id]])
    assert queue.observe_selected("El desempeño 4 no coincide con la ficha de toma de notas")
    index = {r.activity_id: i for i, r in enumerate(queue.model.rows)}
    _select_rows(queue.view, [index[rows["40000003"].id]])
    from sigma_desktop.ui.forms.observe_dialog import ObserveDialog

    dialog = ObserveDialog(1, queue)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # the text is required
    dialog.text.setPlainText("No hubo lluvias ese día")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.close()
    assert queue.observe_selected("No hubo lluvias ese día en Grau: precise el motivo")
    assert queue.model.rowCount() == 0
    queue.state_group.button(1).setChecked(True)  # the observed ones
    assert {r.activity_id for r in queue.model.rows} == {rows["40000002"].id, rows["40000003"].id}
    pictures.take(window, "gestor-observa-una-ejecucion-y-una-no-ejecucion")
    _sign_out(session)

    # 3. the AP sees both observations and corrects them
    window = _sign_in(session, COACH_MG)
    planning = window.show_module("planning")
    planning.set_period(YEAR, 4)
    assert "observadas por corregir: 2" in planning.summary_label.text()
    planning.select_activity(rows["40000003"].id)
    assert "precise el motivo" in planning.detail_label.text()
    pictures.take(window, "ap-ve-las-observaciones")
    form = planning.correct()
    form.reason.setCurrentIndex(form.reason.findData("via_inaccesible"))
    assert form.save()
    planning.select_activity(rows["40000002"].id)
    form = planning.correct()
    form.set_level(4, 2)
    assert form.save()
    assert {r.validation_state for r in planning.model.rows if r.kind == "visita"} == {"pendiente", "validada"}
    _sign_out(session)

    # 4. the Gestor Local validates both corrections at once and closes the month after the summary
    window = _sign_in(session, GESTOR)
    queue = window.show_module("validation")
    queue.filters.year.setValue(YEAR)
    queue.filters.month.setCurrentIndex(4)
    assert queue.model.rowCount() == 2
    _select_rows(queue.view, [0, 1])
    assert "2 registros seleccionados" in queue.detail.toPlainText()
    queue.validate_selected()
    assert queue.model.rowCount() == 0
    control = window.show_module("control")
    control.filters.year.setValue(YEAR)
    control.filters.month.setCurrentIndex(control.filters.month.findData(4))
    control.refresh()
    qtbot.waitUntil(lambda: control.grid is not None and control.grid.filter.month == 4, timeout=20000)
    assert control.close_button.isEnabled() and not control.reopen_button.isEnabled()
    from sigma_desktop.ui.forms.closing_dialogs import CloseMonthDialog

    summary = CloseMonthDialog(window.sigma, "030007", YEAR, 4, control)
    assert summary.summary.blockers == ("1 actividad planificada sin registro de ejecución ni de no ejecución",)
    assert not summary.ok_button.isEnabled()  # until the confirmation naming the blockers is ticked
    assert "Confirmo el cierre con estos pendientes" in summary.confirm.text()
    pictures.take(summary, "gestor-resumen-antes-de-cerrar")
    summary.close()
    assert control.close_month(confirm=True)
    qtbot.waitUntil(lambda: bool(control.grid and control.grid.closed_mark), timeout=20000)
    assert control.month_state.text().startswith("Mes cerrado el ") and "por Gestora Local Grau" in \
        control.month_state.text()
    assert control.reopen_button.isEnabled() and not control.close_button.isEnabled()
    pictures.take(window, "gestor-mes-cerrado-en-control")
    _sign_out(session)

    # 5. in the closed month an AP edit and an RCI delete are refused, naming who closed it
    window = _sign_in(session, COACH_MG)
    planning = window.show_module("planning")
    planning.set_period(YEAR, 4)
    assert planning.summary_label.text().startswith("Mes cerrado el ")
    planning.select_activity(rows["40000002"].id)
    form = planning.register_execution() or planning.correct()
    assert form is None  # validated: nothing to correct; try a new plan in the closed month instead
    form = planning.plan_visit()
    form.teacher.setCurrentIndex(1)
    assert form.save() is False
    assert "Mes cerrado el " in form.error_text("mes") and "por Gestora Local Grau" in form.error_text("mes")
    pictures.take(form, "ap-rechazado-en-mes-cerrado")
    form.close()
    _sign_out(session)
    window = _sign_in(session, RCI)
    trash = window.show_module("trash")
    trash.filters.year.setValue(YEAR)
    trash.filters.month.setCurrentIndex(4)
    i = next(i for i, r in enumerate(trash.records.rows) if r.activity_id == rows["40000001"].id)
    _select_rows(trash.records_view, [i])
    trash.delete_selected("Se registró en la IE equivocada")
    assert refusals and "Mes cerrado el " in refusals[-1] and "por Gestora Local Grau" in refusals[-1]
    assert trash.trash.rowCount() == 0
    box = QMessageBox(QMessageBox.Icon.Warning, "No se pudo completar la acción", refusals[-1])
    pictures.take(box, "rci-rechazado-en-mes-cerrado")
    box.close()
    _sign_out(session)

    # 6. the Gestor Local reopens with a reason; the Gestor Regional's view shows it open again
    window = _sign_in(session, GESTOR)
    control = window.show_module("control")
    control.filters.year.setValue(YEAR)
    control.filters.month.setCurrentIndex(control.filters.month.findData(4))
    control.refresh()
    qtbot.waitUntil(lambda: control.grid is not None and control.grid.filter.month == 4 and
                    bool(control.grid.closed_mark), timeout=20000)
    from sigma_desktop.ui.forms.closing_dialogs import ReopenMonthDialog

    reopen = ReopenMonthDialog(window.sigma, "030007", YEAR, 4, control)
    assert not reopen.ok_button.isEnabled()  # the reason is required
    reopen.reason.setPlainText("El AP debe registrar el GIA de lectura")
    pictures.take(reopen, "gestor-reabre-con-motivo")
    reopen.close()
    assert control.reopen_month("El AP debe registrar el GIA de lectura")
    qtbot.waitUntil(lambda: control.grid is not None and not control.grid.closed_mark, timeout=20000)
    sigma = window.sigma
    sigma.closing.close("030007", YEAR, 3)  # March had nothing planned: it closes without confirmation
    _sign_out(session)
    window = _sign_in(session, REGIONAL)
    control = window.show_module("control")
    assert not control.close_button.isVisible() and not control.reopen_button.isVisible()
    control.show_closing_states()
    states = control.states_dialog
    states.resize(1320, 260)
    assert states.cell("030007", 4) == "Reabierto" and states.cell("030007", 3) == "Cerrado"
    assert states.cell("030001", 3) == "Abierto"
    pictures.take(states, "regional-cierre-por-ugel")
    history = states.history_lines("030007", 4)
    assert len(history) == 2 and f"{GESTOR} cerró el mes" in history[0]
    assert history[1].endswith(f"{GESTOR} reabrió el mes: El AP debe registrar el GIA de lectura")
    states.close()

    # 7. the history shows every step, with its user
    steps = [(e.user_dni, e.op, sorted(e.changes)) for e in sigma.history.of_record(rows["40000003"].id)]
    users = [u for u, _op, _f in steps]
    assert users == [COACH_MG, COACH_MG, GESTOR, COACH_MG, GESTOR]
    assert "skip_reason_id" in steps[3][2]
    closing = [(e.user_dni, e.op, e.changes.get("closed")) for e in sigma.closing.history("030007", YEAR, 4)]
    assert closing == [(GESTOR, "insert", [None, True]), (GESTOR, "update", [True, False])]
    window.close()
    session.close()
    # a blank grab is a few hundred bytes; the smallest real one (a message box on Windows) is about 7 KB
    assert len(pictures.taken) == 11 and all(p.stat().st_size > 4_000 for p in pictures.taken)


def test_the_month_in_progress_on_screen(qtbot, ui_world, pictures):
    """With «today» fixed on 15 April, Control compares with what was planned up to today: a visit planned
    for the 25th neither counts nor paints the coach red, and the banner says «en curso, al 15/04»."""
    from sigma_desktop.domain.dates import set_today
    from sigma_desktop.ui.main_window import MainWindow
    from tests.world import PASSWORD

    s = ui_world.sigma
    set_today(date(YEAR, 4, 15))
    try:
        ui_world.sign_in(COACH_MG)
        coach = ui_world.coaches[COACH_MG]
        done = s.planning.plan_visit(coach, ui_world.teachers["40000001"], YEAR, 4, planned_date=date(YEAR, 4, 6))
        s.registration.register_visit(done.id, date(YEAR, 4, 6), RATINGS_2018)
        s.planning.plan_visit(coach, ui_world.teachers["40000002"], YEAR, 4, planned_date=date(YEAR, 4, 25))
        s.auth.sign_in(GESTOR, PASSWORD)
        window = MainWindow(s, "x", "local (SQLite)")
        qtbot.addWidget(window)
        control = window.show_module("control")
        control.filters.year.setValue(YEAR)
        control.filters.month.setCurrentIndex(control.filters.month.findData(4))
        control.refresh()
        qtbot.waitUntil(lambda: control.grid is not None and control.grid.filter.month == 4, timeout=20000)
        assert control.month_state.text().startswith("Periodo en curso, al 15/04")
        assert "1 actividades programadas para después" in control.month_state.text()
        row = next(r for r in control.grid.rows if r.coach_dni == COACH_MG)
        assert (row.counts["visita.planned"], row.counts["visita.executed"]) == (1, 1)
        model = control.model
        pct = next(c for c in range(model.columnCount()) if model.field(c) == "%")
        from PySide6.QtCore import Qt

        line = next(i for i, ln in enumerate(model.lines) if ln.coach_dni == COACH_MG)
        assert model.data(model.index(line, pct)) == "100 %"
        assert model.data(model.index(line, pct), Qt.ItemDataRole.BackgroundRole) is None  # not red
        pictures.take(window, "control-mes-en-curso")
        window.close()
    finally:
        set_today(None)

"""Validation queue and RCI panels driven offscreen: they call the services and refresh."""
from __future__ import annotations

from datetime import date

from sigma_desktop.ui.panels.trash import TrashPanel
from sigma_desktop.ui.panels.validation import ValidationPanel
from tests.world import COACH_MG, GESTOR, RATINGS_2018, RCI, YEAR


def _two_visits(world):
    world.sign_in(COACH_MG)
    s = world.sigma
    rows = []
    for teacher, day in (("40000001", 7), ("40000002", 8)):
        v = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, 4)
        rows.append(s.registration.register_visit(v.id, date(YEAR, 4, day), RATINGS_2018))
    return rows


def _select(view, rows):
    view.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    for r in rows:
        view.selectionModel().select(view.model().index(r, 0),
                                     QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_validate_and_observe_from_the_queue(qtbot, qtmodeltester, ui_world):
    _two_visits(ui_world)
    ui_world.sign_in(GESTOR)
    panel = ValidationPanel(ui_world.sigma)
    qtbot.addWidget(panel)
    panel.filters.year.setValue(YEAR)
    panel.filters.month.setCurrentIndex(4)
    assert panel.model.rowCount() == 2
    qtmodeltester.check(panel.model)
    assert not panel.validate_button.isEnabled()
    _select(panel.view, [0])
    assert panel.observe_button.isEnabled()
    with qtbot.waitSignal(panel.sig_changed):
        panel.observe_selected("Falta registrar el diálogo reflexivo")
    assert panel.model.rowCount() == 1
    _select(panel.view, [0])
    with qtbot.waitSignal(panel.sig_changed) as blocker:
        panel.validate_selected()
    assert blocker.args[0].kinds == {"execution"} and len(blocker.args[0].of("execution")) == 1
    assert panel.model.rowCount() == 0
    panel.state_group.button(1).setChecked(True)  # observadas
    assert [r.validation_comment for r in panel.model.rows] == ["Falta registrar el diálogo reflexivo"]


def test_observe_without_comment_shows_message_and_saves_nothing(qtbot, ui_world, monkeypatch):
    _two_visits(ui_world)
    ui_world.sign_in(GESTOR)
    panel = ValidationPanel(ui_world.sigma)
    qtbot.addWidget(panel)
    panel.filters.year.setValue(YEAR)
    panel.filters.month.setCurrentIndex(4)
    shown = []
    monkeypatch.setattr("sigma_desktop.ui.panels.validation.show_error", lambda _p, exc: shown.append(str(exc)))
    _select(panel.view, [0])
    before = ui_world.log_count()
    panel.observe_selected("")
    assert shown == ["Observación: explique al acompañante qué debe corregir (al menos 5 caracteres)."]
    assert ui_world.log_count() == before


def test_rci_deletes_and_restores(qtbot, qtmodeltester, ui_world):
    rows = _two_visits(ui_world)
    ui_world.sign_in(RCI)
    panel = TrashPanel(ui_world.sigma)
    qtbot.addWidget(panel)
    panel.filters.year.setValue(YEAR)
    panel.filters.month.setCurrentIndex(4)
    assert panel.records.rowCount() == 2
    _select(panel.records_view, [0])
    panel.delete_selected("Registro duplicado por error")
    assert panel.records.rowCount() == 1 and panel.trash.rowCount() == 1
    qtmodeltester.check(panel.trash)
    assert panel.trash.rows[0].reason == "Registro duplicado por error"
    assert panel.trash.rows[0].execution_id in {r.execution_id for r in rows}
    _select(panel.trash_view, [0])
    panel.restore_selected()
    assert panel.records.rowCount() == 2 and panel.trash.rowCount() == 0

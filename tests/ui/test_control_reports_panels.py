"""The Módulo de Control and Módulo de Reportes panels: figures loaded in the background, under-execution
painted, drill-down to the records, the ficha técnica on screen, exports written and opened; item models
pass qtmodeltester; the navigation shows each module to the right roles."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from sigma_desktop.domain.enums import Role
from sigma_desktop.domain.reporting import ReportFilter
from tests.demo_world import YEAR, demo  # noqa: F401


@pytest.fixture
def ui_demo(demo, tmp_path):  # noqa: F811
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    return demo


def _control(qtbot, sigma, month=5):
    from sigma_desktop.ui.panels.control import ControlPanel

    panel = ControlPanel(sigma)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.grid is not None, timeout=10000)
    if month is not None and panel.grid.filter.month != month:
        panel.filters.month.setCurrentIndex(panel.filters.month.findData(month))
        panel.grid = None
        panel.refresh()
        qtbot.waitUntil(lambda: panel.grid is not None, timeout=10000)
    return panel


def _reports(qtbot, sigma):
    from sigma_desktop.ui.panels.reports import ReportsPanel

    panel = ReportsPanel(sigma)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=20000)
    return panel


def test_navigation_shows_control_and_reports_to_the_right_roles():
    from sigma_desktop.ui.navigation import modules_for

    for role in Role:
        keys = {m.key for m in modules_for(role)}
        assert "control" in keys
        assert "reports" in keys  # an AP's hold their own work only (issue 15)


def test_control_panel_shows_the_grid_of_the_local_manager(qtbot, qtmodeltester, ui_demo):
    ui_demo.sign_in("gestor_local")
    panel = _control(qtbot, ui_demo.sigma)
    grid = panel.grid
    expected = ui_demo.sigma.control.grid(ReportFilter(YEAR, 5))
    assert [r.coach_dni for r in grid.rows] == [r.coach_dni for r in expected.rows]
    assert len({r.ugel_code for r in grid.rows}) == 1  # the Gestor Local's UGEL only
    assert panel.model.rowCount() == len([r for r in grid.rows if r.get("visita.planned")])
    # one UGEL: one total row, labelled with what it totals (not DRE, UGEL and nation, all equal)
    assert panel.totals_model.rowCount() == 1
    assert panel.totals_model.lines[0].label.startswith("Total UGEL ")
    assert "ugel" not in panel.model.ident and "month" not in panel.model.ident  # one UGEL, one month
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.totals_model)
    model = panel.model
    planned_col = model.fields().index("planned") + len(model.ident)
    assert model.headerData(planned_col, Qt.Orientation.Horizontal) == "Planifi-\ncadas"
    first = model.lines[0]
    assert model.data(model.index(0, planned_col)) == str(first.counts.get("visita.planned"))
    assert model.data(model.index(0, planned_col), Qt.ItemDataRole.UserRole) == first.counts.get("visita.planned")


def test_control_panel_shows_every_kind_and_the_motivos(qtbot, ui_demo):
    ui_demo.sign_in("gestor_regional")
    panel = _control(qtbot, ui_demo.sigma, month=None)
    views = [panel.tabs.tabData(i) for i in range(panel.tabs.count())]
    assert views == ["visita", "gia", "taller", "visita_social", "ruta", "materiales", "motivos"]
    panel.tabs.setCurrentIndex(views.index("ruta"))
    model, totals = panel.model, panel.totals_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Asignado\nS/" in headers and "Rendido\nS/" in headers and "UGEL" in headers and "Mes" in headers
    grand = totals.lines[-1]
    spent = headers.index("Rendido\nS/")
    cents = panel.grid.totals[("total", "total")]["ruta.spent_cents"]
    assert totals.data(totals.index(len(totals.lines) - 1, spent - len(model.ident) + 1)).replace(" ", "") == \
        f"{cents / 100:.2f}"
    assert grand.label.startswith("Total DRE ") and len(totals.lines) == 1 + len({r.ugel_code for r in panel.grid.rows})
    panel.tabs.setCurrentIndex(views.index("motivos"))
    assert model.columnCount() == len(model.ident) + 15  # 12 motivos, their total, validated and observed
    col = len(model.ident) + 12  # the total of not executed activities, every kind
    for i, line in enumerate(model.lines):
        assert model.data(model.index(i, col), Qt.ItemDataRole.UserRole) == sum(
            line.counts.get(f"{k}.not_executed", 0) for k in views[:-1])
        assert model.data(model.index(i, col + 1), Qt.ItemDataRole.UserRole) == sum(
            line.counts.get(f"{k}.ne_validated", 0) for k in views[:-1])
    assert model.headerData(col + 2, Qt.Orientation.Horizontal) == "Motivo\nobservado"


def test_control_panel_sorts_names_in_spanish_order(qtbot):
    from sigma_desktop.domain.text import sort_key
    from sigma_desktop.ui.models.report_models import ControlGridModel, GridLine

    names = ["Cusi, Ana", "Ñahui, Ana", "Cáceres, Ana", "Nuñovero, Ana", "Álvarez, Ana", "Chávez, Ana",
             "Ángel, Ana", "Núñez, Ana"]
    model = ControlGridModel()
    model.set_lines([GridLine(n, {"visita.planned": 1}, month=5) for n in names])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(i, 0)) for i in range(model.rowCount())]
    assert [s.split(",")[0] for s in shown] == ["Álvarez", "Ángel", "Cáceres", "Chávez", "Cusi", "Núñez",
                                                "Nuñovero", "Ñahui"]
    assert shown == sorted(names, key=sort_key)


def test_control_panel_paints_under_execution(qtbot, ui_demo):
    from sigma_desktop.reports.formatting import execution_rate
    from sigma_desktop.ui.models.report_models import AMBER, RED

    panel = _control(qtbot, ui_demo.sigma, month=None)
    model = panel.model
    rate_col = model.fields().index("%") + len(model.ident)
    painted = 0
    for i, line in enumerate(model.lines):
        rate = execution_rate(line.counts, "visita")
        brush = model.data(model.index(i, rate_col), Qt.ItemDataRole.BackgroundRole)
        if rate is None or rate >= 80:
            assert brush is None
        else:
            assert brush.color() == (RED if rate < 50 else AMBER)
            painted += 1
    assert painted > 0


def test_control_drill_down_lists_the_records_behind_a_number(qtbot, ui_demo):
    panel = _control(qtbot, ui_demo.sigma)
    model = panel.model
    col = model.fields().index("executed") + len(model.ident)
    row = next(i for i, ln in enumerate(model.lines) if ln.counts.get("visita.executed"))
    panel.drill(model, model.index(row, col))
    dialog = panel.records_dialog
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == model.lines[row].counts["visita.executed"]
    assert all(r.status == "ejecutada" and r.kind == "visita" for r in dialog.model.rows)
    dialog.close()
    total_row = next(i for i, ln in enumerate(panel.totals_model.lines) if ln.level == "total")
    totals = panel.totals_model
    col = totals.fields().index("executed") + len(totals.ident)
    assert totals.measures(col) == ["visita.executed"]
    panel.drill(totals, totals.index(total_row, col))
    assert panel.records_dialog.model.rowCount() == panel.grid.totals[("total", "total")]["visita.executed"]
    panel.records_dialog.close()


def test_control_export_writes_and_opens_the_file(qtbot, ui_demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sigma_desktop.ui.panels import export_actions

    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "control"), ""))
    monkeypatch.setattr(export_actions, "open_file", lambda path: opened.append(path))
    panel = _control(qtbot, ui_demo.sigma)
    assert panel.export("pdf")
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20000)
    assert opened == [tmp_path / "control.pdf"] and opened[0].read_bytes().startswith(b"%PDF")
    assert panel.export("xlsx")
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=20000)
    assert opened[1].suffix == ".xlsx" and opened[1].exists()


def test_coach_sees_only_their_own_rows(qtbot, ui_demo):
    actor = ui_demo.sign_in("ap")
    panel = _control(qtbot, ui_demo.sigma)
    assert {ln.coach_dni for ln in panel.model.lines} <= {actor.dni}
    assert not panel.filters.ugel.isEnabled() and not panel.filters.coach.isEnabled()


def test_reports_panel_shows_indicators_ficha_and_drill_down(qtbot, qtmodeltester, ui_demo):
    from sigma_desktop.domain.indicator_catalogue import BY_CODE

    ui_demo.sign_in("gestor_regional")
    panel = _reports(qtbot, ui_demo.sigma)
    model = panel.model
    assert model.rowCount() == 139  # every indicator (123 + 8 of performance + Q01 + N01–N07), total level
    qtmodeltester.check(model)
    v03 = next(i for i, v in enumerate(model.rows) if v.code == "V03")
    panel.view.setCurrentIndex(model.index(v03, 0))
    html = panel.ficha.toHtml()
    assert "V03" in html and "Porcentaje de visitas ejecutadas" in html and "Visitas planificadas" in html
    panel.category.setCurrentIndex(panel.category.findData("gia"))
    assert {BY_CODE[v.code].category for v in model.rows} == {"gia"}
    panel.level.setCurrentIndex(panel.level.findData("ugel"))
    assert {v.level for v in model.rows} == {"ugel"} and not panel.view.isColumnHidden(2)
    panel.category.setCurrentIndex(panel.category.findData("visitas"))
    row = next(i for i, v in enumerate(model.rows) if v.code == "V02" and v.numerator)
    panel.drill(model.index(row, 0))
    assert panel.records_dialog.model.rowCount() == model.rows[row].numerator
    panel.records_dialog.close()


def test_reports_panel_exports(qtbot, ui_demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sigma_desktop.ui.panels import export_actions

    names = iter(["ind", "ind2", "raw", "mensual"])
    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / next(names)), ""))
    monkeypatch.setattr(export_actions, "open_file", lambda path: opened.append(path))
    panel = _reports(qtbot, ui_demo.sigma)
    assert not panel.monthly_button.isEnabled()  # a UGEL and a month are needed
    for action in (lambda: panel.export("pdf"), lambda: panel.export("xlsx"), panel.export_raw):
        n = len(opened)
        assert action()
        qtbot.waitUntil(lambda n=n: len(opened) == n + 1, timeout=30000)
    f = panel.filters
    f.ugel.setCurrentIndex(1)
    f.month.setCurrentIndex(f.month.findData(5))
    assert panel.monthly_button.isEnabled()
    assert panel.export_monthly()
    qtbot.waitUntil(lambda: len(opened) == 4, timeout=30000)
    assert [p.name for p in opened] == ["ind.pdf", "ind2.xlsx", "raw.xlsx", "mensual.pdf"]
    assert all(p.stat().st_size > 0 for p in opened)


def test_grid_model_handles_empty_and_invalid_indexes(qtmodeltester):
    from sigma_desktop.ui.models.report_models import ControlGridModel, GridLine

    model = ControlGridModel()
    qtmodeltester.check(model)
    model.set_lines([GridLine("Núñez, Ana", {"visita.planned": 4, "visita.executed": 1}, month=5)])
    qtmodeltester.check(model)
    assert model.data(QModelIndex()) is None
    assert model.measures(0) == [] and model.measures(len(model.ident) + 2) == ["visita.executed"]


def test_control_panel_lists_names_in_spanish_order(qtbot, ui_demo):
    from tests.reports.spanish_names import in_spanish_order, rename_coaches

    rename_coaches(ui_demo.sigma)
    ui_demo.sign_in("gestor_regional")
    panel = _control(qtbot, ui_demo.sigma)
    shown = [panel.model.data(panel.model.index(i, 0)) for i in range(panel.model.rowCount())]
    ugels = [panel.model.lines[i].ugel_code for i in range(panel.model.rowCount())]
    for code in set(ugels):  # the service's order: by UGEL, then by name
        assert in_spanish_order([n for n, u in zip(shown, ugels) if u == code])
    panel.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the user sorts by name: the whole list
    shown = [panel.model.data(panel.model.index(i, 0)) for i in range(panel.model.rowCount())]
    assert in_spanish_order(shown) and len(shown) >= 6 and shown[0].startswith("Álvarez")


def test_reports_panel_tags_periods_and_exports_the_annex_on_request(qtbot, ui_demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sigma_desktop.domain.indicator_catalogue import BY_CODE, period_label
    from sigma_desktop.ui.panels import export_actions

    panel = _reports(qtbot, ui_demo.sigma)
    model = panel.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    period = headers.index("Periodo")
    month = panel.report.filter.month
    for i, v in enumerate(model.rows):
        assert model.data(model.index(i, period)) == period_label(BY_CODE[v.code], month)
    assert "Cómo se calcula" in panel.ficha.toHtml()
    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "ind"), ""))
    monkeypatch.setattr(export_actions, "open_file", lambda path: opened.append(path))
    panel.annex.setChecked(True)
    assert panel.export("xlsx")
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=30000)
    import openpyxl

    assert "Fichas técnicas" in openpyxl.load_workbook(opened[0]).sheetnames


def test_verify_and_signatories_from_the_window(qtbot, ui_demo, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from sigma_desktop.ui import report_menu
    from sigma_desktop.ui.main_window import MainWindow

    ui_demo.sign_in("gestor_local")
    window = MainWindow(ui_demo.sigma, ui_demo.sigma.db.describe(), "local (SQLite)")
    qtbot.addWidget(window)
    assert set(window.report_actions) == {"verify", "signatories"}
    dialog = report_menu.SignatoriesDialog(ui_demo.sigma, window)
    qtbot.addWidget(dialog)
    dialog.reviewer_name.setText("Rosa Ñahui Quispe")
    dialog.director_name.setText("Julián Cáceres Núñez")
    assert dialog.save()
    code = dialog.ugel.currentData()
    assert ui_demo.sigma.signatories.get(code).director_name == "Julián Cáceres Núñez"
    path = ui_demo.sigma.exports.control(ReportFilter(YEAR, 5, ugel_code=code), "pdf", tmp_path / "c.pdf").path
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(("ok", a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(("warn", a[2])))
    assert report_menu.verify_report(window, ui_demo.sigma, str(path))
    qtbot.waitUntil(lambda: len(said) == 1, timeout=20000)
    assert said[0][0] == "ok" and "Conforme" in said[0][1]
    ui_demo.sigma.auth.sign_out()
    ui_demo.sign_in("ap")
    coach_window = MainWindow(ui_demo.sigma, ui_demo.sigma.db.describe(), "local (SQLite)")
    qtbot.addWidget(coach_window)
    assert set(coach_window.report_actions) == {"verify"}  # an AP does not choose who signs


def test_open_control_and_reports_follow_a_validation_made_elsewhere(qtbot, ui_demo):
    """The Gestor Local validates in the validation screen: the open Control and Reportes show it at once,
    without «Aplicar» (their live views re-read only the coach of the record)."""
    ui_demo.sign_in("gestor_local")
    sigma = ui_demo.sigma
    pending = [r for r in sigma.validation.queue(YEAR) if r.kind == "visita"]
    assert len(pending) > 1
    control, reports = _control(qtbot, sigma, pending[0].month), _reports(qtbot, sigma)
    control.show()  # (a hidden screen's view only notes writes: ui/live_views.py)
    reports.show()
    before = control.grid.totals[("total", "total")].get("visita.validated", 0)
    changes = sigma.validation.validate([pending[0].execution_id])
    control.on_data_changed(changes)  # what the main window passes on: already followed, nothing to reload
    qtbot.waitUntil(lambda: control.grid.totals[("total", "total")].get("visita.validated", 0) != before,
                    timeout=10000)
    assert control.live_view.last_update.coaches == 1
    qtbot.waitUntil(lambda: reports.live_view.last_update is not None and reports.report is reports.live_view.value,
                    timeout=10000)
    fresh = sigma.indicators.compute(reports.report.filter)
    assert reports.report.values == fresh.values
    # another module in front: the hidden Reportes does nothing on a write, and catches up when shown again
    reports.hide()
    shown = reports.report
    sigma.validation.validate([pending[1].execution_id])
    assert reports.live_view.stale and reports.report is shown
    reports.show()
    qtbot.waitUntil(lambda: reports.report is not shown, timeout=10000)
    assert reports.live_view.last_update.coaches >= 1 and not reports.live_view.stale
    assert reports.report.values == sigma.indicators.compute(reports.report.filter).values


def test_a_closed_panel_stops_its_live_view(qtbot, ui_demo):
    from PySide6.QtCore import QCoreApplication, QEvent

    from sigma_desktop.ui.panels.control import ControlPanel

    ui_demo.sign_in("gestor_local")
    sigma = ui_demo.sigma
    panel = ControlPanel(sigma)  # not given to qtbot: the test deletes it
    qtbot.waitUntil(lambda: panel.grid is not None, timeout=10000)
    view = panel.live_view
    assert view in sigma.live.views
    panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert view not in sigma.live.views

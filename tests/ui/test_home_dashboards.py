"""Each role's Inicio (pytest-qt, offscreen, on the small demo of 2017): a click on a bar, a point or a number
opens the records behind it — the Control's drill-down, the validation backlog, the teacher's ficha — and
charts are saved as PNG."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from sigma_desktop.domain.dashboard import AGE_BANDS
from sigma_desktop.domain.enums import Role
from sigma_desktop.domain.reporting import ReportFilter
from tests.demo_world import YEAR, demo  # noqa: F401
from tests.ui.test_control_reports_panels import ui_demo  # noqa: F401 - the demo with QSettings kept aside


def _click(qtbot, chart, key) -> None:
    rect = chart.mark_rect(key)
    assert rect is not None, key
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))


def _panel(qtbot, cls, sigma, month: int):
    panel = cls(sigma)
    qtbot.addWidget(panel)
    panel.resize(1126, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.data is not None, timeout=20000)
    panel.filters.set_period(YEAR, month)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.data.month == month if hasattr(panel.data, "month")
                    else panel.data.filter.month == month, timeout=20000)
    return panel


def _ids(rows) -> list:
    return [r.record_id for r in rows]


def test_every_role_opens_on_its_own_inicio():
    from sigma_desktop.ui.navigation import modules_for

    expected = {Role.COACH: "CoachHomePanel", Role.LOCAL_MANAGER: "ManagerHomePanel",
                Role.REGIONAL_MANAGER: "ManagerHomePanel", Role.QUALITY_COORDINATOR: "ManagerHomePanel",
                Role.DATA_QUALITY: "RciHomePanel", Role.ADMIN: "HomePanel"}
    for role, cls in expected.items():
        home = modules_for(role)[0]
        assert home.key == "home" and home.target.endswith(":" + cls)
        assert home.panel_class().__name__ == cls


def test_gestor_local_a_click_opens_the_records_behind_each_figure(qtbot, ui_demo, tmp_path):  # noqa: F811
    from sigma_desktop.ui.forms.records_dialog import RecordsDialog
    from sigma_desktop.ui.home.common import ReviewRecordsDialog
    from sigma_desktop.ui.home.manager import ManagerHomePanel

    sigma = ui_demo.sigma
    ui_demo.sign_in("gestor_local")
    month = next(mth for mth in range(3, 13) if sigma.dashboard.manager(YEAR, mth).motivos)
    panel = _panel(qtbot, ManagerHomePanel, sigma, month)
    data = panel.data
    f = ReportFilter(YEAR, month)
    # a coach's bar: the Control's drill-down of that coach's visits of the month
    assert [b.key for b in panel.groups_chart.bars] == [g.key for g in data.groups]
    assert [b.value for b in panel.groups_chart.bars] == [g.rate for g in data.groups]
    group = data.groups[-1]
    _click(qtbot, panel.groups_chart, group.key)
    dialog = panel.dialog
    assert isinstance(dialog, RecordsDialog) and dialog.isVisible()
    from uuid import UUID

    expected = sigma.control.records(f, "visita.planned", coach_id=UUID(group.key), month=month)
    assert _ids(dialog.model.rows) == _ids(expected) and len(expected) == group.planned
    assert sum(r.status == "ejecutada" for r in dialog.model.rows) == group.executed
    dialog.close()
    # a month of the trend: the UGEL's visits of that month
    point = data.months[0]
    _click(qtbot, panel.trend_chart, ("visita", point.month))
    rows = panel.dialog.model.rows
    assert len(rows) == point.planned and {r.month for r in rows} == {point.month}
    assert sum(r.status == "ejecutada" for r in rows) == point.executed
    panel.dialog.close()
    # a motivo: the non-executions of the month with that motivo, every kind
    motivo = data.motivos[0]
    _click(qtbot, panel.motivo_chart, motivo.code)
    rows = panel.dialog.model.rows
    assert len(rows) == motivo.count and {(r.status, r.skip_reason) for r in rows} == {("no_ejecutada", motivo.code)}
    panel.dialog.close()
    # an age band of the backlog: the records waiting, oldest first, and the way to the validation queue
    band = next(b for b in reversed(data.backlog) if b.total)
    _click(qtbot, panel.backlog_chart, band.index)
    dialog = panel.dialog
    assert isinstance(dialog, ReviewRecordsDialog)
    expected = sigma.dashboard.backlog_records(YEAR, band.index, today=data.today)
    assert [r.execution_id for r in dialog.model.rows] == [r.execution_id for r in expected]
    assert len(expected) == band.total
    with qtbot.waitSignal(panel.sig_open_module) as opened:
        dialog.module_button.click()
    assert opened.args == ["validation"]
    # the numbers of the summary are links to their records too
    panel.open_link("executed")
    total = data.total()
    assert len(panel.dialog.model.rows) == total.executed
    panel.dialog.close()
    # the keyboard: from the bar clicked last (the last one), one up, then Enter
    panel.groups_chart.setFocus()
    qtbot.keyClick(panel.groups_chart, Qt.Key.Key_Up)
    qtbot.keyClick(panel.groups_chart, Qt.Key.Key_Return)
    above = data.groups[max(len(data.groups) - 2, 0)]
    assert panel.dialog.windowTitle().endswith(f"{above.label} — Visita en aula, {_month(month)} {YEAR}")
    panel.dialog.close()
    # PNG export of a chart: the whole chart, readable back
    path = panel.cards["groups"].save_png(str(tmp_path / "ejecucion"))
    image = QImage(path)
    assert path.endswith(".png") and not image.isNull() and image.height() >= panel.groups_chart.full_height(
        image.width()) - 1


def _month(n: int) -> str:
    from sigma_desktop.ui import labels

    return labels.month(n)


def test_gestor_regional_sees_ugels_and_who_has_not_closed(qtbot, ui_demo):  # noqa: F811
    from sigma_desktop.ui.home.manager import ManagerHomePanel

    sigma = ui_demo.sigma
    ui_demo.sign_in("gestor_regional")
    panel = _panel(qtbot, ManagerHomePanel, sigma, 7)
    data = panel.data
    assert data.level == "ugel" and len(data.groups) > 1
    group = data.groups[0]
    _click(qtbot, panel.groups_chart, group.key)
    rows = panel.dialog.model.rows
    assert _ids(rows) == _ids(sigma.control.records(ReportFilter(YEAR, 7), "visita.planned", ugel_code=group.key))
    assert len(rows) == group.planned
    panel.dialog.close()
    # the closing table: UGELs with months not closed first, in red; a double-click shows that UGEL
    late = data.unclosed()
    assert late
    first = panel.closings.item(0, 0).data(Qt.ItemDataRole.UserRole)
    assert first in {code for code, _name in late}
    late_months = next(months for (code, _n), months in late.items() if code == first)
    assert panel.closings.item(0, 2).text().startswith(_month(late_months[0])[:3])
    panel.open_ugel(0, 0)
    qtbot.waitUntil(lambda: panel.data.filter.ugel_code == first, timeout=20000)
    assert panel.data.level == "acompanante"
    # the backlog of a regional user: read only (no validation module for this role)
    band = next(b for b in panel.data.backlog if b.total)
    panel.open_backlog(band.index)
    assert panel.dialog.module_button is None and len(panel.dialog.model.rows) == band.total
    assert AGE_BANDS[band.index][2].lower() in panel.dialog.windowTitle()


def test_ap_a_click_opens_the_month_records_and_the_teachers_ficha(qtbot, ui_demo):  # noqa: F811
    from sigma_desktop.ui.forms.teacher_ficha import TeacherFichaDialog
    from sigma_desktop.ui.home.coach import CoachHomePanel

    sigma = ui_demo.sigma
    ui_demo.sign_in("ap")
    panel = _panel(qtbot, CoachHomePanel, sigma, 5)
    data = panel.data
    kind = data.kinds[0]
    _click(qtbot, panel.kinds_chart, kind.kind)
    rows = panel.dialog.model.rows
    assert _ids(rows) == _ids(sigma.control.records(ReportFilter(YEAR, 5), f"{kind.kind}.planned"))
    assert len(rows) == kind.planned and sum(r.status == "ejecutada" for r in rows) == kind.executed
    panel.dialog.close()
    teacher = data.teachers[0]
    _click(qtbot, panel.teachers_chart, teacher.teacher_id)
    assert isinstance(panel.dialog, TeacherFichaDialog) and panel.dialog.teacher_id == teacher.teacher_id
    panel.dialog.close()
    # the lists: observed records first when there are any, and the way to correct them
    assert panel.observed_model.rowCount() == len(data.observed)
    assert panel.tabs.tabText(1).endswith(f"({len(data.observed)})")
    if data.observed:
        assert panel.tabs.currentIndex() == 1
        with qtbot.waitSignal(panel.sig_open_module) as opened:
            panel.correct_button.click()
        assert opened.args == ["planning"]
    assert panel.not_visited_model.rowCount() == len(data.not_visited)


def test_the_main_window_follows_a_dashboards_link(qtbot, ui_demo):  # noqa: F811
    from sigma_desktop.ui.home.manager import ManagerHomePanel
    from sigma_desktop.ui.main_window import MainWindow

    ui_demo.sign_in("gestor_local")
    window = MainWindow(ui_demo.sigma, ui_demo.sigma.db.describe(), "local (SQLite)")
    qtbot.addWidget(window)
    home = window.panels["home"]
    assert isinstance(home, ManagerHomePanel)
    qtbot.waitUntil(lambda: home.data is not None, timeout=20000)
    home.sig_open_module.emit("validation")
    assert window.stack.currentWidget() is window.panels["validation"]
    # the Inicio behind Validación only notes a validation; back in front, it shows it
    window.show()
    before = home.data
    sigma = ui_demo.sigma
    pending = [r for b in range(len(AGE_BANDS)) for r in sigma.dashboard.backlog_records(
        before.filter.year, b, today=before.today)]
    assert pending, "the demo has records waiting for validation"
    sigma.validation.validate([pending[0].execution_id])
    assert home.follower.view.stale and home.data is before
    window.show_module("home")
    qtbot.waitUntil(lambda: home.data is not before, timeout=10000)
    assert sum(b.total for b in home.data.backlog) == sum(b.total for b in before.backlog) - 1


def test_the_gestor_locals_inicio_follows_a_validation_live(qtbot, ui_demo):  # noqa: F811
    """Validating one record re-reads that coach only, and the open Inicio shows the new backlog and the
    same figures as a fresh computation, without being asked to refresh."""
    from sigma_desktop.ui.home.manager import ManagerHomePanel

    sigma = ui_demo.sigma
    ui_demo.sign_in("gestor_local")
    panel = _panel(qtbot, ManagerHomePanel, sigma, 6)
    before = panel.data
    waiting = [r for b in range(len(AGE_BANDS)) for r in sigma.dashboard.backlog_records(YEAR, b, today=before.today)]
    assert len(waiting) > 1, "the demo has records waiting for validation"
    shown = []
    panel.follower.view.subscribe(lambda view: shown.append(view.last_update))
    sigma.validation.validate([waiting[0].execution_id])
    qtbot.waitUntil(lambda: panel.data is not before, timeout=10000)
    assert [u.coaches for u in shown] == [1]
    assert sum(b.total for b in panel.data.backlog) == sum(b.total for b in before.backlog) - 1
    assert panel.data == sigma.dashboard.manager(YEAR, 6, today=before.today)
    assert f"{sum(b.total for b in panel.data.backlog)} registros por validar" in panel.summary.text()
    # hidden (another module in front): a write is only noted; shown again, the Inicio catches up
    panel.hide()
    hidden = panel.data
    sigma.validation.validate([waiting[1].execution_id])
    assert panel.follower.view.stale and panel.data is hidden and len(shown) == 1
    panel.show()
    qtbot.waitUntil(lambda: panel.data is not hidden, timeout=10000)
    assert [u.coaches for u in shown] == [1, 1] and not panel.follower.view.stale
    assert panel.data == sigma.dashboard.manager(YEAR, 6, today=before.today)

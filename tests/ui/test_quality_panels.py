"""The RCI's Inicio and the Calidad de la información module (pytest-qt, offscreen, on the small demo): a click
on a bar of the chart opens the findings of that kind with the right records; findings are marked from the
window; the module filters and exports; the charts' clicks, keyboard and PNG export."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from sigma_desktop.domain.enums import Role
from sigma_desktop.domain.quality.kinds import OPEN_STATES, Kind, State
from tests.demo_world import YEAR, demo  # noqa: F401
from tests.ui.test_control_reports_panels import ui_demo  # noqa: F401 - the demo with QSettings kept aside
from tests.services.test_quality import sign_in_planted


def _home(qtbot, sigma):
    from sigma_desktop.ui.home.rci import RciHomePanel

    panel = RciHomePanel(sigma)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=20000)
    return panel


def _quality(qtbot, sigma):
    from sigma_desktop.ui.panels.quality import QualityPanel

    panel = QualityPanel(sigma)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=20000)
    return panel


def test_each_role_gets_its_inicio_and_the_module_where_it_should():
    from sigma_desktop.ui.navigation import modules_for

    for role in Role:
        modules = {m.key: m.target for m in modules_for(role)}
        assert ("quality" in modules) == (role in (Role.DATA_QUALITY, Role.QUALITY_COORDINATOR))
        assert modules["home"].endswith("RciHomePanel") == (role is Role.DATA_QUALITY)


def test_a_click_on_a_bar_opens_the_findings_of_its_kind_with_their_records(qtbot, ui_demo):
    sigma = ui_demo.sigma
    sign_in_planted(ui_demo, "rci")
    home = _home(qtbot, sigma)
    report = home.report
    counts = report.open_by_kind()
    assert [b.key for b in home.chart.bars][0] == max(Kind, key=lambda k: (counts[k][0], -list(Kind).index(k)))
    assert {b.key: b.value for b in home.chart.bars} == {k: n for k, (n, _r) in counts.items()}
    kind = Kind.ALLOWANCE_OVER
    rect = home.chart.mark_rect(kind)
    qtbot.mouseClick(home.chart, Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.center().y()))
    dialog = home.dialog
    assert dialog is not None and dialog.isVisible() and dialog.kind is kind
    expected = report.select([kind], OPEN_STATES)
    assert [r.id for r in dialog.view.findings.rows] == [r.id for r in expected] and expected
    shown = dialog.view.selected()
    assert shown.id == expected[0].id
    records = [(x.entity, x.record_id) for x in dialog.view.records.rows]
    assert records == [(r.entity, r.id) for r in expected[0].finding.records]
    assert dialog.view.records.rows[0].what_label == "Ruta" and "rendido" in dialog.view.records.rows[0].money_label
    dialog.close()  # closing it reviews the data again (what the dialog marked shows at once)
    qtbot.waitUntil(lambda: home.report is not report, timeout=20000)
    # the keyboard: the first bar, then Enter
    home.chart.setFocus()
    qtbot.keyClick(home.chart, Qt.Key.Key_Down)
    qtbot.keyClick(home.chart, Qt.Key.Key_Return)
    assert home.dialog.kind is home.chart.bars[0].key


def _auto_mark(state: State, note: str):
    """A MarkDialog that fills itself and saves instead of waiting for a person."""
    from sigma_desktop.ui.quality.dialogs import MarkDialog

    class Auto(MarkDialog):
        def exec(self):  # noqa: A003 - Qt name
            self.state.setCurrentIndex(self.state.findData(state))
            self.note.setPlainText(note)
            self.save()
            Auto.last = self
            return self.result()

    return Auto


def test_the_module_marks_a_finding_and_refuses_a_justification_without_a_note(qtbot, ui_demo):
    sigma = ui_demo.sigma
    sign_in_planted(ui_demo, "rci")
    panel = _quality(qtbot, sigma)
    assert panel.view.findings.rows and all(r.is_open for r in panel.view.findings.rows)
    panel.kind.setCurrentIndex(panel.kind.findData(Kind.DAY_OFF))
    rows = panel.view.findings.rows
    assert rows and {r.kind for r in rows} == {Kind.DAY_OFF}
    first = panel.view.selected()
    empty = _auto_mark(State.JUSTIFIED, "   ")
    panel.view.mark_selected(empty)
    assert "Nota:" in empty.last.error.text() and panel.view.selected().state is State.NEW
    with qtbot.waitSignal(panel.sig_changed, timeout=2000) as changed:
        panel.view.mark_selected(_auto_mark(State.JUSTIFIED, "Feriado recuperado con autorización de la UGEL"))
    (changes,) = changed.args
    assert changes.touches("quality_finding") and changes.kinds == {"quality_finding"}
    # open findings only: the justified one leaves the list when the list is shown again
    assert panel.view.findings.rows[0].state is State.JUSTIFIED
    panel.state.setCurrentIndex(panel.state.findData("justificada"))
    assert [r.id for r in panel.view.findings.rows] == [first.id]
    assert panel.view.finding_history.isEnabled()
    stored = next(r for r in sigma.quality.run(YEAR).findings if r.id == first.id)
    assert stored.state is State.JUSTIFIED and stored.note.startswith("Feriado recuperado")
    panel.state.setCurrentIndex(panel.state.findData("abiertos"))
    assert first.id not in {r.id for r in panel.view.findings.rows}


def test_the_module_exports_what_it_shows(qtbot, ui_demo, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from sigma_desktop.ui.panels import export_actions

    sigma = ui_demo.sigma
    sign_in_planted(ui_demo, "rci")
    panel = _quality(qtbot, sigma)
    panel.kind.setCurrentIndex(panel.kind.findData(Kind.PENDING_VALIDATION))
    target = tmp_path / "calidad.xlsx"
    opened = []
    monkeypatch.setattr(export_actions, "ask_path", lambda *_a: target)
    monkeypatch.setattr(export_actions, "open_file", opened.append)
    panel.export()
    qtbot.waitUntil(lambda: opened == [target], timeout=20000)
    rows = list(load_workbook(target, read_only=True)["Hallazgos"].iter_rows(min_row=7, values_only=True))
    assert len(rows) == len(panel.view.findings.rows) and {r[1] for r in rows} == {"Validación pendiente antigua"}


def test_a_coordinator_of_a_dre_sees_every_ugel_and_chooses_one(qtbot, ui_demo):
    sigma = ui_demo.sigma
    with sigma.db.session() as s:
        from sqlalchemy import select

        from sigma_desktop.storage import models as m

        dre_code = s.scalar(select(m.Dre.code))
    sigma.users.add("99990001", "Coordinadora Regional de Calidad", "coordinador_calidad", "clave-coordinadora-1",
                    dre_code=dre_code)
    sigma.auth.sign_in("99990001", "clave-coordinadora-1")
    panel = _quality(qtbot, sigma)
    assert panel.ugel.count() == 3 and panel.ugel.currentData() is None  # «Todas» and the two UGEL
    assert len({r.finding.ugel_id for r in panel.report.findings}) == 2
    assert "UGEL" in [panel.view.findings.headerData(i, Qt.Orientation.Horizontal)
                      for i in range(panel.view.findings.columnCount())]
    panel.report = None
    panel.ugel.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=20000)
    assert len({r.finding.ugel_id for r in panel.report.findings}) == 1


def test_charts_carry_their_keys_and_export_the_whole_chart(qtbot, tmp_path):
    from sigma_desktop.ui.charts import EXECUTION_THRESHOLDS, Bar, BarChart, Series, TrendChart

    bars = BarChart()
    qtbot.addWidget(bars)
    bars.set_data([Bar(f"ap{i}", f"Acompañante Ñahui {i}", 20.0 + i) for i in range(600)], unit="%",
                  thresholds=EXECUTION_THRESHOLDS, band_colors=True, title="Ejecución por acompañante")
    area = bars.in_scroll_area()
    qtbot.addWidget(area)
    area.resize(900, 500)
    area.show()
    qtbot.waitExposed(area)
    assert bars.height() >= 600 * bars.row_height  # every row has its height; the area scrolls
    rect = bars.mark_rect("ap450")
    with qtbot.waitSignal(bars.sig_activated) as clicked:
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == ["ap450"]
    png = bars.export_png(tmp_path / "barras")
    image = QImage(str(png))
    assert png.suffix == ".png" and image.width() == bars.width() and image.height() > 500
    trend = TrendChart()
    qtbot.addWidget(trend)
    trend.resize(800, 280)
    trend.set_data([(m, n) for m, n in ((3, "Mar"), (4, "Abr"), (5, "May"))],
                   [Series("visitas", "Visitas", [80.0, None, 95.5]), Series("gia", "GIA", [40.0, 60.0, 70.0])],
                   thresholds=EXECUTION_THRESHOLDS)
    trend.show()
    assert trend.mark_rect(("visitas", 4)) is None  # no value, no point
    with qtbot.waitSignal(trend.sig_activated) as clicked:
        qtbot.mouseClick(trend, Qt.MouseButton.LeftButton, pos=trend.mark_rect(("gia", 5)).center())
    assert clicked.args == [("gia", 5)]
    empty = BarChart()
    qtbot.addWidget(empty)
    empty.set_data([])
    assert empty.mark_at(QPoint(10, 10)) is None and QImage(str(empty.export_png(tmp_path / "vacio.png"))).width()

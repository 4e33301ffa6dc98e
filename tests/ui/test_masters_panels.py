"""Maestros modules offscreen: the national lists (lazy, filtered and sorted in SQL), Asignaciones,
Usuarios and Catálogos."""
from __future__ import annotations

from enum import IntEnum

import pytest
from PySide6.QtCore import QPoint, Qt

from sigma_desktop.ui.models.lazy_table import ID_ROLE, LazyTableModel

from tests.world import ADMIN, COACH_EIB, COACH_EIB2, COACH_MG, COACH_MG2, GESTOR, GESTOR_OTHER, RCI, YEAR

ALL_TEACHERS = 7


def make(qtbot, cls, world):
    panel = cls(world.sigma, None)
    qtbot.addWidget(panel)
    panel.resize(1050, 700)
    panel.show()
    return panel


def column_values(model, column) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def click_header(qtbot, view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


# --- the lazy model on its own ---------------------------------------------------------------------

class _Row:
    def __init__(self, n: int):
        self.id = n
        self.n = n


class NumbersModel(LazyTableModel):
    """1,000 numbers, served page by page like the service would (sort in the 'query')."""

    class Column(IntEnum):
        NUMBER = 0
        SQUARE = 1

    PAGE_SIZE = 50
    CACHED_PAGES = 3

    def header_labels(self):
        return {self.Column.NUMBER: "Número", self.Column.SQUARE: "Cuadrado"}

    def sort_keys(self):
        return {self.Column.NUMBER: "n"}

    def right_aligned(self):
        return frozenset({self.Column.SQUARE})

    def display(self, row, column):
        return str(row.n if column == self.Column.NUMBER else row.n * row.n)

    def raw(self, row, column):
        return row.n if column == self.Column.NUMBER else row.n * row.n


def numbers_model(total=1000, counts=None):
    calls = []

    def count(flt):
        if counts is not None:
            counts.append(flt)
        return len([n for n in range(total) if flt is None or str(flt) in str(n)])

    def page(flt, sort, descending, offset, limit):
        calls.append((sort, descending, offset, limit))
        rows = [n for n in range(total) if flt is None or str(flt) in str(n)]
        rows.sort(reverse=descending)
        return [_Row(n) for n in rows[offset:offset + limit]]

    model = NumbersModel(count, page)
    model.set_filter(None)
    return model, calls


def test_lazy_model_fetches_pages_on_demand_and_keeps_a_few(qtmodeltester):
    model, calls = numbers_model()
    assert model.rowCount() == 1000 and calls == [("n", False, 0, 50)]  # the first page comes with the count
    assert model.data(model.index(0, 0)) == "0"
    assert model.data(model.index(49, 1)) == str(49 * 49)
    assert len(calls) == 1
    assert model.data(model.index(999, 0), Qt.ItemDataRole.UserRole) == 999
    assert calls[-1] == ("n", True, 0, 50)  # the last page is read from the end, reversed
    assert model.data(model.index(120, 0), ID_ROLE) == 120
    assert calls[-1] == ("n", False, 100, 50)
    model.data(model.index(500, 0))  # a fourth page: the oldest one (the first) is forgotten
    model.data(model.index(0, 0))
    assert len(calls) == 5
    assert model.data(model.index(1000, 0)) is None
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "999" and calls[-1] == ("n", True, 0, 50)
    model.sort(1, Qt.SortOrder.AscendingOrder)  # no sort key: ignored, no query
    assert model.sort_state() == (0, True)
    model.set_filter("7")
    assert model.rowCount() == 271


@pytest.mark.parametrize("total", [1003, 1000, 51, 7])
@pytest.mark.parametrize("descending", [False, True])
def test_lazy_model_rows_read_from_either_end_are_the_same_list(total, descending):
    model, _ = numbers_model(total)
    model.sort(0, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert shown == sorted(range(total), reverse=descending)


def test_lazy_model_skips_the_count_when_the_first_page_is_the_whole_list():
    counts = []
    model, calls = numbers_model(1000, counts)
    assert counts == [None]  # a full first page: counted
    model.set_filter("77")  # 77, 177, 277 … 770–779, 877, 977: 19 rows, one short page
    assert model.rowCount() == 19 and counts == [None] and len(calls) == 2


def test_lazy_model_passes_qt_model_tester(qtmodeltester, qtlog):
    model, _ = numbers_model(300)
    qtmodeltester.check(model)  # Qt's C++ tester: it reports failures as warnings
    qtmodeltester.check(model, force_py=True)
    model.set_filter("1")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.reload()
    assert not [r.message for r in qtlog.records if "FAIL" in r.message or "tester" in r.message.lower()]


def test_lazy_model_reports_service_failures():
    def boom(*_args):
        raise RuntimeError("sin conexión")

    model = NumbersModel(lambda _f: 10, boom)
    failures = []
    model.sig_failed.connect(failures.append)
    model.set_filter(None)
    assert model.data(model.index(0, 0)) is None
    assert failures and "sin conexión" in str(failures[0])


# --- the three national lists ----------------------------------------------------------------------

def _panels():
    from sigma_desktop.ui.panels.coaches import CoachesPanel
    from sigma_desktop.ui.panels.schools import SchoolsPanel
    from sigma_desktop.ui.panels.teachers import TeachersPanel

    return {"teachers": (TeachersPanel, ALL_TEACHERS), "schools": (SchoolsPanel, 2),
            "coaches": (CoachesPanel, 5)}


@pytest.mark.parametrize("kind", ["teachers", "schools", "coaches"])
def test_list_panel_builds_counts_and_passes_model_tester(ui_world, qtbot, qtmodeltester, kind):
    ui_world.sign_in(ADMIN)
    cls, rows = _panels()[kind]
    panel = make(qtbot, cls, ui_world)
    assert panel.model.rowCount() == rows
    assert panel.count_label.text().startswith(str(rows))
    assert all(panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(panel.model.columnCount()))
    qtmodeltester.check(panel.model, force_py=True)
    panel.search.setText("zzzz")
    panel.apply_filter()
    assert panel.model.rowCount() == 0
    assert panel.count_label.text().startswith("0")


def test_teacher_filter_as_you_type_is_debounced_and_accent_insensitive(ui_world, qtbot):
    ui_world.sign_in(ADMIN)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    model = panel.model
    qtbot.keyClicks(panel.search, "huaman")  # ASCII only: non-ASCII keyClicks abort the process
    assert model.rowCount() == ALL_TEACHERS  # not yet: the query waits for a pause in the typing
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    assert column_values(model, model.Column.NAME) == ["Huamán, Docente Abancay"]
    assert panel.count_label.text() == "1 docente"
    panel.search.setText("ÑAHUI")  # accented, upper case: set directly
    qtbot.waitUntil(lambda: model.rowCount() == 6, timeout=2000)
    panel.search.setText("señor ánimas 40000002")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)
    assert column_values(model, model.Column.DNI) == ["40000002"]
    qtbot.keyClick(panel, Qt.Key.Key_Escape)  # Esc clears the search
    qtbot.waitUntil(lambda: model.rowCount() == ALL_TEACHERS, timeout=2000)


def test_sort_by_header_requeries(ui_world, qtbot, qtmodeltester):
    ui_world.sign_in(ADMIN)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    model, view = panel.model, panel.view
    qtmodeltester.check(model, force_py=True)
    C = model.Column
    assert column_values(model, C.NAME)[0] == "Huamán, Docente Abancay"  # by name at first
    before = model.fetches
    click_header(qtbot, view, C.DNI)
    assert model.sort_state() == (C.DNI, False)
    dnis = column_values(model, C.DNI)
    assert dnis == sorted(dnis) and model.fetches > before
    click_header(qtbot, view, C.DNI)
    assert model.sort_state() == (C.DNI, True)
    assert column_values(model, C.DNI) == sorted(dnis, reverse=True)
    click_header(qtbot, view, C.SCHOOL)
    assert column_values(model, C.SCHOOL)[0].startswith("0512345-0")
    click_header(qtbot, view, C.SCHOOL)
    assert column_values(model, C.SCHOOL)[0].startswith("0654321-0 · IE Abancay")


def test_coach_list_sorted_by_assigned_teachers(ui_world, qtbot):
    ui_world.sign_in(ADMIN)
    panel = make(qtbot, _panels()["coaches"][0], ui_world)
    C = panel.model.Column
    panel.view.sortByColumn(C.TEACHERS, Qt.SortOrder.DescendingOrder)
    assert column_values(panel.model, C.TEACHERS)[:3] == ["3", "2", "1"]
    assert column_values(panel.model, C.DNI)[0] == COACH_MG


def test_school_list_shows_places_from_ubigeo(ui_world, qtbot):
    ui_world.sign_in(ADMIN)
    panel = make(qtbot, _panels()["schools"][0], ui_world)
    m = panel.model
    C = m.Column
    panel.search.setText("animas")
    panel.apply_filter()
    row = {c.name: m.data(m.index(0, c)) for c in C}
    assert row == {"MODULAR_CODE": "0512345", "ANNEX": "0", "LOCAL_CODE": "123456",
                   "NAME": "IE N° 54321 Señor de Ánimas", "LEVEL": "Primaria", "CHARACTERISTIC": "Unidocente",
                   "AREA": "Rural", "DISTRICT": "Chuquibambilla", "PROVINCE": "Grau", "DEPARTMENT": "Apurímac",
                   "UGEL": "UGEL Grau"}


def test_gestor_of_another_ugel_sees_only_their_teachers(ui_world, qtbot):
    ui_world.sign_in(GESTOR_OTHER)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    assert column_values(panel.model, panel.model.Column.DNI) == ["40000009"]
    assert panel.view.isColumnHidden(panel.model.Column.UGEL)  # one UGEL: no UGEL column


def test_year_changes_the_coach_column(ui_world, qtbot):
    ui_world.sign_in(GESTOR)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    C = panel.model.Column
    assert panel.year.value() == YEAR
    assert any(column_values(panel.model, C.COACHES))
    panel.year.set_value(YEAR + 1)
    assert not any(column_values(panel.model, C.COACHES))


def test_double_click_asks_for_the_teachers_ficha(ui_world, qtbot):
    ui_world.sign_in(ADMIN)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    panel.open_ficha = lambda _tid: None  # the ficha dialog is another module; only the request is tested
    panel.sig_open_teacher.disconnect()
    index = panel.model.index(0, 1)
    rect = panel.view.visualRect(index)
    qtbot.waitExposed(panel)
    # Qt 6's QTest double click needs the press that precedes it in real life
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.sig_open_teacher, timeout=1000) as signal:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [ui_world.teachers["40000009"]]
    panel.view.selectRow(1)
    assert panel.ficha_button.isEnabled()
    with qtbot.waitSignal(panel.sig_open_teacher, timeout=1000) as signal:
        panel.ficha_button.click()
    assert signal.args == [ui_world.teachers["40000001"]]


def test_ficha_request_without_the_ficha_module_says_so(ui_world, qtbot, monkeypatch):
    import importlib.util

    from sigma_desktop.ui.panels import teachers

    ui_world.sign_in(ADMIN)
    panel = make(qtbot, teachers.TeachersPanel, ui_world)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == teachers.FICHA_MODULE else real(name, *a))
    panel.sig_open_teacher.emit(ui_world.teachers["40000001"])
    assert panel.error.isVisibleTo(panel)
    assert "ficha del docente" in panel.error.text()


def test_eib_teacher_with_two_coaches_in_the_teacher_list(ui_world, qtbot):
    ui_world.sign_in(RCI)
    ui_world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    panel = make(qtbot, _panels()["teachers"][0], ui_world)
    panel.search.setText("40000004")
    panel.apply_filter()
    m = panel.model
    assert m.rowCount() == 1
    coaches = m.data(m.index(0, m.Column.COACHES))
    assert coaches.count("Ccahuana Peña, Acompañante") == 2
    assert set(m.data(m.index(0, m.Column.COACHES), Qt.ItemDataRole.UserRole)) == {COACH_EIB, COACH_EIB2}
    tooltip = m.data(m.index(0, m.Column.COACHES), Qt.ItemDataRole.ToolTipRole)
    assert COACH_EIB in tooltip and COACH_EIB2 in tooltip
    assert m.data(m.index(0, m.Column.INTERVENTION)) == "EIB"


# --- Asignaciones ----------------------------------------------------------------------------------

def assignments_panel(qtbot, world, who=RCI):
    from sigma_desktop.ui.panels.assignments import AssignmentsPanel

    world.sign_in(who)
    return make(qtbot, AssignmentsPanel, world)


def test_assignments_panel_shows_a_coachs_teachers(ui_world, qtbot, qtmodeltester):
    panel = assignments_panel(qtbot, ui_world)
    qtmodeltester.check(panel.coaches, force_py=True)
    qtmodeltester.check(panel.rows, force_py=True)
    assert panel.coaches.rowCount() == 4  # the RCI's UGEL only
    assert panel.select_coach(COACH_MG)
    assert [r.dni for r in panel.rows.rows] == ["40000001", "40000002", "40000003"]
    assert "DNI 45000001" in panel.coach_title.text()
    panel.coach_search.setText("")
    qtbot.waitUntil(lambda: panel.coaches.rowCount() == 4, timeout=2000)
    assert panel.coach is not None and panel.coach.dni == COACH_MG  # a new search keeps the choice


def test_assignments_bad_input_shows_spanish_message_next_to_field_and_saves_nothing(ui_world, qtbot):
    panel = assignments_panel(qtbot, ui_world)
    before = ui_world.log_count()
    assert not panel.assign()  # no coach chosen
    assert "seleccione un acompañante" in panel.errors.message("dni_acompanante")
    panel.select_coach(COACH_MG)
    panel.teacher_dni.setText("123")
    qtbot.mouseClick(panel.assign_button, Qt.MouseButton.LeftButton)
    assert panel.errors.message("dni_docente") == "DNI: debe tener exactamente 8 dígitos (se recibió «123»)."
    assert panel.teacher_dni.property("invalid") is True
    panel.teacher_dni.setText("49999999")
    assert not panel.assign()
    assert panel.errors.message("dni_docente") == "DNI del docente: 49999999 no está registrado."
    panel.teacher_dni.setText("40000004")  # an EIB teacher may not take a second Multigrado coach? it may:
    panel.select_coach(COACH_MG2)           # but a Multigrado teacher may not have two Multigrado coaches
    panel.teacher_dni.setText("40000001")
    assert not panel.assign()
    assert "solo en EIB un docente puede tener varios acompañantes" in panel.errors.message("dni_acompanante")
    assert panel.errors.message("dni_docente") == ""
    panel.select_coach(COACH_MG)
    panel.rows_view.selectRow(0)
    assert not panel.remove_selected()  # no reason
    assert panel.errors.message("motivo").startswith("Motivo:")
    assert panel.reason.property("invalid") is True
    assert not panel.toggle_no_plan()
    assert panel.errors.message("motivo").startswith("Motivo:")
    assert ui_world.log_count() == before
    assert len(panel.rows.rows) == 3


def test_assign_mark_no_plan_and_remove_through_the_panel(ui_world, qtbot):
    panel = assignments_panel(qtbot, ui_world)
    changed = []
    panel.sig_changed.connect(changed.append)
    panel.select_coach(COACH_MG2)
    panel.teacher_dni.setText("40000006")
    assert panel.assign()
    assert [r.dni for r in panel.rows.rows] == ["40000006"]
    assert "40000006" in panel.ok.text() and changed[-1].kinds == {"assignment"}
    assert {p.coach_id for p in changed[-1].periods} == {ui_world.coaches[COACH_MG2]}
    assert panel.coach.teacher_count == 1  # the picker was reloaded and kept the coach
    panel.rows_view.selectRow(0)
    assert panel.no_plan_button.text() == "Marcar «no planificar»"
    panel.reason.setText("Licencia por maternidad")
    assert panel.toggle_no_plan()
    row = panel.rows.rows[0]
    assert row.no_plan and row.no_plan_reason == "Licencia por maternidad"
    assert panel.rows.data(panel.rows.index(0, 3)) == "Sí: Licencia por maternidad"
    panel.rows_view.selectRow(0)
    assert panel.no_plan_button.text() == "Quitar «no planificar»"
    assert panel.toggle_no_plan()  # clearing needs no reason
    assert not panel.rows.rows[0].no_plan
    panel.rows_view.selectRow(0)
    panel.reason.setText("Cambio de acompañante")
    assert panel.remove_selected()
    assert panel.rows.rows == []


def test_assignments_panel_shows_eib_teacher_with_two_coaches(ui_world, qtbot):
    panel = assignments_panel(qtbot, ui_world)
    panel.select_coach(COACH_EIB2)
    panel.teacher_dni.setText("40000004")
    assert panel.assign()
    panel.select_coach(COACH_EIB)
    rows = {r.dni: r for r in panel.rows.rows}
    assert [c.dni for c in rows["40000004"].other_coaches] == [COACH_EIB2]
    index = panel.rows.index([r.dni for r in panel.rows.rows].index("40000004"), 4)
    assert panel.rows.data(index) == f"Ccahuana Peña, Acompañante ({COACH_EIB2})"


def test_admin_may_assign_but_not_mark_no_plan(ui_world, qtbot):
    panel = assignments_panel(qtbot, ui_world, ADMIN)
    assert panel.coaches.rowCount() == 5  # national
    panel.select_coach(COACH_MG)
    panel.rows_view.selectRow(0)
    assert panel.remove_button.isEnabled() and not panel.no_plan_button.isEnabled()


# --- Usuarios --------------------------------------------------------------------------------------

def users_panel(qtbot, world):
    from sigma_desktop.ui.panels.users import UsersPanel

    world.sign_in(ADMIN)
    return make(qtbot, UsersPanel, world)


def test_users_panel_lists_filters_and_adds(ui_world, qtbot, qtmodeltester):
    panel = users_panel(qtbot, ui_world)
    qtmodeltester.check(panel.model, force_py=True)
    assert panel.model.rowCount() == 10
    panel.search.setText("gestor local")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=2000)
    panel.search.setText("")
    panel.apply_filter()
    before = ui_world.log_count()
    panel.new_dni.setText("46000001")
    panel.new_name.setText("Nuevo Gestor")
    panel.new_role.setCurrentIndex(panel.new_role.findData("gestor_local"))
    panel.new_password.setText("clave-nueva-1")
    panel.new_repeat.setText("clave-nueva-2")
    assert not panel.add_user()
    assert panel.errors.message("repetir") == "Repita la contraseña: las dos contraseñas no coinciden."
    panel.new_repeat.setText("clave-nueva-1")
    assert not panel.add_user()  # no office chosen
    assert panel.errors.message("oficina").startswith("UGEL / DRE")
    panel.new_office.setCurrentIndex(panel.new_office.findData("ugel:030007"))
    panel.new_password.setText("corta")
    panel.new_repeat.setText("corta")
    assert not panel.add_user()
    assert panel.errors.message("contrasena").startswith("Contraseña: debe tener al menos")
    assert ui_world.log_count() == before
    panel.new_password.setText("clave-nueva-1")
    panel.new_repeat.setText("clave-nueva-1")
    assert panel.add_user()
    assert panel.model.rowCount() == 11
    assert panel.selected_user().dni == "46000001"


def test_users_panel_rejects_an_ap_who_is_not_a_coach(ui_world, qtbot):
    panel = users_panel(qtbot, ui_world)
    panel.new_dni.setText("46000002")
    panel.new_name.setText("Alguien")
    panel.new_role.setCurrentIndex(panel.new_role.findData("ap"))
    panel.new_office.setCurrentIndex(panel.new_office.findData("ugel:030007"))
    panel.new_password.setText("clave-nueva-1")
    panel.new_repeat.setText("clave-nueva-1")
    assert not panel.add_user()
    assert "no está registrado como acompañante" in panel.errors.message("dni")


def test_users_panel_resets_password_and_deactivates(ui_world, qtbot):
    panel = users_panel(qtbot, ui_world)
    assert panel.select_dni(GESTOR)
    panel.reset_password.setText("otra-clave-9")
    panel.reset_repeat.setText("otra-clave-8")
    assert not panel.reset_selected_password()
    assert "no coinciden" in panel.errors.message("repetir_nueva")
    panel.reset_repeat.setText("otra-clave-9")
    assert panel.reset_selected_password()
    ui_world.sigma.auth.sign_in(GESTOR, "otra-clave-9")
    ui_world.sign_in(ADMIN)
    assert panel.select_dni(GESTOR)
    assert panel.active_button.text() == "Desactivar"
    assert panel.toggle_active()
    row = next(r for r in panel.model.rows if r.dni == GESTOR)
    assert not row.active and panel.active_button.text() == "Activar"
    assert panel.select_dni(ADMIN)
    assert not panel.active_button.isEnabled()  # not one's own account


# --- Catálogos -------------------------------------------------------------------------------------

def test_catalogues_panel_shows_every_catalogue(ui_world, qtbot, qtmodeltester):
    from sigma_desktop.ui.panels.catalogues import CataloguesPanel

    ui_world.sign_in(ADMIN)
    panel = make(qtbot, CataloguesPanel, ui_world)
    for model in (panel.interventions, panel.reasons, panel.versions, panel.items, panel.protocols):
        qtmodeltester.check(model, force_py=True)
    assert panel.interventions.rowCount() == 5
    assert panel.reasons.rowCount() == 12
    assert panel.versions.rowCount() == 2
    assert panel.items.rowCount() == 5  # the version in force (2018) is selected
    panel.versions_view.selectRow(0)
    assert panel.items.rowCount() == 6
    panel.protocol_year.set_value(YEAR)
    assert panel.protocols.rowCount() == 6
    eib = next(r for r in panel.protocols.rows if r.intervention == "EIB")
    assert eib.community_visits == 3

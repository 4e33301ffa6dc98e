"""The master data kept in the window (issue 16), driven offscreen: create and edit each master (IIEE, docente,
acompañante), deactivate and see the history; change a user's role; assign a teacher found by searching;
register and correct a UGEL; edit a protocol target and see the indicator's target change; motivos. Every
form given bad input shows the Spanish message next to the field and saves nothing."""
from __future__ import annotations

from datetime import date

import pytest

from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.ui.models.rows_model import select_row

from tests.ui.test_masters_panels import make
from tests.world import ADMIN, COACH_EIB2, COACH_MG, COACH_MG2, RCI, YEAR


def _select(panel, qtbot, text: str) -> None:
    """Filters a master list by `text` and selects its first row."""
    panel.search.setText(text)
    panel.apply_filter()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1, timeout=2000)
    select_row(panel.view, 0)


def _unchanged(world, action) -> None:
    before = world.log_count()
    assert action() is False
    assert world.log_count() == before


# --- IIEE ----------------------------------------------------------------------------------------------------

def test_create_and_edit_a_school(ui_world, qtbot):
    from sigma_desktop.ui.panels.schools import SchoolsPanel

    ui_world.sign_in(RCI)
    panel = make(qtbot, SchoolsPanel, ui_world)
    assert panel.actions.new_button.isVisible()
    dialog = panel.actions.open_dialog(None)
    dialog.modular_code.setText("0700001")
    dialog.name.setText("")
    dialog.level.setCurrentIndex(dialog.level.findData("secundaria"))
    dialog.area.setCurrentIndex(dialog.area.findData("rural"))
    dialog.ubigeo.setCurrentIndex(dialog.ubigeo.findData("030701"))
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("nombre") == "Nombre de la IE: es obligatorio."
    assert dialog.name.property("invalid") is True
    dialog.name.setText("IE N° 70001 Virgen de Cocharcas")
    dialog.local_code.setText("12")
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("codigo_local").startswith("Código de local: debe tener exactamente 6 dígitos")
    dialog.local_code.setText("")
    assert dialog.save()
    _select(panel, qtbot, "0700001")
    row = panel.model.row_object(0)
    assert (row.name, row.level, row.ugel_code) == ("IE N° 70001 Virgen de Cocharcas", "secundaria", "030007")
    edit = panel.actions.edit_selected()
    assert edit.modular_code.isReadOnly() and edit.name.text() == row.name
    edit.name.setText("IE N° 70001 Virgen de Cocharcas de Grau")
    assert edit.save()
    panel.apply_filter()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and "Grau" in panel.model.row_object(0).name, timeout=2000)
    select_row(panel.view, 0)
    assert panel.actions.toggle_selected()  # deactivated, not deleted
    qtbot.waitUntil(lambda: not panel.model.row_object(0).active, timeout=2000)
    assert panel.model.data(panel.model.index(0, panel.model.Column.NAME)).endswith("(inactiva)")
    select_row(panel.view, 0)
    history = panel.actions.history_of_selected()
    fields = {line.field for line in history.model.rows}
    assert {"Nombre", "Activo"} <= fields


# --- docentes ------------------------------------------------------------------------------------------------

def test_create_and_edit_a_teacher(ui_world, qtbot):
    from sigma_desktop.ui.panels.teachers import TeachersPanel

    ui_world.sign_in(RCI)
    panel = make(qtbot, TeachersPanel, ui_world)
    dialog = panel.actions.open_dialog(None)
    dialog.dni.setText("4000007")
    dialog.last_name_1.setText("Quispe")
    dialog.first_names.setText("Ana")
    dialog.modular_code.setText("0512345")
    assert "Señor de Ánimas" in dialog.school_label.text()
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("dni").startswith("DNI: debe tener exactamente 8 dígitos")
    dialog.dni.setText("40000077")
    dialog.modular_code.setText("0654321")  # Abancay's school: outside the RCI's UGEL
    _unchanged(ui_world, dialog.save)
    assert "fuera de su ámbito" in dialog.general.text()
    dialog.modular_code.setText("0512345")
    assert dialog.save()
    _select(panel, qtbot, "40000077")
    edit = panel.actions.edit_selected()
    assert edit.dni.isReadOnly() and edit.last_name_1.text() == "Quispe"
    edit.last_name_2.setText("Ñahui")
    edit.first_names.setText("Ana María")
    assert edit.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and "Ana María" in panel.model.row_object(0).name,
                    timeout=2000)
    assert panel.model.row_object(0).name == "Quispe Ñahui, Ana María"


# --- acompañantes --------------------------------------------------------------------------------------------

def test_create_and_edit_a_coach(ui_world, qtbot):
    from sigma_desktop.ui.panels.coaches import CoachesPanel

    ui_world.sign_in(ADMIN)
    panel = make(qtbot, CoachesPanel, ui_world)
    dialog = panel.actions.open_dialog(None)
    dialog.dni.setText("45000077")
    dialog.last_name_1.setText("Rojas")
    dialog.first_names.setText("Pedro")
    dialog.ugel.setCurrentIndex(dialog.ugel.findData("030007"))
    dialog.intervention.setCurrentIndex(dialog.intervention.findData("eib"))
    dialog.contract_start.setText(f"01/05/{YEAR}")
    dialog.contract_end.setText(f"01/04/{YEAR}")
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("fin_contrato") == "Fin de contrato: no puede ser anterior al inicio del contrato."
    dialog.contract_end.setText("31/13/2024")
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("fin_contrato").startswith("Fin del contrato:")
    dialog.contract_end.setText(f"31/12/{YEAR}")
    assert dialog.save()
    _select(panel, qtbot, "45000077")
    row = panel.model.row_object(0)
    assert (row.intervention_key, row.contract_end) == ("eib", date(YEAR, 12, 31))
    edit = panel.actions.edit_selected()
    assert edit.contract_start.text() == f"01/05/{YEAR}"
    edit.intervention.setCurrentIndex(edit.intervention.findData("multigrado"))  # no assignments yet: allowed
    assert edit.save()
    # a coach with assigned teachers stays active until the assignments are withdrawn
    _select(panel, qtbot, COACH_MG)
    assert not panel.actions.toggle_selected() or YEAR < date.today().year
    select_row(panel.view, 0)
    dialog = panel.actions.edit_selected()
    dialog.first_names.setText("")
    _unchanged(ui_world, dialog.save)
    assert dialog.errors.message("nombres") == "Nombres: es obligatorio."


def test_gestor_local_sees_no_edit_buttons(ui_world, qtbot):
    from sigma_desktop.ui.panels.teachers import TeachersPanel
    from tests.world import GESTOR

    ui_world.sign_in(GESTOR)
    panel = make(qtbot, TeachersPanel, ui_world)
    assert not panel.actions.new_button.isVisible() and not panel.actions.edit_button.isVisible()
    assert panel.actions.history_button.isVisible()


# --- usuarios ------------------------------------------------------------------------------------------------

def test_change_a_users_role_and_scope(ui_world, qtbot):
    from tests.ui.test_masters_panels import users_panel

    panel = users_panel(qtbot, ui_world)
    assert panel.select_dni(RCI)
    scope_column = [c.header for c in panel.model.columns].index("Ámbito")
    row = [r.dni for r in panel.model.rows].index(RCI)
    assert panel.model.data(panel.model.index(row, scope_column)) == "UGEL Grau (030007)"
    panel.role.setCurrentIndex(panel.role.findData("gestor_regional"))
    panel.office.setCurrentIndex(0)  # «Elija…»
    _unchanged(ui_world, panel.change_role)
    assert panel.errors.message("oficina_nueva") == "UGEL / DRE: elija la oficina del usuario."
    panel.office.setCurrentIndex(panel.office.findData("dre:030000"))
    assert panel.change_role()
    assert "ahora es Gestor Regional" in panel.ok.text()
    row = next(r for r in panel.model.rows if r.dni == RCI)
    assert (row.role, row.scope, row.dre_name) == ("gestor_regional", "dre", "DRE Apurímac")
    assert panel.select_dni(ADMIN)
    assert not panel.role_button.isEnabled()  # one's own role is changed by another administrator


# --- asignaciones --------------------------------------------------------------------------------------------

def test_assign_by_searching_name_and_see_school_level_and_coaches(ui_world, qtbot):
    from tests.ui.test_masters_panels import assignments_panel

    ui_world.sigma.masters.add_school("0700003", "0", "IE Secundaria Grau", "secundaria", "rural", "030701", "030007")
    ui_world.sigma.masters.add_teacher("40000071", "Marta", "Ayala", None, "0700003")
    panel = assignments_panel(qtbot, ui_world)
    panel.select_coach(COACH_EIB2)
    assert panel.select_teacher("40000004")  # by DNI
    assert panel.teacher.dni == "40000004"
    assert "Primaria" in panel.teacher_info.text() and "EIB" in panel.teacher_info.text()
    assert panel.level_warning.isHidden()
    assert panel.assign()
    assert [r.dni for r in panel.rows.rows] == ["40000004"]
    # a Secundaria teacher under Multigrado: warned before and after assigning
    panel.select_coach(COACH_MG2)
    assert panel.select_teacher("ayala marta")  # by name, accent- and case-insensitive
    assert panel.teacher.dni == "40000071"
    assert panel.select_teacher("Secundaria Grau")  # by the name of the school
    assert panel.teacher.dni == "40000071"
    assert not panel.level_warning.isHidden()
    assert "IE de secundaria y Multigrado" in panel.level_warning.text()
    assert panel.assign()
    assert "Atención: El docente 40000071 enseña en una IE de secundaria" in panel.ok.text()


# --- catálogos -----------------------------------------------------------------------------------------------

def catalogues_panel(qtbot, world):
    from sigma_desktop.ui.panels.catalogues import CataloguesPanel

    world.sign_in(ADMIN)
    return make(qtbot, CataloguesPanel, world)


def test_register_and_correct_a_ugel(ui_world, qtbot):
    panel = catalogues_panel(qtbot, ui_world)
    tab = panel.offices_tab
    assert {r.code for r in tab.model.rows} == {"030000", "030007", "030001"}
    assert tab.catalogue.findData("030007") < 0 and tab.catalogue.findData("030002") >= 0
    tab.catalogue.setCurrentIndex(tab.catalogue.findData("030002"))
    assert tab.register_selected()
    assert "UGEL 030002 registrada" in tab.ok.text()
    assert next(r for r in tab.model.rows if r.code == "030002").name == "UGEL Andahuaylas"
    tab.new_code.setText("039901")
    tab.new_name.setText("")
    _unchanged(ui_world, tab.add_new)
    assert tab.errors.message("nombre").startswith("Nombre de la UGEL: es obligatorio")
    tab.new_name.setText("UGEL Prueba Sur")
    assert tab.add_new()
    assert tab.select_code("ugel", "039901")
    tab.edit_name.setText("UGEL Sur")
    tab.edit_code.setText("030007")
    _unchanged(ui_world, tab.save_selected)
    assert tab.errors.message("codigo_oficina") == "Código de UGEL: 030007 ya existe."
    tab.edit_code.setText("039901")
    assert tab.save_selected()
    assert next(r for r in tab.model.rows if r.code == "039901").name == "UGEL Sur"


def test_edit_a_protocol_target_and_see_the_indicators_target_change(ui_world, qtbot):
    panel = catalogues_panel(qtbot, ui_world)
    tab = panel.protocols_tab
    tab.year.set_value(YEAR)
    assert tab.select("multigrado", "primaria")
    f = ReportFilter(YEAR, 12)
    before = ui_world.sigma.indicators.compute(f, codes={"A04"}).total("A04").denominator
    visits = tab.spins["visits"].value()
    tab.spins["first_month"].setValue(9)
    tab.spins["last_month"].setValue(4)
    _unchanged(ui_world, tab.save_selected)
    assert tab.errors.message("last_month") == "Último mes de trabajo de campo: no puede ser anterior al primer mes."
    tab.spins["first_month"].setValue(3)
    tab.spins["last_month"].setValue(12)
    tab.spins["visits"].setValue(visits + 3)
    assert tab.save_selected()
    assert next(r for r in tab.model.rows if r.intervention_key == "multigrado").visits == visits + 3
    after = ui_world.sigma.indicators.compute(f, codes={"A04"}).total("A04").denominator
    assert after == before + 4 * 3  # four Multigrado teachers (Grau and Abancay), each owes three visits more
    # the next year's protocol from this one
    assert tab.copy_to_next_year() and f"Protocolo {YEAR + 1}" in tab.ok.text()
    tab.year.set_value(YEAR + 1)
    assert next(r for r in tab.model.rows if r.intervention_key == "multigrado").visits in (visits, visits + 3)
    # a level the intervention lacks
    tab.year.set_value(YEAR)
    tab.intervention.setCurrentIndex(tab.intervention.findData("soporte_primaria"))
    tab.level.setCurrentIndex(tab.level.findData("secundaria"))
    assert tab.add_level()
    assert tab.select("soporte_primaria", "secundaria")


def test_motivos_add_rename_and_deactivate(ui_world, qtbot):
    panel = catalogues_panel(qtbot, ui_world)
    tab = panel.reasons_tab
    tab.new_code.setText("paro de buses")
    tab.new_name.setText("Paro de transportistas")
    _unchanged(ui_world, tab.add)
    assert "Código del motivo: «paro de buses» no es válido" in tab.errors.message("codigo")
    tab.new_code.setText("paro_transporte")
    assert tab.add()
    assert tab.select_code("paro_transporte")
    tab.edit_name.setText("Paro de transportistas o bloqueo de vías")
    assert tab.save_selected()
    assert tab.select_code("paro_transporte")
    assert tab.toggle_selected()
    row = next(r for r in tab.model.rows if r.code == "paro_transporte")
    assert (row.name, row.active) == ("Paro de transportistas o bloqueo de vías", False)
    # no raw keys where a person reads: interventions by name only
    headers = [c.header for c in panel.interventions.columns]
    assert "Clave" not in headers
    assert "jec_ingles" not in {panel.interventions.data(panel.interventions.index(r, 0))
                                for r in range(panel.interventions.rowCount())}


@pytest.mark.parametrize("name", ["Instituciones educativas", "Docentes", "Acompañantes"])
def test_rci_sees_edit_buttons_in_each_list(ui_world, qtbot, name):
    from sigma_desktop.ui.panels.coaches import CoachesPanel
    from sigma_desktop.ui.panels.schools import SchoolsPanel
    from sigma_desktop.ui.panels.teachers import TeachersPanel

    cls = {"Instituciones educativas": SchoolsPanel, "Docentes": TeachersPanel, "Acompañantes": CoachesPanel}[name]
    ui_world.sign_in(RCI)
    panel = make(qtbot, cls, ui_world)
    assert panel.actions.new_button.isVisible() and panel.actions.edit_button.isVisible()
    assert not panel.actions.edit_button.isEnabled()  # nothing selected yet
    select_row(panel.view, 0)
    qtbot.waitUntil(lambda: panel.actions.edit_button.isEnabled(), timeout=2000)

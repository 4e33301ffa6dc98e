"""DRE and UGEL from the shipped catalogue, master data edited and deactivated with the import's rules, user
roles changed, protocol targets and motivos edited, the EIB diagnóstica: every change logged, every bad input
refused with its Spanish message and nothing saved."""
from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from sigma_desktop.domain.offices import dre_for
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.paths import resources
from sigma_desktop.services.offices import catalogue
from sigma_desktop.storage import models as m

from tests.importing.helpers import xlsx
from tests.world import ADMIN, COACH_EIB, COACH_EIB2, COACH_MG, RCI, YEAR


def _log(sigma, entity_id) -> list[dict]:
    with sigma.db.session() as s:
        return [json.loads(c) for c in s.scalars(select(m.ChangeLog.changes).where(m.ChangeLog.entity_id == entity_id)
                                                 .order_by(m.ChangeLog.seq))]


def _rows(sigma, model) -> int:
    with sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


# --- the shipped catalogue ---------------------------------------------------------------------------------

def test_catalogue_file_is_consistent():
    rows = list(csv.DictReader((resources() / "data" / "dre_ugel_minedu.csv").open(encoding="utf-8")))
    assert len(rows) == len(catalogue()) == 224
    assert len({r["ugel_codigo"] for r in rows}) == 224 and len({r["dre_codigo"] for r in rows}) == 26
    dres = {r["dre_codigo"] for r in rows}
    for r in rows:
        assert r["ugel_codigo"].isdigit() and len(r["ugel_codigo"]) == 6
        # the rule that places a new UGEL under its DRE gives the catalogue's DRE for every UGEL (Lima included)
        assert dre_for(r["ugel_codigo"], dres) == r["dre_codigo"], r
    by_code = {r["ugel_codigo"]: r for r in rows}
    assert by_code["030007"]["ugel_nombre"] == "UGEL Grau" and by_code["150201"]["dre_nombre"] == "DRE Lima Provincias"
    assert by_code["150102"]["dre_codigo"] == "150101" and by_code["070102"]["dre_codigo"] == "070101"


def test_register_from_catalogue_and_add_outside_it(sigma):
    offices = sigma.offices
    assert offices.register(["030007", "030001", "030007"]) == ["030007", "030001"]
    assert offices.register(["030007"]) == []  # already there: nothing to do
    made = {o.code: o for o in offices.registered()}
    assert made["030000"].kind == "dre" and made["030000"].name == "DRE Apurímac"
    assert made["030007"].dre_code == "030000" and made["030007"].in_catalogue
    with pytest.raises(ValidationError, match="Nombre de la UGEL: es obligatorio"):
        offices.add_ugel("039901")
    with pytest.raises(ValidationError, match="no está en el catálogo de Minedu"):
        offices.register(["039901"])
    offices.add_ugel("039901", "UGEL Prueba Sur")  # its DRE: the registered one of its department
    assert {o.code: o.dre_code for o in offices.registered()}["039901"] == "030000"
    with pytest.raises(ValidationError, match="indique la DRE"):
        offices.add_ugel("259901", "UGEL Sin DRE")
    offices.edit_ugel("039901", name="UGEL Sur de Apurímac", new_code="039902")
    row = next(o for o in offices.registered() if o.code == "039902")
    assert row.name == "UGEL Sur de Apurímac" and not row.in_catalogue
    assert _log(sigma, row.id)[-1] == {"code": ["039901", "039902"], "name": ["UGEL Prueba Sur", "UGEL Sur de Apurímac"]}
    with pytest.raises(ValidationError, match="Código de UGEL: 030007 ya existe"):
        offices.edit_ugel("039902", new_code="030007")
    with pytest.raises(ValidationError, match="Código de DRE/UGEL: debe tener exactamente 6 dígitos"):
        offices.add_ugel("0300")
    offices.edit_dre("030000", name="DRE de Apurímac")
    assert {o.code: o.dre_name for o in offices.registered()}["030007"] == "DRE de Apurímac"


def test_offices_are_the_administrators(world):
    world.sign_in(RCI)
    with pytest.raises(PermissionDenied):
        world.sigma.offices.add_ugel("030002")
    world.sign_in(ADMIN)
    world.sigma.offices.add_ugel("030002")


def test_a_replica_registers_no_office(world):
    from sigma_desktop.storage import sync_store as ss
    from sigma_desktop.storage.unit import unit

    with unit(world.sigma.db, write=True) as u:
        ss.set_meta(u, {ss.META_MODE: "replica"})
    before = _rows(world.sigma, m.Ugel)
    with pytest.raises(ValidationError, match="se cambia en el servidor"):
        world.sigma.offices.add_ugel("030002")
    assert _rows(world.sigma, m.Ugel) == before


def test_import_of_an_rci_does_not_register_a_ugel(world, tmp_path):
    world.sign_in(RCI)
    path = xlsx(tmp_path / "ie.xlsx", ("codigo_modular", "nombre", "nivel", "area", "ubigeo", "codigo_ugel"),
                [("0700009", "IE Nueva", "primaria", "rural", "030701", "030002")])
    result = world.sigma.imports.run("ies", path)
    assert [p.text() for p in result.errors] == [
        "Fila 2, columna codigo_ugel: la UGEL 030002 no está registrada en SIGMA; pida al administrador que la "
        "registre (Catálogos y protocolos → DRE y UGEL)."]
    assert not result.applied


# --- master data ---------------------------------------------------------------------------------------------

def test_edit_school_teacher_and_coach_with_history(world):
    sigma = world.sigma
    world.sign_in(RCI)
    ms = sigma.masters
    school = world.schools["grau"]
    ms.update_school(school, name="IE N° 54321 Señor de Ánimas de Grau", level="primaria", area="rural",
                     ubigeo="030701", ugel_code="030007", local_code="123456", characteristic="polidocente_multigrado")
    assert _log(sigma, school)[-1] == {
        "name": ["IE N° 54321 Señor de Ánimas", "IE N° 54321 Señor de Ánimas de Grau"],
        "characteristic": ["unidocente", "polidocente_multigrado"]}
    teacher = world.teachers["40000006"]
    ms.update_teacher(teacher, first_names="Docente  Seis", last_name_1="Quispe", last_name_2=None,
                      modular_code="0512345")
    assert _log(sigma, teacher)[-1] == {"first_names": ["Docente 6", "Docente Seis"], "last_name_2": ["Ñahui", None]}
    coach = world.coaches[COACH_EIB2]
    ms.update_coach(coach, first_names="Acompañante", last_name_1="Ccahuana", last_name_2="Peña", ugel_code="030007",
                    intervention="eib", contract_start=date(YEAR, 3, 1), contract_end=date(YEAR, 12, 31))
    assert set(_log(sigma, coach)[-1]) == {"contract_start", "contract_end"}
    history = sigma.history.of_record(coach)
    assert [e.op for e in history][-1] == "update"
    # an RCI edits only their UGEL
    with pytest.raises(PermissionDenied):
        ms.update_teacher(world.teachers["40000009"], first_names="X", last_name_1="Y", last_name_2=None,
                          modular_code="0654321")


@pytest.mark.parametrize("change, field, message", [
    (dict(first_names=""), "nombres", "Nombres: es obligatorio."),
    (dict(last_name_1="x" * 61), "apellido_paterno", "Apellido paterno: admite como máximo 60 caracteres (tiene 61)."),
    (dict(contract_start=date(YEAR, 5, 1), contract_end=date(YEAR, 4, 1)), "fin_contrato",
     "Fin de contrato: no puede ser anterior al inicio del contrato."),
    (dict(intervention="multigrado"), "intervencion", f"Intervención: el acompañante {COACH_EIB} tiene docentes "
     f"asignados en EIB ({YEAR}); retire antes esas asignaciones para pasarlo a Multigrado."),
    (dict(ugel_code="039999"), "codigo_ugel", "Código de UGEL: 039999 no existe."),
])
def test_bad_coach_edit_saves_nothing(world, change, field, message, monkeypatch):
    import sigma_desktop.services.masters as masters

    monkeypatch.setattr(masters, "today_lima", lambda: date(YEAR, 6, 1))  # the world's year is the current one
    sigma = world.sigma
    before = len(_log(sigma, world.coaches[COACH_EIB]))
    values = dict(first_names="Acompañante", last_name_1="Ccahuana", last_name_2="Peña", ugel_code="030007",
                  intervention="eib") | change
    with pytest.raises(ValidationError) as err:
        sigma.masters.update_coach(world.coaches[COACH_EIB], **values)
    assert (err.value.field, err.value.message) == (field, message)
    assert len(_log(sigma, world.coaches[COACH_EIB])) == before


def test_import_gives_the_same_message_as_the_form(world, tmp_path, monkeypatch):
    import sigma_desktop.services.imports as imports

    monkeypatch.setattr(imports, "today_lima", lambda: date(YEAR, 6, 1))
    path = xlsx(tmp_path / "ap.xlsx", ("dni", "apellido_paterno", "nombres", "codigo_ugel", "intervencion",
                                       "inicio_contrato", "fin_contrato"),
                [(COACH_EIB, "Ccahuana", "Acompañante", "030007", "multigrado", None, None),
                 ("45000031", "Nuevo", "Ana", "030007", "eib", "01/05/2024", "01/04/2024")])
    texts = [p.text() for p in world.sigma.imports.run("acompanantes", path).errors]
    assert texts == [
        "Fila 2, columna intervencion: el acompañante 45000003 tiene docentes asignados en EIB "
        f"({YEAR}); retire antes esas asignaciones para pasarlo a Multigrado.",
        "Fila 3, columna fin_contrato: no puede ser anterior al inicio del contrato."]


def test_deactivate_rather_than_delete(world, monkeypatch):
    import sigma_desktop.services.masters as masters

    monkeypatch.setattr(masters, "today_lima", lambda: date(YEAR, 6, 1))
    sigma = world.sigma
    with pytest.raises(ValidationError, match=f"el acompañante {COACH_MG} tiene asignaciones vigentes \\({YEAR}\\)"):
        sigma.masters.set_coach_active(world.coaches[COACH_MG], False)
    sigma.masters.set_teacher_active(world.teachers["40000006"], False)  # never assigned
    with pytest.raises(ValidationError, match="DNI del docente: 40000006 está desactivado"):
        sigma.assignments.assign("40000006", COACH_MG, YEAR)
    sigma.masters.set_teacher_active(world.teachers["40000006"], True)
    sigma.assignments.assign("40000006", COACH_MG, YEAR)
    sigma.masters.set_school_active(world.schools["abancay"], False)
    assert not sigma.masters.school(world.schools["abancay"]).active
    assert _rows(sigma, m.School) == 2  # still there


# --- users ---------------------------------------------------------------------------------------------------

def test_change_role_and_scope(world):
    from sigma_desktop.domain.enums import Role

    sigma = world.sigma
    world.sign_in(ADMIN)
    row = sigma.users.change_role(RCI, Role.LOCAL_MANAGER.value, ugel_code="030001")
    assert (row.role, row.ugel_code, row.ugel_name) == ("gestor_local", "030001", "UGEL Abancay")
    row = sigma.users.change_role(RCI, Role.QUALITY_COORDINATOR.value, dre_code="030000")
    assert (row.scope, row.dre_code, row.dre_name) == ("dre", "030000", "DRE Apurímac")
    with pytest.raises(ValidationError, match="no puede cambiar su propio rol"):
        sigma.users.change_role(ADMIN, Role.DATA_QUALITY.value, ugel_code="030007")
    with pytest.raises(ValidationError, match="no está registrado como acompañante"):
        sigma.users.change_role(RCI, Role.COACH.value)
    with pytest.raises(ValidationError, match="Código de UGEL: 039999 no existe"):
        sigma.users.change_role(RCI, Role.DATA_QUALITY.value, ugel_code="039999")
    assert next(u for u in sigma.users.list() if u.dni == RCI).role == "coordinador_calidad"
    world.sign_in(RCI)
    with pytest.raises(PermissionDenied):
        sigma.users.change_role(ADMIN, Role.DATA_QUALITY.value, ugel_code="030007")


# --- catalogues and protocols --------------------------------------------------------------------------------

def test_protocol_target_counts_from_the_next_computation(world):
    sigma = world.sigma
    f = ReportFilter(YEAR, 7)
    before = sigma.indicators.compute(f, codes={"A04"}).total("A04")
    protocol = next(p for p in sigma.browse.protocols(YEAR) if p.intervention_key == "multigrado")
    sigma.catalogues.update_protocol(protocol.id, {"visits": protocol.visits + 10}, version=protocol.version)
    after = sigma.indicators.compute(f, codes={"A04"}).total("A04")
    assert after.denominator > before.denominator
    with pytest.raises(ValidationError, match="Visitas al año: debe estar entre 0 y 40"):
        sigma.catalogues.update_protocol(protocol.id, {"visits": 99})
    with pytest.raises(ValidationError, match="Último mes de trabajo de campo: no puede ser anterior"):
        sigma.catalogues.update_protocol(protocol.id, {"first_month": 9, "last_month": 4})
    assert next(p for p in sigma.browse.protocols(YEAR) if p.id == protocol.id).visits == protocol.visits + 10


def test_next_years_protocol_from_the_current_one(sigma):
    years = sigma.browse.protocol_years()
    last = years[0]
    protocol = sigma.browse.protocols(last)[0]
    sigma.catalogues.update_protocol(protocol.id, {"visits": 11})
    result = sigma.catalogues.copy_year(last)
    assert (result.to_year, result.created, result.kept) == (last + 1, len(sigma.browse.protocols(last)), 0)
    copied = {(p.intervention_key, p.level): p.visits for p in sigma.browse.protocols(last + 1)}
    assert copied[(protocol.intervention_key, protocol.level)] == 11
    assert sigma.catalogues.copy_year(last).created == 0  # nothing left to copy
    sigma.catalogues.add_protocol("soporte_primaria", last, "secundaria", {
        "visits": 6, "group_sessions": 4, "group_session_hours": 3, "workshops": 2, "workshop_days": 1,
        "teachers_per_coach": 12})
    with pytest.raises(ValidationError, match="ya tiene protocolo para secundaria"):
        sigma.catalogues.add_protocol("soporte_primaria", last, "secundaria", {"visits": 6})


def test_skip_reasons_add_rename_deactivate_and_fixed_codes(world):
    sigma = world.sigma
    new = sigma.catalogues.add_skip_reason("paro_transporte", "Paro de transportistas")
    sigma.catalogues.update_skip_reason(new, name="Paro de transportistas o bloqueo de vías", code="paro_vias")
    with pytest.raises(ValidationError, match="Código del motivo: «huelga» ya existe"):
        sigma.catalogues.add_skip_reason("huelga", "Otra huelga")
    with pytest.raises(ValidationError, match="no es válido"):
        sigma.catalogues.add_skip_reason("Paro ñ", "x")
    reasons = {r.code: r for r in sigma.browse.skip_reasons()}
    assert reasons["paro_vias"].name == "Paro de transportistas o bloqueo de vías"
    # a used code is fixed
    activity = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    sigma.registration.register_not_executed(activity.id, "huelga", date(YEAR, 4, 10))
    huelga = reasons["huelga"].id
    with pytest.raises(ValidationError, match="«huelga» ya se usó en 1 registro"):
        sigma.catalogues.update_skip_reason(huelga, code="huelga_docente")
    sigma.catalogues.update_skip_reason(huelga, name="Huelga o paro magisterial", active=False)
    assert "huelga" not in {r.code for r in sigma.catalogue_reads.skip_reasons()}  # not offered any more


# --- EIB: one diagnóstica per teacher, whoever plans it ------------------------------------------------------

def test_second_eib_coach_is_told_who_planned_the_diagnostica(world):
    sigma = world.sigma
    sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    sigma.planning.plan_visit(world.coaches[COACH_EIB], world.teachers["40000004"], YEAR, 4)
    with pytest.raises(ValidationError) as err:
        sigma.planning.plan_visit(world.coaches[COACH_EIB2], world.teachers["40000004"], YEAR, 5,
                                  visit_type="diagnostica")
    assert err.value.message == (
        "Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año por otro acompañante "
        f"(Acompañante Ccahuana (DNI {COACH_EIB})); la diagnóstica es una por docente y vale para todos sus "
        "acompañantes: planifique una visita de desarrollo.")
    second = sigma.planning.plan_visit(world.coaches[COACH_EIB2], world.teachers["40000004"], YEAR, 5)
    assert sigma.planning.get(second.id).visit_type == "desarrollo"


def test_assignment_warns_when_the_level_has_no_target(world):
    sigma = world.sigma
    sigma.masters.add_school("0700003", "0", "IE Secundaria", "secundaria", "rural", "030701", "030007")
    sigma.masters.add_teacher("40000071", "Marta", "Ayala", None, "0700003")
    assert "IE de secundaria y Multigrado" in sigma.assignments.check("40000071", COACH_MG, YEAR)
    made = sigma.assignments.assign("40000071", COACH_MG, YEAR)
    assert made.warning.startswith("El docente 40000071 enseña en una IE de secundaria y Multigrado")
    assert sigma.assignments.assign("40000006", COACH_MG, YEAR).warning is None
    report = sigma.indicators.compute(ReportFilter(YEAR), codes={"Q01"})
    assert report.total("Q01").numerator == 1

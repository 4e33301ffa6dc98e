"""Assignments (EIB allows several coaches) and master data validation."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from sigma_desktop.domain.changes import Entity
from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from sigma_desktop.storage import models as m

from tests.world import COACH_EIB, COACH_EIB2, COACH_MG, COACH_MG2, GESTOR, RCI, YEAR


def test_eib_teacher_may_have_several_coaches(world):
    world.sign_in(RCI)
    changes = world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    assert changes.of(Entity.ASSIGNMENT) == {changes.id}  # the change set names the new row and its period
    assert {(p.coach_id, p.year, p.month) for p in changes.periods} == {(world.coaches[COACH_EIB2], YEAR, None)}
    coaches = {a.coach_id for a in world.sigma.assignments.for_teacher(world.teachers["40000004"], YEAR)}
    assert coaches == {world.coaches[COACH_EIB], world.coaches[COACH_EIB2]}


def test_outside_eib_one_active_coach(world):
    world.sign_in(RCI)
    before = world.log_count()
    with pytest.raises(ValidationError, match="solo en EIB un docente puede tener varios acompañantes"):
        world.sigma.assignments.assign("40000001", COACH_MG2, YEAR)
    assert world.log_count() == before
    with pytest.raises(ValidationError, match="ya está asignado"):
        world.sigma.assignments.assign("40000001", COACH_MG, YEAR)


def test_database_enforces_one_coach_outside_eib(world):
    """Even a write that bypasses the service cannot give a Multigrado teacher two coaches."""
    rows = world.sigma.assignments.for_teacher(world.teachers["40000001"], YEAR)
    with pytest.raises(IntegrityError):
        with world.sigma.db.session(write=True) as s:
            s.add(m.Assignment(teacher_id=world.teachers["40000001"], coach_id=world.coaches[COACH_MG2],
                               intervention_id=s.get(m.Assignment, rows[0].id).intervention_id, year=YEAR,
                               exclusive_key=s.get(m.Assignment, rows[0].id).exclusive_key))


def test_unassign_then_reassign_to_another_coach(world):
    world.sign_in(RCI)
    rows = world.sigma.assignments.for_teacher(world.teachers["40000001"], YEAR)
    world.sigma.assignments.unassign(rows[0].id, "Cambio de acompañante")
    world.sigma.assignments.assign("40000001", COACH_MG2, YEAR)
    world.sigma.assignments.unassign(world.sigma.assignments.for_teacher(world.teachers["40000001"], YEAR)[0].id,
                                     "Vuelve con su acompañante")
    again = world.sigma.assignments.assign("40000001", COACH_MG, YEAR)
    assert again.id == rows[0].id  # the old row comes back, it is not duplicated


def test_no_plan_flag_blocks_planning(world):
    world.sign_in(COACH_MG)
    rows = world.sigma.assignments.for_teacher(world.teachers["40000002"], YEAR)
    with pytest.raises(ValidationError, match="Motivo"):
        world.sigma.assignments.set_no_plan(rows[0].id, True, "")
    world.sigma.assignments.set_no_plan(rows[0].id, True, "Licencia por maternidad")
    with pytest.raises(ValidationError, match="no planificar"):
        world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000002"], YEAR, 5)
    world.sign_in(COACH_EIB)
    with pytest.raises(PermissionDenied, match="sus propios docentes"):
        world.sigma.assignments.set_no_plan(rows[0].id, False)


def test_coach_cannot_assign(world):
    world.sign_in(COACH_MG)
    with pytest.raises(PermissionDenied):
        world.sigma.assignments.assign("40000006", COACH_MG, YEAR)


@pytest.mark.parametrize("dni", ["1234567", "123456789", "ABCDEFGH", "", "4000 0007"])
def test_teacher_dni_must_have_8_digits(world, dni):
    before = world.log_count()
    with pytest.raises(ValidationError, match="DNI: debe tener exactamente 8 dígitos"):
        world.sigma.masters.add_teacher(dni, "Nuevo", "Docente", None, "0512345")
    assert world.log_count() == before


@pytest.mark.parametrize("code", ["512345", "05123456", "05A2345"])
def test_modular_code_must_have_7_digits(world, code):
    before = world.log_count()
    with pytest.raises(ValidationError, match="Código modular: debe tener exactamente 7 dígitos"):
        world.sigma.masters.add_school(code, "0", "IE Nueva", "primaria", "rural", "030701", "030007")
    assert world.log_count() == before


def test_school_needs_a_real_ubigeo_and_ugel(world):
    with pytest.raises(ValidationError, match="Ubigeo: 999999 no es un distrito"):
        world.sigma.masters.add_school("0700001", "0", "IE Nueva", "primaria", "rural", "999999", "030007")
    with pytest.raises(ValidationError, match="Código de UGEL: 039999 no existe"):
        world.sigma.masters.add_school("0700001", "0", "IE Nueva", "primaria", "rural", "030701", "039999")


def test_duplicate_natural_keys_are_rejected(world):
    with pytest.raises(ValidationError, match="ya existe un docente con el DNI 40000001"):
        world.sigma.masters.add_teacher("40000001", "Otra", "Persona", None, "0512345")
    with pytest.raises(ValidationError, match="ya existe la IE 0512345-0"):
        world.sigma.masters.add_school("0512345", "0", "IE Copia", "primaria", "rural", "030701", "030007")


def test_gestor_local_cannot_edit_master_data(world):
    world.sign_in(GESTOR)
    with pytest.raises(PermissionDenied):
        world.sigma.masters.add_teacher("40000077", "Nuevo", "Docente", None, "0512345")

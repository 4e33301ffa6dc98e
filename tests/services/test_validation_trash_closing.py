"""The Gestor Local's review, the RCI's papelera and month closing, with the history they leave."""
from __future__ import annotations

from datetime import date

import pytest

from sigma_desktop.domain.changes import Entity
from sigma_desktop.domain.errors import NotFound, PermissionDenied, ValidationError

from tests.world import COACH_MG, GESTOR, GESTOR_OTHER, RATINGS_2018, RCI, YEAR


def _executed_visit(world, teacher="40000001", day=10):
    world.sign_in(COACH_MG)
    v = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, 4)
    return world.sigma.registration.register_visit(v.id, date(YEAR, 4, day), RATINGS_2018)


def test_validate_many_is_all_or_nothing(world):
    a = _executed_visit(world, "40000001")
    b = _executed_visit(world, "40000002")
    world.sign_in(GESTOR)
    world.sigma.validation.validate([a.execution_id])
    before = world.log_count()
    with pytest.raises(ValidationError, match="ya está validado"):
        world.sigma.validation.validate([b.execution_id, a.execution_id])
    assert world.log_count() == before
    assert world.sigma.planning.get(b.id).validation_state == "pendiente"
    assert world.sigma.validation.validate([b.execution_id]).of(Entity.EXECUTION) == {b.execution_id}


def test_observe_then_coach_corrects_then_validated(world):
    v = _executed_visit(world)
    world.sign_in(GESTOR)
    with pytest.raises(ValidationError, match="Observación"):
        world.sigma.validation.observe(v.execution_id, "  ")
    world.sigma.validation.observe(v.execution_id, "Revise el nivel del desempeño 4")
    world.sign_in(COACH_MG)
    row = world.sigma.planning.get(v.id)
    assert (row.validation_state, row.validation_comment) == ("observada", "Revise el nivel del desempeño 4")
    same = world.sigma.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    assert not same and world.sigma.planning.get(v.id).validation_state == "observada"  # nothing was corrected
    fixed = world.sigma.registration.register_visit(v.id, date(YEAR, 4, 10), {**RATINGS_2018, 4: 2})
    assert fixed.of(Entity.EXECUTION) == {v.execution_id}
    assert world.sigma.planning.get(v.id).validation_state == "pendiente"
    world.sign_in(GESTOR)
    world.sigma.validation.validate([v.execution_id])
    world.sign_in(COACH_MG)
    with pytest.raises(ValidationError, match="ya fue validado"):
        world.sigma.registration.register_visit(v.id, date(YEAR, 4, 11), RATINGS_2018)
    with pytest.raises(ValidationError, match="ya fue validado"):
        world.sigma.registration.register_not_executed(v.id, "huelga", date(YEAR, 4, 11))


def test_validation_needs_the_role_and_the_scope(world):
    v = _executed_visit(world)
    world.sign_in(COACH_MG)
    with pytest.raises(PermissionDenied, match="no permite: validar"):
        world.sigma.validation.validate([v.execution_id])
    world.sign_in(GESTOR_OTHER)
    before = world.log_count()
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        world.sigma.validation.validate([v.execution_id])
    assert world.log_count() == before


def test_rci_deletes_and_restores_an_execution(world):
    v = _executed_visit(world)
    world.sign_in(GESTOR)
    with pytest.raises(PermissionDenied):
        world.sigma.trash.delete_execution(v.execution_id, "Registro duplicado por error")
    world.sign_in(RCI)
    with pytest.raises(ValidationError, match="Motivo de eliminación"):
        world.sigma.trash.delete_execution(v.execution_id, "")
    world.sigma.trash.delete_execution(v.execution_id, "Registro duplicado por error")
    assert world.sigma.planning.get(v.id).status == "planificada"
    # the coach registers it again; restoring the old one now would give two live executions
    world.sign_in(COACH_MG)
    again = world.sigma.registration.register_not_executed(v.id, "huelga", date(YEAR, 4, 10))
    world.sign_in(RCI)
    with pytest.raises(ValidationError, match="otro registro de ejecución vigente"):
        world.sigma.trash.restore_execution(v.execution_id)
    world.sigma.trash.delete_execution(again.execution_id, "Motivo mal registrado")
    world.sigma.trash.restore_execution(v.execution_id)
    row = world.sigma.planning.get(v.id)
    assert (row.status, row.execution_id) == ("ejecutada", v.execution_id)
    ops = [(h.entity, h.op) for h in world.sigma.history.of_record(v.id)]
    assert ops.count(("execution", "delete")) == 2 and ops.count(("execution", "restore")) == 1


def test_material_delivery_execution_cannot_be_deleted_by_rci(world):
    world.sign_in(COACH_MG)
    md = world.sigma.planning.plan_material_delivery(world.coaches[COACH_MG], YEAR, 5, kit="Kit de aula",
                                                     quantity=1, teacher_id=world.teachers["40000001"])
    md = world.sigma.registration.register_material_delivery(md.id, date(YEAR, 5, 3), quantity_delivered=1)
    world.sign_in(RCI)
    with pytest.raises(ValidationError, match="Solo se eliminan ejecuciones de visitas, GIA, rutas y talleres"):
        world.sigma.trash.delete_execution(md.execution_id, "Entrega duplicada")


def test_closed_month_rejects_every_change_until_reopened(world):
    v = _executed_visit(world)
    world.sign_in(COACH_MG)
    with pytest.raises(PermissionDenied):
        world.sigma.closing.close("030007", YEAR, 4)
    world.sign_in(GESTOR)
    world.sigma.closing.close("030007", YEAR, 4)
    with pytest.raises(ValidationError, match="está cerrado"):
        world.sigma.validation.validate([v.execution_id])
    world.sign_in(COACH_MG)
    before = world.log_count()
    with pytest.raises(ValidationError, match="abril .* está cerrado"):
        world.sigma.registration.register_visit(v.id, date(YEAR, 4, 12), RATINGS_2018)
    with pytest.raises(ValidationError, match="está cerrado"):
        world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000002"], YEAR, 4)
    world.sign_in(RCI)
    with pytest.raises(ValidationError, match="está cerrado"):
        world.sigma.trash.delete_execution(v.execution_id, "Registro duplicado")
    assert world.log_count() == before
    world.sign_in(GESTOR)
    with pytest.raises(ValidationError, match="Motivo de reapertura"):
        world.sigma.closing.reopen("030007", YEAR, 4, "")
    world.sigma.closing.reopen("030007", YEAR, 4, "Corrección solicitada por la DRE")
    assert world.sigma.validation.validate([v.execution_id]).of(Entity.EXECUTION) == {v.execution_id}
    assert world.sigma.closing.state("030007", YEAR, 4).closed is False


def test_other_ugel_cannot_close_this_ugel(world):
    world.sign_in(GESTOR_OTHER)
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        world.sigma.closing.close("030007", YEAR, 4)


def test_history_shows_who_changed_what(world):
    v = _executed_visit(world)
    world.sign_in(GESTOR)
    world.sigma.validation.observe(v.execution_id, "Falta la fecha correcta")
    entries = world.sigma.history.of_record(v.id)
    assert [(e.entity, e.op, e.user_dni) for e in entries] == [
        ("activity", "insert", COACH_MG), ("execution", "insert", COACH_MG), ("execution", "update", GESTOR)]
    assert entries[-1].changes["validation_state"] == ["pendiente", "observada"]
    assert entries[1].changes["level_4"] == [None, 1]
    world.sign_in(GESTOR_OTHER)
    with pytest.raises(PermissionDenied):
        world.sigma.history.of_record(v.id)


def test_history_of_unknown_record(world):
    import uuid

    world.sign_in(GESTOR)
    with pytest.raises(NotFound):
        world.sigma.history.of_record(uuid.uuid4())

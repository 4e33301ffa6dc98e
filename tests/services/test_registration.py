"""Registering executions and non-executions: every rule rejects bad input and saves nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from sigma_desktop.domain.changes import Entity
from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.domain.errors import ValidationError

from tests.world import COACH_EIB, COACH_MG, RATINGS_2018, YEAR


def _unchanged(world, fn, match):
    before = world.log_count()
    with pytest.raises(ValidationError, match=match):
        fn()
    assert world.log_count() == before, "a rejected call must save nothing"


def _diag(world, teacher="40000001", month=4):
    return world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, month)


def test_visit_registered_with_rubric(world):
    world.sign_in(COACH_MG)
    v = _diag(world)
    changes = world.sigma.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    row = world.sigma.planning.get(v.id)
    assert (row.status, row.validation_state, row.executed_on) == ("ejecutada", "pendiente", date(YEAR, 4, 10))
    assert changes.of(Entity.EXECUTION) == {row.execution_id} == {changes.execution_id}
    assert {(p.coach_id, p.year, p.month) for p in changes.periods} == {(world.coaches[COACH_MG], YEAR, 4)}
    assert world.sigma.registration.ratings(v.id) == RATINGS_2018


def test_execution_date_in_the_future_is_rejected(world):
    today = today_lima()
    world.sigma.assignments.assign("40000002", COACH_MG, today.year)
    world.sign_in(COACH_MG)
    v = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000002"],
                                        today.year, today.month)
    tomorrow = today + timedelta(days=1)
    _unchanged(world, lambda: world.sigma.registration.register_visit(v.id, tomorrow, RATINGS_2018),
               "futura|mes planificado")


def test_execution_date_outside_the_plans_month_is_rejected(world):
    world.sign_in(COACH_MG)
    v = _diag(world)
    _unchanged(world, lambda: world.sigma.registration.register_visit(v.id, date(YEAR, 5, 2), RATINGS_2018),
               "dentro del mes planificado")


def test_bad_date_text_names_the_field(world):
    world.sign_in(COACH_MG)
    v = _diag(world)
    _unchanged(world, lambda: world.sigma.registration.register_visit(v.id, "31/02/2025", RATINGS_2018),
               "Fecha de ejecución: «31/02/2025» no es una fecha válida")


def test_visit_to_teacher_no_longer_assigned_is_rejected(world):
    v = _diag(world)  # planned by the system while assigned
    rows = world.sigma.assignments.for_teacher(world.teachers["40000001"], YEAR)
    world.sigma.assignments.unassign(rows[0].id, "Docente reasignado a otra IE")
    world.sign_in(COACH_MG)
    _unchanged(world, lambda: world.sigma.registration.register_visit(v.id, date(YEAR, 4, 3), RATINGS_2018),
               "no está asignado")


def test_planning_a_visit_to_an_unassigned_teacher_is_rejected(world):
    world.sign_in(COACH_MG)
    _unchanged(world, lambda: world.sigma.planning.plan_visit(
        world.coaches[COACH_MG], world.teachers["40000004"], YEAR, 4), "no está asignado")


def test_two_visits_same_teacher_same_day_are_rejected(world):
    world.sign_in(COACH_MG)
    first = _diag(world)
    second = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    world.sigma.registration.register_visit(first.id, date(YEAR, 4, 8), RATINGS_2018)
    _unchanged(world, lambda: world.sigma.registration.register_visit(second.id, date(YEAR, 4, 8), RATINGS_2018),
               "ya registró una visita a este docente ese día")
    world.sigma.registration.register_visit(second.id, date(YEAR, 4, 22), RATINGS_2018)


def test_first_visit_must_be_the_diagnostic(world):
    world.sign_in(COACH_MG)
    _unchanged(world, lambda: world.sigma.planning.plan_visit(
        world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4, visit_type="desarrollo"),
        "primera visita del docente debe ser la diagnóstica")
    diag = _diag(world, month=4)
    dev = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 5)
    assert [world.sigma.planning.get(x.id).visit_type for x in (diag, dev)] == ["diagnostica", "desarrollo"]
    _unchanged(world, lambda: world.sigma.registration.register_visit(dev.id, date(YEAR, 5, 6), RATINGS_2018),
               "registre primero la visita diagnóstica")
    world.sigma.registration.register_visit(diag.id, date(YEAR, 4, 6), RATINGS_2018)
    world.sigma.registration.register_visit(dev.id, date(YEAR, 5, 6), RATINGS_2018)
    assert world.sigma.planning.get(dev.id).status == "ejecutada"


def test_second_diagnostic_is_rejected(world):
    world.sign_in(COACH_MG)
    _diag(world)
    _unchanged(world, lambda: world.sigma.planning.plan_visit(
        world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 6, visit_type="diagnostica"),
        "ya tiene su visita diagnóstica")


@pytest.mark.parametrize("ratings, match", [
    ({1: 2, 3: 5, 4: 1, 5: 3, 6: 2}, "desempeño 3 debe estar entre I y IV"),
    ({1: 0, 3: 2, 4: 1, 5: 3, 6: 2}, "desempeño 1 debe estar entre I y IV"),
    ({1: 2, 2: 2, 3: 2, 4: 1, 5: 3, 6: 2}, "desempeño 2 no forma parte de la rúbrica"),
    ({1: 2, 3: 2, 4: 1, 5: 3}, "falta el nivel del desempeño 6"),
])
def test_bad_rubric_levels_are_rejected(world, ratings, match):
    world.sign_in(COACH_MG)
    v = _diag(world)
    _unchanged(world, lambda: world.sigma.registration.register_visit(v.id, date(YEAR, 4, 9), ratings), match)


def _gia(world, teachers=("40000001", "40000002", "40000003")):
    return world.sigma.planning.plan_group(ActivityKind.GROUP_SESSION, world.coaches[COACH_MG], YEAR, 6,
                                           [world.teachers[t] for t in teachers], topic="Evaluación formativa",
                                           hours=4)


def test_gia_needs_two_attending_teachers_of_the_coach(world):
    world.sign_in(COACH_MG)
    g = _gia(world)
    _unchanged(world, lambda: world.sigma.registration.register_group(
        g.id, date(YEAR, 6, 12), [world.teachers["40000001"]], hours=4), "al menos dos docentes asistentes")
    _unchanged(world, lambda: world.sigma.registration.register_group(
        g.id, date(YEAR, 6, 12), [world.teachers["40000001"], world.teachers["40000004"]], hours=4),
        "40000004 no está asignado a este acompañante")
    world.sigma.registration.register_group(
        g.id, date(YEAR, 6, 12), [world.teachers["40000001"], world.teachers["40000002"]], hours=4)
    assert world.sigma.planning.get(g.id).status == "ejecutada"


def test_gia_planned_with_fewer_than_two_teachers_is_rejected(world):
    world.sign_in(COACH_MG)
    _unchanged(world, lambda: _gia(world, teachers=("40000001",)), "al menos dos docentes")


def test_non_execution_needs_a_motivo(world):
    world.sign_in(COACH_MG)
    v = _diag(world)
    _unchanged(world, lambda: world.sigma.registration.register_not_executed(v.id, None, date(YEAR, 4, 5)),
               "Motivo de no ejecución: es obligatorio")
    _unchanged(world, lambda: world.sigma.registration.register_not_executed(v.id, "inventado", date(YEAR, 4, 5)),
               "no está en el catálogo")
    _unchanged(world, lambda: world.sigma.registration.register_not_executed(v.id, "otro", date(YEAR, 4, 5)),
               "Detalle del motivo: es obligatorio")
    world.sigma.registration.register_not_executed(v.id, "otro", date(YEAR, 4, 5), note="Paro de transportistas")
    row = world.sigma.planning.get(v.id)
    assert (row.status, row.skip_reason) == ("no_ejecutada", "otro")


def test_community_visit_only_in_eib(world):
    world.sign_in(COACH_MG)
    _unchanged(world, lambda: world.sigma.planning.plan_community_visit(
        world.coaches[COACH_MG], world.schools["grau"], YEAR, 5), "solo corresponde a EIB")
    world.sign_in(COACH_EIB)
    cv = world.sigma.planning.plan_community_visit(world.coaches[COACH_EIB], world.schools["grau"], YEAR, 5)
    _unchanged(world, lambda: world.sigma.registration.register_community_visit(
        cv.id, date(YEAR, 5, 4), parents=0, elders=0, authorities=0), "al menos un participante")
    world.sigma.registration.register_community_visit(cv.id, date(YEAR, 5, 4), parents=12, elders=2, authorities=1)
    assert world.sigma.planning.get(cv.id).status == "ejecutada"


def test_route_with_allowance(world):
    world.sign_in(COACH_MG)
    r = world.sigma.planning.plan_route(world.coaches[COACH_MG], YEAR, 7, [world.schools["grau"]],
                                        allowance="350.50", days=3)
    _unchanged(world, lambda: world.sigma.registration.register_route(
        r.id, date(YEAR, 7, 9), [world.schools["grau"]], allowance_spent="-5", days=3), "no puede ser negativo")
    _unchanged(world, lambda: world.sigma.registration.register_route(
        r.id, date(YEAR, 7, 9), [world.schools["grau"]], allowance_spent="abc", days=3), "no es un monto válido")
    world.sigma.registration.register_route(r.id, date(YEAR, 7, 9), [world.schools["grau"]],
                                            allowance_spent="320,40", days=3)
    assert world.sigma.planning.get(r.id).status == "ejecutada"

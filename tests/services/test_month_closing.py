"""Issue 15 in the services: the closing's blockers and confirmation, the closing state of every UGEL, its
history; non-executions reviewed like executions; the month in progress judged against what was planned up
to a fixed «today»; a record's full detail."""
from __future__ import annotations

from datetime import date

import pytest

from sigma_desktop.domain.dates import set_today
from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from sigma_desktop.domain.reporting import ReportFilter
from tests.world import COACH_MG, GESTOR, RATINGS_2018, REGIONAL, YEAR


@pytest.fixture
def fixed_today():
    yield set_today
    set_today(None)


def _plan(world, teacher, month=4, day=None):
    return world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, month,
                                           planned_date=date(YEAR, month, day) if day else None)


def _april(world):
    """Four visits of April: executed, not executed (clima), executed and observed, and one never recorded."""
    world.sign_in(COACH_MG)
    done = _plan(world, "40000001")
    world.sigma.registration.register_visit(done.id, date(YEAR, 4, 7), RATINGS_2018, notes="Sesión de fracciones")
    skipped = _plan(world, "40000002")
    world.sigma.registration.register_not_executed(skipped.id, "clima", date(YEAR, 4, 8))
    third = _plan(world, "40000003")
    world.sigma.registration.register_visit(third.id, date(YEAR, 4, 9), RATINGS_2018)
    never = world.sigma.planning.plan_group(ActivityKind.GROUP_SESSION, world.coaches[COACH_MG], YEAR, 4,
                                            [world.teachers["40000001"], world.teachers["40000002"]], topic="Planificación curricular", hours=3)
    return done, skipped, third, never


def test_closing_names_what_is_pending_and_needs_a_confirmation(world):
    done, skipped, third, _never = _april(world)
    world.sign_in(GESTOR)
    world.sigma.validation.observe(world.sigma.planning.get(third.id).execution_id, "Revise el desempeño 4")
    s = world.sigma.closing.summary("030007", YEAR, 4)
    assert (s.planned, s.unregistered, s.pending, s.observed) == (4, 1, 2, 1)
    assert s.blockers == ("1 actividad planificada sin registro de ejecución ni de no ejecución",
                          "2 registros pendientes de validación", "1 observación sin corregir por el acompañante")
    before = world.log_count()
    with pytest.raises(ValidationError, match="tiene pendientes: 1 actividad planificada sin registro") as e:
        world.sigma.closing.close("030007", YEAR, 4)
    assert e.value.field == "confirmar" and world.log_count() == before
    world.sigma.closing.close("030007", YEAR, 4, confirmed=True)
    state = world.sigma.closing.state("030007", YEAR, 4)
    assert state.closed and state.closed_by == "Gestora Local Grau" and state.mark.startswith("Mes cerrado el ")


def test_a_month_without_anything_pending_closes_without_confirmation(world):
    world.sign_in(GESTOR)
    assert world.sigma.closing.summary("030007", YEAR, 2).blockers == ()
    world.sigma.closing.close("030007", YEAR, 2)
    assert world.sigma.closing.state("030007", YEAR, 2).closed


def test_a_month_not_begun_cannot_be_closed(world, fixed_today):
    fixed_today(date(YEAR, 4, 15))
    world.sign_in(GESTOR)
    with pytest.raises(ValidationError, match="mayo .* todavía no empieza"):
        world.sigma.closing.close("030007", YEAR, 5, confirmed=True)


def test_the_regional_manager_sees_every_ugel_by_month_and_cannot_close(world):
    world.sign_in(GESTOR)
    world.sigma.closing.close("030007", YEAR, 3)
    world.sigma.closing.close("030007", YEAR, 5)
    world.sigma.closing.reopen("030007", YEAR, 5, "Un AP registra una visita atrasada")
    world.sign_in(REGIONAL)
    states = world.sigma.closing.states(YEAR)
    assert [(s.ugel_code, s.month) for s in states][:2] == [("030001", 1), ("030001", 2)]
    assert len(states) == 24
    grau = {s.month: s for s in states if s.ugel_code == "030007"}
    assert grau[3].closed and grau[3].closed_by == "Gestora Local Grau" and grau[3].ugel_name == "UGEL Grau"
    assert not grau[5].closed and grau[5].reason == "Un AP registra una visita atrasada"
    assert not any(s.closed for s in states if s.ugel_code == "030001")
    with pytest.raises(PermissionDenied):
        world.sigma.closing.close("030001", YEAR, 3)
    history = world.sigma.closing.history("030007", YEAR, 5)
    assert [(e.op, e.user_dni, e.changes.get("closed")) for e in history] == [
        ("insert", GESTOR, [None, True]), ("update", GESTOR, [True, False])]


def test_a_non_execution_is_observed_corrected_and_validated(world):
    _done, skipped, _third, _never = _april(world)
    world.sign_in(GESTOR)
    queue = world.sigma.validation.queue(YEAR, 4)
    assert {r.outcome for r in queue} == {"ejecutada", "no_ejecutada"}
    ne = world.sigma.planning.get(skipped.id).execution_id
    world.sigma.validation.observe([ne], "El día 8 no hubo lluvias en Grau: precise el motivo")
    world.sign_in(COACH_MG)
    assert world.sigma.planning.get(skipped.id).validation_state == "observada"
    world.sigma.registration.register_not_executed(skipped.id, "via_inaccesible", date(YEAR, 4, 8))
    assert world.sigma.planning.get(skipped.id).validation_state == "pendiente"
    world.sign_in(GESTOR)
    world.sigma.validation.validate([ne])
    grid = world.sigma.control.grid(ReportFilter(YEAR, 4, ugel_code="030007"))
    counts = next(r.counts for r in grid.rows if r.coach_dni == COACH_MG)
    assert counts["visita.ne_validated"] == 1 and counts["visita.ne_observed"] == 0
    report = world.sigma.indicators.compute(ReportFilter(YEAR, 4, ugel_code="030007"), codes={"N01", "N02", "N05"})
    assert [(report.total(c).numerator, report.total(c).value) for c in ("N01", "N02", "N05")] == [
        (1, 1), (1, 1), (1, 100.0)]
    detail = world.sigma.record_detail.of_execution(ne).text()
    assert "Motivo de no ejecución: Vía inaccesible" in detail or "Vía" in detail
    assert "Observada por Gestora Local Grau" in detail and "precise el motivo" in detail
    assert "Corregida por" in detail and "Validada por Gestora Local Grau" in detail


def test_the_detail_shows_the_rubric_with_the_desempeno_names(world):
    done, *_ = _april(world)
    world.sign_in(GESTOR)
    detail = world.sigma.record_detail.of_activity(done.id)
    text = detail.text()
    assert "Rúbrica de observación" in text and "Desempeño 1: " in text and "Nivel " in text
    assert "Notas: Sesión de fracciones" in text and "Registrado por" in text
    assert "Docente: Quispe Ñahui, Docente 1 (DNI 40000001)" in text


def test_the_month_in_progress_is_judged_against_what_was_planned_up_to_today(world, fixed_today):
    fixed_today(date(YEAR, 4, 15))
    world.sign_in(COACH_MG)
    early = _plan(world, "40000001", day=5)    # due, executed
    _plan(world, "40000002", day=10)            # due, without record: «sin registro»
    _plan(world, "40000003", day=25)            # later this month: not due yet
    world.sigma.planning.plan_group(ActivityKind.GROUP_SESSION, world.coaches[COACH_MG], YEAR, 4,
                                    [world.teachers["40000001"], world.teachers["40000002"]], topic="Evaluación formativa", hours=3)
    # (a GIA without a date: due when April ends)
    world.sigma.registration.register_visit(early.id, date(YEAR, 4, 5), RATINGS_2018)
    world.sign_in(GESTOR)
    f = ReportFilter(YEAR, 4, ugel_code="030007")
    grid = world.sigma.control.grid(f)
    assert grid.as_of == date(YEAR, 4, 15)
    counts = next(r.counts for r in grid.rows if r.coach_dni == COACH_MG)
    assert (counts["visita.planned"], counts["visita.executed"], counts["visita.later"]) == (2, 1, 1)
    assert (counts["gia.planned"], counts["gia.later"]) == (0, 1)
    report = world.sigma.indicators.compute(f, codes={"V01", "V03", "V10"})
    assert report.as_of == date(YEAR, 4, 15)
    assert [report.total(c).value for c in ("V01", "V03", "V10")] == [2, 50.0, 1]
    # once April is over, the same data is judged against the whole month
    fixed_today(date(YEAR, 5, 2))
    grid = world.sigma.control.grid(f)
    counts = next(r.counts for r in grid.rows if r.coach_dni == COACH_MG)
    assert grid.as_of is None and counts["visita.planned"] == 3 and counts["visita.later"] == 0
    assert world.sigma.indicators.compute(f, codes={"V03"}).total("V03").value == pytest.approx(100 / 3)

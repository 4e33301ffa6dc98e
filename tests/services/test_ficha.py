"""The coach's desk (teachers, month plan, activity detail), catalogue reads and the teacher's ficha,
on SQLite and PostgreSQL."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event

from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.domain.errors import PermissionDenied

from tests.world import (COACH_EIB, COACH_EIB2, COACH_MG, COACH_OTHER, GESTOR, GESTOR_OTHER, RATINGS_2018, RCI,
                         YEAR)

BETTER = {1: 3, 3: 2, 4: 2, 5: 4, 6: 3}


@contextmanager
def statements(sigma):
    """Counts the SQL statements the block sends."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(sigma.db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(sigma.db.engine, "before_cursor_execute", count)


def _history(world):
    """Coach MG: diagnóstica (April) and desarrollo (May) to teacher 1, a GIA (teacher 2 attends with 3),
    a non-executed diagnóstica to teacher 2."""
    s, c, t = world.sigma, world.coaches[COACH_MG], world.teachers
    world.sign_in(COACH_MG)
    diag = s.planning.plan_visit(c, t["40000001"], YEAR, 4, planned_date=date(YEAR, 4, 9))
    s.registration.register_visit(diag.id, date(YEAR, 4, 9), RATINGS_2018)
    dev = s.planning.plan_visit(c, t["40000001"], YEAR, 5)
    s.registration.register_visit(dev.id, date(YEAR, 5, 7), BETTER, notes="Compromiso: retroalimentar")
    gia = s.planning.plan_group(ActivityKind.GROUP_SESSION, c, YEAR, 5,
                                [t["40000001"], t["40000002"], t["40000003"]], topic="Lectura", hours=4)
    s.registration.register_group(gia.id, date(YEAR, 5, 20), [t["40000002"], t["40000003"]], hours=4)
    skipped = s.planning.plan_visit(c, t["40000002"], YEAR, 5)
    s.registration.register_not_executed(skipped.id, "otro", date(YEAR, 5, 12), note="Paro de transportistas")
    return diag, dev, gia, skipped


def test_ficha_gathers_teacher_assignments_activities_and_levels(world):
    diag, dev, gia, _ = _history(world)
    f = world.sigma.ficha.teacher(world.teachers["40000001"], YEAR)
    assert (f.teacher.dni, f.teacher.school_code, f.teacher.ugel_code) == ("40000001", "0512345-0", "030007")
    assert f.teacher.name == "Quispe Ñahui, Docente 1"
    assert f.teacher.school_name == "IE N° 54321 Señor de Ánimas"
    assert "Grau" in f.teacher.district and "Apurímac" in f.teacher.district
    assert [(a.coach_dni, a.intervention) for a in f.assignments] == [(COACH_MG, "Multigrado")]
    by_id = {a.activity_id: a for a in f.activities}
    assert set(by_id) == {diag.id, dev.id, gia.id}
    assert by_id[gia.id].attended is False and by_id[gia.id].status == "ejecutada"
    assert by_id[diag.id].levels == RATINGS_2018
    assert [v.activity_id for v in f.rated_visits()] == [diag.id, dev.id]
    assert [i.number for i in f.rubric_items] == [1, 3, 4, 5, 6]
    # D1 2→3, D4 1→2, D5 3→4, D6 2→3; D3 stays at II
    assert f.improvement() == (4, 5)


def test_ficha_shows_non_execution_and_attendance_of_others(world):
    _diag, _dev, gia, skipped = _history(world)
    f = world.sigma.ficha.teacher(world.teachers["40000002"], YEAR)
    by_id = {a.activity_id: a for a in f.activities}
    assert by_id[gia.id].attended is True
    assert (by_id[skipped.id].status, by_id[skipped.id].skip_reason, by_id[skipped.id].skip_note) == \
        ("no_ejecutada", "Otro", "Paro de transportistas")
    assert f.rated_visits() == [] and f.improvement() is None


def test_ficha_of_an_eib_teacher_lists_every_coach(world):
    world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    world.sign_in(COACH_EIB2)
    f = world.sigma.ficha.teacher(world.teachers["40000004"], YEAR)
    assert sorted(a.coach_dni for a in f.assignments) == [COACH_EIB, COACH_EIB2]
    assert {a.intervention for a in f.assignments} == {"EIB"}


def test_ficha_of_another_year_is_empty_but_uses_that_years_rubric(world):
    _history(world)
    f = world.sigma.ficha.teacher(world.teachers["40000001"], 2017)
    assert f.assignments == () and f.activities == ()
    assert len(f.rubric_items) == 6


def test_withdrawn_plans_and_deleted_records_leave_the_ficha_and_the_plan(world):
    diag, dev, _gia, _ = _history(world)
    s = world.sigma
    extra = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 6)
    s.planning.cancel(extra.id, "Duplicada")
    world.sign_in(RCI)
    s.trash.delete_execution(s.planning.get(dev.id).execution_id, "Registro duplicado por error")
    f = s.ficha.teacher(world.teachers["40000001"], YEAR)
    assert extra.id not in {a.activity_id for a in f.activities}
    assert {a.activity_id: a.status for a in f.activities}[dev.id] == "planificada"
    assert [v.activity_id for v in f.rated_visits()] == [diag.id]
    world.sign_in(COACH_MG)
    assert s.coach_desk.month_plan(world.coaches[COACH_MG], YEAR, 6) == []


@pytest.mark.parametrize("dni, allowed", [(COACH_MG, True), (GESTOR, True), (COACH_OTHER, False),
                                          (GESTOR_OTHER, False)])
def test_ficha_respects_scope(world, dni, allowed):
    world.sign_in(dni)
    read = lambda: world.sigma.ficha.teacher(world.teachers["40000001"], YEAR)  # noqa: E731
    if allowed:
        assert read().teacher.dni == "40000001"
    else:
        with pytest.raises(PermissionDenied):
            read()


def test_my_teachers_counts_visits_and_shows_the_last_rubric(world):
    _history(world)
    s = world.sigma
    rows = {r.dni: r for r in s.coach_desk.my_teachers(world.coaches[COACH_MG], YEAR)}
    assert list(rows) == ["40000001", "40000002", "40000003"]
    one, two, three = rows["40000001"], rows["40000002"], rows["40000003"]
    assert (one.visits_planned, one.visits_executed, one.has_diagnostic) == (2, 2, True)
    assert (one.last_visit_on, one.last_visit_type, one.last_levels) == (date(YEAR, 5, 7), "desarrollo", BETTER)
    assert (two.visits_planned, two.visits_executed, two.has_diagnostic, two.last_levels) == (1, 0, True, {})
    assert (three.visits_planned, three.has_diagnostic) == (0, False)
    assert one.school_code == "0512345-0"
    s.assignments.set_no_plan(three.assignment_id, True, "Licencia por salud")
    three = {r.dni: r for r in s.coach_desk.my_teachers(world.coaches[COACH_MG], YEAR)}["40000003"]
    assert (three.no_plan, three.no_plan_reason) == (True, "Licencia por salud")


def test_month_plan_resolves_names_in_a_fixed_number_of_queries(world):
    _history(world)
    s, c = world.sigma, world.coaches[COACH_MG]
    with statements(s) as few:
        small = s.coach_desk.month_plan(c, YEAR, 4)
    s.planning.plan_material_delivery(c, YEAR, 5, kit="Cuadernos", quantity=10, teacher_id=world.teachers["40000003"])
    s.planning.plan_route(c, YEAR, 5, [world.schools["grau"]], allowance="120.50", days=2)
    with statements(s) as many:
        rows = s.coach_desk.month_plan(c, YEAR, 5)
    assert len(rows) == 5 and len(small) == 1
    assert len(many) == len(few), "the plan must not cost one query per row"
    by_kind = {r.kind: r for r in rows}
    assert by_kind["gia"].teachers_convened == 3 and by_kind["gia"].topic == "Lectura"
    assert by_kind["ruta"].schools_in_route == 1 and by_kind["ruta"].allowance_assigned == Decimal("120.50")
    assert by_kind["materiales"].teacher_name == "Quispe Ñahui, Docente 3"
    assert by_kind["materiales"].school_name == "IE N° 54321 Señor de Ánimas"
    visits = [r for r in rows if r.kind == "visita"]
    assert {(r.teacher_dni, r.status) for r in visits} == {("40000001", "ejecutada"), ("40000002", "no_ejecutada")}
    skipped = next(r for r in visits if r.status == "no_ejecutada")
    assert (skipped.skip_reason_code, skipped.skip_reason_name) == ("otro", "Otro")
    assert all(r.correctable for r in rows if r.execution_id)


def test_observed_records_carry_the_gestors_comment(world):
    diag, *_ = _history(world)
    s = world.sigma
    world.sign_in(GESTOR)
    s.validation.observe(s.planning.get(diag.id).execution_id, "Revise los niveles del desempeño 4")
    world.sign_in(COACH_MG)
    row = s.coach_desk.month_plan(world.coaches[COACH_MG], YEAR, 4)[0]
    assert (row.validation_state, row.validation_comment, row.correctable) == \
        ("observada", "Revise los niveles del desempeño 4", True)


def test_activity_detail_has_participants_and_the_live_record(world):
    _diag, dev, gia, _ = _history(world)
    s, t = world.sigma, world.teachers
    d = s.coach_desk.activity_detail(gia.id)
    assert [p.id for p in d.teachers] == [t["40000001"], t["40000002"], t["40000003"]]
    assert "DNI 40000001" in d.teachers[0].label
    assert d.attended == frozenset({t["40000002"], t["40000003"]}) and d.hours == 4
    v = s.coach_desk.activity_detail(dev.id)
    assert (v.ratings, v.notes, v.outcome) == (BETTER, "Compromiso: retroalimentar", "ejecutada")
    route = s.planning.plan_route(world.coaches[COACH_MG], YEAR, 5, [world.schools["grau"]], allowance="80", days=1)
    s.registration.register_route(route.id, date(YEAR, 5, 28), [world.schools["grau"]], allowance_spent="75.40",
                                  days=1)
    r = s.coach_desk.activity_detail(route.id)
    assert r.schools[0].label.startswith("0512345-0 ") and r.attended == frozenset({world.schools["grau"]})
    assert r.allowance_spent == Decimal("75.40")


def test_profile_and_schools_of_a_coach(world):
    world.sign_in(COACH_EIB)
    s = world.sigma
    p = s.coach_desk.profile(world.coaches[COACH_EIB])
    assert (p.intervention_key, p.has_community_visits, p.ugel_name) == ("eib", True, "UGEL Grau")
    assert not s.coach_desk.profile(world.coaches[COACH_MG]).has_community_visits
    assert [x.modular_code for x in s.coach_desk.schools(world.coaches[COACH_EIB], YEAR)] == ["0512345"]
    world.sign_in(COACH_OTHER)
    with pytest.raises(PermissionDenied):
        s.coach_desk.month_plan(world.coaches[COACH_MG], YEAR, 5)


def test_catalogue_reads_come_from_the_database(world):
    world.sign_in(COACH_MG)
    s = world.sigma
    assert [i.number for i in s.catalogue_reads.rubric_items(2017)] == [1, 2, 3, 4, 5, 6]
    assert [i.number for i in s.catalogue_reads.rubric_items(YEAR)] == [1, 3, 4, 5, 6]
    reasons = s.catalogue_reads.skip_reasons()
    assert reasons[0].code == "huelga" and reasons[-1].code == "otro"
    assert [r.code for r in reasons if r.requires_text] == ["otro"]

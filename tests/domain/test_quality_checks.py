"""Each check of the quality module with facts that trigger it and facts that must not (pure functions,
no database: the queries that read the facts are tested in tests/storage/test_quality_queries.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from sigma_desktop.domain.errors import ValidationError
from sigma_desktop.domain.quality import facts as f
from sigma_desktop.domain.quality.checks import assignments, people, registration, review, routes, rubric
from sigma_desktop.domain.quality.holidays import day_off, easter, parse_holidays
from sigma_desktop.domain.quality.kinds import KINDS, Kind, State
from sigma_desktop.domain.quality.model import CheckContext, ProtocolFacts
from sigma_desktop.domain.quality.params import SPECS, Params, params_from
from sigma_desktop.domain.quality.registry import CHECKS
from sigma_desktop.domain.quality.review import StoredState, effective_state

UGEL, COACH, COACH2 = uuid4(), uuid4(), uuid4()
MULTIGRADO, EIB = uuid4(), uuid4()
YEAR = 2017
PROTOCOLS = {MULTIGRADO: (ProtocolFacts("primaria", 9, 8, 3, 12),),
             EIB: (ProtocolFacts("primaria", 9, 8, 3, 12), ProtocolFacts("inicial", 9, 8, 3, 12))}
HOLIDAYS = {date(2017, 4, 13): "Jueves Santo", date(2017, 7, 28): "Fiestas Patrias"}


def ctx(**params) -> CheckContext:
    return CheckContext(YEAR, date(2018, 3, 1), Params(**params), PROTOCOLS, frozenset({(UGEL, 3)}), HOLIDAYS)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_every_kind_has_a_check_a_label_and_the_specs_match_the_defaults():
    assert set(CHECKS) == set(Kind) == set(KINDS)
    assert {s.name: s.default for s in SPECS} == Params().as_dict()


# --- registrations -----------------------------------------------------------------------------------

def test_late_registrations_count_days_in_lima_and_group_by_coach_and_month():
    done = date(2017, 5, 10)
    facts = [
        f.Registration(uuid4(), UGEL, COACH, 5, done, utc(2017, 6, 10, 4, 0)),   # 9 June in Lima: 30 days
        f.Registration(uuid4(), UGEL, COACH, 5, done, utc(2017, 6, 11, 4, 0)),   # 10 June in Lima: 31 days
        f.Registration(uuid4(), UGEL, COACH, 5, done, utc(2017, 6, 20, 15, 0)),  # 41 days
        f.Registration(uuid4(), UGEL, COACH2, 5, done, utc(2017, 5, 12, 15, 0)),  # 2 days: on time
    ]
    found = registration.late_registrations(facts, ctx(late_days=30))
    assert len(found) == 1 and found[0].coach_id == COACH and found[0].month == 5
    assert {r.id for r in found[0].records} == {facts[1].execution_id, facts[2].execution_id}
    assert "entre 31 y 41 días" in found[0].detail
    assert registration.late_registrations(facts, ctx(late_days=45)) == []


def test_registrations_after_the_closing_of_a_reopened_month():
    closed = utc(2017, 4, 5, 15)
    facts = [f.ReopenedRegistration(uuid4(), UGEL, COACH, 3, utc(2017, 4, 20, 15), closed),
             f.ReopenedRegistration(uuid4(), UGEL, COACH, 3, utc(2017, 4, 1, 15), closed)]  # before: fine
    found = registration.reopened_month_registrations(facts, ctx())
    assert [r.id for r in found[0].records] == [facts[0].execution_id]
    assert found[0].subject == "mes:03" and "05/04/2017" in found[0].detail
    assert registration.reopened_month_registrations(facts[1:], ctx()) == []


def test_days_off_are_sundays_and_the_years_holidays():
    facts = [f.Execution(uuid4(), UGEL, COACH, 4, date(2017, 4, 13)),   # Jueves Santo
             f.Execution(uuid4(), UGEL, COACH, 4, date(2017, 4, 16)),   # a Sunday
             f.Execution(uuid4(), UGEL, COACH, 4, date(2017, 4, 15)),   # a Saturday: a school may work
             f.Execution(uuid4(), UGEL, COACH, 4, date(2017, 4, 17))]   # a Monday
    found = registration.days_off(facts, ctx())
    assert len(found) == 1 and found[0].count == 2
    assert "Jueves Santo" in found[0].detail and "domingo" in found[0].detail
    assert registration.days_off(facts[2:], ctx()) == []


def test_holiday_list_parsing_easter_and_day_off():
    parsed = parse_holidays(["fecha,nombre", "2017-04-13,Jueves Santo", "", "# comentario"])
    assert parsed == {date(2017, 4, 13): "Jueves Santo"}
    with pytest.raises(ValidationError, match="línea 2"):
        parse_holidays(["fecha,nombre", "13/04/2017,Jueves Santo"])
    with pytest.raises(ValidationError, match="falta el nombre"):
        parse_holidays(["fecha,nombre", "2017-04-13,"])
    assert easter(2017) == date(2017, 4, 16) and easter(2024) == date(2024, 3, 31)
    assert day_off(date(2017, 4, 16), {}) == "domingo" and day_off(date(2017, 4, 17), {}) is None


def test_the_shipped_holiday_list_has_every_year_and_the_laws_start_years():
    from sigma_desktop.services.quality import holidays

    days = holidays()
    for year in range(2017, 2031):
        e = easter(year)
        assert days[e - timedelta(days=3)] == "Jueves Santo" and days[e - timedelta(days=2)] == "Viernes Santo"
        assert date(year, 7, 28) in days and date(year, 12, 25) in days
        assert sum(1 for d in days if d.year == year and "Santo" in days[d] and "Todos" not in days[d]) == 2
    assert date(2021, 12, 9) not in days and date(2022, 12, 9) in days  # Ley 31381
    assert date(2021, 8, 6) not in days and date(2022, 8, 6) in days    # Ley 31530
    assert date(2023, 6, 7) not in days and date(2024, 6, 7) in days    # Ley 31788 (published 15/06/2023)


# --- rubric ------------------------------------------------------------------------------------------

def _visit(coach, month, levels, coach_visits, month_visits, teacher=None):
    return f.RatedVisit(uuid4(), UGEL, coach, month, teacher or uuid4(), levels, coach_visits, month_visits)


def test_flat_rubric_needs_every_visit_of_the_coach_flat_and_enough_visits():
    flat = [_visit(COACH, m, (2, None, 2, 2, 2, 2), 4, 1) for m in (4, 5, 6)] + \
           [_visit(COACH, 7, (3, None, 3, 3, 3, 3), 4, 1)]
    found = rubric.flat_rubric(flat, ctx(flat_min_visits=4))
    assert len(found) == 1 and found[0].count == 4 and "nivel II, III" in found[0].detail
    assert rubric.flat_rubric(flat, ctx(flat_min_visits=5)) == []
    mixed = flat[:3] + [_visit(COACH, 7, (3, None, 2, 3, 3, 3), 4, 1)]
    assert rubric.flat_rubric(mixed, ctx()) == []
    missing = flat[:3]  # the query sent only part of the coach's visits: not every visit is known flat
    assert rubric.flat_rubric(missing, ctx(flat_min_visits=3)) == []
    assert not rubric.is_flat((2, None, None, None, None, None))  # one rated desempeño is not a pattern


def test_same_rubric_for_every_teacher_of_a_month():
    levels = (2, None, 3, 2, 2, 3)
    same = [_visit(COACH, 5, levels, 20, 3) for _ in range(3)]
    found = rubric.same_rubric(same, ctx(same_min_teachers=3))
    assert len(found) == 1 and found[0].month == 5 and "II-III-II-II-III" in found[0].detail
    assert rubric.same_rubric(same, ctx(same_min_teachers=4)) == []
    differ = same[:2] + [_visit(COACH, 5, (2, None, 3, 2, 2, 2), 20, 3)]
    assert rubric.same_rubric(differ, ctx()) == []
    one_teacher_thrice = [_visit(COACH, 5, levels, 20, 3, teacher=UGEL) for _ in range(3)]
    assert rubric.same_rubric(one_teacher_thrice, ctx()) == []
    flat_coach = [_visit(COACH, 5, (2, None, 2, 2, 2, 2), 3, 3) for _ in range(3)]  # reported once, as flat
    assert rubric.flat_rubric(flat_coach, ctx(flat_min_visits=3)) and not rubric.same_rubric(flat_coach, ctx(
        flat_min_visits=3))
    assert rubric.same_rubric(flat_coach, ctx(flat_min_visits=4))  # too few visits to call the coach flat


# --- rutas --------------------------------------------------------------------------------------------

def test_allowance_over_and_routes_without_schools():
    over = f.Route(uuid4(), UGEL, COACH, 6, 100_000, 112_000, 3)
    fine = f.Route(uuid4(), UGEL, COACH2, 6, 100_000, 100_000, 3)
    empty = f.Route(uuid4(), UGEL, COACH2, 7, 50_000, 40_000, 0)
    found = routes.allowance_over([over, fine, empty], ctx())
    assert len(found) == 1 and found[0].coach_id == COACH and "S/ 1 120.00" in found[0].detail
    assert "S/ 120.00" in found[0].detail
    found = routes.routes_without_schools([over, fine, empty], ctx())
    assert [r.id for r in found[0].records] == [empty.execution_id] and len(found) == 1


# --- assignments --------------------------------------------------------------------------------------

def _assignment(coach, intervention, level, teacher=None):
    return f.Assignment(uuid4(), teacher or uuid4(), UGEL, coach, intervention, level, False)


def test_level_mismatch_uses_the_protocol_levels_of_the_intervention():
    wrong = _assignment(COACH, MULTIGRADO, "inicial")
    right = _assignment(COACH, MULTIGRADO, "primaria")
    eib_initial = _assignment(COACH2, EIB, "inicial")
    unknown = _assignment(COACH2, uuid4(), "secundaria")  # no protocol at all: a catalogue problem
    found = assignments.level_mismatch([wrong, right, eib_initial, unknown], ctx())
    assert len(found) == 1 and found[0].teacher_id == wrong.teacher_id and "inicial" in found[0].detail


def test_over_ratio_counts_teachers_against_the_protocol_plus_margin():
    nine = [_assignment(COACH, MULTIGRADO, "primaria") for _ in range(9)]
    eight = [_assignment(COACH2, MULTIGRADO, "primaria") for _ in range(8)]
    found = assignments.over_ratio(nine + eight, ctx())
    assert len(found) == 1 and found[0].coach_id == COACH and found[0].count == 9
    assert assignments.over_ratio(nine, ctx(ratio_margin=1)) == []


def _months(*months) -> int:
    return sum(1 << m for m in months)


def test_no_planned_visit_allows_the_protocols_free_months_and_skips_closed_ones():
    teacher = uuid4()
    # 9 visits over March–December: one month free
    one_free = f.Assignment(uuid4(), teacher, UGEL, COACH, MULTIGRADO, "primaria", False, _months(*range(3, 12)))
    assert assignments.no_planned_visit([one_free], ctx()) == []
    assert assignments.no_planned_visit([one_free._replace(months_mask=0, no_plan=True)], ctx()) == []  # not to plan
    two_missing = one_free._replace(months_mask=_months(*range(3, 11)))  # November and December missing
    found = assignments.no_planned_visit([two_missing], ctx())
    assert len(found) == 1 and "noviembre y diciembre" in found[0].detail and "1 mes" in found[0].detail
    # two coaches of an EIB teacher: the months of both count
    eib1 = f.Assignment(uuid4(), teacher, UGEL, COACH, EIB, "inicial", False, _months(3, 4, 5, 6, 7))
    eib2 = f.Assignment(uuid4(), teacher, UGEL, COACH2, EIB, "inicial", False, _months(8, 9, 10, 11))
    assert assignments.no_planned_visit([eib1, eib2], ctx()) == []
    found = assignments.no_planned_visit([eib1], ctx())
    assert len(found) == 1 and found[0].count == 1
    # the missing months are all closed: nothing left to plan
    closed_missing = one_free._replace(months_mask=_months(*range(4, 11), 12))  # March and November
    closed = CheckContext(YEAR, date(2018, 1, 5), Params(), PROTOCOLS,
                          frozenset({(UGEL, 3), (UGEL, 11)}), HOLIDAYS)
    assert assignments.no_planned_visit([closed_missing], closed) == []
    assert len(assignments.no_planned_visit([closed_missing], ctx())) == 1  # November open
    # the current year: only months so far count
    this_year = CheckContext(YEAR, date(YEAR, 5, 20), Params(), PROTOCOLS, frozenset(), HOLIDAYS)
    assert assignments.no_planned_visit([one_free._replace(months_mask=_months(3, 4))], this_year) == []
    assert len(assignments.no_planned_visit([one_free._replace(months_mask=_months(3, 4))],
                                            CheckContext(YEAR, date(YEAR, 6, 2), Params(), PROTOCOLS))) == 1


# --- people -------------------------------------------------------------------------------------------

def test_duplicate_people_same_school_same_name_ignoring_case_and_accents():
    school, other = uuid4(), uuid4()
    a = f.Person(uuid4(), UGEL, school, "90000001", "Rosa", "Ñahui", "Pérez")
    b = f.Person(uuid4(), UGEL, school, "90000002", "ROSA", "ñahui", "Perez")
    c = f.Person(uuid4(), UGEL, other, "90000003", "Rosa", "Ñahui", "Pérez")  # another school
    d = f.Person(uuid4(), UGEL, school, "90000004", "Rosa", "Ñahui", None)   # no second surname: not the same
    found = people.duplicate_people([a, b, c, d], ctx())
    assert len(found) == 1 and {r.id for r in found[0].records} == {a.teacher_id, b.teacher_id}
    assert "90000001, 90000002" in found[0].detail
    assert people.duplicate_people([a, c, d], ctx()) == []


def test_shared_dni_is_one_finding_per_dni():
    t, c = uuid4(), uuid4()
    found = people.shared_dni([f.SharedDni("95000001", t, UGEL, c, UGEL)], ctx())
    assert len(found) == 1 and found[0].count == 2 and found[0].subject == "dni:95000001"
    assert people.shared_dni([], ctx()) == []


# --- the review cycle ---------------------------------------------------------------------------------

def test_pending_validations_older_than_the_limit_per_ugel_and_month():
    today = date(2017, 8, 31)
    c = CheckContext(YEAR, today, Params(validation_days=15), PROTOCOLS)
    old = f.Pending(uuid4(), UGEL, COACH, 8, date(2017, 8, 15))    # 16 days
    young = f.Pending(uuid4(), UGEL, COACH, 8, date(2017, 8, 16))  # 15 days: not more than the limit
    found = review.pending_validations([old, young], c)
    assert len(found) == 1 and [r.id for r in found[0].records] == [old.execution_id]
    assert found[0].subject == "mes:08" and "16 días" in found[0].detail


def test_open_observations_older_than_the_limit_per_coach():
    c = CheckContext(YEAR, date(2017, 9, 30), Params(observation_days=10), PROTOCOLS)
    old = f.Observation(uuid4(), UGEL, COACH, 8, utc(2017, 9, 19, 15))    # 11 days
    young = f.Observation(uuid4(), UGEL, COACH2, 9, utc(2017, 9, 25, 15))
    found = review.open_observations([old, young], c)
    assert len(found) == 1 and found[0].coach_id == COACH and "agosto" in found[0].detail


def test_other_reason_share_above_the_limit_with_enough_non_executions():
    rows = [f.NonExecution(uuid4(), UGEL, COACH, 5, "otro", 5) for _ in range(2)] + \
           [f.NonExecution(uuid4(), UGEL, COACH, 5, "docente_ausente", 5) for _ in range(3)]
    found = review.other_reason_share(rows, ctx(other_share=20, other_min=5))
    assert len(found) == 1 and found[0].count == 2 and "2 de 5" in found[0].detail and "40 %" in found[0].detail
    only_other = rows[:2]  # the query may send only the «Otro» ones: the coach's total still counts
    assert [r.id for r in review.other_reason_share(only_other, ctx())[0].records] == [r.execution_id for r in rows[:2]]
    assert review.other_reason_share(rows, ctx(other_share=40, other_min=5)) == []  # 40 % is not above 40 %
    assert review.other_reason_share(rows, ctx(other_share=20, other_min=6)) == []  # too few to judge


# --- parameters and states ----------------------------------------------------------------------------

def test_params_are_checked_and_named_in_spanish():
    assert params_from({"late_days": "45"}).late_days == 45
    with pytest.raises(ValidationError, match="Días después de la ejecución.*entre 1 y 365") as e:
        params_from({"late_days": 0})
    assert e.value.field == "late_days"
    with pytest.raises(ValidationError, match="no es un número entero"):
        params_from({"other_share": "veinte"})
    with pytest.raises(ValidationError, match="desconocido"):
        params_from({"dias": 3})


def test_a_decision_covers_the_records_it_was_made_on():
    assert effective_state(None, 3) == (State.NEW, False)
    justified = StoredState(State.JUSTIFIED, "Feriado regional: recuperación de clases", 3)
    assert effective_state(justified, 3) == (State.JUSTIFIED, False)
    assert effective_state(justified, 2) == (State.JUSTIFIED, False)
    assert effective_state(justified, 4) == (State.NEW, True)
    reviewed = StoredState(State.REVIEWED, None, 1)
    assert effective_state(reviewed, 5) == (State.REVIEWED, False)

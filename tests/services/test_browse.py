"""Master lists (docentes, IIEE, acompañantes): filter, sort, paging and scope in SQL, on both engines."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from sigma_desktop.domain.browse import ListFilter
from sigma_desktop.domain.errors import PermissionDenied, ValidationError

from tests.world import (ADMIN, COACH_EIB, COACH_EIB2, COACH_MG, COACH_OTHER, GESTOR, GESTOR_OTHER, RCI,
                         REGIONAL, YEAR)

GRAU_TEACHERS = {f"4000000{i}" for i in range(1, 7)}
ALL_TEACHERS = GRAU_TEACHERS | {"40000009"}


def dnis(rows) -> list[str]:
    return [r.dni for r in rows]


def test_teacher_list_for_admin_has_every_teacher_with_coaches_and_school(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    flt = ListFilter(year=YEAR)
    assert b.count("teachers", flt) == 7
    rows = {r.dni: r for r in b.page("teachers", flt, limit=50)}
    assert set(rows) == ALL_TEACHERS
    one = rows["40000001"]
    assert one.name == "Quispe Ñahui, Docente 1"
    assert one.school_code == "0512345-0" and one.school_name == "IE N° 54321 Señor de Ánimas"
    assert (one.ugel_code, one.ugel_name) == ("030007", "UGEL Grau")
    assert [c.dni for c in one.coaches] == [COACH_MG] and one.interventions == ("Multigrado",)
    assert rows["40000006"].coaches == ()
    assert rows["40000009"].name == "Huamán, Docente Abancay"  # no second surname: no stray space


@pytest.mark.parametrize("text, expected", [
    ("ñahui", GRAU_TEACHERS),
    ("NAHUI", GRAU_TEACHERS),         # unaccented, upper case
    ("huaman", {"40000009"}),        # stored with an accent: «Huamán»
    ("HUAMÁN", {"40000009"}),
    ("quispe 40000003", {"40000003"}),  # every word must appear
    ("abancay docente", {"40000009"}),  # in any order (here: the teacher's name and the school's)
    ("40000005", {"40000005"}),      # by DNI
    ("senor animas", GRAU_TEACHERS), # by the school's name, unaccented
    ("0654321", {"40000009"}),       # by código modular
    ("quispe abancay", set()),
    ("ani", GRAU_TEACHERS),          # «Ánimas»: a word of 3 letters or more also searches the school
    ("an", {"40000009"}),            # 2 letters: the teachers' own keys only («Huamán», «Abancay»)
    ("100%", set()),                 # LIKE wildcards in the text are literal
    ("_", set()),
    ("   ", ALL_TEACHERS),
])
def test_teacher_filter_is_accent_and_case_insensitive(world, text, expected):
    world.sign_in(ADMIN)
    flt = ListFilter(text, YEAR)
    assert world.sigma.browse.count("teachers", flt) == len(expected)
    assert set(dnis(world.sigma.browse.page("teachers", flt, limit=50))) == expected


def test_sort_both_ways_and_paging(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    flt = ListFilter(year=YEAR)
    asc = dnis(b.page("teachers", flt, "dni", False, 0, 50))
    assert asc == sorted(ALL_TEACHERS)
    assert dnis(b.page("teachers", flt, "dni", True, 0, 50)) == sorted(ALL_TEACHERS, reverse=True)
    pages = [dnis(b.page("teachers", flt, "dni", False, off, 3)) for off in (0, 3, 6, 9)]
    assert pages == [asc[0:3], asc[3:6], asc[6:7], []]
    # by name: «Huamán» before «Quispe»; equal surnames fall back to the given names
    by_name = dnis(b.page("teachers", flt, "name", False, 0, 50))
    assert by_name[0] == "40000009" and by_name[1:] == sorted(GRAU_TEACHERS)
    assert dnis(b.page("teachers", flt, "name", True, 0, 50)) == list(reversed(by_name))


def test_sort_by_coach_intervention_and_school(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    flt = ListFilter(year=YEAR)
    by_inter = b.page("teachers", flt, "intervention", False, 0, 50)
    assert [r.interventions for r in by_inter][:3] == [(), ("EIB",), ("EIB",)]  # no coach first (empty)
    assert [r.interventions for r in by_inter][-1] == ("Multigrado",)
    assert dnis(b.page("teachers", flt, "school", True, 0, 1)) == ["40000009"]  # 0654321 > 0512345
    coaches = b.page("coaches", flt, "teachers", True, 0, 50)
    assert [(c.dni, c.teacher_count) for c in coaches[:3]] == [(COACH_MG, 3), (COACH_EIB, 2), (COACH_OTHER, 1)]
    schools = b.page("schools", flt, "district", False)
    assert [s.district for s in schools] == ["Abancay", "Chuquibambilla"]
    assert schools[1].province == "Grau" and schools[1].department == "Apurímac"
    assert [s.district for s in b.page("schools", flt, "district", True)] == ["Chuquibambilla", "Abancay"]


def test_unknown_sort_column_falls_back_and_unknown_list_is_refused(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    assert dnis(b.page("teachers", ListFilter(year=YEAR), "drop table", False, 0, 50)) == \
        dnis(b.page("teachers", ListFilter(year=YEAR), "name", False, 0, 50))
    with pytest.raises(ValidationError):
        b.count("users", ListFilter())


def test_intervention_filter(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    assert set(dnis(b.page("teachers", ListFilter(year=YEAR, intervention="eib")))) == {"40000004", "40000005"}
    assert b.count("teachers", ListFilter(year=YEAR + 1, intervention="eib")) == 0
    assert set(dnis(b.page("coaches", ListFilter(year=YEAR, intervention="eib")))) == {COACH_EIB, COACH_EIB2}


@pytest.mark.parametrize("who, teachers, schools, coaches", [
    (ADMIN, ALL_TEACHERS, {"0512345", "0654321"}, 5),
    (REGIONAL, ALL_TEACHERS, {"0512345", "0654321"}, 5),
    (GESTOR, GRAU_TEACHERS, {"0512345"}, 4),
    (RCI, GRAU_TEACHERS, {"0512345"}, 4),
    (GESTOR_OTHER, {"40000009"}, {"0654321"}, 1),
    (COACH_EIB, {"40000004", "40000005"}, {"0512345"}, 1),  # an AP sees their own teachers
    (COACH_MG, {"40000001", "40000002", "40000003"}, {"0512345"}, 1),
])
def test_scope_per_role(world, who, teachers, schools, coaches):
    world.sign_in(who)
    b = world.sigma.browse
    flt = ListFilter(year=YEAR)
    assert b.count("teachers", flt) == len(teachers)
    assert set(dnis(b.page("teachers", flt, limit=50))) == teachers
    assert {s.modular_code for s in b.page("schools", flt, limit=50)} == schools
    assert b.count("schools", flt) == len(schools)
    assert b.count("coaches", flt) == coaches == len(b.page("coaches", flt, limit=50))


def test_gestor_of_another_ugel_sees_none_of_ours(world):
    world.sign_in(GESTOR_OTHER)
    b = world.sigma.browse
    flt = ListFilter(year=YEAR)
    assert not set(dnis(b.page("teachers", flt, limit=50))) & GRAU_TEACHERS
    assert b.count("teachers", ListFilter("ñahui", YEAR)) == 0
    assert b.count("schools", ListFilter("animas", YEAR)) == 0
    assert b.coach_names([world.teachers["40000001"]], YEAR) == {}
    with pytest.raises(PermissionDenied):
        b.coach_assignments(world.coaches[COACH_MG], YEAR)


def test_coach_names_of_a_page_in_one_query_with_eib_coaches(world):
    world.sign_in(RCI)
    world.sigma.assignments.assign("40000004", COACH_EIB2, YEAR)
    ids = list(world.teachers.values())
    statements = []

    def count(*_args):
        statements.append(1)

    engine = world.sigma.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        names = world.sigma.browse.coach_names(ids, YEAR)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    selects = len(statements)
    assert selects <= 2  # the lookup itself, plus at most the transaction's BEGIN on SQLite
    assert {c.dni for c in names[world.teachers["40000004"]]} == {COACH_EIB, COACH_EIB2}
    assert world.teachers["40000009"] not in names  # another UGEL: out of the RCI's scope
    assert world.teachers["40000006"] not in names  # no coach


def test_teacher_page_costs_three_queries_whatever_its_size(world):
    """The page's ids (sorted and cut in SQL), their details, their coaches: never one query per row."""
    world.sign_in(ADMIN)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = world.sigma.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        rows = world.sigma.browse.page("teachers", ListFilter(year=YEAR), limit=50)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(rows) == 7
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3


def test_coach_assignments_show_no_plan_and_other_eib_coaches(world):
    world.sign_in(RCI)
    a = world.sigma.assignments
    a.assign("40000004", COACH_EIB2, YEAR)
    rows = world.sigma.browse.coach_assignments(world.coaches[COACH_EIB], YEAR)
    assert dnis(rows) == ["40000004", "40000005"]
    a.set_no_plan(rows[1].assignment_id, True, "Licencia por salud")
    rows = world.sigma.browse.coach_assignments(world.coaches[COACH_EIB], YEAR)
    assert [c.dni for c in rows[0].other_coaches] == [COACH_EIB2]
    assert rows[1].other_coaches == ()
    assert (rows[1].no_plan, rows[1].no_plan_reason) == (True, "Licencia por salud")
    assert rows[0].intervention == "EIB" and rows[0].school_code == "0512345-0"


def test_catalogue_reads(world):
    world.sign_in(ADMIN)
    b = world.sigma.browse
    inter = {i.key: i for i in b.interventions()}
    assert inter["eib"].multi_coach and inter["eib"].has_community_visits
    assert not inter["multigrado"].multi_coach
    reasons = b.skip_reasons()
    assert reasons[0].code == "huelga" and reasons[-1].requires_text
    versions = {v.code: v for v in b.rubric_versions()}
    assert len(versions["2017"].items) == 6 and len(versions["2018"].items) == 5
    assert 2 not in [n for n, _ in versions["2018"].items]
    assert YEAR in b.protocol_years()
    protocols = b.protocols(YEAR)
    assert {p.intervention for p in protocols} >= {"Multigrado", "EIB"}
    eib = next(p for p in protocols if p.intervention == "EIB")
    assert eib.community_visits > 0
    offices = b.offices()
    assert [(o.kind, o.code) for o in offices] == [("dre", "030000"), ("ugel", "030001"), ("ugel", "030007")]
    assert YEAR in b.assignment_years()


def test_reads_need_a_signed_in_user_or_the_system(world):
    # nobody signed in: the command line acts as the system (national scope), like other services
    assert world.sigma.browse.count("teachers", ListFilter(year=YEAR)) == 7

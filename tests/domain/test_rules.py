"""The rule book on its own: pure functions over commands and facts (no database), and the change sets."""
from __future__ import annotations

from datetime import date
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from sigma_desktop.domain.changes import ChangeSet, Period
from sigma_desktop.domain.rules import assignment as A
from sigma_desktop.domain.rules import limits as L
from sigma_desktop.domain.rules import registration as R
from sigma_desktop.domain.rules.facts import (ActivityFacts, AssignmentFacts, CoachName, ExecutionFacts, RecordFacts,
                                              VisitHistory)
from sigma_desktop.domain.rules.planning import visit_type_problem
from sigma_desktop.domain.rules.verdict import Refused, Unchanged

TODAY = date(2025, 12, 31)


def _record(execution=None, closed=False, kind="visita_social"):
    activity = ActivityFacts(uuid4(), kind, uuid4(), uuid4(), 2025, 5)
    return RecordFacts(activity, closed, execution, TODAY)


def _community(facts, on=date(2025, 5, 4), parents=3):
    return R.register_community_visit(R.RegisterCommunityVisit(facts.activity.id, on, parents, 0, 0), facts)


def test_a_record_that_says_the_same_changes_nothing_whatever_its_state():
    first = _community(_record())
    assert isinstance(first, R.ExecutionWrite) and first.execution_id is None
    stored = ExecutionFacts(uuid4(), "validada", first.values)
    assert isinstance(_community(_record(stored, closed=True)), Unchanged)  # validated, month closed: no matter
    refused = _community(_record(stored, closed=True), parents=4)
    assert isinstance(refused, Refused) and set(refused.messages) == {"mes", "actividad"}
    again = _community(_record(ExecutionFacts(stored.id, "observada", first.values)), parents=4)
    assert again.execution_id == stored.id  # a correction of the live record


def test_values_are_judged_before_anything_else():
    refused = _community(_record(closed=True), on=date(2025, 6, 1), parents=5001)
    assert refused.messages == {
        "fecha_ejecucion": "Fecha de ejecución: debe estar dentro del mes planificado (mayo 2025).",
        "padres": "Padres de familia: debe ser un número entero entre 0 y 5000 (se recibió «5001»)."}


ANA = CoachName.of(uuid4(), "Ana", "Quispe", "45000003")
LUIS = CoachName.of(uuid4(), "Luis", "Mamani", "45000004")


@given(st.lists(st.tuples(st.integers(1, 12), st.sampled_from([None, "diagnostica", "desarrollo", "cierre"]),
                          st.sampled_from([ANA, LUIS])), max_size=8))
def test_the_visit_history_grown_visit_by_visit_is_the_history_of_all(visits):
    grown = VisitHistory()
    for month, visit_type, by in visits:
        grown = grown.with_visit(month, visit_type, by)
    assert grown == VisitHistory.of(visits)


def test_the_first_visit_is_the_diagnostica():
    none, diag_in_may = VisitHistory(), VisitHistory(diagnostic_month=5, first_month=5, diagnostic_by=ANA)
    assert visit_type_problem(None, none, 4) == ("diagnostica", None)
    assert visit_type_problem(None, diag_in_may, 6, LUIS.id) == ("desarrollo", None)
    assert visit_type_problem("desarrollo", none, 4)[1].endswith("debe ser la diagnóstica.")
    assert "antes de la diagnóstica" in visit_type_problem("desarrollo", diag_in_may, 4)[1]
    assert visit_type_problem("diagnostica", diag_in_may, 7, ANA.id)[1] == (
        "Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año.")
    assert "meses anteriores" in visit_type_problem("diagnostica", VisitHistory(None, 3), 5)[1]


def test_one_diagnostica_per_teacher_whoever_the_coach_and_the_message_names_who_planned_it():
    diag_in_may = VisitHistory.of([(5, "diagnostica", ANA), (6, "desarrollo", LUIS)])
    assert diag_in_may.diagnostic_by == ANA
    assert visit_type_problem("diagnostica", diag_in_may, 7, LUIS.id)[1] == (
        "Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año por otro acompañante "
        "(Ana Quispe (DNI 45000003)); la diagnóstica es una por docente y vale para todos sus acompañantes: "
        "planifique una visita de desarrollo.")


def test_limits_speak_with_their_label_and_the_value_received():
    assert L.HOURS_DONE.problem(None) == "Horas: indique la duración en horas."
    assert L.HOURS_DONE.problem(0) == "Horas: indique la duración en horas."
    assert L.HOURS_DONE.problem(81) == "Horas: debe ser un número entero entre 1 y 80 (se recibió «81»)."
    assert L.NOTES.clean(" acuerdos:\n  leer  más ") == "acuerdos:\n  leer  más"  # notes keep their lines
    assert L.TOPIC.clean("  Evaluación   formativa ") == "Evaluación formativa"
    assert L.OBSERVATION.problem(L.OBSERVATION.clean(" ok ")).startswith("Observación: explique")


def test_the_import_reads_numbers_with_the_rule_books_words():
    from sigma_desktop.importing import cells
    from sigma_desktop.importing.parse import _whole
    from sigma_desktop.importing.problems import without_label

    for limit in L.COUNTS:
        try:
            _whole(limit)("mucho")
        except cells.CellError as exc:
            assert exc.message == without_label(limit.not_whole("mucho"))
        else:
            raise AssertionError(limit)
        assert _whole(limit)(" 7 ") == 7  # the range is the rule book's to judge, with the same words


def test_change_sets_say_which_periods_they_touch():
    ugel, coach, other = uuid4(), uuid4(), uuid4()
    visit = ChangeSet({"activity": frozenset({uuid4()})}, frozenset({Period(ugel, coach, 2025, 5)}))
    assert visit.touches_period(coach_id=coach, year=2025, month=5)
    assert not visit.touches_period(coach_id=other, year=2025, month=5)
    assert not visit.touches_period(coach_id=coach, year=2025, month=6)
    closing = ChangeSet({"month_closing": frozenset({uuid4()})}, frozenset({Period(ugel, None, 2025, 5)}))
    assert closing.touches_period(coach_id=other, year=2025, month=5)  # a closing concerns every coach
    assignment = ChangeSet({"assignment": frozenset({uuid4()})}, frozenset({Period(ugel, coach, 2025)}))
    assert assignment.touches_period(coach_id=coach, year=2025, month=11)  # the whole year
    assert ChangeSet.of_kinds("activity").touches_period(coach_id=other, year=1999)  # coarse: touches all
    both = visit | closing
    assert both.kinds == {"activity", "month_closing"} and len(both.periods) == 2
    assert not ChangeSet() and ChangeSet().describe() == "nothing"


def _assignment(**kw):
    facts = dict(teacher_id=uuid4(), coach_id=uuid4(), intervention_key="multigrado", intervention_name="Multigrado",
                 multi_coach=False, live_coach_dnis=(), assigned_here=False, teacher_dni="40000001",
                 coach_dni="45000001", school_level="primaria", protocol_levels=frozenset({"primaria"}))
    return AssignmentFacts(**(facts | kw))


def test_a_deactivated_docente_or_ap_is_not_assigned_whatever_else_holds():
    refused = A.assign(_assignment(teacher_active=False, coach_active=False, assigned_here=True), 2025)
    assert refused.messages == {
        "dni_docente": "DNI del docente: 40000001 está desactivado; actívelo antes de asignarlo.",
        "dni_acompanante": "DNI del acompañante: 45000001 está desactivado; actívelo antes de asignarlo."}


def test_an_assignment_without_protocol_target_is_made_with_its_warning():
    assert A.assign(_assignment(), 2025).warning is None
    made = A.assign(_assignment(school_level="secundaria"), 2025)
    assert isinstance(made, A.NewAssignment) and made.warning == A.level_warning(
        "40000001", "secundaria", "Multigrado", 2025, frozenset({"primaria"}))
    assert made.warning.startswith("El docente 40000001 enseña en una IE de secundaria y Multigrado 2025 tiene "
                                   "metas solo para primaria: no tendrá meta de protocolo")
    back = A.assign(_assignment(removed_id=uuid4(), protocol_levels=frozenset()), 2025)
    assert isinstance(back, A.BringBack) and "Multigrado 2025 no tiene metas de protocolo" in back.warning
    assert isinstance(A.assign(_assignment(assigned_here=True, school_level="secundaria"), 2025), Unchanged)

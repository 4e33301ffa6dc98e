"""Accounts under attack: guessing DNIs and passwords, locking other people out, working on with a
temporary password, an AP reading another coach's work, and read-only commands while another program
writes. On SQLite and PostgreSQL, through the services and the `sigma` command."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from sigma_desktop.cli import main
from sigma_desktop.domain.errors import AuthenticationError, NotFound, PermissionDenied
from sigma_desktop.domain.session_policy import FAILURES_BEFORE_WAIT_PER_DNI, FAILURES_BEFORE_WAIT_PER_PC
from sigma_desktop.services import auth
from sigma_desktop.storage import models as m
from tests.world import ADMIN, COACH_EIB, COACH_MG, GESTOR, PASSWORD, RATINGS_2018, YEAR


@pytest.fixture
def verifications(monkeypatch):
    """How many argon2 verifications sign-in makes (each costs the same ~50 ms of memory-hard work)."""
    calls = []
    real = auth.hasher()

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, stored, password):
            calls.append(stored)
            return real.verify(stored, password)

    monkeypatch.setattr(auth, "_hasher", Counting())
    return calls


def _log_size(sigma) -> int:
    with sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(m.ChangeLog))


def test_an_unknown_dni_costs_one_hash_and_reads_the_same_as_a_wrong_password(world, verifications):
    s = world.sigma
    s.users.set_active("45000004", False)
    before = _log_size(s)
    s.auth.sign_out()  # nobody signed in, as at the sign-in window
    cases = {"known, wrong password": (GESTOR, "mala-clave-9"), "unknown DNI": ("99999999", PASSWORD),
             "deactivated account": ("45000004", PASSWORD), "not a DNI": ("4500000١", PASSWORD),
             "empty password": (GESTOR, "")}
    for what, (dni, password) in cases.items():
        verifications.clear()
        s.auth.pc = f"pc-{len(what)}"  # each case on a PC of its own: no back-off in the way
        with pytest.raises(AuthenticationError) as refused:
            s.auth.sign_in(dni, password)
        assert refused.value.message == "DNI o contraseña incorrectos.", what
        assert len(verifications) == 1, what
    assert s.actor is None
    assert _log_size(s) == before  # failed attempts are counted apart: no account row changes, nothing to sync


def test_guessing_on_one_pc_never_locks_the_person_out_of_their_own_pc(world):
    s = world.sigma
    s.auth.pc = "pc-del-atacante"
    for _ in range(FAILURES_BEFORE_WAIT_PER_DNI):
        with pytest.raises(AuthenticationError, match="incorrectos"):
            s.auth.sign_in(GESTOR, "adivinanza-1")
    with pytest.raises(AuthenticationError, match=r"Espere 1 minuto"):  # even the right password waits here
        s.auth.sign_in(GESTOR, PASSWORD)
    s.auth.pc = "pc-de-la-gestora"
    assert s.auth.sign_in(GESTOR, PASSWORD).dni == GESTOR  # at her own PC she works as usual
    # an unknown DNI waits the same way, with the same words: no way to tell which DNIs have accounts
    s.auth.pc = "pc-del-atacante"
    for _ in range(FAILURES_BEFORE_WAIT_PER_DNI):
        with pytest.raises(AuthenticationError, match="incorrectos"):
            s.auth.sign_in("47777777", "adivinanza-1")
    with pytest.raises(AuthenticationError) as unknown:
        s.auth.sign_in("47777777", "adivinanza-1")
    with pytest.raises(AuthenticationError) as known:
        s.auth.sign_in(GESTOR, "adivinanza-1")
    assert unknown.value.message.split("Espere")[0] == known.value.message.split("Espere")[0]


def test_trying_many_dnis_from_one_pc_makes_that_pc_wait(world):
    s = world.sigma
    s.auth.pc = "pc-de-rociado"
    for i in range(FAILURES_BEFORE_WAIT_PER_PC):
        with pytest.raises(AuthenticationError, match="incorrectos"):
            s.auth.sign_in(f"4800{i:04d}", "clave-comun-1")
    with pytest.raises(AuthenticationError, match="Demasiados intentos"):
        s.auth.sign_in(ADMIN, PASSWORD)
    s.auth.pc = "otra-pc"
    assert s.auth.sign_in(ADMIN, PASSWORD).dni == ADMIN


def test_a_temporary_password_must_be_changed_before_anything_else(world):
    s = world.sigma
    s.auth.sign_in(ADMIN, PASSWORD)
    s.users.reset_password(GESTOR, "temporal-123")
    s.auth.sign_out()
    actor = s.auth.sign_in(GESTOR, "temporal-123")
    assert actor.must_change_password
    before = _log_size(s)
    for attempt in (lambda: s.validation.queue(YEAR), lambda: s.closing.close("030007", YEAR, 3, confirmed=True),
                    lambda: s.browse.count("teachers"), lambda: s.validation.coaches(),
                    lambda: s.sync.conflicts()):
        with pytest.raises(PermissionDenied, match="contraseña es temporal"):
            attempt()
    assert _log_size(s) == before
    with pytest.raises(Exception, match="distinta de la actual"):
        s.auth.change_password("temporal-123", "temporal-123")
    s.auth.change_password("temporal-123", "propia-clave-45")
    assert not s.actor.must_change_password
    assert s.validation.queue(YEAR) == []
    s.auth.sign_out()
    assert not s.auth.sign_in(GESTOR, "propia-clave-45").must_change_password


def test_the_command_line_refuses_a_temporary_password_until_it_is_changed(sqlite_world, monkeypatch, capsys):
    s = sqlite_world.sigma
    s.users.reset_password(GESTOR, "temporal-123")
    url = s.db.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CLAVE", "temporal-123")
    monkeypatch.setenv("NUEVA", "propia-clave-45")
    assert main(["--db", url, "control", "--year", str(YEAR), "--usuario", GESTOR, "--password-env", "CLAVE"]) == 1
    assert "contraseña es temporal" in capsys.readouterr().err
    assert main(["--db", url, "password", "--usuario", GESTOR, "--password-env", "CLAVE",
                 "--nueva-password-env", "NUEVA"]) == 0
    assert "Contraseña cambiada" in capsys.readouterr().out
    assert main(["--db", url, "control", "--year", str(YEAR), "--usuario", GESTOR, "--password-env", "NUEVA"]) == 0


def _other_coachs_work(world):
    """COACH_EIB's visit (planned and executed on the hub as that coach)."""
    from datetime import date

    s = world.sigma
    world.sign_in(COACH_EIB)
    v = s.planning.plan_visit(world.coaches[COACH_EIB], world.teachers["40000004"], YEAR, 4)
    s.registration.register_visit(v.id, date(YEAR, 4, 9), RATINGS_2018)
    world.sign_in(COACH_MG)
    own = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    return v, own


def test_an_ap_reads_only_their_own_plan_activities_and_teachers(world):
    s = world.sigma
    theirs, own = _other_coachs_work(world)
    other, me = world.coaches[COACH_EIB], world.coaches[COACH_MG]
    reads = {
        "month_plan": lambda c, a: s.coach_desk.month_plan(c, YEAR, 4),
        "activity_detail": lambda c, a: s.coach_desk.activity_detail(a),
        "my_teachers": lambda c, a: s.coach_desk.my_teachers(c, YEAR),
        "schools": lambda c, a: s.coach_desk.schools(c, YEAR),
        "planning.list_for_coach": lambda c, a: s.planning.list_for_coach(c, YEAR),
        "planning.get": lambda c, a: s.planning.get(a),
        "registration.ratings": lambda c, a: s.registration.ratings(a),
        "browse.coach_assignments": lambda c, a: s.browse.coach_assignments(c, YEAR),
        "validation.queue": lambda c, a: s.validation.queue(YEAR, coach_id=c),
        "history.of_record": lambda c, a: s.history.of_record(a),
    }
    for name, read in reads.items():
        with pytest.raises(PermissionDenied, match="solo consulta su propio"):
            read(other, theirs.id)
        try:
            read(me, own.id)  # their own: allowed
        except NotFound:
            assert name == "history.of_record" or name == "registration.ratings", name
    # the validation queue without a coach shows the AP's own work only, never the UGEL's
    assert {r.coach_dni for r in s.validation.queue(YEAR)} <= {COACH_MG}
    world.sign_in(COACH_EIB)
    assert {r.coach_dni for r in s.validation.queue(YEAR)} == {COACH_EIB}
    # the Gestor Local of the UGEL reads both
    world.sign_in(GESTOR)
    assert s.coach_desk.month_plan(other, YEAR, 4) and s.coach_desk.activity_detail(theirs.id)


@pytest.mark.parametrize("command", [["users", "list"], ["control", "--year", str(YEAR)],
                                     ["indicators", "--year", str(YEAR)], ["check"]])
def test_read_only_commands_work_while_another_program_holds_a_write_transaction(sqlite_world, command, capsys):
    s = sqlite_world.sigma
    url = s.db.url.render_as_string(hide_password=False)
    path = s.db.url.database
    s.close()
    assert main(["--db", url, "users", "list"]) == 0  # today's copy and checks done: what a second start finds
    capsys.readouterr()
    other = sqlite3.connect(path, isolation_level=None, timeout=1)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO app_meta (key, value) VALUES ('otro-programa', 'escribe')")
        assert main(["--db", url, *command]) == 0, capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()

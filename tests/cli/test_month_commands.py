"""`sigma month status|close|reopen`: the closing of a UGEL's month from a terminal, and its bad input."""
from __future__ import annotations

import json
from datetime import date

import pytest

from sigma_desktop.cli import main
from tests.world import COACH_MG, GESTOR, GESTOR_OTHER, PASSWORD, RATINGS_2018, YEAR


@pytest.fixture
def cli(sqlite_world, capsys, monkeypatch):
    monkeypatch.setenv("SIGMA_PW", PASSWORD)
    url = sqlite_world.sigma.db.describe()

    def run(*args, user: str | None = GESTOR):
        who = ["--usuario", user, "--password-env", "SIGMA_PW"] if user else []
        code = main(["--db", url, "month", *args, *who])
        out, err = capsys.readouterr()
        return code, out, err
    run.world = sqlite_world
    return run


def _april_with_a_pending_visit(world):
    world.sign_in(COACH_MG)
    v = world.sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    world.sigma.registration.register_visit(v.id, date(YEAR, 4, 10), RATINGS_2018)
    world.sigma.auth.sign_out()


def test_status_close_and_reopen(cli):
    _april_with_a_pending_visit(cli.world)
    period = ["--ugel", "030007", "--year", str(YEAR), "--month", "4"]
    code, out, _ = cli("status", *period, "--json", user=None)
    doc = json.loads(out)
    assert code == 0 and not doc["cerrado"] and doc["pendientes"] == ["1 registro pendiente de validación"]
    code, _out, err = cli("close", *period)
    assert code == 1 and "tiene pendientes: 1 registro pendiente de validación" in err
    code, out, _ = cli("close", *period, "--confirmar")
    assert code == 0 and "Mes cerrado el " in out and "por Gestora Local Grau" in out
    code, out, _ = cli("status", "--ugel", "030007", "--year", str(YEAR), user=None)
    assert code == 0 and "Abril      Mes cerrado el" in out and "Mayo       Abierto" in out
    code, out, _ = cli("reopen", *period, "--reason", "Un AP corrige una visita")
    assert code == 0 and "reabierto: Un AP corrige una visita" in out
    code, out, _ = cli("status", *period, user=None)
    assert "Mes abierto (reabierto: Un AP corrige una visita)" in out


@pytest.mark.parametrize("args, user, message", [
    (["close", "--ugel", "030007", "--year", str(YEAR), "--month", "13"], GESTOR,
     "Mes: 13 no es un mes válido (1 a 12)."),
    (["close", "--ugel", "999999", "--year", str(YEAR), "--month", "4"], GESTOR,
     "Código de UGEL: 999999 no existe."),
    (["close", "--ugel", "030007", "--year", str(YEAR), "--month", "4", "--confirmar"], GESTOR_OTHER,
     "fuera de su ámbito"),
    (["close", "--ugel", "030007", "--year", str(YEAR), "--month", "4", "--confirmar"], COACH_MG,
     "no permite: cerrar y reabrir el mes"),
    (["close", "--ugel", "030007", "--year", str(YEAR), "--month", "4", "--confirmar"], None,
     "Usuario: indique --usuario DNI"),
    (["reopen", "--ugel", "030007", "--year", str(YEAR), "--month", "3"], GESTOR,
     "Motivo de reapertura: explique por qué se reabre el mes"),
    (["status", "--ugel", "999999", "--year", str(YEAR), "--month", "4"], None,
     "Código de UGEL: 999999 no existe."),
])
def test_bad_input_is_refused_in_spanish_and_changes_nothing(cli, args, user, message):
    w = cli.world
    w.sign_in(GESTOR)
    w.sigma.closing.close("030007", YEAR, 3)
    w.sigma.auth.sign_out()
    before = w.log_count()
    code, out, err = cli(*args, user=user)
    assert code == 1 and message in err and out == "", err
    assert w.log_count() == before
    w.sign_in(GESTOR)
    assert w.sigma.closing.state("030007", YEAR, 3).closed and not w.sigma.closing.state("030007", YEAR, 4).closed

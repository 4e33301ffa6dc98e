"""A small region built from spreadsheets only, as a new office does it (no demo data, no Python shortcuts):
`sigma import` of the Padrón (which registers the UGELs), docentes, acompañantes, asignaciones (an EIB teacher
with two coaches) and actividades, into an empty database; then the Módulo de Control and V26–V31 (and P07,
Q01) per coach and per UGEL against figures counted by hand below, on SQLite and on PostgreSQL.

The region (year Y = last year, so no date is in the future):

    UGEL 030007 Grau (in the Minedu catalogue)         UGEL 039901 Prueba Sur (not in it: the Padrón names it)
    IE A 0700001 primaria · IE B 0700002 primaria EIB   IE D 0700004 primaria
    IE C 0700003 secundaria
    C1 multigrado: T1, T2 (IE A), T5 (IE C: no target)  C4 multigrado: T6, T7 (IE D)
    C2 EIB: T3, T4 (IE B)   C3 EIB: T3 (second coach)

    April: C1 diagnósticas T1 ✓, T2 ✗ (huelga), T5 ✓ · C2 diagnósticas T3 ✓, T4 planned · C4 diagnóstica T6 ✓
    May:   C1 desarrollo T1 ✓ and a GIA ✓ · C2 desarrollo T3 ✓ · C3 desarrollo T3 ✓ · C4 diagnóstica T7 ✓,
           desarrollo T6 planned
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from sigma_desktop.cli import main
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.services import Sigma
from sigma_desktop.storage import models as m

from tests.importing.helpers import xlsx
from tests.world import YEAR

C1, C2, C3, C4 = "45100001", "45100002", "45100003", "45100004"
T1, T2, T3, T4, T5, T6, T7 = (f"4010000{i}" for i in range(1, 8))
GRAU, SUR = "030007", "039901"

PADRON = ("COD_MOD", "ANEXO", "CEN_EDU", "D_NIV_MOD", "D_COD_CAR", "AREA_CENSO", "CODGEO", "CODOOII", "D_DREUGEL",
          "ESTADO")
SCHOOLS = [("0700001", 0, "IE 70001 Grau", "Primaria", "Polidocente multigrado", 2, "030701", GRAU, "UGEL GRAU", 1),
           ("0700002", 0, "IE 70002 Huayllo", "Primaria", "Unidocente", 2, "030701", GRAU, "UGEL GRAU", 1),
           ("0700003", 0, "IE 70003 Secundaria", "Secundaria", "Polidocente completo", 2, "030701", GRAU,
            "UGEL GRAU", 1),
           ("0700004", 0, "IE 70004 Sur", "Primaria", "Unidocente", 2, "030702", SUR, "UGEL PRUEBA SUR", 1)]
TEACHERS = [(T1, "Quispe", "Mamani", "Ana", "0700001"), (T2, "Huamán", "", "Luis", "0700001"),
            (T3, "Ccori", "Ñahui", "Rosa", "0700002"), (T4, "Páucar", "Cusi", "Juan", "0700002"),
            (T5, "Ayala", "", "Marta", "0700003"), (T6, "Ticona", "Apaza", "Elsa", "0700004"),
            (T7, "Cahuana", "", "Raúl", "0700004")]
COACHES = [(C1, "Vargas", "Soto", "Julia", GRAU, "multigrado"), (C2, "Rojas", "", "Pedro", GRAU, "EIB"),
           (C3, "Condori", "Flores", "Nilda", GRAU, "eib"), (C4, "Mendoza", "", "Iván", SUR, "Multigrado")]
ASSIGNMENTS = [(T1, C1), (T2, C1), (T5, C1), (T3, C2), (T4, C2), (T3, C3), (T6, C4), (T7, C4)]
ACT = ("dni_acompanante", "tipo", "anio", "mes", "dni_docente", "tipo_visita", "fecha_ejecucion",
       "motivo_no_ejecucion", "nivel_d1", "nivel_d3", "nivel_d4", "nivel_d5", "nivel_d6", "tema",
       "docentes_convocados", "asistentes", "horas")
LOW, HIGH = ("II", "II", "I", "II", "II"), ("III", "II", "II", "II", "III")


def _day(month: int, day: int) -> str:
    return date(YEAR, month, day).strftime("%d/%m/%Y")


def _visit(coach, month, teacher, kind=None, day=None, levels=LOW, reason=None):
    executed = day is not None and reason is None
    return (coach, "visita", YEAR, month, teacher, kind, _day(month, day) if day else None, reason,
            *(levels if executed else (None,) * 5), None, None, None, None)


ACTIVITIES = [
    _visit(C1, 4, T1, "diagnostica", 8), _visit(C1, 4, T2, "diagnostica", 9, reason="huelga"),
    _visit(C1, 4, T5, "diagnostica", 10), _visit(C2, 4, T3, "diagnostica", 14), _visit(C2, 4, T4, "diagnostica"),
    _visit(C4, 4, T6, "diagnostica", 15),
    _visit(C1, 5, T1, None, 12, levels=HIGH), _visit(C2, 5, T3, None, 13, levels=LOW),
    _visit(C3, 5, T3, None, 20, levels=HIGH), _visit(C4, 5, T7, "diagnostica", 14), _visit(C4, 5, T6),
    (C1, "gia", YEAR, 5, None, None, _day(5, 22), None, None, None, None, None, None, "Evaluación formativa",
     f"{T1}; {T2}", f"{T1}; {T2}", 4),
]


def _cli(url: str, *args) -> int:
    return main(["--db", url, *args])


def _count(url: str, model) -> int:
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    try:
        with sigma.db.session() as s:
            return s.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))
    finally:
        sigma.close()


@pytest.fixture
def region(database_url, tmp_path, capsys):
    """The region imported with `sigma import`, step by step, each checked."""
    url = database_url
    padron = xlsx(tmp_path / "padron.xlsx", PADRON, SCHOOLS, titles=["Padrón de IIEE – ESCALE"])
    # the DRE/UGEL step: the dry run says which offices the Padrón registers, and saves nothing
    assert _cli(url, "import", "ies", str(padron), "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"la UGEL {GRAU} no está registrada: se registrará como «UGEL Grau» (del catálogo de Minedu)" in out
    assert (f"la UGEL {SUR} no está registrada: se registrará como «UGEL PRUEBA SUR» (con el nombre de la columna "
            "nombre_ugel), en la DRE Apurímac") in out
    assert "por registrar 3 UGEL/DRE nuevas" in out  # DRE Apurímac, UGEL Grau, UGEL Prueba Sur
    assert _count(url, m.Ugel) == 0 and _count(url, m.School) == 0
    assert _cli(url, "import", "ies", str(padron)) == 0
    assert "registradas 3 UGEL/DRE nuevas" in capsys.readouterr().out
    assert (_count(url, m.Dre), _count(url, m.Ugel), _count(url, m.School)) == (1, 2, 4)

    assert _cli(url, "import", "docentes", str(xlsx(tmp_path / "docentes.xlsx", (
        "dni", "apellido_paterno", "apellido_materno", "nombres", "codigo_modular"), TEACHERS))) == 0
    assert _cli(url, "import", "acompanantes", str(xlsx(tmp_path / "ap.xlsx", (
        "dni", "apellido_paterno", "apellido_materno", "nombres", "codigo_ugel", "intervencion"), COACHES))) == 0
    capsys.readouterr()
    assert _cli(url, "import", "asignaciones", str(xlsx(tmp_path / "asig.xlsx", (
        "dni_docente", "dni_acompanante", "anio"), [(t, c, YEAR) for t, c in ASSIGNMENTS]))) == 0
    out = capsys.readouterr().out
    # T5 teaches in a secundaria school; Multigrado's protocol has targets for primaria only
    assert f"Aviso: Fila 4, columna dni_docente: El docente {T5} enseña en una IE de secundaria y Multigrado {YEAR}" \
           " tiene metas solo para primaria" in out
    assert out.count("Aviso:") == 1

    # C3 cannot plan a second diagnóstica for T3: the message names the coach who planned it
    bad = xlsx(tmp_path / "diag.xlsx", ACT, [*ACTIVITIES[:6], _visit(C3, 5, T3, "diagnostica")])
    assert _cli(url, "import", "actividades", str(bad)) == 1
    err = capsys.readouterr().err
    assert (f"columna tipo_visita: el docente ya tiene su visita diagnóstica planificada este año por otro "
            f"acompañante (Pedro Rojas (DNI {C2})); la diagnóstica es una por docente y vale para todos sus "
            "acompañantes: planifique una visita de desarrollo.") in err  # the words of the window
    assert _count(url, m.Activity) == 0
    assert _cli(url, "import", "actividades", str(xlsx(tmp_path / "act.xlsx", ACT, ACTIVITIES))) == 0
    assert _count(url, m.Activity) == 12
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    yield sigma
    sigma.close()


def _coach_key(sigma, dni: str) -> str:
    with sigma.db.session() as s:
        return str(s.scalar(select(m.Coach.id).where(m.Coach.dni == dni)))


# --- figures counted by hand from the table in the docstring ------------------------------------------------
# per coach: (V26 assigned, V27 % diagnóstica, V28 visited, V29 %, V30 % visited in May, V31 visits per teacher)
BY_COACH = {
    C1: (3, 200 / 3, 2, 200 / 3, 100 / 3, 3 / 3),   # T1 ✓✓, T2 ✗, T5 ✓
    C2: (2, 50.0, 1, 50.0, 50.0, 2 / 2),            # T3 ✓✓ (its own), T4 planned only
    C3: (1, 100.0, 1, 100.0, 100.0, 1 / 1),         # T3: the diagnóstica of C2 counts for C3 too
    C4: (2, 100.0, 2, 100.0, 50.0, 2 / 2),          # T6 April, T7 May
}
BY_UGEL = {
    GRAU: (5, 60.0, 3, 60.0, 40.0, 6 / 5),  # T1..T5, T3 once: T1 2 visits, T5 1, T3 2 + 1
    SUR: (2, 100.0, 2, 100.0, 50.0, 1.0),
}
TOTAL = (7, 500 / 7, 5, 500 / 7, 300 / 7, 8 / 7)
CODES = ("V26", "V27", "V28", "V29", "V30", "V31")


def _values(report, level: str, key: str) -> tuple:
    return tuple(next(v.value for v in report.values if v.code == c and v.level == level and v.key == key)
                 for c in CODES)


def test_indicators_per_coach_and_ugel_match_the_hand_count(region):
    sigma = region
    report = sigma.indicators.compute(ReportFilter(YEAR, 5))
    for dni, expected in BY_COACH.items():
        assert _values(report, "acompanante", _coach_key(sigma, dni)) == pytest.approx(expected), dni
    for code, expected in BY_UGEL.items():
        assert _values(report, "ugel", code) == pytest.approx(expected), code
    assert _values(report, "total", "total") == pytest.approx(TOTAL)
    # P07: T3's latest visit of C3 (higher levels) against the diagnóstica of C2; C2's own latest is not higher
    p07 = {(v.level, v.key): (v.numerator, v.denominator) for v in report.values if v.code == "P07"}
    assert p07[("acompanante", _coach_key(sigma, C3))] == (1, 1)
    assert p07[("acompanante", _coach_key(sigma, C2))] == (0, 1)
    assert p07[("acompanante", _coach_key(sigma, C1))] == (1, 1)   # T1: May above April; T5 has no other visit
    assert p07[("ugel", GRAU)] == (2, 2)  # T3's latest in Grau is C3's (20 May)
    # Q01: T5 (secundaria under Multigrado) has no protocol target
    q01 = {(v.level, v.key): v.numerator for v in report.values if v.code == "Q01"}
    assert q01[("acompanante", _coach_key(sigma, C1))] == 1 and q01[("ugel", GRAU)] == 1 and q01[("total", "total")] == 1
    assert q01[("ugel", SUR)] == 0


def test_control_grid_matches_the_hand_count(region):
    sigma = region
    grid = sigma.control.grid(ReportFilter(YEAR))
    cells = {(r.coach_dni, r.month): (r.get("visita.planned"), r.get("visita.executed"), r.get("visita.not_executed"),
                                       r.get("visita.not_executed.huelga"), r.get("gia.planned"), r.get("gia.executed"))
             for r in grid.rows}
    assert cells == {
        (C1, 4): (3, 2, 1, 1, 0, 0), (C1, 5): (1, 1, 0, 0, 1, 1),
        (C2, 4): (2, 1, 0, 0, 0, 0), (C2, 5): (1, 1, 0, 0, 0, 0),
        (C3, 5): (1, 1, 0, 0, 0, 0),
        (C4, 4): (1, 1, 0, 0, 0, 0), (C4, 5): (2, 1, 0, 0, 0, 0),
    }
    ugel = {key: (t.get("visita.planned", 0), t.get("visita.executed", 0), t.get("visita.pending", 0))
            for (level, key), t in grid.totals.items() if level == "ugel"}
    assert ugel == {GRAU: (8, 6, 6), SUR: (3, 2, 2)}
    may = sigma.control.grid(ReportFilter(YEAR, 5, ugel_code=GRAU))
    assert {r.coach_dni: r.get("visita.executed") for r in may.rows} == {C1: 1, C2: 1, C3: 1}
    assert {r.ugel_name for r in may.rows} == {"UGEL Grau"}

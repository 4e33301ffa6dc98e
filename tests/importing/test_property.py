"""Property: whatever the cells hold, every importer answers with a Spanish message or a result — never a
crash — and a file with any error writes nothing (the change log does not move)."""
from __future__ import annotations

import itertools
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigma_desktop.domain.errors import SigmaError
from sigma_desktop.importing.specs import SPECS

from tests.importing.helpers import csv_file, xlsx
from tests.world import COACH_MG, RCI, YEAR

PLAUSIBLE = ["40000001", "40000002", "40000081", 40000003, COACH_MG, "45000099", "0512345", 512345, "0654321",
             "030007", 30007, "030701", "0", 0, "1", "primaria", "Inicial - Jardín", "Básica Alternativa", "rural",
             "urbana", 2, "multigrado", "EIB", "visita", "gia", "taller", "visita_social", "diagnostica", "desarrollo",
             "abril", 4, 13, YEAR, str(YEAR), "2017", "I", "IV", "V", "huelga", "otro", "Huelga o paro", "ejecutada",
             "no_ejecutada", "planificada", date(YEAR, 4, 9), f"09/04/{YEAR}", f"{YEAR}-04-31", "31/02/2024",
             datetime(YEAR, 4, 9, 8, 0), date(2099, 1, 1), "40000001; 40000002", "Ñahui", "  José  ", "", None, True,
             "ruta", "materiales", "0512345; 0654321", "0512345-1", "350.50", "1e999", "-3", 31, 10001, "Kit"]
# openpyxl refuses control characters in cells, as Excel does
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
CELLS = st.one_of(st.sampled_from(PLAUSIBLE), TEXT, st.integers(-10**9, 10**10),
                  st.floats(allow_nan=False, allow_infinity=False, width=32), st.booleans(),
                  st.dates(date(1990, 1, 1), date(2100, 1, 1)))
_n = itertools.count()


def _file(tmp_path, kind, data, fmt):
    spec = SPECS[kind]
    names = [c.name for c in spec.columns]
    optional = [n for n in names if n not in spec.required]
    chosen = list(spec.required)
    if optional:
        chosen += data.draw(st.lists(st.sampled_from(optional), unique=True, max_size=6))
    if data.draw(st.booleans()):
        chosen.append("columna_extra")
    order = data.draw(st.permutations(chosen))
    rows = data.draw(st.lists(st.lists(CELLS, min_size=len(order), max_size=len(order)), min_size=1, max_size=6))
    path = tmp_path / f"f{next(_n)}.{fmt}"
    if fmt == "xlsx":
        return xlsx(path, order, rows, titles=data.draw(st.sampled_from([(), ("TÍTULO COMBINADO",)])))
    return csv_file(path, order, [[str(v) for v in r] for r in rows],
                    delimiter=data.draw(st.sampled_from([";", ","])))


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(SPECS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_random_cells_never_crash_nor_write_partially(sqlite_world, tmp_path, kind, data):
    world = sqlite_world
    world.sign_in(RCI if kind != "actividades" else COACH_MG)
    path = _file(tmp_path, kind, data, data.draw(st.sampled_from(["xlsx", "xlsx", "csv"])))
    before = world.log_count()
    try:
        result = world.sigma.imports.run(kind, path)
    except SigmaError as exc:  # the whole file refused, with a message
        assert exc.message and "Traceback" not in exc.message
        assert world.log_count() == before
        return
    for problem in result.problems:
        assert problem.message.strip() and problem.text()
    if result.errors:
        assert not result.applied and world.log_count() == before
        copy = world.sigma.imports.write_error_copy(result)
        assert copy.exists()
    elif kind in ("ies", "docentes", "acompanantes", "asignaciones"):
        assert world.log_count() == before + result.created + result.updated  # one entry a changed row

"""The control grid against the independent oracle, per coach and month, and its scope rules."""
from __future__ import annotations

import pytest

from sigma_desktop.domain.errors import PermissionDenied
from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.services.control import control_keys

from . import indicator_oracle as oracle


def test_grid_matches_the_oracle_per_coach_and_month(sigma):
    sigma.demo.generate("small", 5, 2018, password="clave-demo-1")
    db = oracle.load(sigma)
    grid = sigma.control.grid(ReportFilter(2018))
    assert grid.rows
    months = set()
    for row in grid.rows:
        months.add(row.month)
        expected = oracle.measures(db, 2018, row.month, group=("acompanante", str(row.coach_id)))
        for key in control_keys():
            assert row.get(key) == expected.get(key, 0), (row.coach_dni, row.month, key)
    assert len(months) >= 8
    total = grid.totals[("total", "total")]
    for key in control_keys():
        assert total.get(key, 0) == sum(r.get(key) for r in grid.rows)
    one_month = sigma.control.grid(ReportFilter(2018, 5))
    assert {r.month for r in one_month.rows} == {5}
    assert sum(r.get("visita.planned") for r in one_month.rows) == oracle.measures(db, 2018, 5).get("visita.planned")


def test_drill_down_lists_the_records_behind_a_number(sigma):
    sigma.demo.generate("small", 5, 2018, password="clave-demo-1")
    f = ReportFilter(2018, 6)
    grid = sigma.control.grid(f)
    row = max(grid.rows, key=lambda r: r.get("visita.executed"))
    records = sigma.control.records(f, "visita.executed", coach_id=row.coach_id)
    assert len(records) == row.get("visita.executed")
    assert all(r.status == "ejecutada" and r.month == 6 for r in records)
    v02 = sigma.indicators.compute(f, codes={"V02"}).total("V02")
    assert len(sigma.indicators.records(f, "V02")) == v02.numerator


def test_gestor_local_sees_only_their_ugel(sigma):
    report = sigma.demo.generate("small", 5, 2018, password="clave-demo-1")
    gestor = report.users["gestor_local"][0]
    sigma.auth.sign_in(gestor, "clave-demo-1")
    grid = sigma.control.grid(ReportFilter(2018))
    mine = {r.ugel_code for r in grid.rows}
    assert len(mine) == 1
    others = {r["code"] for r in oracle.load(sigma)["ugel"]} - mine
    with pytest.raises(PermissionDenied):
        sigma.control.grid(ReportFilter(2018, ugel_code=sorted(others)[0]))

"""Every indicator against an independent, naive computation (tests/services/indicator_oracle.py),
on demo data of several seeds and years, on SQLite and on PostgreSQL."""
from __future__ import annotations

import math

import pytest

from sigma_desktop.domain.indicator_catalogue import CORE_CATEGORIES, INDICATORS
from sigma_desktop.domain.reporting import ReportFilter

from . import indicator_oracle as oracle


def _expected(d, ms):
    """(numerator, denominator, value) as reported: amounts of money in soles, counts as they are."""
    num = ms.get(d.numerator, 0)
    soles = lambda measure, x: x / 100 if measure.endswith("_cents") else x  # noqa: E731
    if d.denominator is None:
        return soles(d.numerator, num), None, num * d.factor
    den = ms.get(d.denominator, 0)
    return soles(d.numerator, num), soles(d.denominator, den), (num / den * d.factor if den else None)


def _close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _check(report, db, year, month, ugel_code=None):
    by_group = {}
    for v in report.values:
        by_group.setdefault((v.level, v.key), {})[v.code] = v
    groups = [("total", "total")] + [g for g in by_group if g[0] in ("ugel", "acompanante")]
    mismatches = []
    for g in groups:
        ms = oracle.measures(db, year, month, ugel_code=ugel_code, group=g)
        for d in INDICATORS:
            if g[0] != "total" and g[0] not in d.disaggregations:
                continue
            got = by_group.get(g, {}).get(d.code)
            num, den, value = _expected(d, ms)
            if got is None:
                if num or den:
                    mismatches.append((g, d.code, "missing", num, den))
                continue
            if not (_close(got.numerator, num) and _close(got.denominator, den) and _close(got.value, value)):
                mismatches.append((g, d.code, (got.numerator, got.denominator, got.value), (num, den, value)))
    assert not mismatches, mismatches[:10]
    return len(groups)


def test_catalogue_has_123_indicators_in_8_categories():
    core = [d for d in INDICATORS if d.category in CORE_CATEGORIES]
    assert len(core) == 123 and len(CORE_CATEGORIES) == 8
    assert len({d.code for d in INDICATORS}) == len(INDICATORS)
    assert all(d.name and d.definition and d.unit for d in INDICATORS)


@pytest.mark.parametrize("seed, year", [(1, 2017), (7, 2018)])
def test_every_indicator_matches_the_oracle(sigma, seed, year):
    sigma.demo.generate("small", seed, year, password="clave-demo-1")
    db = oracle.load(sigma)
    checked = 0
    for month in (3, 6, 10, None):
        report = sigma.indicators.compute(ReportFilter(year, month))
        checked += _check(report, db, year, month)
    ugel = sorted({u["code"] for u in db["ugel"]})[0]
    checked += _check(sigma.indicators.compute(ReportFilter(year, 8, ugel_code=ugel)), db, year, 8, ugel)
    assert checked > 10


@pytest.mark.postgres
def test_sqlite_and_postgresql_agree(request, tmp_path):
    pytest.importorskip("psycopg")
    from tests.conftest import prepared_url
    from sigma_desktop.services import Sigma
    from sigma_desktop.services.report_json import control_to_json, indicators_to_json

    outputs = []
    for engine in ("sqlite", "postgresql"):
        url, _ = prepared_url(request, tmp_path, engine, "initialised")
        s = Sigma.open(url)
        s.sign_in_as_system()
        s.demo.generate("small", 3, 2017, password="clave-demo-1")
        f = ReportFilter(2017, 9)
        ind = indicators_to_json(s.indicators.compute(f))
        ctl = control_to_json(s.control.grid(f))
        for doc in (ind, ctl):
            doc.pop("generado")
        outputs.append((ind, ctl))
        s.close()
    assert outputs[0] == outputs[1]


def test_the_second_thread_changes_nothing(sigma):
    """The queries split over two connections (storage/twin_unit.py) give the figures of one thread,
    with and without the rubric query (which then takes the other thread)."""
    from sigma_desktop.services.report_json import indicators_to_json

    sigma.demo.generate("small", 5, 2017, password="clave-demo-1")
    for f in (ReportFilter(2017, 7), ReportFilter(2017, None)):
        for performance in (True, False):
            docs = [indicators_to_json(sigma.indicators.compute(f, include_performance=performance, parallel=p))
                    for p in (True, False)]
            for doc in docs:
                doc.pop("generado")
            assert docs[0] == docs[1]
            assert any(v["numerador"] for v in docs[0]["indicadores"])


def test_desempenos_absent_from_the_rubric_are_left_out(world):
    """From 2018 the rubric has no desempeño 2: P02 is computed (0/0) but never shown or printed."""
    from tests.world import YEAR

    assert YEAR >= 2018
    report = world.sigma.indicators.compute(ReportFilter(YEAR))
    rated = {n for n in range(1, 7) if f"P{n:02d}" not in report.absent}
    assert 2 not in rated and {1, 3, 4, 5, 6} <= rated
    shown = {v.code for v in report.shown()}
    assert "P02" not in shown and "P01" in shown and "P02" in {v.code for v in report.values}


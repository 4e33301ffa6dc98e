"""Each role's Inicio (services/dashboard.py) against figures computed here from the plain rows of the small demo,
on SQLite and PostgreSQL; its scope and bad-input rules; and the same figures as the printed monthly report."""
from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from datetime import date

import pytest

from sigma_desktop.domain.dashboard import AGE_BANDS
from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from tests.demo_world import YEAR, demo, demo_any  # noqa: F401

from . import indicator_oracle as oracle

MONTH = 5
TODAY = date(YEAR, MONTH, 17)  # the month is in course: planned-to-date applies


class Plain:
    """The demo's rows, read with plain SELECTs, and the few sums the dashboards show, computed naively."""

    def __init__(self, sigma):
        self.db = oracle.load(sigma)
        self.live = {e["activity_id"]: e for e in self.db["execution"] if e["deleted_at"] is None}
        self.skip = {r["id"]: r["code"] for r in self.db["skip"]}
        self.ugel_dre = {u["id"]: u["dre_id"] for u in self.db["ugel"]}
        self.ugel_code = {u["id"]: u["code"] for u in self.db["ugel"]}

    def activities(self, ugels, kind=None, month=None):
        return [a for a in self.db["activity"] if a["deleted_at"] is None and a["year"] == YEAR
                and a["ugel_id"] in ugels and (kind is None or a["kind"] == kind)
                and (month is None or a["month"] == month)]

    def outcome(self, a):
        e = self.live.get(a["id"])
        return e["outcome"] if e else None

    def pending(self, ugels):
        return [(e, a) for a in self.activities(ugels) if (e := self.live.get(a["id"]))
                and e["validation_state"] == "pendiente"]


def _due(a, today) -> bool:
    end = date(a["year"], a["month"], calendar.monthrange(a["year"], a["month"])[1])
    return (a["planned_date"] or end) <= today


def _actor_ugels(plain, actor):
    if actor.ugel_id is not None:
        return {actor.ugel_id}
    return {u for u, d in plain.ugel_dre.items() if d == actor.dre_id}


def test_the_gestor_local_inicio_matches_the_rows(demo_any):  # noqa: F811
    sigma = demo_any.sigma
    actor = demo_any.sign_in("gestor_local")
    plain = Plain(sigma)
    ugels = _actor_ugels(plain, actor)
    d = sigma.dashboard.manager(YEAR, MONTH, today=TODAY)
    assert d.level == "acompanante" and d.in_course
    # execution per coach, with what was due by today
    per_coach = defaultdict(Counter)
    for a in plain.activities(ugels, "visita", MONTH):
        c = per_coach[str(a["coach_id"])]
        c["planned"] += 1
        c["executed"] += plain.outcome(a) == "ejecutada"
        c["not_executed"] += plain.outcome(a) == "no_ejecutada"
        c["due"] += _due(a, TODAY)
    assert {g.key: (g.planned, g.executed, g.not_executed, g.planned_to_date) for g in d.groups} == {
        k: (c["planned"], c["executed"], c["not_executed"], c["due"]) for k, c in per_coach.items()}
    assert any(g.planned_to_date < g.planned for g in d.groups)  # the month in course: not all is due yet
    # the trend of the year
    months = defaultdict(Counter)
    for a in plain.activities(ugels, "visita"):
        months[a["month"]]["planned"] += 1
        months[a["month"]]["executed"] += plain.outcome(a) == "ejecutada"
    assert [(x.month, x.planned, x.executed) for x in d.months] == [
        (mth, c["planned"], c["executed"]) for mth, c in sorted(months.items())]
    # non-executions of the month by motivo, every kind
    motivos = Counter(plain.skip[plain.live[a["id"]]["skip_reason_id"]] for a in plain.activities(ugels, month=MONTH)
                      if plain.outcome(a) == "no_ejecutada")
    assert {x.code: x.count for x in d.motivos} == dict(motivos)
    assert [x.count for x in d.motivos] == sorted(motivos.values(), reverse=True)
    # the backlog by age: executions and non-executions waiting, and the records behind each band
    bands = defaultdict(Counter)
    for e, _a in plain.pending(ugels):
        age = max((TODAY - e["executed_on"]).days, 0)
        band = next(i for i, (lo, hi, _l) in enumerate(AGE_BANDS) if hi is None or lo <= age <= hi)
        bands[band][e["outcome"]] += 1
    assert [(b.executions, b.non_executions) for b in d.backlog] == [
        (bands[i]["ejecutada"], bands[i]["no_ejecutada"]) for i in range(len(AGE_BANDS))]
    assert sum(b.total for b in d.backlog) > 0
    for band in range(len(AGE_BANDS)):
        records = sigma.dashboard.backlog_records(YEAR, band, today=TODAY)
        assert len(records) == d.backlog[band].total
        assert [r.executed_on for r in records] == sorted(r.executed_on for r in records)  # oldest first
        assert all(r.validation_state == "pendiente" for r in records)
        if records:
            assert records[0].executed_on == d.backlog[band].oldest
    # the closing state of the months up to the reported one
    closed = {(c["ugel_id"], c["month"]) for c in _closings(sigma) if c["closed"]}
    code = plain.ugel_code[next(iter(ugels))]
    assert [(c.ugel_code, c.month, c.closed) for c in d.closings] == [
        (code, mth, (next(iter(ugels)), mth) in closed) for mth in sorted(months) if mth <= MONTH]


def _closings(sigma):
    from sqlalchemy import select

    from sigma_desktop.storage import models as m

    with sigma.db.session() as s:
        return [dict(r._mapping) for r in s.execute(select(m.MonthClosing.__table__))
                if r.deleted_at is None and r.year == YEAR]


def test_the_gestor_regional_inicio_is_per_ugel_with_the_months_not_closed(demo_any):  # noqa: F811
    sigma = demo_any.sigma
    actor = demo_any.sign_in("gestor_regional")
    plain = Plain(sigma)
    ugels = _actor_ugels(plain, actor)
    assert len(ugels) > 1
    d = sigma.dashboard.manager(YEAR, 7, kind="gia", today=date(YEAR + 1, 2, 1))
    assert d.level == "ugel" and not d.in_course
    per_ugel = defaultdict(Counter)
    for a in plain.activities(ugels, "gia", 7):
        c = per_ugel[plain.ugel_code[a["ugel_id"]]]
        c["planned"] += 1
        c["executed"] += plain.outcome(a) == "ejecutada"
    assert {g.key: (g.planned, g.executed, g.planned_to_date) for g in d.groups} == {
        k: (c["planned"], c["executed"], None) for k, c in per_ugel.items()}
    motivos = Counter(plain.skip[plain.live[a["id"]]["skip_reason_id"]] for a in plain.activities(ugels, month=7)
                      if plain.outcome(a) == "no_ejecutada")
    assert {x.code: x.count for x in d.motivos} == dict(motivos) and motivos
    # the same figures as the Control's UGEL totals
    from sigma_desktop.domain.reporting import ReportFilter

    totals = sigma.control.grid(ReportFilter(YEAR, 7)).totals
    assert all(totals[("ugel", g.key)]["gia.executed"] == g.executed for g in d.groups)
    # which UGEL has not closed which month (those months that are over)
    closed = {(plain.ugel_code[c["ugel_id"]], c["month"]) for c in _closings(sigma) if c["closed"]}
    months = sorted({a["month"] for a in plain.activities(ugels, "gia") if a["month"] <= 7} | {7})
    expected = defaultdict(list)
    for ugel in sorted(ugels, key=lambda u: plain.ugel_code[u]):
        for mth in months:
            if (plain.ugel_code[ugel], mth) not in closed:
                expected[plain.ugel_code[ugel]].append(mth)
    assert {code: months for (code, _name), months in d.unclosed().items()} == dict(expected)
    assert expected  # the demo leaves some UGEL behind
    # one UGEL of the DRE: bars per coach again
    one = sigma.dashboard.manager(YEAR, 7, ugel_code=sorted(per_ugel)[0], today=date(YEAR + 1, 2, 1))
    assert one.level == "acompanante" and {c.ugel_code for c in one.closings} == {sorted(per_ugel)[0]}


def test_planned_to_date_counts_what_was_due(demo_any):  # noqa: F811
    sigma = demo_any.sigma
    actor = demo_any.sign_in("gestor_local")
    plain = Plain(sigma)
    ugels = _actor_ugels(plain, actor)
    total = len(plain.activities(ugels, "visita", MONTH))
    for today, expected in ((date(YEAR, MONTH, 1), None), (date(YEAR, MONTH, 31), total)):
        d = sigma.dashboard.manager(YEAR, MONTH, today=today)
        due = sum(g.planned_to_date for g in d.groups)
        if expected is None:
            expected = sum(_due(a, today) for a in plain.activities(ugels, "visita", MONTH))
        assert due == expected
    assert sigma.dashboard.manager(YEAR, MONTH, today=date(YEAR, MONTH + 1, 3)).groups[0].planned_to_date is None


def test_the_ap_inicio_matches_the_rows(demo_any):  # noqa: F811
    sigma = demo_any.sigma
    actor = demo_any.sign_in("ap")
    plain = Plain(sigma)
    coach = actor.coach_id
    d = sigma.dashboard.coach(YEAR, MONTH, today=TODAY)
    mine = [a for a in plain.db["activity"] if a["deleted_at"] is None and a["year"] == YEAR
            and a["coach_id"] == coach]
    month = [a for a in mine if a["month"] == MONTH]
    by_kind = defaultdict(Counter)
    for a in month:
        c = by_kind[a["kind"]]
        c["planned"] += 1
        c["due"] += _due(a, TODAY)
        c["executed"] += plain.outcome(a) == "ejecutada"
        c["not_executed"] += plain.outcome(a) == "no_ejecutada"
    assert {k.kind: (k.planned, k.planned_to_date, k.executed, k.not_executed) for k in d.kinds} == {
        k: (c["planned"], c["due"], c["executed"], c["not_executed"]) for k, c in by_kind.items()}
    observed = {plain.live[a["id"]]["id"] for a in mine
                if a["id"] in plain.live and plain.live[a["id"]]["validation_state"] == "observada"
                and plain.live[a["id"]]["outcome"] == "ejecutada"}
    assert {r.execution_id for r in d.observed} == observed
    # teachers: executed visits this year against the protocol's visits due by today's month
    assigned = {a["teacher_id"] for a in plain.db["assignment"] if a["deleted_at"] is None and a["coach_id"] == coach
                and a["year"] == YEAR and not a["no_plan"]}
    visited = Counter(a["teacher_id"] for a in mine if a["kind"] == "visita" and plain.outcome(a) == "ejecutada")
    assert {t.teacher_id for t in d.not_visited} == {t for t in assigned if not visited[t]}
    school = {t["id"]: t["school_id"] for t in plain.db["teacher"]}
    level = {s["id"]: s["level"] for s in plain.db["school"]}
    inter = next(c["intervention_id"] for c in plain.db["coach"] if c["id"] == coach)
    protocols = {p["level"]: p for p in plain.db["protocol"] if p["year"] == YEAR and p["intervention_id"] == inter
                 and p["deleted_at"] is None}
    expected = {}
    for t in assigned:
        p = protocols.get(level[school[t]])
        if p is not None:
            expected[t] = (visited[t], oracle._meta(p["visits"], p, MONTH), p["visits"])
    assert {t.teacher_id: (t.executed, t.expected, t.target) for t in d.teachers} == expected
    rates = [t.rate for t in d.teachers if t.rate is not None]
    assert rates == sorted(rates)  # the least advanced first
    # next activities: not registered, from today on, soonest first
    upcoming = [a for a in mine if a["month"] in (MONTH, MONTH + 1) and a["id"] not in plain.live
                and (a["planned_date"] or date(YEAR, a["month"], 28)) >= TODAY]
    assert len(d.next_activities) == min(8, len(upcoming))
    dates = [r.planned_date for r in d.next_activities if r.planned_date]
    assert dates == sorted(dates) and all(r.status == "planificada" for r in d.next_activities)


def test_bad_input_and_scope_are_refused(demo):  # noqa: F811
    sigma = demo.sigma
    demo.sign_in("gestor_local")
    with pytest.raises(ValidationError, match="[Mm]es"):
        sigma.dashboard.manager(YEAR, 13)
    with pytest.raises(ValidationError, match="Tipo de actividad"):
        sigma.dashboard.manager(YEAR, 5, kind="cena")
    with pytest.raises(ValidationError, match="Antigüedad"):
        sigma.dashboard.backlog_records(YEAR, 9)
    plain = Plain(sigma)
    other = sorted(code for uid, code in plain.ugel_code.items() if uid != sigma.actor.ugel_id)[0]
    with pytest.raises(PermissionDenied):
        sigma.dashboard.manager(YEAR, 5, ugel_code=other)
    with pytest.raises(PermissionDenied):
        sigma.dashboard.coach(YEAR, 5)  # a manager has no coach's Inicio
    demo.sign_in("ap")
    with pytest.raises(PermissionDenied):
        sigma.dashboard.manager(YEAR, 5)  # nor an AP a manager's


def test_the_window_and_the_printed_report_show_the_same_figures(demo, monkeypatch, tmp_path):  # noqa: F811
    """The monthly PDF's per-coach chart gets exactly the bars the Gestor Local's Inicio draws: same coaches,
    same order, same rates (both from the Control's service)."""
    from sigma_desktop.reports.pdf import charts

    sigma = demo.sigma
    actor = demo.sign_in("gestor_local")
    drawn = []
    original = charts.horizontal_bars

    def recording(title, labels, values, **kw):
        drawn.append((title, list(labels), list(values)))
        return original(title, labels, values, **kw)

    monkeypatch.setattr(charts, "horizontal_bars", recording)
    code = Plain(sigma).ugel_code[actor.ugel_id]
    sigma.exports.monthly(YEAR, MONTH, code, path=tmp_path / "mensual.pdf")
    (title, labels, values), = [d for d in drawn if "por acompañante" in d[0]]
    board = sigma.dashboard.manager(YEAR, MONTH)
    assert [g.label for g in board.groups] == labels
    assert [g.rate for g in board.groups] == values
    assert (tmp_path / "mensual.pdf").stat().st_size > 0

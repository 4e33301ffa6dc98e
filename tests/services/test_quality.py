"""The quality module on the small demo (SQLite and PostgreSQL): every kind of finding shows, the queries'
early filters lose nothing (an unfiltered Python computation gives the same findings), scope and
permissions, the review state (logged, checked, superseded by new records), thresholds and the export."""
from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from sigma_desktop.domain.quality.kinds import Kind, State
from sigma_desktop.domain.quality.model import CheckContext, ProtocolFacts
from sigma_desktop.domain.quality.params import Params
from sigma_desktop.domain.quality.registry import CHECKS
from sigma_desktop.services.quality import holidays
from sigma_desktop.storage import models as m
from tests.demo_world import PASSWORD, YEAR, demo, demo_any  # noqa: F401
from tests.services import quality_oracle


def _context(sigma) -> CheckContext:
    with sigma.db.session() as s:
        protocols: dict = {}
        for p in s.scalars(select(m.Protocol).where(m.Protocol.year == YEAR)):
            protocols.setdefault(p.intervention_id, []).append(
                ProtocolFacts(p.level, p.visits, p.teachers_per_coach, p.first_month, p.last_month))
        closed = frozenset((c.ugel_id, c.month) for c in s.scalars(select(m.MonthClosing))
                           if c.closed and c.year == YEAR)
    return CheckContext(YEAR, today_lima(), Params(), {k: tuple(v) for k, v in protocols.items()}, closed, holidays())


def sign_in_planted(demo, role: str):  # noqa: F811
    """Signs in the person of `role` of the UGEL where the demo made its mistakes (the first by code)."""
    with demo.sigma.db.session() as s:
        dni = s.scalar(select(m.UserAccount.dni).join(m.Ugel, m.Ugel.id == m.UserAccount.ugel_id)
                       .where(m.UserAccount.role == role).order_by(m.Ugel.code).limit(1))
    return demo.sigma.auth.sign_in(dni, PASSWORD)


def _keyed(findings) -> set:
    return {(f.key, frozenset((r.entity, r.id) for r in f.records)) for f in findings}


def test_every_kind_shows_and_the_queries_lose_nothing(demo_any):  # noqa: F811
    sigma = demo_any.sigma
    report = sigma.quality.run(YEAR)  # the command line's system: the whole country
    by_kind = Counter(r.kind for r in report.findings)
    assert set(by_kind) == set(Kind), f"kinds without findings: {set(Kind) - set(by_kind)}"
    oracle = quality_oracle.facts(sigma, YEAR)
    ctx = _context(sigma)
    for kind, check in CHECKS.items():
        expected = _keyed(check(oracle[kind], ctx))
        got = _keyed(r.finding for r in report.findings if r.kind is kind)
        assert got == expected, kind
    assert all(r.state is State.NEW and r.subject_label and r.finding.detail for r in report.findings)
    assert set(report.seconds) == set(Kind)


def test_each_role_reviews_its_own_scope(demo):  # noqa: F811
    sigma = demo.sigma
    everything = sigma.quality.run(YEAR)
    ugels = {r.finding.ugel_id for r in everything.findings}
    assert len(ugels) == 2
    rci = sign_in_planted(demo, "rci")
    mine = sigma.quality.run(YEAR)
    assert mine.findings and {r.finding.ugel_id for r in mine.findings} == {rci.ugel_id}
    assert mine.scope_label.startswith("UGEL ")
    other = next(code for code, _name in _codes(sigma) if code != _code_of(sigma, rci.ugel_id))
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        sigma.quality.run(YEAR, other)
    sigma.auth.sign_out()
    sign_in_planted(demo, "coordinador_calidad")
    assert sigma.quality.run(YEAR).findings
    for role in ("ap", "gestor_local", "gestor_regional", "administrador"):
        sigma.auth.sign_out()
        demo.sign_in(role)
        with pytest.raises(PermissionDenied, match="no permite"):
            sigma.quality.run(YEAR)


def _codes(sigma):
    with sigma.db.session() as s:
        return [(u.code, u.name) for u in s.scalars(select(m.Ugel))]


def _code_of(sigma, ugel_id):
    with sigma.db.session() as s:
        return s.get(m.Ugel, ugel_id).code


def _log_count(sigma) -> int:
    with sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(m.ChangeLog))


def test_marking_a_finding_is_checked_logged_and_kept(demo):  # noqa: F811
    sigma = demo.sigma
    rci = sign_in_planted(demo, "rci")
    finding = next(r for r in sigma.quality.run(YEAR).findings if r.kind is Kind.DAY_OFF)
    before = _log_count(sigma)
    with pytest.raises(ValidationError, match="Nota") as bad:
        sigma.quality.mark(finding, "justificada", "  ")
    assert bad.value.field == "nota"
    with pytest.raises(ValidationError, match="Estado: «cerrada» no es válido"):
        sigma.quality.mark(finding, "cerrada", "Nota suficiente")
    with pytest.raises(ValidationError, match="hasta 1000"):
        sigma.quality.mark(finding, "revisada", "x" * 1001)
    assert _log_count(sigma) == before, "nothing written"
    sigma.quality.mark(finding, State.JUSTIFIED, "  Recuperación de clases   del feriado, con resolución de la UGEL ")
    again = next(r for r in sigma.quality.run(YEAR).findings if r.id == finding.id)
    assert again.state is State.JUSTIFIED and not again.is_open
    assert again.note == "Recuperación de clases del feriado, con resolución de la UGEL"
    assert again.stored.by_dni == rci.dni and again.stored.records_count == finding.count
    history = sigma.history.of_record(finding.id)
    assert [h.user_dni for h in history] == [rci.dni] and history[0].op == "insert"
    sigma.quality.mark(finding, State.REVIEWED)
    assert next(r for r in sigma.quality.run(YEAR).findings if r.id == finding.id).is_open
    assert len(sigma.history.of_record(finding.id)) == 2 and _log_count(sigma) == before + 2
    # a finding of the other UGEL, as the system sees it, is not the RCI's to mark
    sigma.sign_in_as_system()
    foreign = next(r for r in sigma.quality.run(YEAR).findings if r.finding.ugel_id != rci.ugel_id)
    sign_in_planted(demo, "rci")
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        sigma.quality.mark(foreign, State.REVIEWED)
    with pytest.raises(PermissionDenied, match="fuera de su ámbito"):
        sigma.quality.records(foreign)
    # nobody signed in: the system does not mark
    sigma.auth.sign_out()
    with pytest.raises(PermissionDenied, match="iniciar sesión"):
        sigma.quality.mark(foreign, State.REVIEWED)


def test_a_decision_covers_the_records_it_saw_and_new_ones_reopen_it(demo):  # noqa: F811
    sigma = demo.sigma
    rci = sign_in_planted(demo, "rci")
    over = next(r for r in sigma.quality.run(YEAR).findings if r.kind is Kind.OVER_RATIO)
    sigma.quality.mark(over, State.JUSTIFIED, "Zona con docentes dispersos: la UGEL lo autorizó")
    with sigma.db.session() as s:
        assigned = set(s.scalars(select(m.Assignment.teacher_id)))
        spare = next(t.dni for t in s.scalars(select(m.Teacher).where(m.Teacher.ugel_id == rci.ugel_id))
                     if t.id not in assigned)
        coach_dni = s.get(m.Coach, over.finding.coach_id).dni
    sigma.assignments.assign(spare, coach_dni, YEAR)
    now = next(r for r in sigma.quality.run(YEAR).findings if r.id == over.id)
    assert now.count == over.count + 1
    assert now.state is State.NEW and now.superseded and "registros nuevos" in now.state_label
    assert now.note.startswith("Zona con docentes")  # the earlier decision stays readable


def test_records_of_a_finding_and_their_history(demo):  # noqa: F811
    sigma = demo.sigma
    sign_in_planted(demo, "rci")
    report = sigma.quality.run(YEAR)
    over = next(r for r in report.findings if r.kind is Kind.ALLOWANCE_OVER)
    lines = sigma.quality.records(over)
    assert [(x.entity, x.record_id) for x in lines] == [(r.entity, r.id) for r in over.finding.records]
    assert lines[0].what_label == "Ruta" and "rendido S/" in lines[0].money_label and lines[0].coach
    dup = next(r for r in report.findings if r.kind is Kind.DUPLICATE_PERSON)
    people = sigma.quality.records(dup)
    assert {x.what_label for x in people} == {"Docente"} and len({x.dni for x in people}) == 2
    history = sigma.history.of_record(lines[0].record_id)
    assert any(h.op == "update" and "allowance_spent_cents" in h.changes for h in history)


def test_thresholds_change_the_findings_and_bad_ones_change_nothing(demo):  # noqa: F811
    sigma = demo.sigma
    sign_in_planted(demo, "rci")
    late = [r for r in sigma.quality.run(YEAR).findings if r.kind is Kind.LATE]
    assert late and all("días después" in r.finding.detail for r in late)
    sigma.quality.set_params({"late_days": 60})
    assert sigma.quality.params().late_days == 60
    assert not [r for r in sigma.quality.run(YEAR).findings if r.kind is Kind.LATE]
    with pytest.raises(ValidationError, match="entre 1 y 365") as bad:
        sigma.quality.set_params({"late_days": 0, "other_share": 30})
    assert bad.value.field == "late_days" and sigma.quality.params().other_share == 20
    sigma.auth.sign_out()
    demo.sign_in("ap")
    with pytest.raises(PermissionDenied):
        sigma.quality.set_params({"late_days": 10})


def test_export_reads_back(demo, tmp_path):  # noqa: F811
    sigma = demo.sigma
    sign_in_planted(demo, "rci")
    report = sigma.quality.run(YEAR)
    path = sigma.quality.export(report, tmp_path / "calidad.xlsx")
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["Hallazgos", "Registros", "Qué se revisa"]
    rows = list(wb["Hallazgos"].iter_rows(min_row=7, values_only=True))
    assert len(rows) == len(report.findings)
    assert {r[1] for r in rows} == {f.kind_label for f in report.findings}
    assert [r[5] for r in rows] == [f.count for f in report.findings]
    records = list(wb["Registros"].iter_rows(min_row=2, values_only=True))
    assert len(records) == sum(f.count for f in report.findings)
    assert {r[0] for r in records} == {str(f.id)[:8] for f in report.findings}
    explained = list(wb["Qué se revisa"].iter_rows(values_only=True))
    assert sum(1 for r in explained if len(r) > 1 and r[1] and "Corrige" in str(r[1])) == len(Kind)
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        sigma.quality.export(report, tmp_path / "calidad.pdf")

"""The review state of a quality finding travels like any record: marked on a UGEL replica it is the same
on the hub and on the UGEL's other replicas; the hub accepts it only from people whose role may review
quality, and never from a coach's laptop."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from sigma_desktop.domain.quality.kinds import Kind, State
from sigma_desktop.domain.quality.model import state_id
from sigma_desktop.storage import models as m
from sigma_desktop.storage.sync_models import SyncConflict
from tests.sync.conftest import sign_in, write_as
from tests.world import COACH_MG, GESTOR, RATINGS_2018, RCI, YEAR

pytestmark = pytest.mark.postgres

NOTE = "Jornada de recuperación del feriado, autorizada por la UGEL"


def first_sunday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(6 - d.weekday()) % 7)


def sunday_visit(sigma, world, teacher: str = "40000001", month: int = 4):
    """COACH_MG plans and registers a visit on a Sunday: a finding «Visita en domingo o feriado»."""
    sign_in(sigma, COACH_MG)
    v = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, month)
    sigma.registration.register_visit(v.id, first_sunday(YEAR, month), RATINGS_2018)
    sigma.sign_in_as_system()


def day_off(sigma):
    return next(r for r in sigma.quality.run(YEAR).findings if r.kind is Kind.DAY_OFF)


def test_a_justified_finding_stays_so_on_the_hub_and_reaches_the_other_replicas(net):
    r = net.add_replica("grau")
    sunday_visit(r, net.world)
    sign_in(r, RCI)
    finding = day_off(r)
    r.quality.mark(finding, State.JUSTIFIED, NOTE)
    r.sign_in_as_system()
    report = net.sync("grau")
    assert report.outcomes.get("aplicado") and not report.conflicts
    sign_in(net.hub, RCI)
    on_hub = day_off(net.hub)
    assert on_hub.id == finding.id and on_hub.state is State.JUSTIFIED and on_hub.note == NOTE
    assert on_hub.stored.by_dni == RCI
    history = net.hub.history.of_record(finding.id)
    assert [(h.user_dni, h.op) for h in history] == [(RCI, "insert")]
    net.hub.sign_in_as_system()
    other = net.add_replica("grau-2")  # a second office of the UGEL gets the decision with the data
    sign_in(other, RCI)
    there = day_off(other)
    assert there.state is State.JUSTIFIED and there.note == NOTE
    coach_laptop = net.add_replica("laptop", coach=COACH_MG)
    with coach_laptop.db.session() as s:
        assert s.get(m.QualityFinding, finding.id) is None  # not a coach's to see


def test_the_same_finding_marked_in_two_offices_merges_into_one_row(net):
    sunday_visit(net.hub, net.world)
    a, b = net.add_replica("a"), net.add_replica("b")
    for sigma, state, note in ((a, State.REVIEWED, None), (b, State.JUSTIFIED, NOTE)):
        sign_in(sigma, RCI)
        sigma.quality.mark(day_off(sigma), state, note)
        sigma.sign_in_as_system()
    net.sync("a")
    report = net.sync("b")  # the same row (same id): one field changed on both sides becomes a conflict
    with net.hub.db.session() as s:
        rows = [(q.state, q.note) for q in s.scalars(select(m.QualityFinding))]
        fields = {c.field for c in s.scalars(select(SyncConflict).where(SyncConflict.entity == "quality_finding"))}
    assert report.conflicts == 1 and fields == {"state"}
    assert rows == [("revisada", NOTE)]  # the first office's state stays; the note had no value: it merged


def test_the_hub_refuses_a_review_state_from_someone_whose_role_may_not(net):
    sunday_visit(net.hub, net.world)
    r = net.add_replica("grau")
    sign_in(r, RCI)
    finding = day_off(r).finding
    r.sign_in_as_system()
    with write_as(r, GESTOR) as s:  # a Gestor Local's session writes the row directly
        s.add(m.QualityFinding(id=finding.state_id, ugel_id=finding.ugel_id, year=YEAR, kind=finding.kind.value,
                               finding_key=finding.key, state="justificada", note="no soy RCI", records_count=1))
    report = net.sync("grau")
    assert report.outcomes == {"rechazado": 1}
    with net.hub.db.session() as s:
        assert s.get(m.QualityFinding, state_id(finding.key)) is None
        kind, message = s.execute(select(SyncConflict.kind, SyncConflict.message)
                                  .where(SyncConflict.entity == "quality_finding")).one()
    assert kind == "no_autorizado" and "revisar la calidad de la información" in message


def test_marked_in_the_window_of_a_replica_it_shows_justified_in_the_hubs_window(qtbot, net):
    """The same as the first test, through the module's window on both sides (pytest-qt)."""
    from sigma_desktop.ui.panels.quality import QualityPanel
    from tests.ui.test_quality_panels import _auto_mark

    def panel_of(sigma):
        panel = QualityPanel(sigma)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.report is not None, timeout=20000)
        panel.kind.setCurrentIndex(panel.kind.findData(Kind.DAY_OFF))
        return panel

    r = net.add_replica("grau")
    sunday_visit(r, net.world)
    sign_in(r, RCI)
    on_replica = panel_of(r)
    finding = on_replica.view.selected()
    assert finding is not None and finding.state is State.NEW
    on_replica.view.mark_selected(_auto_mark(State.JUSTIFIED, NOTE))
    assert on_replica.view.selected().state is State.JUSTIFIED
    r.sign_in_as_system()
    net.sync("grau")
    sign_in(net.hub, RCI)
    on_hub = panel_of(net.hub)
    assert finding.id not in {x.id for x in on_hub.view.findings.rows}  # not open any more
    on_hub.state.setCurrentIndex(on_hub.state.findData("justificada"))
    shown = on_hub.view.findings.rows
    assert [x.id for x in shown] == [finding.id] and shown[0].note == NOTE
    assert on_hub.view.finding_history.isEnabled()

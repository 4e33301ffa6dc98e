"""A real PostgreSQL hub and SQLite replicas: push, pull, merges, conflicts and their resolution."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from sigma_desktop.domain.errors import PermissionDenied
from sigma_desktop.domain.sync import KEEP_HUB, TAKE_NODE
from sigma_desktop.storage import models as m
from sigma_desktop.storage import sync_store as ss
from sigma_desktop.storage.sync_store import replica_push
from sigma_desktop.storage.sync_models import SyncConflict, SyncReceipt
from sigma_desktop.sync.errors import NotConfigured
from tests.sync.conftest import sign_in, user_id, write_as
from tests.world import COACH_MG, COACH_OTHER, GESTOR, RATINGS_2018, RCI, YEAR

pytestmark = pytest.mark.postgres


def visit(sigma, world, teacher="40000001", month=4, day=9, ratings=RATINGS_2018):
    sign_in(sigma, COACH_MG)
    v = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, month)
    return sigma.registration.register_visit(v.id, date(YEAR, month, day), ratings)


def row(sigma, model, id_):
    with sigma.db.session() as s:
        obj = s.get(model, id_)
        return None if obj is None else {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


def conflicts(sigma, **where):
    with sigma.db.session() as s:
        stmt = select(SyncConflict).where(*(getattr(SyncConflict, k) == v for k, v in where.items()))
        found = list(s.scalars(stmt.order_by(SyncConflict.field)))
        s.expunge_all()  # plain objects after the read transaction ends
        return found


def same_data(a: dict, b: dict) -> bool:
    skip = {"created_at", "updated_at", "search_key"}
    return {k: v for k, v in a.items() if k not in skip} == {k: v for k, v in b.items() if k not in skip}


def test_replica_gets_its_scope_only(net):
    r = net.add_replica("grau")
    with r.db.session() as s:
        teachers = {t.dni for t in s.scalars(select(m.Teacher))}
        coaches = {c.dni for c in s.scalars(select(m.Coach))}
        users = {u.dni for u in s.scalars(select(m.UserAccount))}
        interventions = s.scalar(select(func.count()).select_from(m.Intervention))
    assert teachers == {f"4000000{i}" for i in range(1, 7)}  # not 40000009 (UGEL Abancay)
    assert COACH_OTHER not in coaches and COACH_MG in coaches
    assert users == {"45000001", "45000002", "45000003", "45000004", "41000001", "42000001"}
    assert interventions > 0
    status = r.sync.status()
    assert status.is_replica and status.pending == 0 and status.open_conflicts == 0
    assert "030007" in status.scope_text


def test_changes_travel_both_ways_without_echo_or_loss(net):
    r = net.add_replica("grau")
    w = net.world
    v = visit(r, w)  # plan + execution on the replica
    assert r.sync.status().pending == 2
    report = net.sync("grau")
    assert report.pushed == 2 and report.outcomes == {"aplicado": 2} and report.conflicts == 0
    assert r.sync.status().pending == 0
    on_hub = row(net.hub, m.Execution, v.execution_id)
    assert on_hub is not None and on_hub["level_1"] == RATINGS_2018[1]
    assert same_data(on_hub, row(r, m.Execution, v.execution_id))
    # the hub's log holds the replica's entries (same change ids, users and node): one audit trail
    with r.db.session() as s:
        local = {str(c.change_id): (c.user_dni, c.node) for c in s.scalars(select(m.ChangeLog).where(
            m.ChangeLog.entity_id.in_([v.id, v.execution_id])))}
    with net.hub.db.session() as s:
        remote = {str(c.change_id): (c.user_dni, c.node) for c in s.scalars(select(m.ChangeLog).where(
            m.ChangeLog.entity_id.in_([v.id, v.execution_id])))}
    assert local == remote
    # the hub validates; the replica receives it, without pushing it back
    sign_in(net.hub, GESTOR)
    net.hub.validation.validate([v.execution_id])
    report = net.sync("grau")
    assert report.pushed == 0 and report.pulled_entries == 1
    assert row(r, m.Execution, v.execution_id)["validation_state"] == "validada"
    assert r.sync.status().pending == 0
    assert net.sync("grau").pulled_entries == 0  # nothing twice


def test_different_fields_of_one_record_merge(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    sign_in(net.hub, GESTOR)
    net.hub.validation.observe(v.execution_id, "Revise el desempeño 4")  # validation fields on the hub
    sign_in(r, COACH_MG)
    with write_as(r, COACH_MG) as s:  # the coach adds notes offline (another field)
        s.get(m.Execution, v.execution_id).notes = "Sesión de matemática"
    report = net.sync("grau")
    assert report.outcomes == {"aplicado": 1} and report.conflicts == 0
    hub_row, rep_row = row(net.hub, m.Execution, v.execution_id), row(r, m.Execution, v.execution_id)
    assert hub_row["notes"] == "Sesión de matemática" and hub_row["validation_state"] == "observada"
    assert same_data(hub_row, rep_row)


def test_same_field_on_both_sides_is_a_conflict_with_both_values_base_who_and_when(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    with net.hub.db.session(write=True, user_dni=COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.notes = 4, "en la oficina"
    with write_as(r, COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.level_3 = 3, 4  # level_1 on both sides, level_3 only here
    report = net.sync("grau")
    assert report.outcomes == {"fusionado": 1} and report.conflicts == 1
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert (hub_row["level_1"], hub_row["level_3"], hub_row["notes"]) == (4, 4, "en la oficina")
    (c,) = conflicts(net.hub, entity_id=v.execution_id)
    assert (c.kind, c.field, c.status, c.resolver_role) == ("campo", "level_1", "abierto", "rci")
    assert (json.loads(c.base_value), json.loads(c.hub_value), json.loads(c.node_value)) == (2, 4, 3)
    assert c.node_user_dni == COACH_MG and c.hub_user_dni == COACH_MG and c.hub_at is not None
    assert c.node_id == r.db.node and c.node_at is not None
    # the replica converges to the hub's value and sees the open conflict
    assert same_data(row(r, m.Execution, v.execution_id), hub_row)
    assert r.sync.status().open_conflicts == 1
    assert [x.field for x in r.sync.conflicts()] == ["level_1"]


def test_rci_resolves_field_by_field_and_the_resolution_is_a_synced_change(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    with net.hub.db.session(write=True) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.level_3 = 4, 4
    with write_as(r, COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.level_3 = 3, 1
    net.sync("grau")
    found = {c.field: c for c in conflicts(net.hub, entity_id=v.execution_id)}
    assert set(found) == {"level_1", "level_3"}
    with pytest.raises(NotConfigured, match="base compartida"):
        sign_in(r, RCI)
        r.sync.resolve({found["level_1"].id: TAKE_NODE})
    sign_in(net.hub, COACH_MG)
    with pytest.raises(PermissionDenied, match="RCI"):
        net.hub.sync.resolve({found["level_1"].id: TAKE_NODE})
    sign_in(net.hub, RCI)
    assert len(net.hub.sync.conflicts()) == 2
    net.hub.sync.resolve({found["level_1"].id: TAKE_NODE, found["level_3"].id: KEEP_HUB})
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert (hub_row["level_1"], hub_row["level_3"]) == (3, 4)
    assert net.hub.sync.conflicts() == []
    history = net.hub.history.of_record(v.execution_id)
    assert history[-1].user_dni == RCI and history[-1].changes == {"level_1": [4, 3]}
    net.sync("grau")
    assert same_data(row(r, m.Execution, v.execution_id), hub_row)
    assert r.sync.status().open_conflicts == 0
    assert [c.status for c in conflicts(r, entity_id=v.execution_id)] == ["resuelto", "resuelto"]


def test_edit_against_a_delete_keeps_the_record_deleted_and_holds_the_edit(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    sign_in(net.hub, RCI)
    net.hub.trash.delete_execution(v.execution_id, "Registro duplicado")
    sign_in(r, COACH_MG)
    r.registration.register_visit(v.id, date(YEAR, 4, 10), {**RATINGS_2018, 1: 4})  # correction offline
    report = net.sync("grau")
    assert report.outcomes == {"conflicto": 1}
    (c,) = conflicts(net.hub, entity_id=v.execution_id)
    assert c.kind == "eliminado" and c.field == ""
    node_change = json.loads(c.node_value)
    assert node_change["changes"]["level_1"] == [2, 4]
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert hub_row["deleted_at"] is not None and hub_row["level_1"] == 2
    assert row(r, m.Execution, v.execution_id)["deleted_at"] is not None  # the replica follows the hub
    # the RCI decides to restore it with the correction
    sign_in(net.hub, RCI)
    net.hub.sync.resolve({c.id: TAKE_NODE})
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert hub_row["deleted_at"] is None and hub_row["level_1"] == 4
    net.sync("grau")
    assert same_data(row(r, m.Execution, v.execution_id), hub_row)


def test_delete_against_an_edit_keeps_the_record_and_holds_the_delete(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    sign_in(net.hub, COACH_MG)
    net.hub.registration.register_visit(v.id, date(YEAR, 4, 10), {**RATINGS_2018, 5: 4})  # edit on the hub
    sign_in(r, RCI)
    r.trash.delete_execution(v.execution_id, "Registro erróneo")  # the RCI deletes the old version offline
    report = net.sync("grau")
    assert report.outcomes == {"conflicto": 1}
    (c,) = conflicts(net.hub, entity_id=v.execution_id)
    assert c.kind == "eliminacion" and c.resolver_role == "rci"
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert hub_row["deleted_at"] is None and hub_row["level_5"] == 4
    assert same_data(row(r, m.Execution, v.execution_id), hub_row)  # back on the replica, with the edit
    sign_in(net.hub, RCI)
    net.hub.sync.resolve({c.id: TAKE_NODE})
    assert row(net.hub, m.Execution, v.execution_id)["deleted_reason"] == "Registro erróneo"


def test_delete_of_an_unchanged_record_applies(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    sign_in(r, RCI)
    r.trash.delete_execution(v.execution_id, "Registro erróneo")
    assert net.sync("grau").outcomes == {"aplicado": 1}
    assert row(net.hub, m.Execution, v.execution_id)["deleted_reason"] == "Registro erróneo"


def test_restore_outcomes(net):
    w = net.world
    a = visit(net.hub, w, "40000001")
    b = visit(net.hub, w, "40000002", day=10)
    sign_in(net.hub, RCI)
    net.hub.trash.delete_execution(a.execution_id, "Revisar fecha")
    net.hub.trash.delete_execution(b.execution_id, "Revisar fecha")
    r = net.add_replica("grau")
    # a: restored on the replica only → applied
    sign_in(r, RCI)
    r.trash.restore_execution(a.execution_id)
    # b: restored on both sides → nothing to do, no conflict
    r.trash.restore_execution(b.execution_id)
    net.hub.trash.restore_execution(b.execution_id)
    report = net.sync("grau")
    assert report.outcomes == {"aplicado": 1, "sin_cambios": 1} and report.conflicts == 0
    assert row(net.hub, m.Execution, a.execution_id)["deleted_at"] is None
    assert same_data(row(r, m.Execution, b.execution_id), row(net.hub, m.Execution, b.execution_id))


def test_restore_while_the_hub_has_another_live_execution_is_refused_and_held(net):
    w = net.world
    v = visit(net.hub, w)
    sign_in(net.hub, RCI)
    net.hub.trash.delete_execution(v.execution_id, "Revisar fecha")
    r = net.add_replica("grau")
    sign_in(net.hub, COACH_MG)
    again = net.hub.registration.register_visit(v.id, date(YEAR, 4, 12), RATINGS_2018)  # a new live one
    sign_in(r, RCI)
    r.trash.restore_execution(v.execution_id)
    report = net.sync("grau")
    assert report.outcomes == {"rechazado": 1}
    (c,) = conflicts(net.hub, entity_id=v.execution_id)
    assert c.kind == "rechazado" and "mismos datos únicos" in c.message
    assert row(net.hub, m.Execution, again.execution_id)["deleted_at"] is None
    assert row(r, m.Execution, v.execution_id)["deleted_at"] is not None  # follows the hub again


def test_edit_of_a_record_validated_on_the_hub_becomes_a_conflict(net):
    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    sign_in(net.hub, GESTOR)
    net.hub.validation.validate([v.execution_id])
    sign_in(r, COACH_MG)
    r.registration.register_visit(v.id, date(YEAR, 4, 10), {**RATINGS_2018, 1: 4})  # not yet validated here
    report = net.sync("grau")
    assert report.outcomes == {"conflicto": 1}
    (c,) = conflicts(net.hub, entity_id=v.execution_id)
    assert c.kind == "validado" and c.resolver_role == "rci"
    hub_row = row(net.hub, m.Execution, v.execution_id)
    assert hub_row["validation_state"] == "validada" and hub_row["level_1"] == 2
    assert same_data(row(r, m.Execution, v.execution_id), hub_row)


def test_changes_to_a_month_closed_on_the_hub_go_to_the_gestor_local(net):
    w = net.world
    existing = visit(net.hub, w, "40000002", month=5, day=6)
    r = net.add_replica("grau")
    sign_in(net.hub, GESTOR)
    net.hub.closing.close("030007", YEAR, 5, confirmed=True)
    # offline, the month is still open on the replica: a new visit with its execution, and an edit
    fresh = visit(r, w, "40000001", month=5, day=7)
    with write_as(r, COACH_MG) as s:
        s.get(m.Execution, existing.execution_id).notes = "corrección tardía"
    report = net.sync("grau")
    assert report.outcomes == {"conflicto": 3} and report.retired == 2
    held = conflicts(net.hub, kind="mes_cerrado")
    assert {c.entity for c in held} == {"activity", "execution"}
    assert all(c.resolver_role == "gestor_local" and c.status == "abierto" for c in held)
    assert row(net.hub, m.Activity, fresh.id) is None
    assert row(net.hub, m.Execution, existing.execution_id)["notes"] is None
    # the new records moved from the replica into conflict records; the edit was undone by the pull
    assert row(r, m.Activity, fresh.id) is None and row(r, m.Execution, fresh.execution_id) is None
    assert row(r, m.Execution, existing.execution_id)["notes"] is None
    assert r.sync.status().open_conflicts == 3
    # the RCI may not decide them; the Gestor Local accepts the visit (parent first)
    sign_in(net.hub, RCI)
    by_entity = {(c.entity, str(c.entity_id)): c for c in held}
    with pytest.raises(PermissionDenied, match="Gestor Local"):
        net.hub.sync.resolve({by_entity[("activity", str(fresh.id))].id: TAKE_NODE})
    sign_in(net.hub, GESTOR)
    net.hub.sync.resolve({by_entity[("activity", str(fresh.id))].id: TAKE_NODE,
                          by_entity[("execution", str(fresh.execution_id))].id: TAKE_NODE,
                          by_entity[("execution", str(existing.execution_id))].id: KEEP_HUB})
    assert row(net.hub, m.Execution, fresh.execution_id)["executed_on"] == date(YEAR, 5, 7)
    net.sync("grau")
    assert same_data(row(r, m.Execution, fresh.execution_id), row(net.hub, m.Execution, fresh.execution_id))
    assert r.sync.status().open_conflicts == 0


def test_duplicate_natural_key_is_refused_and_retired(net):
    r1 = net.add_replica("a")
    r2 = net.add_replica("b")
    for r in (r1, r2):
        sign_in(r, GESTOR)
        r.closing.close("030007", YEAR, 6, confirmed=True)  # the same month closed on two replicas
    assert net.sync("a").outcomes == {"aplicado": 1}
    report = net.sync("b")
    assert report.outcomes == {"rechazado": 1} and report.retired == 1
    (c,) = conflicts(net.hub, kind="rechazado")
    assert c.entity == "month_closing" and "únicos" in c.message
    with r2.db.session() as s:  # b now has the hub's row, not its own
        origins = s.scalars(select(m.MonthClosing.origin).where(m.MonthClosing.month == 6)).all()
    assert origins == [r1.db.node]


def test_a_change_pushed_twice_is_acknowledged_not_applied_twice(net):
    r = net.add_replica("grau")
    w = net.world
    visit(r, w)
    with r.db.session() as s:
        items = ss.pending_changes(_unit(s), r.db.node, 0, 100)
    body = {"changes": [c for _, c in items]}
    first = net.client("grau").push(body)
    second = net.client("grau").push(body)  # the answer to the first was lost: pushed again
    assert first["outcomes"] == {"aplicado": 2} and first["duplicates"] == 0
    assert second["duplicates"] == 2 and second["outcomes"] == {}
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 2
        ids = [c["change_id"] for c in body["changes"]]
        assert s.scalar(select(func.count()).select_from(m.ChangeLog)
                        .where(m.ChangeLog.change_id.in_(ids))) == 2


def test_one_batch_mixes_new_records_taken_as_they_are_with_conflicts(net):
    """New records of an open month take the hub's fast path (applied as they are, in step: nothing comes
    back); in the same batch, new records of a closed month, a child of one of them and a same-field
    edit keep their outcomes."""
    w = net.world
    existing = visit(net.hub, w, "40000002", month=4, day=6)
    r = net.add_replica("grau")
    sign_in(net.hub, GESTOR)
    net.hub.closing.close("030007", YEAR, 5, confirmed=True)
    with net.hub.db.session(write=True, user_dni=RCI) as s:
        s.get(m.Execution, existing.execution_id).notes = "nota del servidor"
    fresh = [visit(r, w, t, month=4, day=d) for t, d in (("40000001", 7), ("40000003", 8))]
    closed = visit(r, w, "40000001", month=5, day=7)
    with write_as(r, COACH_MG) as s:
        s.get(m.Execution, existing.execution_id).notes = "nota de la réplica"
    report = net.sync("grau")  # one push batch: 4 new, 2 new in a closed month, 1 edit
    assert report.pushed == 7
    assert report.outcomes == {"aplicado": 4, "conflicto": 3} and report.retired == 2
    # back come the hub's closing of May, its edit of the execution and the three conflict records; none
    # of the four new records (applied in step)
    assert report.pulled_rows == 1 + 1 + 3
    kinds = sorted((c.entity, c.kind, c.field) for c in conflicts(net.hub))
    assert kinds == [("activity", "mes_cerrado", ""), ("execution", "campo", "notes"),
                     ("execution", "mes_cerrado", "")]
    for v in fresh:
        assert same_data(row(r, m.Activity, v.id), row(net.hub, m.Activity, v.id))
        assert same_data(row(r, m.Execution, v.execution_id), row(net.hub, m.Execution, v.execution_id))
    assert row(net.hub, m.Activity, closed.id) is None and row(r, m.Activity, closed.id) is None
    assert row(r, m.Execution, existing.execution_id)["notes"] == "nota del servidor"


def test_pull_skips_the_nodes_own_changes_without_losing_others_between_them(net):
    """The feed after a push holds the node's own changes (skipped in the query) with other changes
    between them; small pull batches bring every other change once and end at the head."""
    w = net.world
    from sigma_desktop.services.sync import _quiet

    a, b = net.add_replica("a"), net.add_replica("b")
    for i, teacher in enumerate(("40000001", "40000002", "40000003")):
        visit(a, w, teacher, month=4, day=10 + i)
        a.sync._push_all(net.client("a"), a.sync._state(), a.db.node, _quiet, 100)  # noqa: SLF001 - push only
        visit(net.hub, w, teacher, month=6, day=10 + i)  # the hub's own, between the node's pushes
    report = net.sync("a", pull_batch=1)
    head = net.hub.sync.status().cursor
    assert report.cursor == head and report.pulled_rows == 6  # the hub's three visits, nothing of its own
    net.sync("b", pull_batch=1)
    with net.hub.db.session() as s:
        acts = {str(x) for x in s.scalars(select(m.Activity.id).where(m.Activity.year == YEAR))}
    for replica in (a, b):
        with replica.db.session() as s:
            assert {str(x) for x in s.scalars(select(m.Activity.id).where(m.Activity.year == YEAR))} == acts


def test_push_body_made_by_sqlite_equals_the_entries(net):
    """The push texts SQLite builds (pending_push_json) carry exactly the change-log entries, and a
    delete its image, as the Python form does."""
    import json as _json

    from sigma_desktop.services.sync import _with_images

    w = net.world
    v = visit(net.hub, w)
    r = net.add_replica("grau")
    visit(r, w, "40000002", day=10)
    sign_in(r, RCI)
    r.trash.delete_execution(v.execution_id, "Registro erróneo «ñ»\tcon tabulación")
    with r.db.session() as s:
        u = _unit(s)
        python = ss.pending_changes(u, r.db.node, 0, 100)
        made = ss.pending_push_json(u, r.db.node, 0, 100)
        texts = _with_images(u, made)
    assert [seq for seq, *_ in made] == [seq for seq, _ in python] and len(python) >= 3
    for (seq, change), (_, op, entity, entity_id, _t), text in zip(python, made, texts):
        got = _json.loads(text)
        image = got.pop("image", None)
        assert got == change and (op, entity, entity_id) == (change["op"], change["entity"], change["entity_id"])
        assert (image is not None) == (op == "delete")
    replica_push._json_in_sqlite = False  # the Python fallback (an SQLite without JSON functions) gives the same
    try:
        with r.db.session() as s:
            fallback = ss.pending_push_json(_unit(s), r.db.node, 0, 100)
    finally:
        replica_push._json_in_sqlite = None
    assert [(*x[:4], _json.loads(x[4])) for x in fallback] == [(*x[:4], _json.loads(x[4])) for x in made]


def _unit(session):
    from sigma_desktop.storage.unit import Unit

    return Unit(session)


def test_hub_enforces_the_scope_of_a_modified_client(net):
    r = net.add_replica("coach", coach=COACH_MG)
    w = net.world
    node = r.db.node
    with net.hub.db.session() as s:
        other_teacher = s.get(m.Teacher, w.teachers["40000009"])  # UGEL Abancay
        own_teacher = s.get(m.Teacher, w.teachers["40000001"])    # UGEL Grau, but a coach may not edit it
        at = other_teacher.updated_at.isoformat()
        s.expunge_all()

    def change(entity, id_, changes, op="update"):
        from sigma_desktop.storage.ids import new_id
        return {"change_id": str(new_id()), "entity": entity, "entity_id": str(id_), "op": op,
                "changes": changes, "base_version": 1, "new_version": 2, "user_id": str(user_id(r, COACH_MG)),
                "user_dni": COACH_MG, "node": node, "at": at}

    from sigma_desktop.storage.ids import new_id
    forged = [
        change("teacher", other_teacher.id, {"first_names": [other_teacher.first_names, "Hackeado"]}),
        change("teacher", own_teacher.id, {"first_names": [own_teacher.first_names, "Hackeado"]}),
        change("activity", new_id(), {"kind": [None, "visita"], "coach_id": [None, str(w.coaches[COACH_OTHER])],
                                      "ugel_id": [None, str(other_teacher.ugel_id)], "year": [None, YEAR],
                                      "month": [None, 4], "intervention_id": [None, str(own_teacher.id)]},
               op="insert"),
        change("intervention", own_teacher.id, {"name": ["x", "y"]}),
        change("user_account", own_teacher.id, {"role": ["ap", "administrador"]}),
    ]
    answer = net.client("coach").push({"changes": forged})
    assert answer["outcomes"] == {"rechazado": 5}
    with net.hub.db.session() as s:
        assert s.get(m.Teacher, other_teacher.id).first_names != "Hackeado"
        assert s.get(m.Teacher, own_teacher.id).first_names != "Hackeado"
    assert len(conflicts(net.hub, kind="rechazado")) == 4  # out of the scope, or a catalogue
    assert len(conflicts(net.hub, kind="no_autorizado")) == 1  # an account: never from a replica
    # and a node cannot push in another node's name
    answer = net.client("coach").push({"changes": [{**forged[0], "change_id": str(new_id()), "node": "otro"}]})
    assert answer["outcomes"] == {"rechazado": 1}


def test_coach_replica_receives_only_the_coachs_work(net):
    w = net.world
    own = visit(net.hub, w, "40000001")
    sign_in(net.hub, COACH_OTHER)
    other = net.hub.planning.plan_visit(w.coaches[COACH_OTHER], w.teachers["40000009"], YEAR, 4)
    r = net.add_replica("laptop", coach=COACH_MG)
    with r.db.session() as s:
        activities = set(s.scalars(select(m.Activity.id)))
        users = set(s.scalars(select(m.UserAccount.dni)))
    assert activities == {own.id} and other.id not in activities
    assert users == {COACH_MG}
    # the coach works offline and syncs
    new = visit(r, w, "40000002", day=11)
    report = net.sync("laptop")
    assert report.outcomes == {"aplicado": 2}
    assert row(net.hub, m.Execution, new.execution_id) is not None



def test_change_log_entries_written_through_the_generic_path_read_back_as_sent(net):
    """The hub is PostgreSQL and replicas SQLite, so the dialect-neutral change-log writer
    (tables.log_params) serves insert_entries on PostgreSQL and write_entries on SQLite: both store
    the entries as sent (a replica's pull may bring `changes` as JSON text)."""
    from uuid import UUID

    from sigma_desktop.storage.ids import new_id

    r = net.add_replica("generic")
    teacher = net.world.teachers["40000001"]

    def entry(changes):
        return {"change_id": str(new_id()), "entity": "teacher", "entity_id": str(teacher), "op": "update",
                "changes": changes, "base_version": 3, "new_version": 4, "user_id": None, "user_dni": COACH_MG,
                "node": "nodo-prueba", "at": "2026-04-09T15:30:00.250000+00:00"}

    cases = ((net.hub, ss.insert_entries, [entry({"first_names": ["Ana", "Ána"]}), entry('{"last_names":["Paz","Páz"]}')]),
             (r, ss.write_entries, [entry({"first_names": ["Ana", "Ána"]})]))
    for sigma, write, entries in cases:
        with sigma.db.session() as s:  # read back in the same transaction, then rolled back
            write(_unit(s), entries)
            ids = [UUID(x["change_id"]) for x in entries]
            stored = {str(e.change_id): e for e in s.scalars(select(m.ChangeLog).where(m.ChangeLog.change_id.in_(ids)))}
            assert set(stored) == {x["change_id"] for x in entries}
            for x in entries:
                got = stored[x["change_id"]]
                sent = x["changes"] if isinstance(x["changes"], dict) else json.loads(x["changes"])
                assert json.loads(got.changes) == sent
                assert (got.entity, got.entity_id, got.op, got.base_version, got.new_version, got.user_id,
                        got.user_dni, got.node) == ("teacher", teacher, "update", 3, 4, None, COACH_MG, "nodo-prueba")
                assert got.at.isoformat() == x["at"]


def test_hub_refuses_each_malformed_change_alone_and_a_batch_with_a_change_that_is_not_an_object(net):
    """hub_checks._malformed: every rule with its bad input. Each bad change is refused on its own (no
    row, conflict or change-log entry comes of it); the well-formed change of the same batch applies."""
    from sigma_desktop.storage.ids import new_id

    r = net.add_replica("shapes")
    node = r.db.node
    rci = str(user_id(r, RCI))  # an RCI manages teachers
    teacher = net.world.teachers["40000001"]
    with net.hub.db.session() as s:
        before = s.get(m.Teacher, teacher).first_names
        log_before = s.scalar(select(func.count()).select_from(m.ChangeLog))
        conflicts_before = s.scalar(select(func.count()).select_from(SyncConflict))

    def change(**over):
        base = {"change_id": str(new_id()), "entity": "teacher", "entity_id": str(teacher), "op": "update",
                "changes": {"first_names": [before, "Malformado"]}, "base_version": 1, "new_version": 2,
                "user_id": rci, "user_dni": RCI, "node": node, "at": "2026-04-09T15:30:00+00:00"}
        return {**base, **over}

    bad = [
        change(entity_id="no-es-un-id"),                                  # identifiers
        change(node="otra"),                                              # another replica's name
        change(entity="sync_conflict"),                                   # a table a replica may not write
        change(entity="no_existe"),                                       # an unknown table
        change(op="borrar"),                                              # an unknown operation
        change(changes=[["first_names", before, "x"]]),                   # values not an object
        change(changes={"first_names": "Malformado"}),                    # not an [old, new] pair
        change(changes={"first_names": [before, {"a": 1}]}),              # not a plain value
        change(changes={"no_existe": [None, 1]}),                         # an unknown column
        change(at=None),                                                  # no time
        change(user_id="no-es-un-id"),                                    # a malformed user
        change(at="2026-04-09T15:30:00"),                                 # a time without its zone
        change(at="ayer"),                                                # not a time
    ]
    answer = net.client("shapes").push({"changes": bad})
    assert answer["outcomes"] == {"rechazado": len(bad)}
    with net.hub.db.session() as s:
        assert s.get(m.Teacher, teacher).first_names == before
        assert s.scalar(select(func.count()).select_from(m.ChangeLog)) == log_before
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == conflicts_before
    good = change(changes={"first_names": [before, "Bienformado"]})
    answer = net.client("shapes").push({"changes": [change(op="borrar"), good]})
    assert answer["outcomes"] == {"rechazado": 1, "aplicado": 1}
    assert row(net.hub, m.Teacher, teacher)["first_names"] == "Bienformado"
    with pytest.raises(Exception, match="Lote inválido"):
        net.client("shapes").push({"changes": [good, ["no", "es", "un", "objeto"]]})

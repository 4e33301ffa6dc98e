"""The hub trusts nothing a replica says about people and roles: forged authors, validations, deletions,
accounts and times, sent over HTTP by the real `sigma sync` and by a sync file, are refused change by
change with a Spanish reason; the hub's data and change log stay as they were."""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from sigma_desktop.cli import main
from sigma_desktop.domain.errors import ValidationError
from sigma_desktop.domain.sync import TAKE_NODE
from sigma_desktop.storage import models as m
from sigma_desktop.storage import sync_store as ss
from sigma_desktop.storage.unit import Unit
from sigma_desktop.storage.ids import new_id
from sigma_desktop.storage.sync_models import SyncConflict, SyncReceipt
from sigma_desktop.sync.http import HttpHub
from tests.security.conftest import Snapshot
from tests.sync.conftest import hub_url_of, sign_in, user_id, write_as
from tests.world import ADMIN, COACH_MG, COACH_MG2, GESTOR, GESTOR_OTHER, RATINGS_2018, RCI, REGIONAL, YEAR

pytestmark = pytest.mark.postgres


def _visit(sigma, world, teacher="40000001", day=9):
    sign_in(sigma, COACH_MG)
    v = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, 4)
    row = sigma.registration.register_visit(v.id, date(YEAR, 4, day), RATINGS_2018)
    sigma.auth.sign_out()
    return row


def _sync_cli(net, server, name, capsys) -> str:
    """The real command on the replica, against the hub over HTTP; its output."""
    assert main(["--db", net.urls[name], "sync", "--hub", server.url]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _open_kinds(net) -> list[str]:
    with net.hub.db.session() as s:
        return sorted(c.kind for c in s.scalars(select(SyncConflict).where(SyncConflict.status == "abierto")))


def test_an_ap_cannot_validate_their_own_visits_in_the_gestor_locals_name(net, served, capsys):
    """The attack of the issue: an AP edits their replica so that their visit is «validada» by the Gestor
    Local (the change logged as the Gestor's, `validated_by` the Gestor's id), then syncs."""
    v = _visit(net.hub, net.world)
    r = net.add_replica("laptop", coach=COACH_MG)
    gestor = user_id(net.hub, GESTOR)
    before = Snapshot.of(net.hub)
    with write_as(r, COACH_MG) as s:  # logged as the AP: a validation is not theirs to make
        e = s.get(m.Execution, v.execution_id)
        e.validation_state, e.validated_by = "validada", gestor
        e.validated_at = datetime.now(timezone.utc)
    s2 = r.db.session(write=True, user_id=gestor, user_dni=GESTOR)  # logged as the Gestor: not this node's person
    with s2 as s:
        s.get(m.Execution, v.execution_id).validation_comment = "Conforme"
    out = _sync_cli(net, served, "laptop", capsys)
    assert "rechazó cambios" in out and "no tiene permiso para: validar u observar actividades" in out
    assert "no está registrado para esta réplica" in out
    new = before.assert_unchanged(net.hub)
    assert sorted(k for k, _ in new) == ["no_autorizado", "no_autorizado"]
    # the replica follows the hub again: the visit is pending, as the Gestor Local left it
    with r.db.session() as s:
        assert s.get(m.Execution, v.execution_id).validation_state == "pendiente"
    # such a record can only be discarded, not applied, even by the RCI
    sign_in(net.hub, RCI)
    open_ = net.hub.sync.conflicts()
    with pytest.raises(ValidationError, match="no se aplica: solo se descarta"):
        net.hub.sync.resolve({open_[0].id: TAKE_NODE})


def test_a_ugel_replica_cannot_replace_the_rci_and_gestor_password_hashes(net, served, capsys):
    r = net.add_replica("oficina")
    with net.hub.db.session() as s:
        hashes = dict(s.execute(select(m.UserAccount.dni, m.UserAccount.password_hash)).all())
    before = Snapshot.of(net.hub)
    from argon2 import PasswordHasher

    mine = PasswordHasher().hash("clave-del-atacante-1")
    # edited with a plain SQLite tool, and logged by the app as the RCI and the Gestor themselves
    for dni in (RCI, GESTOR):
        with write_as(r, dni) as s:
            acc = s.scalars(select(m.UserAccount).where(m.UserAccount.dni == dni)).one()
            acc.password_hash, acc.must_change_password = mine, False
    with write_as(r, RCI) as s:  # and a new administrator
        s.add(m.UserAccount(dni="47000001", name="Intruso", role="administrador", scope="nacional",
                            password_hash=mine))
    out = _sync_cli(net, served, "oficina", capsys)
    assert "cuentas de usuario" in out and "son del servidor central" in out
    new = before.assert_unchanged(net.hub)
    assert [k for k, _ in new] == ["no_autorizado"] * 3
    with net.hub.db.session() as s:
        assert dict(s.execute(select(m.UserAccount.dni, m.UserAccount.password_hash)).all()) == hashes
    with r.db.session() as s:  # back as the hub has them; the new account retired
        assert s.scalars(select(m.UserAccount.password_hash).where(m.UserAccount.dni == RCI)).one() == hashes[RCI]
        assert s.scalar(select(func.count()).select_from(m.UserAccount).where(m.UserAccount.dni == "47000001")) == 0


def test_each_change_is_checked_against_the_role_table_of_its_bound_author(net, served, capsys):
    """A UGEL replica bound to an AP and the RCI: each person may do their own work only."""
    v = _visit(net.hub, net.world)
    other = _visit(net.hub, net.world, "40000002", day=10)
    with net.hub.db.session() as s:  # COACH_MG2's activity, planned on the hub
        coach2 = s.get(m.Coach, net.world.coaches[COACH_MG2])
        mine2 = m.Activity(kind="visita", coach_id=coach2.id, intervention_id=coach2.intervention_id,
                           ugel_id=coach2.ugel_id, year=YEAR, month=4, topic="de otro AP")
    with write_as(net.hub, COACH_MG2) as s:
        s.add(mine2)
    r = net.add_replica("oficina", users=(COACH_MG, RCI))
    before = Snapshot.of(net.hub)
    with write_as(r, COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)  # an AP deletes an execution: only the RCI may
        e.deleted_at, e.deleted_reason = datetime.now(timezone.utc), "borrado por el AP"
        s.get(m.Activity, mine2.id).topic = "cambiado por otro AP"  # another coach's activity
        ugel = s.get(m.Activity, v.id).ugel_id
        s.add(m.MonthClosing(ugel_id=ugel, year=YEAR, month=4, closed=True))  # only the Gestor Local closes
    with write_as(r, RCI) as s:
        t = s.get(m.Teacher, net.world.teachers["40000003"])
        t.first_names = "Corregido por el RCI"  # allowed: master data
        s.get(m.Execution, other.execution_id).notes = "nota del RCI"  # registering is the AP's
        proto = s.scalars(select(m.Protocol)).first()
        proto.visits = 99  # catalogues: never from a replica
    out = _sync_cli(net, served, "oficina", capsys)
    assert "rechazó cambios" in out
    with net.hub.db.session() as s:
        assert s.get(m.Teacher, net.world.teachers["40000003"]).first_names == "Corregido por el RCI"
        assert s.get(m.Execution, v.execution_id).deleted_at is None
        assert s.get(m.Activity, mine2.id).topic == "de otro AP"
        assert s.get(m.Execution, other.execution_id).notes is None
        assert s.scalar(select(func.count()).select_from(m.MonthClosing)) == 0
        assert s.get(m.Protocol, proto.id).visits != 99
        reasons = {c.entity: c.message for c in s.scalars(select(SyncConflict))}
        receipts = dict(s.execute(select(SyncReceipt.outcome, func.count()).group_by(SyncReceipt.outcome)).all())
    assert receipts == {"aplicado": 1, "rechazado": 5}
    assert "eliminar registros de ejecución" in reasons["execution"] or "registrar ejecución" in reasons["execution"]
    assert "sus propias actividades" in reasons["activity"]
    assert "cerrar y reabrir el mes" in reasons["month_closing"]
    assert "catálogos" in reasons["protocol"]
    # only the teacher changed on the hub
    after = Snapshot.of(net.hub)
    changed = {e for e in after.rows if after.rows[e] != before.rows[e]}
    assert changed == {"teacher"}


def test_authors_not_bound_to_the_node_are_refused_and_the_audit_time_is_the_hubs(net, served, capsys):
    r = net.add_replica("oficina", users=(COACH_MG, GESTOR))
    future = datetime.now(timezone.utc) + timedelta(days=400)
    past = datetime(2001, 1, 1, tzinfo=timezone.utc)
    teacher = net.world.teachers["40000004"]
    # the Gestor Regional, an administrator and a Gestor of another UGEL: real people, not this node's
    for dni, name in ((REGIONAL, "Regional"), (ADMIN, "Admin"), (GESTOR_OTHER, "Otro")):
        with r.db.session(write=True, user_id=user_id(net.hub, dni), user_dni=dni) as s:
            s.get(m.Teacher, teacher).last_name_2 = name
    # a system change (no user), e.g. a command run without --usuario on the replica
    with r.db.session(write=True) as s:
        s.get(m.Teacher, teacher).first_names = "Sistema"
    before = Snapshot.of(net.hub)
    out = _sync_cli(net, served, "oficina", capsys)
    assert out.count("no está registrado para esta réplica") >= 1
    assert [k for k, _ in before.assert_unchanged(net.hub)] == ["no_autorizado"] * 4
    # a change of a bound person, with a clock set far ahead, then far behind
    start = datetime.now(timezone.utc)
    with r.db.session(write=True, user_id=user_id(net.hub, GESTOR), user_dni=GESTOR) as s:
        s.info["fixed_now"] = future
        ugel = s.get(m.Teacher, teacher).ugel_id
        s.add(m.MonthClosing(ugel_id=ugel, year=YEAR, month=8, closed=True))
    with r.db.session(write=True, user_id=user_id(net.hub, GESTOR), user_dni=GESTOR) as s:
        s.info["fixed_now"] = past
        s.add(m.MonthClosing(ugel_id=ugel, year=YEAR, month=9, closed=True))
    _sync_cli(net, served, "oficina", capsys)
    end = datetime.now(timezone.utc)
    with net.hub.db.session() as s:
        rows = {c.month: c for c in s.scalars(select(m.MonthClosing))}
        entries = {e.entity_id: e for e in s.scalars(select(m.ChangeLog).where(m.ChangeLog.entity == "month_closing"))}
        s.expunge_all()
    for month, claimed in ((8, future), (9, past)):
        entry = entries[rows[month].id]
        assert start - timedelta(seconds=5) <= entry.at <= end + timedelta(seconds=5)  # the hub's clock
        assert entry.offline_at == claimed                                              # what the replica said
        assert entry.user_dni == GESTOR and entry.user_id == user_id(net.hub, GESTOR)
    assert rows[8].created_at <= end + timedelta(seconds=5)  # a row never carries a time ahead of the hub
    assert rows[9].created_at == past  # a row keeps the time the replica recorded (offline work)
    with r.db.session() as s:  # and the replica got the hub's row back
        assert s.scalars(select(m.MonthClosing.created_at).where(m.MonthClosing.month == 8)).one() == rows[8].created_at


def test_a_forged_sync_file_is_refused_the_same_way(net, tmp_path, capsys):
    """By USB: the owner of a coach laptop exports a file carrying a forged validation and a forged
    account; imported at the office with `sigma sync import`, it is refused like a push."""
    v = _visit(net.hub, net.world)
    r = net.add_replica("laptop", coach=COACH_MG)
    gestor = user_id(net.hub, GESTOR)
    with write_as(r, COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)
        e.validation_state, e.validated_by = "validada", gestor
    with write_as(r, COACH_MG) as s:
        s.scalars(select(m.UserAccount)).one().role = "administrador"
    outbox = tmp_path / "cambios.sigmasync"
    r.sync.export_file(outbox)
    before = Snapshot.of(net.hub)
    assert main(["--db", hub_url_of(net.hub), "sync", "import", str(outbox)]) == 0
    out = capsys.readouterr().out
    assert "Recibidos 2 cambios de la réplica: 0 aplicados, 2 rechazados" in out
    assert "no tiene permiso para: validar u observar actividades" in out
    assert [k for k, _ in before.assert_unchanged(net.hub)] == ["no_autorizado", "no_autorizado"]


def test_malformed_or_over_long_values_are_refused_one_by_one_never_a_500(net, served):
    r = net.add_replica("oficina")
    node, rci = r.db.node, str(user_id(net.hub, RCI))
    teacher = net.world.teachers["40000001"]
    at = datetime.now(timezone.utc).isoformat()

    def change(entity="teacher", id_=teacher, op="update", **fields):
        with net.hub.db.session() as s:  # what the hub has now: the base of each field (no merge conflict)
            current = ss.rows_by_id(Unit(s), entity, [str(id_)]).get(str(id_), {})
        return {"change_id": str(new_id()), "entity": entity, "entity_id": str(id_), "op": op,
                "changes": {k: [current.get(k), v] for k, v in fields.items()},
                "base_version": 1, "new_version": 2, "user_id": rci, "user_dni": RCI, "node": node, "at": at}

    bad = [
        change(first_names="x" * 500),                     # longer than the column (80)
        change(first_names="con\x00nulo"),                 # NUL: PostgreSQL text cannot hold it
        change(last_name_2="y" * 100_000),                 # an enormous text
        change(school_id="no-es-un-uuid"),                 # a reference that is not an id
        change(school_id=str(new_id())),                   # a reference to nothing
        change(entity="school", id_=net.world.schools["grau"], active="sí"),      # text for a boolean
        change(entity="coach", id_=net.world.coaches[COACH_MG], contract_start="2026-02-30"),  # no such date
        change(entity="coach", id_=net.world.coaches[COACH_MG], contract_start=20260101),      # a number for a date
        change(entity="school", id_=net.world.schools["grau"], ubigeo="999999"),  # a ubigeo that does not exist
        change(entity="teacher", id_=new_id(), op="insert", dni="4" * 9),           # an over-long DNI
    ]
    good = change(first_names="Bienformado")
    before = Snapshot.of(net.hub)
    answer = HttpHub(served.url, net.tokens["oficina"]).push({"changes": [*bad, good]})
    assert answer["outcomes"] == {"rechazado": len(bad), "aplicado": 1}
    reasons = [x["reason"] for x in answer["refused"]]
    assert len(reasons) == len(bad)
    assert any("«first_names»" in x for x in reasons) and any("«school_id»" in x for x in reasons)
    with net.hub.db.session() as s:
        assert s.get(m.Teacher, teacher).first_names == "Bienformado"
        receipts = s.scalar(select(func.count()).select_from(SyncReceipt))
    assert receipts == len(bad) + 1  # each one acknowledged: never pushed again, never blocking the sync
    after = Snapshot.of(net.hub)
    assert {e for e in after.rows if after.rows[e] != before.rows[e]} == {"teacher"}


def test_a_replicas_password_change_is_applied_by_the_hub_for_its_own_people_only(net, served, capsys):
    r = net.add_replica("laptop", coach=COACH_MG)
    from sigma_desktop.services.hub.service import LocalHub

    client = HttpHub(served.url, net.tokens["laptop"])
    sign_in(net.hub, ADMIN)
    net.hub.users.reset_password(COACH_MG, "temporal-123")  # the AP forgot it: a temporary one
    net.hub.auth.sign_out()
    r.sync.sync(hub=client)
    assert r.auth.sign_in(COACH_MG, "temporal-123").must_change_password  # on the laptop: change it first
    r.sync.change_password_on_hub(COACH_MG, "temporal-123", "clave-nueva-77", hub=client)
    r.auth.sign_out()
    assert not r.auth.sign_in(COACH_MG, "clave-nueva-77").must_change_password  # back through the sync
    assert net.hub.auth.sign_in(COACH_MG, "clave-nueva-77").dni == COACH_MG
    before = Snapshot.of(net.hub)
    from sigma_desktop.sync.errors import SyncError

    with pytest.raises(SyncError, match="no está registrado para esta réplica"):  # someone else's password
        client.call("password", {"dni": GESTOR, "old": "clave-de-prueba-1", "new": "clave-nueva-88"})
    with pytest.raises(SyncError, match="incorrectos"):  # without the current password
        client.call("password", {"dni": COACH_MG, "old": "no-la-se-1", "new": "clave-nueva-88"})
    before.assert_unchanged(net.hub)
    del LocalHub


def test_a_replica_cannot_act_for_another_node(net, served):
    a, b = net.add_replica("a"), net.add_replica("b")
    sign_in(a, COACH_MG)
    with pytest.raises(Exception, match="otra réplica"):
        HttpHub(served.url, net.tokens["a"]).push({"node_id": b.db.node, "changes": []})
    del a


def test_a_replica_file_edited_with_sqlite_keeps_the_hub_unchanged(net, served, capsys):
    """No application code at all: the change log of the replica written with the sqlite3 module."""
    v = _visit(net.hub, net.world)
    r = net.add_replica("laptop", coach=COACH_MG)
    path = net.urls["laptop"].removeprefix("sqlite:///")
    gestor = user_id(net.hub, GESTOR)
    before = Snapshot.of(net.hub)
    r.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE execution SET validation_state = 'validada', validated_by = ? WHERE id = ?",
                   (gestor.hex, v.execution_id.hex))
        db.execute("INSERT INTO change_log (change_id, entity, entity_id, op, changes, base_version, new_version, "
                   "user_id, user_dni, node, at) VALUES (?, 'execution', ?, 'update', ?, 1, 2, ?, ?, "
                   "(SELECT value FROM app_meta WHERE key = 'node_id'), '2020-01-01 00:00:00.000000')",
                   (new_id().hex, v.execution_id.hex,
                    json.dumps({"validation_state": ["pendiente", "validada"], "validated_by": [None, str(gestor)]}),
                    gestor.hex, GESTOR))
    from sigma_desktop.services import Sigma

    net.replicas["laptop"] = Sigma.open(net.urls["laptop"])
    _sync_cli(net, served, "laptop", capsys)
    assert [k for k, _ in before.assert_unchanged(net.hub)] == ["no_autorizado"]


def test_the_administrator_binds_people_to_replicas_from_the_command_line(net, capsys):
    url = hub_url_of(net.hub)
    assert main(["--db", url, "hub", "add-node", "Oficina Grau", "--ugel", "030007", "--user", GESTOR, RCI]) == 0
    out = capsys.readouterr().out
    assert f"Personas que actúan en ella: {GESTOR}, {RCI}" in out or f"{RCI}, {GESTOR}" in out
    node_id = next(line.split(": ")[1] for line in out.splitlines() if line.startswith("Identificador"))
    assert main(["--db", url, "hub", "users", node_id, "--user", COACH_MG]) == 0
    assert f"Personas de la réplica: {COACH_MG}" in capsys.readouterr().out
    assert main(["--db", url, "hub", "nodes"]) == 0
    assert f"personas: {COACH_MG}" in capsys.readouterr().out
    # a Gestor of another UGEL, a DNI without an account, and people for a coach's replica: refused
    assert main(["--db", url, "hub", "users", node_id, "--user", GESTOR_OTHER]) == 1
    assert "fuera del ámbito" in capsys.readouterr().err
    assert main(["--db", url, "hub", "users", node_id, "--user", "47000000"]) == 1
    assert "no hay una cuenta activa" in capsys.readouterr().err
    assert main(["--db", url, "hub", "add-node", "Laptop", "--ugel", "030007", "--coach", COACH_MG, "--user", RCI]) == 1
    assert "solo como ese acompañante" in capsys.readouterr().err

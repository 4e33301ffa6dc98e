"""The exchange over HTTP (token auth on loopback), from the command line, and through sync files."""
from __future__ import annotations

import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from sigma_desktop.cli import main
from sigma_desktop.storage import models as m
from sigma_desktop.storage.sync_models import SyncReceipt
from sigma_desktop.sync.errors import AccessRefused, CorruptFile, HubUnreachable, WrongHub
from sigma_desktop.sync.http import HttpHub, HubServer
from tests.sync.conftest import GRAU_PEOPLE, hub_url_of, sign_in
from tests.world import COACH_MG, GESTOR, RATINGS_2018, YEAR

pytestmark = pytest.mark.postgres


@pytest.fixture
def server(net):
    srv = HubServer(net.hub.sync.hub.endpoint(), "127.0.0.1", 0).start()
    yield srv
    srv.stop()


def visit(sigma, world, teacher="40000001", day=9):
    sign_in(sigma, COACH_MG)
    v = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, 4)
    return sigma.registration.register_visit(v.id, date(YEAR, 4, day), RATINGS_2018)


def _new_node(net, name="http", coach=None):
    from sigma_desktop.domain.permissions import SYSTEM

    ctx = net.hub._ctx  # noqa: SLF001 - registering a replica is the command line's (as the system)
    actor, ctx.actor = ctx.actor, SYSTEM
    try:
        return net.hub.sync.hub.add_node(name, "030007", coach, () if coach else GRAU_PEOPLE)
    finally:
        ctx.actor = actor


def test_replica_created_and_synced_over_http_with_its_token(net, server, tmp_path, capsys):
    node = _new_node(net)
    replica = tmp_path / "laptop.sqlite3"
    assert main(["replica", "create", "--hub", server.url, "--token", node.token,
                 "--db", f"sqlite:///{replica}"]) == 0
    assert "Réplica creada" in capsys.readouterr().out
    from sigma_desktop.services import Sigma

    r = Sigma.open(f"sqlite:///{replica}")

    r.sign_in_as_system()
    try:
        v = visit(r, net.world)
    finally:
        r.close()
    assert main(["--db", f"sqlite:///{replica}", "sync", "status"]) == 0
    assert "Cambios pendientes de enviar: 2" in capsys.readouterr().out
    assert main(["--db", f"sqlite:///{replica}", "sync"]) == 0  # the stored address and token
    out = capsys.readouterr().out
    assert "Enviados: 2 cambios" in out and "conflictos abiertos: 0" in out
    with net.hub.db.session() as s:
        assert s.get(m.Execution, v.execution_id) is not None
    assert main(["--db", f"sqlite:///{replica}", "sync", "status"]) == 0
    assert "Cambios pendientes de enviar: 0" in capsys.readouterr().out


def test_bad_or_revoked_token_and_unreachable_hub(net, server):
    with pytest.raises(AccessRefused, match="no aceptó la credencial"):
        HttpHub(server.url, "inventado").hello()
    node = _new_node(net)
    assert HttpHub(server.url, node.token).hello()["node_id"] == str(node.id)
    net.hub.sync.hub.revoke(node.id)
    with pytest.raises(AccessRefused):
        HttpHub(server.url, node.token).hello()
    with pytest.raises(HubUnreachable, match="Sus cambios siguen guardados"):
        HttpHub("http://127.0.0.1:9", node.token, timeout=5).hello()


def test_hub_commands(net, capsys):
    url = hub_url_of(net.hub)
    assert main(["--db", url, "hub", "init"]) == 0  # already a hub: idempotent
    assert main(["--db", url, "hub", "add-node", "Laptop AP", "--ugel", "030007", "--coach", COACH_MG]) == 0
    out = capsys.readouterr().out
    assert "Credencial" in out and "acompañante" in out
    assert main(["--db", url, "hub", "nodes"]) == 0
    assert "Laptop AP" in capsys.readouterr().out
    assert main(["--db", url, "hub", "add-node", "Oficina X", "--ugel", "999999"]) == 1
    assert "no existe" in capsys.readouterr().err


def test_sync_file_round_trip_imported_twice_on_both_sides(net, tmp_path, capsys):
    r = net.add_replica("usb")
    w = net.world
    v = visit(r, w)
    sign_in(net.hub, GESTOR)
    net.hub.closing.close("030007", YEAR, 7, confirmed=True)  # a hub change for the replica
    outbox = tmp_path / "cambios.sigmasync"
    report = r.sync.export_file(outbox)
    assert report.pushed == 2
    hub_url = hub_url_of(net.hub)
    assert main(["--db", hub_url, "sync", "import", str(outbox)]) == 0
    out = capsys.readouterr().out
    assert "Recibidos 2 cambios de la réplica: 2 aplicados, 0 rechazados" in out
    reply = tmp_path / "cambios-respuesta.sigmasync"
    assert reply.exists()
    assert main(["--db", hub_url, "sync", "import", str(outbox)]) == 0  # twice: acknowledged, not applied
    assert "2 ya estaban" in capsys.readouterr().out
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 2
        ids = [v.id, v.execution_id]
        assert s.scalar(select(func.count()).select_from(m.ChangeLog).where(m.ChangeLog.entity_id.in_(ids))) == 2
    first = r.sync.import_file(reply)
    assert first.pulled_entries >= 1 and r.sync.status().pending == 0
    with r.db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.MonthClosing).where(m.MonthClosing.month == 7)) == 1
        log_size = s.scalar(select(func.count()).select_from(m.ChangeLog))
    second = r.sync.import_file(reply)  # twice: nothing new
    assert second.pulled_entries == 0 and second.pulled_rows == 0
    with r.db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.ChangeLog)) == log_size


def _damage(path, tmp_path):
    """The same file with one byte of its data changed (a bad USB stick)."""
    broken = tmp_path / "danado.sigmasync"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "data.jsonl":
                data = data.replace(b'"insert"', b'"insurt"', 1)
            zout.writestr(item, data)
    return broken


def test_corrupt_truncated_or_foreign_files_are_refused_with_a_clear_message(net, request, tmp_path):
    r = net.add_replica("usb")
    visit(r, net.world)
    outbox = tmp_path / "cambios.sigmasync"
    r.sync.export_file(outbox)
    with pytest.raises(CorruptFile, match="SHA-256 no coincide"):
        net.hub.sync.import_file(_damage(outbox, tmp_path))
    cut = tmp_path / "cortado.sigmasync"
    cut.write_bytes(outbox.read_bytes()[: outbox.stat().st_size // 2])
    with pytest.raises(CorruptFile, match="dañado o incompleto"):
        net.hub.sync.import_file(cut)
    not_zip = tmp_path / "otro.sigmasync"
    not_zip.write_text("hola")
    with pytest.raises(CorruptFile):
        net.hub.sync.import_file(not_zip)
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 0  # nothing applied
    # another office's hub refuses it before reading its contents
    from sigma_desktop.services import Sigma
    from tests.conftest import prepared_url
    from tests.world import build

    other_url, _ = prepared_url(request, tmp_path, "postgresql", "world", build)
    other = Sigma.open(other_url)
    other.sign_in_as_system()
    try:
        other.sync.hub.init()
        with pytest.raises(WrongHub, match="otro servidor central"):
            other.sync.import_file(outbox)
    finally:
        other.close()
    # and a reply meant for one replica is refused by another one
    net.hub.sync.import_file(outbox, tmp_path / "respuesta.sigmasync")
    other_replica = net.add_replica("otra")
    with pytest.raises(Exception, match="es para otra réplica"):
        other_replica.sync.import_file(tmp_path / "respuesta.sigmasync")

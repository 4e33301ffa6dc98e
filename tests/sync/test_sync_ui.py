"""The sync panel, the conflict dialog and the connection dialog, offscreen, against a real hub."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from sigma_desktop.domain.sync import TAKE_NODE
from sigma_desktop.storage import models as m
from tests.sync.conftest import hub_url_of, sign_in, write_as
from tests.world import COACH_MG, RATINGS_2018, RCI, YEAR

pytestmark = pytest.mark.postgres


def _visit(sigma, world, teacher="40000001", day=9):
    sign_in(sigma, COACH_MG)
    v = sigma.planning.plan_visit(world.coaches[COACH_MG], world.teachers[teacher], YEAR, 4)
    return sigma.registration.register_visit(v.id, date(YEAR, 4, day), RATINGS_2018)


def test_replica_panel_syncs_with_a_progress_bar_and_updates_the_status(qtbot, net):
    from sigma_desktop.ui.panels.sync import SyncPanel

    r = net.add_replica("grau")
    _visit(r, net.world)
    panel = SyncPanel(r, hub_client=lambda: net.client("grau"))
    qtbot.addWidget(panel)
    assert panel.pending_label.text() == "2" and panel.sync_button.isEnabled()
    assert not panel.resolve_button.isEnabled()
    seen = []
    panel._progress.sig.connect(lambda stage, done, total: seen.append((stage, done, total)))
    with qtbot.waitSignal(panel.sig_sync_status, timeout=60000) as status:
        panel.sync_now()
        qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert status.args[0].startswith("Réplica: 0 cambios por enviar")
    assert panel.pending_label.text() == "0"
    assert "Sincronización terminada" in panel.message.text()
    assert ("Enviando cambios", 2, 2) in seen and any(s == "Recibiendo cambios" for s, _, _ in seen)


def test_hub_panel_lists_conflicts_and_the_rci_resolves_them_field_by_field(qtbot, net):
    from sigma_desktop.ui.forms.conflict_dialog import ConflictDialog
    from sigma_desktop.ui.panels.sync import SyncPanel

    v = _visit(net.hub, net.world)
    r = net.add_replica("grau")
    with net.hub.db.session(write=True) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.level_3 = 4, 4
    with write_as(r, COACH_MG) as s:
        e = s.get(m.Execution, v.execution_id)
        e.level_1, e.level_3 = 3, 1
    net.sync("grau")
    sign_in(net.hub, RCI)
    panel = SyncPanel(net.hub)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 2 and panel.mode_label.text() == "servidor central (PostgreSQL)"
    panel.view.selectRow(0)
    assert panel.resolve_button.isEnabled()

    def decide(sigma, conflicts, parent):
        dialog = ConflictDialog(sigma, conflicts, parent)
        assert len(dialog.groups) == 2  # both fields of the record, together
        by_field = {c.field: c.id for c in conflicts}
        dialog.choose(by_field["level_1"], TAKE_NODE)
        dialog.exec = lambda: dialog.resolve() and ConflictDialog.DialogCode.Accepted
        return dialog

    assert panel.resolve_selected(decide)
    assert panel.model.rowCount() == 0
    with net.hub.db.session() as s:
        e = s.get(m.Execution, v.execution_id)
        assert (e.level_1, e.level_3) == (3, 4)


def test_connection_dialog_tests_and_saves_each_kind(qtbot, net, tmp_path):
    from sigma_desktop.config import db_mode, resolve_db_url, saved_connection
    from sigma_desktop.sync.http import HubServer
    from sigma_desktop.ui.forms.connection_dialog import LOCAL, REPLICA, SHARED, ConnectionDialog

    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    # local file
    dialog.mode.button(LOCAL).setChecked(True)
    dialog.local_path.setText(str(tmp_path / "local.sqlite3"))
    dialog.test()
    qtbot.waitUntil(lambda: "Conexión correcta" in dialog.result_label.text(), timeout=30000)
    # the shared PostgreSQL server of the office (the hub's database here)
    from sqlalchemy.engine import make_url

    url = make_url(hub_url_of(net.hub))
    dialog.mode.button(SHARED).setChecked(True)
    dialog.host.setText(url.host)
    dialog.port.setValue(url.port)
    dialog.database.setText(url.database)
    dialog.user.setText(url.username)
    dialog.test()
    qtbot.waitUntil(lambda: "servidor central" in dialog.result_label.text(), timeout=30000)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(9)
    dialog.test()
    qtbot.waitUntil(lambda: dialog.result_label.objectName() == "error", timeout=30000)
    # a replica, created over HTTP with its credential, then saved
    server = HubServer(net.hub.sync.hub.endpoint(), "127.0.0.1", 0).start()
    try:
        node = net.hub.sync.hub.add_node("Laptop de prueba", "030007", COACH_MG)
        dialog.mode.button(REPLICA).setChecked(True)
        assert not dialog.save()  # not created yet
        dialog.hub_url.setText(server.url)
        dialog.token.setText(node.token)
        dialog.replica_path.setText(str(tmp_path / "laptop.sqlite3"))
        dialog.test()
        qtbot.waitUntil(lambda: "Servidor central alcanzado" in dialog.result_label.text(), timeout=30000)
        dialog.create_replica()
        qtbot.waitUntil(lambda: dialog.replica_ready or dialog.result_label.objectName() == "error", timeout=60000)
        assert dialog.replica_ready, dialog.result_label.text()
    finally:
        server.stop()
    assert dialog.save()
    saved = saved_connection()
    assert saved == {"url": f"sqlite:///{tmp_path / 'laptop.sqlite3'}", "mode": "replica"}
    assert resolve_db_url(None) == saved["url"] and db_mode(saved["url"]) == "replica"
    from sigma_desktop.services import Sigma

    laptop = Sigma.open(saved["url"])

    laptop.sign_in_as_system()
    try:
        with laptop.db.session() as s:
            assert s.scalars(select(m.Coach.dni).where(m.Coach.dni == COACH_MG)).first() == COACH_MG
    finally:
        laptop.close()


def test_main_window_status_bar_shows_the_replica_state(qtbot, net):
    from sigma_desktop.ui.main_window import MainWindow

    r = net.add_replica("grau")
    _visit(r, net.world)
    window = MainWindow(r, net.urls["grau"], "réplica")
    qtbot.addWidget(window)
    assert window.sync_label.text().startswith("Réplica: 2 cambios por enviar")
    assert any(mod.key == "sync" for mod in window.modules)
    panel = window.panel("sync")
    panel.hub_client = lambda: net.client("grau")
    panel.sync_now()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    assert window.sync_label.text().startswith("Réplica: 0 cambios por enviar")

"""The wizard making a replica from a real hub (PostgreSQL behind the HTTP endpoint): the replica brings the
office's users, so no administrator is asked for and the session signs in on the replica."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from sigma_desktop.config import saved_connection
from sigma_desktop.ui.first_run.pages import MODE_PAGE, SUMMARY_PAGE
from sigma_desktop.ui.forms.connection_form import REPLICA
from tests.sync.conftest import net  # noqa: F401 - the hub fixture
from tests.ui.first_run.test_wizard import _next, _start
from tests.world import COACH_MG, PASSWORD

pytestmark = pytest.mark.postgres


def test_replica_from_the_hub(qtbot, fresh_home, net):  # noqa: F811
    from sigma_desktop.sync.http import HubServer

    server = HubServer(net.hub.sync.hub.endpoint(), "127.0.0.1", 0).start()
    try:
        node = net.hub.sync.hub.add_node("Laptop de campo", "030007", COACH_MG)
        session, wizard = _start(qtbot)
        form = wizard.mode_page.form
        form.mode.button(REPLICA).setChecked(True)
        form.hub_url.setText(server.url)
        form.token.setText(node.token)
        wizard.button(QWizard.WizardButton.NextButton).click()  # not created yet: says so, stays
        assert form.result_label.text() == "Primero cree la réplica con «Crear réplica»."
        assert wizard.currentId() == MODE_PAGE
        form.create_replica()
        qtbot.waitUntil(lambda: form.create_button.isEnabled(), timeout=60000)  # done, or failed
        assert form.replica_ready, form.result_label.text()
        _next(qtbot, wizard, SUMMARY_PAGE)
    finally:
        server.stop()
    assert "réplica" in wizard.summary_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: session.dialog is not None, timeout=10000)
    assert session.mode == "replica" and saved_connection() == {
        "url": f"sqlite:///{fresh_home / 'replica.sqlite3'}", "mode": "replica"}
    session.dialog.dni.setText(COACH_MG)
    session.dialog.password.setText(PASSWORD)
    session.dialog.ok_button.click()
    assert session.window is not None and session.window.sync_label.text().startswith("Réplica")
    session.window.close()
    session.close()
    assert not (fresh_home / "sigma.sqlite3").exists()

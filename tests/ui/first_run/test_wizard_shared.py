"""The wizard against a real PostgreSQL server: a new one gets its administrator; one already set up is
only connected to (its users sign in as usual)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy.engine import make_url

from sigma_desktop.config import default_db_url, saved_connection
from sigma_desktop.ui.first_run.pages import EMPTY, SUMMARY_PAGE
from sigma_desktop.ui.forms.connection_form import SHARED
from tests.ui.first_run.test_wizard import _next, _sign_in_as_admin, _start, _through_office, _to_data_choice

pytestmark = pytest.mark.postgres


def _choose_server(wizard, url: str) -> None:
    u = make_url(url)
    form = wizard.mode_page.form
    form.mode.button(SHARED).setChecked(True)
    form.host.setText(u.host)
    form.port.setValue(u.port)
    form.database.setText(u.database)
    form.user.setText(u.username)
    form.password.setText(u.password or "")
    form.remember_password.setChecked(False)


def test_new_server_then_a_second_pc(qtbot, fresh_home, pg_url, tmp_path, monkeypatch):
    session, wizard = _start(qtbot)
    _choose_server(wizard, pg_url)
    _to_data_choice(qtbot, wizard, EMPTY)
    _through_office(qtbot, wizard)
    assert "compartida" in wizard.summary_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: session.window is not None, timeout=10000)
    assert session.mode == "shared" and saved_connection()["mode"] == "shared"
    assert ":***@" not in saved_connection()["url"] and "@" in saved_connection()["url"]
    session.window.close()
    session.close()
    assert list(fresh_home.iterdir()) == [fresh_home / "conexion.json"]  # no local database was made

    # a second PC of the office: the server already has users, so no administrator and no data page
    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "otra-pc"))
    session, wizard = _start(qtbot)
    _choose_server(wizard, pg_url)
    _next(qtbot, wizard, SUMMARY_PAGE)
    assert "ya tiene 1 usuarios" in wizard.summary_page.text.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: session.dialog is not None, timeout=10000)
    assert session.window is None and session.dialog.ok_button.isEnabled()
    _sign_in_as_admin(session.dialog)
    assert session.window is not None
    session.window.close()
    session.close()
    assert default_db_url()  # (the default local file of the second PC was never made)
    assert not (tmp_path / "otra-pc" / "sigma.sqlite3").exists()

"""Archivo → Copia de seguridad…, Restaurar copia…, Exportar bitácora…, by role; the way out offered at
start for a damaged database; no server password in the settings files."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from sigma_desktop.ui import recovery, safety_menu
from sigma_desktop.ui.session import DesktopSession

from tests.storage.safety_helpers import dump_db
from tests.ui.test_session import _sign_in
from tests.world import ADMIN, GESTOR, RCI


def _window(qtbot, world, dni):
    from sigma_desktop.ui.main_window import MainWindow

    world.sign_in(dni)
    window = MainWindow(world.sigma, "prueba", "local (SQLite)")
    qtbot.addWidget(window)
    window.safety.idle_lock.stop()
    return window


def _file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions() if a.text()]


def test_menu_entries_follow_the_role(qtbot, ui_world):
    mine = ["Copia de seguridad…", "Restaurar copia…", "Exportar bitácora de cambios…", "Bloqueo por inactividad…"]
    admin = _file_menu_texts(_window(qtbot, ui_world, ADMIN))
    assert [t for t in admin if t in mine] == mine
    rci = _file_menu_texts(_window(qtbot, ui_world, RCI))
    assert [t for t in rci if t in mine] == ["Copia de seguridad…"]
    gestor = _file_menu_texts(_window(qtbot, ui_world, GESTOR))
    assert [t for t in gestor if t in mine] == [] and gestor[-2:] == ["Cerrar sesión", "Salir"]


def test_backup_now_from_the_dialog(qtbot, ui_world):
    window = _window(qtbot, ui_world, RCI)
    dialog = window.safety.open_backups()
    qtbot.addWidget(dialog)
    rows = dialog.table.rowCount()
    dialog.primary.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Copia verificada"), timeout=20000)
    assert dialog.table.rowCount() == rows + 1
    assert dialog.table.item(0, 1).text() == "manual"


def test_restore_from_the_dialog_signs_everyone_out(qtbot, ui_world, monkeypatch):
    window = _window(qtbot, ui_world, ADMIN)
    made = ui_world.sigma.backup.create()
    before = dump_db(ui_world.sigma.db)
    ui_world.sigma.masters.add_teacher("30000011", "Después", "De La", "Copia", "0512345")
    informed, asked = [], []
    monkeypatch.setattr(safety_menu, "confirm", lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr(safety_menu, "inform", lambda parent, title, text: informed.append(text))
    signed_out = []
    window.sig_sign_out.connect(lambda: signed_out.append(1))
    dialog = window.safety.open_restore()
    qtbot.addWidget(dialog)
    assert dialog.selected_path() == str(made.path)
    with qtbot.waitSignal(dialog.sig_restored, timeout=20000):
        dialog.primary.click()
    assert "Se reemplazarán TODOS los datos" in asked[0]
    assert "Se restauró la copia" in informed[0] and "antes-de-restaurar" in informed[0]
    assert signed_out == [1]
    assert dump_db(ui_world.sigma.db) == before


def test_a_refused_restore_shows_the_reason_and_keeps_the_data(qtbot, ui_world, monkeypatch, tmp_path):
    window = _window(qtbot, ui_world, ADMIN)
    bad = tmp_path / "no-es-copia.sqlite3"
    bad.write_text("texto", encoding="utf-8")
    errors = []
    monkeypatch.setattr(safety_menu, "show_error", lambda parent, exc, title=None: errors.append(exc))
    dialog = window.safety.open_restore()
    qtbot.addWidget(dialog)
    before = dump_db(ui_world.sigma.db)
    dialog.restore_file(str(bad), ask=False)
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert "copia" in errors[0].message.lower()
    assert dump_db(ui_world.sigma.db) == before and ui_world.sigma.actor is not None


def test_audit_export_from_the_menu(qtbot, ui_world, monkeypatch, tmp_path):
    window = _window(qtbot, ui_world, ADMIN)
    informed = []
    monkeypatch.setattr(safety_menu, "inform", lambda parent, title, text: informed.append(text))
    target = tmp_path / "bitacora.json"
    window.safety.export_audit(str(target))
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    assert target.exists() and "Se exportaron" in informed[0]


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'teacher'").fetchone()[0]
    conn.execute("DELETE FROM app_meta WHERE key = 'integrity_checked_on'")  # the check is due at start
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xa5" * page)


def test_a_damaged_database_at_start_offers_the_last_good_backup(qtbot, ui_world, monkeypatch):
    good = ui_world.sigma.backup.create()
    path = Path(ui_world.sigma.db.url.database)
    url = ui_world.sigma.db.describe()
    ui_world.sigma.close()
    _damage(path)
    offered, informed = [], []
    monkeypatch.setattr(recovery, "ask_restore", lambda parent, text: offered.append(text) or True)
    monkeypatch.setattr(recovery, "inform", lambda parent, title, text: informed.append(text))
    session = DesktopSession(url, "local")
    with qtbot.waitSignal(session.sig_ready, timeout=30000):
        session.start()
    assert "La base de datos está dañada" in offered[0] and good.name in offered[0]
    assert "Se restauró la copia" in informed[0]
    _sign_in(qtbot, session, GESTOR)
    assert session.window is not None
    assert session.sigma.browse.count("teachers") == 6
    assert list(path.parent.glob("*.antes-de-restaurar-*")), "the damaged file is kept aside"
    session.window.close()
    session.close()


def test_declining_the_restore_closes_the_app_with_the_message(qtbot, ui_world, monkeypatch):
    ui_world.sigma.backup.create()
    path = Path(ui_world.sigma.db.url.database)
    url = ui_world.sigma.db.describe()
    ui_world.sigma.close()
    _damage(path)
    monkeypatch.setattr(recovery, "ask_restore", lambda parent, text: False)
    shown, quit_called = [], []
    from sigma_desktop.ui import session as session_module

    monkeypatch.setattr(recovery, "offer_other_connection",  # the last box: «Cambiar la conexión…» or «Salir»
                        lambda parent, title, text: shown.append(text) or False)
    monkeypatch.setattr(session_module.QCoreApplication, "quit", lambda: quit_called.append(1))
    session = DesktopSession(url, "local")
    session.start()
    qtbot.waitUntil(lambda: bool(quit_called), timeout=30000)
    assert "La base de datos está dañada" in shown[0] and "Restaurar copia" in shown[0]
    session.close()


@pytest.fixture
def settings_dir(tmp_path):
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.mark.postgres
def test_the_server_password_never_reaches_the_settings(qtbot, pg_url, settings_dir, monkeypatch):
    """The password typed when the server asks for it is used in memory (and, if asked, kept in the OS
    store); the settings written by the app (window geometry, idle minutes) never contain it."""
    from sigma_desktop import credentials
    from sigma_desktop.domain.data_errors import PasswordRequired
    from sigma_desktop.services import Sigma
    from tests.test_credentials import MemoryKeyring

    import keyring
    from keyring.backend import KeyringBackend

    secret = "Clave-Servidor-9x"
    sigma = Sigma.open(pg_url)
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    sigma.users.add("44000001", "Administradora", "administrador", "clave-admin-1")
    sigma.close()
    store = type("Memory", (MemoryKeyring, KeyringBackend), {})()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    try:
        monkeypatch.setattr(recovery, "ask_password", lambda parent, account, can: (secret, True))
        session = DesktopSession(pg_url, "shared")
        with qtbot.waitSignal(session.sig_ready, timeout=30000):
            session.start()
        # the server (trust authentication in the tests) is taken to have refused the missing password
        with qtbot.waitSignal(session.sig_ready, timeout=30000):
            session._failed(PasswordRequired("servidor de prueba"))
        assert credentials.password_of(session.url) == secret
        assert store.items[(credentials.SERVICE, credentials.account(pg_url))] == secret
        _sign_in(qtbot, session, "44000001", "clave-admin-1")
        window = session.window
        window.safety.idle_lock.set_timeout_minutes(7)
        from sigma_desktop.ui.idle_lock import set_configured_minutes

        set_configured_minutes(7)
        from PySide6.QtWidgets import QLabel

        shown = " ".join(label.text() for label in window.findChildren(QLabel)) + window.windowTitle()
        assert secret not in shown
        window.close()
        QSettings().sync()
        session.close()
    finally:
        keyring.set_keyring(previous)
    files = [p for p in settings_dir.rglob("*") if p.is_file()]
    assert files, "the app wrote its settings"
    for f in files:
        text = f.read_bytes()
        assert secret.encode() not in text, f"{f} holds the server password"

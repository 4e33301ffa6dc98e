"""Each common failure, caused for real, reads as what happened AND what to do next (ui/messages.describe)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sigma_desktop.services import Sigma
from sigma_desktop.ui.messages import describe
from tests.platforms import linux_only, read_only_attribute
from tests.ui.local_db import local_database_with_admin
from tests.ui.read_only import read_only_folder
from tests.world import GESTOR


def _failure(fn) -> str:
    with pytest.raises(Exception) as info:
        fn()
    return describe(info.value)


def _initialize(url: str) -> None:
    sigma = Sigma.open(url)
    try:
        sigma.setup.initialize()
    finally:
        sigma.close()


@linux_only("chattr +i (a folder even root cannot write in)")
def test_read_only_folder(tmp_path):
    with read_only_folder(tmp_path / "protegida") as folder:
        text = _failure(lambda: _initialize(f"sqlite:///{folder / 'sigma.sqlite3'}"))
    assert "solo lectura" in text and "Use una carpeta donde su usuario pueda escribir" in text


@read_only_attribute()
def test_read_only_file(ui_world):
    import stat

    path = Path(ui_world.sigma.db.url.database)
    ui_world.sigma.close()
    path.chmod(stat.S_IREAD)  # Propiedades → «Solo lectura»
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()  # as the command line would: the write, not the permission, must fail
    try:
        text = _failure(lambda: sigma.users.add("46000002", "Ana Torres Ríos", "administrador", "Clave-2024-x"))
    finally:
        sigma.close()
        path.chmod(stat.S_IREAD | stat.S_IWRITE)
    assert "marcado como de solo lectura" in text and "atributo «Solo lectura»" in text


def test_a_file_the_user_named_is_described_not_unexpected(tmp_path):
    text = describe(FileNotFoundError(2, "No such file or directory", str(tmp_path / "no-existe" / "a.xlsx")))
    assert "No existe la carpeta" in text and "no-existe" in text


def test_server_unreachable_on_a_wrong_port():
    text = _failure(lambda: _initialize("postgresql+psycopg://sigma@127.0.0.1:9/sigma"))
    assert "No se pudo conectar con el servidor de base de datos" in text and "127.0.0.1:9" in text
    assert "el servidor y el puerto sean los correctos" in text and "«Conexión…»" in text


def test_damaged_file(tmp_path):
    path = tmp_path / "sigma.sqlite3"
    path.write_bytes(b"esto no es una base de datos SQLite " * 200)
    text = _failure(lambda: _initialize(f"sqlite:///{path}"))
    assert "La base de datos está dañada" in text and "Restaure" in text


def test_locked_database(ui_world, monkeypatch):
    from sigma_desktop.storage import database

    real = database._sqlite_pragmas

    def pragmas(conn, record):  # wait 0.3 s for the other program, not 10 s
        real(conn, record)
        conn.execute("PRAGMA busy_timeout=300")

    monkeypatch.setattr(database, "_sqlite_pragmas", pragmas)
    path = ui_world.sigma.db.url.database
    ui_world.sigma.close()
    sigma = Sigma.open(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        text = _failure(lambda: sigma.users.add_first_admin("46000001", "Ana Torres Ríos", "Clave-2024-x"))
        other.execute("ROLLBACK")
    finally:
        other.close()
        sigma.close()
    assert "Otro programa está usando la base de datos" in text and "Cierre las otras ventanas" in text


def test_import_file_invalid(ui_world, tmp_path):
    from tests.world import RCI

    ui_world.sign_in(RCI)
    empty = tmp_path / "docentes.xlsx"
    empty.write_bytes(b"")
    text = _failure(lambda: ui_world.sigma.imports.run("docentes", empty, dry_run=True))
    assert "está vacío" in text and "revise que eligió el archivo correcto" in text
    words = tmp_path / "padron.csv"
    words.write_text("hola;mundo\n1;2\n", encoding="utf-8")
    text = _failure(lambda: ui_world.sigma.imports.run("ies", words, dry_run=True))
    assert "No se encontró la fila de encabezados" in text and "Archivo → Descargar plantilla…" in text


def test_unexpected_error_points_to_support_with_the_about_information():
    text = describe(RuntimeError("algo raro"))
    assert "no se guardó nada" in text and "«Copiar información»" in text


def test_wrong_password_at_sign_in_says_what_to_do(qtbot, ui_world):
    from sigma_desktop.ui.sign_in import SignInDialog

    dialog = SignInDialog(ui_world.sigma.auth.sign_in, "prueba")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.advice.isHidden()
    dialog.dni.setText(GESTOR)
    dialog.password.setText("no-es-la-clave")
    dialog.ok_button.click()
    assert dialog.error.text() == "DNI o contraseña incorrectos."
    assert dialog.advice.isVisible() and "pida al administrador que la restablezca" in dialog.advice.text()


def test_unreachable_server_at_start_offers_another_connection(qtbot, tmp_path, monkeypatch):
    """The session cannot open the server: the message says what to do and «Cambiar la conexión…» leads to
    the connection dialog; a local database chosen there opens at once."""
    from sigma_desktop.ui.forms.connection_dialog import LOCAL, ConnectionDialog
    from sigma_desktop.ui.session import DesktopSession

    monkeypatch.setenv("SIGMA_DATA_DIR", str(tmp_path / "datos"))
    local = tmp_path / "local.sqlite3"
    local_database_with_admin(local, "46000001", "Ana Torres Ríos", "Clave-2024-x")
    shown: list[str] = []

    def act():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                shown.append(w.text())
                next(b for b in w.buttons() if b.text() == "Cambiar la conexión…").click()
                break
            if isinstance(w, ConnectionDialog) and w.isVisible():
                w.mode.button(LOCAL).setChecked(True)
                w.local_path.setText(str(local))
                assert w.save()
                return
        QTimer.singleShot(30, act)

    QTimer.singleShot(0, act)
    session = DesktopSession("postgresql+psycopg://sigma@127.0.0.1:9/sigma", "shared")
    with qtbot.waitSignal(session.sig_ready, timeout=60000):
        session.start()
    assert "No se pudo conectar con el servidor" in shown[0] and "Base de datos:" in shown[0]
    assert session.url == f"sqlite:///{local}" and session.mode == "local"
    session.dialog.dni.setText("46000001")
    session.dialog.password.setText("Clave-2024-x")
    session.dialog.ok_button.click()
    assert session.window is not None
    session.window.close()
    session.close()
    assert Path(local).exists()

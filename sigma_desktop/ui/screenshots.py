"""`sigma-desktop --screenshots DIR`: renders every main screen of each role to PNG, offscreen.

With no --user, the first active user of each role found in the database is used (demo data has
one of each); all of them sign in with the password in SIGMA_PASSWORD.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..domain.enums import Role
from ..domain.errors import SigmaError
from .main_window import MainWindow
from .sign_in import SignInDialog

SIZE = (1366, 768)  # the most common office laptop screen


def _settle() -> None:
    """Lets background work (lists, indicators) finish and its results reach the screen."""
    from PySide6.QtCore import QThreadPool

    for _ in range(3):
        QApplication.processEvents()
        QThreadPool.globalInstance().waitForDone(30000)
        QApplication.processEvents()


def _default_users(sigma) -> list[str]:
    """One account of each role. `--screenshots` is a command-line tool run on a demo database: it lists the
    accounts as the system, explicitly, and signs out before capturing each user's own windows."""
    chosen: dict[str, str] = {}
    sigma.sign_in_as_system()
    try:
        rows = sigma.users.list()
    finally:
        sigma.auth.sign_out()
    for row in rows:
        if row.active and row.role not in chosen:
            chosen[row.role] = row.dni
    return [chosen[r.value] for r in Role if r.value in chosen]


def capture_all(sigma, directory: str, users: list[str], password: str) -> int:
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    sigma.setup.initialize()
    sign_in = SignInDialog(sigma.auth.sign_in, sigma.db.describe())
    sign_in.show()
    _settle()
    sign_in.grab().save(str(out / "00-inicio-de-sesion.png"))
    sign_in.close()
    written = 1
    for dni in users or _default_users(sigma):
        try:
            actor = sigma.auth.sign_in(dni, password)
        except SigmaError as exc:
            print(f"{dni}: {exc.message}", file=sys.stderr)
            return 1
        window = MainWindow(sigma, sigma.db.describe(), "local (SQLite)")
        window.resize(*SIZE)
        window.show()
        for module in window.modules:
            window.show_module(module.key)
            _settle()
            window.grab().save(str(out / f"{actor.role.value}-{module.key}.png"))
            written += 1
        from .guide_pictures import capture_dialogs  # the dialogs the user guide shows

        written += capture_dialogs(window, out, _settle)
        window.close()
        window.deleteLater()
        sigma.auth.sign_out()
    print(f"{written} capturas guardadas en {out}")
    return 0

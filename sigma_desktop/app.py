"""Composition root of the desktop app: settings → database → migrations → Sigma → windows.

The sign-in window appears before the database layer is imported: opening and upgrading the
database run in the background while the user types (see ui/session.py).
"""
from __future__ import annotations

import argparse
import os
import sys


def _args(argv: list[str] | None):
    p = argparse.ArgumentParser(prog="sigma-desktop", description="SIGMA Desktop")
    p.add_argument("--db", metavar="URL", help="base de datos (por defecto SIGMA_DB_URL o SQLite local)")
    p.add_argument("--screenshots", metavar="CARPETA",
                   help="guarda capturas de cada pantalla con los datos de la base y termina "
                        "(la contraseña de los usuarios se toma de SIGMA_PASSWORD)")
    p.add_argument("--user", metavar="DNI", action="append",
                   help="con --screenshots: usuario cuyas pantallas se capturan (puede repetirse)")
    p.add_argument("--self-test", metavar="CARPETA", nargs="?", const="",
                   help="comprueba la instalación (base nueva, migraciones, demostración, ventana, PDF y Excel) "
                        "y termina; con CARPETA guarda allí los archivos que genera")
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # bench/bench_startup.py
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from .cli import utf8_pipes

    utf8_pipes()  # the self-test's summary, when a technician redirects it to a file
    args = _args(argv)
    self_test = args.self_test is not None
    if self_test:  # never a window on the screen, whatever platform the environment asks for
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.screenshots or args.startup_probe:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .config import APP_AUTHOR, APP_NAME, db_mode, resolve_db_url
    from .ui import theme

    QApplication.setOrganizationName(APP_AUTHOR)
    QApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    if self_test:  # its own database in a temporary folder: --db and the user's data are not used
        from .selftest import run

        return run(app, args.self_test or None)
    url = resolve_db_url(args.db)
    if args.screenshots:
        from .services import Sigma
        from .ui.screenshots import capture_all

        sigma = Sigma.open(url)
        try:
            return capture_all(sigma, args.screenshots, args.user or [], os.environ.get("SIGMA_PASSWORD", ""))
        finally:
            sigma.close()
    from .ui.session import DesktopSession

    session = DesktopSession(url, db_mode(url))
    if args.startup_probe:  # measure: exit as soon as the sign-in window is on screen
        session.sig_sign_in_shown.connect(lambda: print("SHOWN", flush=True))
    session.start()
    code = app.exec()
    session.close()
    return code


if __name__ == "__main__":
    sys.exit(main())

"""Composition root of the desktop app: settings → database → migrations → Sigma → windows."""
from __future__ import annotations

import argparse
import os
import sys


def _args(argv: list[str] | None):
    p = argparse.ArgumentParser(prog="sigma-desktop", description="SIGMA Desktop")
    p.add_argument("--db", metavar="URL", help="base de datos (por defecto SIGMA_DB_URL o SQLite local)")
    p.add_argument("--screenshots", metavar="CARPETA",
                   help="guarda capturas de cada pantalla con los datos de la base y termina")
    p.add_argument("--user", metavar="DNI", help="con --screenshots: usuario cuyas pantallas se capturan")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .config import APP_AUTHOR, APP_NAME, db_mode, resolve_db_url
    from .ui import theme

    QApplication.setOrganizationName(APP_AUTHOR)
    QApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app)
    url = resolve_db_url(args.db)

    from .services import Sigma
    from .ui.session import DesktopSession

    sigma = Sigma.open(url)
    try:
        if args.screenshots:
            from .ui.screenshots import capture_all

            return capture_all(sigma, args.screenshots, args.user)
        session = DesktopSession(sigma, db_mode(url))
        if not session.start():
            return 1
        return app.exec()
    finally:
        sigma.close()


if __name__ == "__main__":
    sys.exit(main())

"""The `sigma` command: the same services as the desktop application, from a terminal.

Each command group lives in its own module with `register(subparsers) -> {name: handler}`; a
handler takes (sigma, args) and raises SigmaError for anything the user must fix.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..config import resolve_db_url
from ..domain.errors import SigmaError
from ..domain.file_errors import file_problem

# Modules that add commands, in the order their commands appear in --help.
COMMAND_MODULES = ("core", "imports", "masters", "safety", "reports", "quality", "month", "sync")

# Commands that must not upgrade the database before running (they manage it themselves).
NO_AUTO_INIT = {"init"}


def _parser() -> tuple[argparse.ArgumentParser, dict]:
    p = argparse.ArgumentParser(prog="sigma", description="SIGMA Desktop por línea de comandos.")
    p.add_argument("--db", metavar="URL", help="base de datos (URL de SQLAlchemy); por defecto "
                   "SIGMA_DB_URL o un archivo SQLite en la carpeta de datos del usuario")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMANDO")
    handlers: dict = {}
    for name in COMMAND_MODULES:
        handlers.update(importlib.import_module(f"{__name__}.{name}").register(sub))
    return p, handlers


def utf8_pipes() -> None:
    """On Windows, output that goes to a pipe or a file is written in UTF-8 instead of the ANSI code page
    (cp1252), which has no «→» or «≥»: a scheduled `sigma sync > registro.txt` must not stop on a
    character. A console window is left alone: Python writes to it in Unicode already."""
    import io

    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.isatty() and stream.encoding.lower() != "utf-8":
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    utf8_pipes()
    parser, handlers = _parser()
    args = parser.parse_args(argv)
    from ..services import Sigma

    try:
        sigma = Sigma.open(resolve_db_url(args.db))
    except Exception as exc:  # a malformed URL or a missing driver
        print(f"Error: no se pudo abrir la base de datos: {exc}", file=sys.stderr)
        return 1
    # the command line acts as the system, explicitly (whoever runs it holds the database file or the server's
    # credentials); commands with --usuario sign that person in instead, with their own permissions
    sigma.sign_in_as_system()
    try:
        if args.command not in NO_AUTO_INIT:
            sigma.setup.initialize()  # an older database is upgraded before anything else
        result = handlers[args.command](sigma, args)
        return int(result or 0)
    except OSError as exc:  # a file named on the command line: locked (open in Excel), read-only, no folder
        problem = file_problem(exc)
        if problem is None:
            raise
        print(f"Error: {problem.message}", file=sys.stderr)
        return 1
    except SigmaError as exc:
        print(f"Error: {exc.message}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback with a batch's parameters
        import logging
        import os

        logging.getLogger("sigma.cli").debug("unexpected error", exc_info=True)
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200] if str(exc) else ""
        print(f"Error inesperado ({type(exc).__name__}{': ' + detail if detail else ''}). No se guardó nada de "
              "esta operación. Si se repite, avise a soporte (con SIGMA_DEBUG=1 se muestra el detalle).",
              file=sys.stderr)
        if os.environ.get("SIGMA_DEBUG") == "1":
            raise
        return 1
    finally:
        sigma.close()

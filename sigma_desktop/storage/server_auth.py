"""The PostgreSQL password from the OS credential store, looked up only when the server asks for it.

A URL without a password first connects as it is (trust, PGPASSWORD or .pgpass may be enough); if the
server refuses for lack of a password, the password kept by `sigma db-password set` or by the desktop
sign-in ("Recordarla…") is looked up in the credential store and the connection retried. The keyring
is therefore never loaded (0.4 s) for servers that do not need it, and nothing is written to files.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .. import credentials

AUTH_FAILURES = ("password authentication failed", "no password supplied", "fe_sendauth")


def is_auth_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return getattr(exc, "sqlstate", None) in ("28P01", "28000") or any(n in text for n in AUTH_FAILURES)


def connect_hook(url: str, lookup: Callable[[str], str | None] = credentials.stored_password):
    """A `do_connect` handler for a server URL without a password (see the module docstring)."""
    found: dict[str, str] = {}

    def do_connect(dialect, _record, cargs, cparams):
        if "password" in found:
            cparams["password"] = found["password"]
            return None  # the dialect connects with it
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception as exc:  # noqa: BLE001 - only an authentication failure is handled here
            if not is_auth_failure(exc):
                raise
            stored = lookup(url)
            if not stored:
                raise
            cparams["password"] = stored
            conn = dialect.connect(*cargs, **cparams)
            found["password"] = stored
            return conn

    return do_connect


def install(engine: Engine) -> None:
    url = engine.url
    if url.get_backend_name() == "sqlite" or url.password is not None:
        return
    event.listen(engine, "do_connect", connect_hook(url.render_as_string(hide_password=False)))

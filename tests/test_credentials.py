"""The PostgreSQL password: in the OS credential store when there is one, never in a URL that is shown
or saved; without a store, nothing is kept anywhere."""
from __future__ import annotations

import pytest

from sigma_desktop import credentials

URL = "postgresql+psycopg://gestor:cl%40ve%3Asecreta@db.ugel.local:5432/sigma"


class MemoryKeyring:
    """A keyring backend kept in memory (what the Windows Credential Manager would hold)."""

    priority = 10

    def __init__(self):
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, user):
        return self.items.get((service, user))

    def set_password(self, service, user, password):
        self.items[(service, user)] = password

    def delete_password(self, service, user):
        del self.items[(service, user)]


@pytest.fixture
def store(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    backend_cls = type("Memory", (MemoryKeyring, KeyringBackend), {})
    backend = backend_cls()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_passwords_are_split_out_of_urls():
    assert credentials.password_of(URL) == "cl@ve:secreta"
    plain = credentials.without_password(URL)
    assert plain == "postgresql+psycopg://gestor@db.ugel.local:5432/sigma"
    assert "secreta" not in plain
    assert credentials.with_password(plain, "cl@ve:secreta") == URL
    assert credentials.account(URL) == "gestor@db.ugel.local:5432/sigma"
    assert credentials.without_password("sqlite:///C:/datos/sigma.sqlite3") == "sqlite:///C:/datos/sigma.sqlite3"


def test_without_a_store_nothing_is_kept():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not credentials.store_available()
        assert credentials.remember(URL, "x") is False
        assert credentials.stored_password(credentials.without_password(URL)) is None
    finally:
        keyring.set_keyring(previous)


def test_the_store_keeps_the_password(store):
    plain = credentials.without_password(URL)
    assert credentials.stored_password(plain) is None
    assert credentials.remember(plain, "cl@ve:secreta")
    assert credentials.stored_password(plain) == "cl@ve:secreta"
    assert credentials.stored_password(URL) == "cl@ve:secreta"  # the same account, whatever the URL holds
    assert credentials.forget(plain) and credentials.stored_password(plain) is None


class _Dialect:
    """Stands for the psycopg dialect: refuses connections without the right password."""

    def __init__(self, password: str | None):
        self.password = password
        self.attempts: list[dict] = []

    def connect(self, *cargs, **cparams):
        self.attempts.append(dict(cparams))
        if self.password is not None and cparams.get("password") != self.password:
            raise Exception('connection failed: FATAL:  password authentication failed for user "gestor"')
        return "conexión"


def test_a_kept_password_is_used_only_when_the_server_asks_for_it():
    from sigma_desktop.storage.server_auth import connect_hook

    plain = credentials.without_password(URL)
    lookups: list[str] = []

    def lookup(url):
        lookups.append(url)
        return "cl@ve:secreta"

    trusting = _Dialect(None)  # trust, PGPASSWORD or .pgpass: no lookup at all
    assert connect_hook(plain, lookup)(trusting, None, (), {"host": "db"}) == "conexión"
    assert lookups == []
    asking = _Dialect("cl@ve:secreta")
    hook = connect_hook(plain, lookup)
    assert hook(asking, None, (), {"host": "db"}) == "conexión"
    assert lookups == [plain] and asking.attempts[-1]["password"] == "cl@ve:secreta"
    params: dict = {"host": "db"}
    assert hook(asking, None, (), params) is None and params["password"] == "cl@ve:secreta"  # remembered
    assert len(lookups) == 1
    with pytest.raises(Exception, match="password authentication failed"):
        connect_hook(plain, lambda url: None)(_Dialect("otra"), None, (), {})


def test_database_urls_shown_never_hold_the_password():
    from sigma_desktop.storage.database import Database

    db = Database(URL)
    try:
        assert "secreta" not in db.describe() and "secreta" not in db.where.label
    finally:
        db.dispose()

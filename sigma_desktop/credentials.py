"""The PostgreSQL password: kept in the operating system's credential store, never in a file.

With the `keyring` package and a working backend (Windows Credential Manager, macOS Keychain, the
Secret Service on a Linux desktop) the password is stored there under the server, port, database and
user, and used when the server asks for one (storage/server_auth.py). Without a store, the desktop
application asks for it at start and keeps it in memory only. Settings files and logs only ever see
URLs from `without_password()`.
"""
from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

SERVICE = "SIGMA Desktop (PostgreSQL)"


def is_server_url(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def _parts(url: str):
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, has_password, password = userinfo.partition(":")
    return parts, unquote(user), unquote(password) if has_password else None, hostport


def password_of(url: str) -> str | None:
    return _parts(url)[2]


def without_password(url: str) -> str:
    """The URL with its password removed (what may be written to settings or shown)."""
    if not is_server_url(url):
        return url
    parts, user, _password, hostport = _parts(url)
    netloc = f"{quote(user, safe='')}@{hostport}" if user else hostport
    return urlunsplit(parts._replace(netloc=netloc))


def with_password(url: str, password: str) -> str:
    parts, user, _old, hostport = _parts(url)
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{hostport}"
    return urlunsplit(parts._replace(netloc=netloc))


def account(url: str) -> str:
    """The key under which the password is stored: user@host:port/database."""
    parts, user, _password, hostport = _parts(url)
    return f"{user}@{hostport}{parts.path}"


def usable_keyring():
    """The keyring module when it is installed and has a real backend, else None (also used by sync/tokens)."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - not installed or broken: ask instead
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def store_available() -> bool:
    return usable_keyring() is not None


def stored_password(url: str) -> str | None:
    kr = usable_keyring()
    if kr is None or not is_server_url(url):
        return None
    try:
        return kr.get_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - a locked or broken store: ask instead
        return None


def remember(url: str, password: str) -> bool:
    """Stores the password in the system's credential store; False when there is none."""
    kr = usable_keyring()
    if kr is None:
        return False
    try:
        kr.set_password(SERVICE, account(url), password)
    except Exception:  # noqa: BLE001
        return False
    return True


def forget(url: str) -> bool:
    kr = usable_keyring()
    if kr is None:
        return False
    try:
        kr.delete_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - nothing stored
        return False
    return True

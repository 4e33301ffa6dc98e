"""The first-run wizard: shown instead of the sign-in window on a genuinely first start (no database chosen
yet and no local database made yet); see wizard.py. This module stays light: the session asks it at
every start."""
from __future__ import annotations

from pathlib import Path


def sqlite_path(url: str) -> Path | None:
    return Path(url.split("///", 1)[1]) if url.startswith("sqlite") and "///" in url else None


def is_first_run(url: str) -> bool:
    """True when the app was given no database (no --db, no SIGMA_DB_URL, nothing saved from the connection
    dialog) and the default local database does not exist yet (or is an empty file)."""
    from ...config import default_db_url, saved_connection

    if saved_connection() or url != default_db_url():
        return False
    path = sqlite_path(url)
    return path is not None and not (path.exists() and path.stat().st_size > 0)

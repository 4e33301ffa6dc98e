"""Where the database is: --db, then SIGMA_DB_URL, then an SQLite file in the user's data folder."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SIGMA Desktop"
APP_AUTHOR = "Minedu"
ENV_DB_URL = "SIGMA_DB_URL"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    path = Path(os.environ.get("SIGMA_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'sigma.sqlite3'}"


def resolve_db_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get(ENV_DB_URL) or default_db_url()


def db_mode(url: str) -> str:
    """local (SQLite) or shared (PostgreSQL); replicas are recognised by the sync layer later."""
    return "local" if url.startswith("sqlite") else "shared"


def describe_url(url: str) -> str:
    """The URL without its password (shown before the database layer is even imported)."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)

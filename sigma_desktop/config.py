"""Where the database is: --db, then SIGMA_DB_URL, then the connection saved by the app's connection
dialog, then an SQLite file in the user's data folder."""
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
    return cli_value or os.environ.get(ENV_DB_URL) or saved_connection().get("url") or default_db_url()


def db_mode(url: str) -> str:
    """local (SQLite), shared (PostgreSQL), or replica (as saved by the connection dialog)."""
    saved = saved_connection()
    if saved.get("url") == url and saved.get("mode") == "replica":
        return "replica"
    return "local" if url.startswith("sqlite") else "shared"


SAVED_CONNECTION = "conexion.json"


def saved_connection() -> dict:
    """The connection chosen in the app (Sincronización → Conexión…): {"url", "mode"}; never a password."""
    import json

    try:
        data = json.loads((data_dir() / SAVED_CONNECTION).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_connection(url: str, mode: str) -> None:
    import json

    path = data_dir() / SAVED_CONNECTION
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"url": url, "mode": mode}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def describe_url(url: str) -> str:
    """The URL without its password (shown before the database layer is even imported)."""
    import re

    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)

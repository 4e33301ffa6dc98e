"""Converting values: JSON values → Python column values, and fast codecs between JSON values, what
SQLite stores and what PostgreSQL returns."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable
from uuid import UUID

from sqlalchemy import BigInteger, Boolean, Date, Integer, SmallInteger
from sqlalchemy.sql.sqltypes import Uuid

from ..types import UTCDateTime

# --- columns and values ------------------------------------------------------------------------------

def _from_json_for(column) -> Callable[[Any], Any]:
    t = column.type
    if isinstance(t, Uuid):
        return lambda v: v if isinstance(v, UUID) else UUID(str(v))
    if isinstance(t, UTCDateTime):
        return lambda v: v if isinstance(v, datetime) else datetime.fromisoformat(v)
    if isinstance(t, Date):
        return lambda v: v if isinstance(v, date) else date.fromisoformat(v)
    if isinstance(t, Boolean):
        return bool
    if isinstance(t, (Integer, SmallInteger, BigInteger)):
        return int
    return str


# --- fast codecs: JSON values ⇄ what SQLite stores, and PostgreSQL rows → JSON values ----------------------
# The generic path (JSON → Python object → SQLAlchemy bind processor) costs microseconds per value; a
# pull of thousands of rows spends most of its time there. These give the same stored text directly.

def _kind(column) -> str:
    t = column.type
    if isinstance(t, Uuid):
        return "uuid"
    if isinstance(t, UTCDateTime):
        return "datetime"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Boolean):
        return "bool"
    return "plain"


def _sqlite_uuid(v):
    return None if v is None else (v.hex if isinstance(v, UUID) else str(v).replace("-", ""))


def _sqlite_datetime(v):
    """ISO text in UTC (as json_value writes it) → SQLite's stored text 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    if v is None:
        return None
    if isinstance(v, str) and v.endswith("+00:00"):
        if len(v) == 32:
            return f"{v[:10]} {v[11:26]}"
        if len(v) == 25:
            return f"{v[:10]} {v[11:19]}.000000"
    value = v if isinstance(v, datetime) else datetime.fromisoformat(v)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_bool(v):
    return None if v is None else int(bool(v))


_TO_SQLITE = {"uuid": _sqlite_uuid, "datetime": _sqlite_datetime, "bool": _sqlite_bool}


def _hyphens(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _json_from_sqlite_datetime(v: str) -> str:
    """SQLite's stored text → json_value's ISO text (microseconds omitted when zero, like isoformat)."""
    if v[20:26] == "000000" or len(v) == 19:
        return f"{v[:10]}T{v[11:19]}+00:00"
    return f"{v[:10]}T{v[11:26]}+00:00"


def _json_from_pg(kind: str):
    if kind == "datetime":
        return lambda v: None if v is None else v.astimezone(timezone.utc).isoformat()
    if kind == "date":
        return lambda v: None if v is None else v.isoformat()
    return None

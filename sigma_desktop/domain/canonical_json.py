"""The one JSON encoding of SIGMA's data. The change log's diffs (written by the ORM, by bulk loads and by the
hub), the conflict records and the sync wire all go through it, so one change is the same bytes wherever it
was written: a replica's log and the hub's copy compare equal.

The form: compact, keys sorted, non-ASCII characters as they are (UTF-8). orjson writes it several times
faster; the standard library writes the same text for every value SIGMA stores (text, integers, booleans,
null, and lists and objects of them; no stored column is a float, the one place where the two differ:
1e-07 against 1e-7) and takes over for what orjson refuses (an integer beyond 64 bits, a lone surrogate).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from json.encoder import encode_basestring
from typing import Any
from uuid import UUID

try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; the standard library gives the same text
    orjson = None

_SORTED = orjson.OPT_SORT_KEYS if orjson is not None else 0
_std = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode

# The JSON string literal of a text, exactly as `dumps` writes it (bulk loads assemble diffs column by column).
encode_str = encode_basestring


def json_value(value: Any) -> Any:
    """Plain JSON for a column value (UUIDs, dates and Decimals as text, enums as their code)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value  # a StrEnum member is text: both encoders write its code
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def dumps(value: Any) -> str:
    """The canonical JSON text of `value` (JSON values only: pass column values through `json_value`)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=_SORTED).decode("utf-8")
        except TypeError:
            pass  # beyond what orjson takes: the standard library decides
    return _std(value)


def dumps_bytes(value: Any) -> bytes:
    """`dumps` as UTF-8 bytes (a sync body)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, option=_SORTED)
        except TypeError:
            pass
    return _std(value).encode("utf-8")


def loads(raw: bytes | str) -> Any:
    """JSON text to values. Integers within 64 bits (every stored one) read back exactly; orjson reads a
    wider one as a float, where the standard library would keep it whole."""
    if orjson is not None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # maybe valid for the standard parser (NaN, big integers): it decides
    return json.loads(raw)

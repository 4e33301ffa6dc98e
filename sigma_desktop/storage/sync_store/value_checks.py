"""What each column of a synced table can take, as a check per JSON value: a pushed value is refused on
its own (services/hub/checks.py) before a database statement fails on it."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import BigInteger, Boolean, Date, Integer, SmallInteger, String, Text, Uuid

from ..types import UTCDateTime
from .tables import is_uuid_text, table

# the longest free text a pushed change may carry in an unbounded (Text) column
MAX_TEXT = 20_000
_INT_RANGE = {SmallInteger: 2 ** 15, Integer: 2 ** 31, BigInteger: 2 ** 63}


def _text(limit: int) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and len(v) <= limit and "\x00" not in v


def _whole(limit: int) -> Callable[[Any], bool]:
    return lambda v: type(v) is int and -limit <= v < limit


def _iso(parse, zoned: bool) -> Callable[[Any], bool]:
    def ok(v: Any) -> bool:
        if type(v) is not str or len(v) > 40:
            return False
        try:
            parsed = parse(v)
        except ValueError:
            return False
        return not zoned or parsed.tzinfo is not None
    return ok


def _checker(column) -> Callable[[Any], bool]:
    t = column.type
    if isinstance(t, Uuid):
        return is_uuid_text
    if isinstance(t, UTCDateTime):
        return _iso(datetime.fromisoformat, True)
    if isinstance(t, Date):
        return _iso(date.fromisoformat, False)
    if isinstance(t, Boolean):
        return lambda v: type(v) is bool
    for kind, limit in _INT_RANGE.items():
        if type(t) is kind:
            return _whole(limit)
    if isinstance(t, String) and not isinstance(t, Text) and t.length:
        return _text(t.length)
    return _text(MAX_TEXT)


def column_checks(entity: str) -> dict[str, Callable[[Any], bool]]:
    """Column name → whether a (non-null) JSON value fits that column of `entity`."""
    return {c.key: _checker(c) for c in table(entity).table.columns}

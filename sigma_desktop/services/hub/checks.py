"""The hub's check of each pushed change's shape before anything is read or applied (a modified or
broken client must not reach the database with it).

Each value is checked against its column here (a UUID, a date, a number in the column's range, a text
within its length and without NUL), so that a bad value is refused on its own, with a receipt saying
which field, instead of failing a database statement; the database stays the judge of what only it
knows (unique keys, references).
"""
from __future__ import annotations

import re
from datetime import datetime
from itertools import chain
from typing import Any

from ...storage import sync_store as ss


OPS = frozenset({"insert", "update", "delete", "restore"})
_SCALARS = frozenset({type(None), bool, int, float, str})
_LIST, _TWO = {list}, {2}
# what a node may name in a push: synced tables (not the hub's conflict records) → their columns
_PUSHABLE = {e: ss.table(e).names for e in ss.ORDER if e != "sync_conflict"}  # "id" in an insert's changes is harmless: it is the row's id
_VALUES = {e: ss.column_checks(e) for e in _PUSHABLE}
_DNI = re.compile(r"[0-9]{8}")


def safe_dni(value: Any) -> str:
    """A DNI a replica claims, fit for a record (8 ASCII digits, or eight zeros)."""
    return value if isinstance(value, str) and _DNI.fullmatch(value) else "00000000"


def bad_value(entity: str, changes: dict) -> str | None:
    """The first field whose new value its column cannot take (None: all fit)."""
    checks = _VALUES[entity]
    for name, (_old, new) in changes.items():
        if new is not None and not checks[name](new):
            shown = repr(new)
            shown = shown if len(shown) <= 40 else shown[:37] + "…"
            return f"El campo «{name}» tiene un valor que su columna no admite ({shown})."
    return None


def _malformed(c: Any, node: str, times: dict[str, str | None] | None = None) -> str | None:
    if not isinstance(c, dict):
        return "Cambio mal formado."
    if not ss.is_uuid_text(c.get("entity_id")):
        return "Cambio con identificadores mal formados."
    if c.get("node") != node:
        return "El cambio dice venir de otra réplica."
    entity = c.get("entity")
    if entity not in _PUSHABLE:
        return "Tabla desconocida o que una réplica no puede modificar."
    if c.get("op") not in OPS:
        return "Operación desconocida."
    changes = c.get("changes")
    if type(changes) is not dict:
        return "Cambio mal formado (valores)."
    # [old, new] pairs of plain JSON scalars. Checked with set operations: the loops run in C, which
    # matters for thousands of changes of twenty fields.
    pairs = changes.values()
    if pairs and (set(map(type, pairs)) != _LIST or set(map(len, pairs)) != _TWO
                  or not _SCALARS.issuperset(map(type, chain.from_iterable(pairs)))):
        return "Cambio con valores que no corresponden a sus columnas."
    if not _PUSHABLE[entity].issuperset(changes):
        return "El cambio nombra columnas que no existen."
    problem = bad_value(entity, changes)
    if problem:
        return problem
    at = c.get("at")
    if not isinstance(at, str):
        return "Cambio sin fecha."
    if c.get("user_id") is not None and not ss.is_uuid_text(c["user_id"]):
        return "Cambio con usuario mal formado."
    if times is not None and at in times:
        return times[at]
    try:
        problem = "Cambio con hora sin zona horaria." if datetime.fromisoformat(at).tzinfo is None else None
    except (ValueError, TypeError):
        problem = "Cambio con hora o usuario mal formados."
    if times is not None:
        times[at] = problem
    return problem

"""The change log: every ORM write appends its entry in the same transaction.

One hook on the session (before_flush) sees every insert, update, soft delete and restore, fills the
sync columns (version, audit, origin) and writes the diff. Bulk paths use `bulk.insert_rows`, which
writes the same entries. The application never deletes rows physically.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..domain.canonical_json import dumps, json_value
from .ids import new_id, utcnow
from .models import BOOKKEEPING, ChangeLog, SyncRow, derive


def _columns(obj: SyncRow) -> list[str]:
    return [c.key for c in inspect(type(obj)).column_attrs]


_DEFAULTS: dict[type, dict[str, Any]] = {}


def _scalar_defaults(model: type) -> dict[str, Any]:
    """Python-side constant column defaults of a model (cached)."""
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {
            attr.key: attr.columns[0].default.arg for attr in inspect(model).column_attrs
            if attr.columns[0].default is not None and not callable(attr.columns[0].default.arg)
            and attr.key not in BOOKKEEPING}
    return _DEFAULTS[model]


def _entry(session: Session, obj: SyncRow, op: str, changes: dict, base: int | None) -> ChangeLog:
    info = session.info
    return ChangeLog(
        change_id=new_id(), entity=type(obj).__tablename__, entity_id=obj.id, op=op,
        changes=dumps(changes), base_version=base, new_version=obj.version,
        user_id=info.get("user_id"), user_dni=info.get("user_dni", "00000000"),
        node=info.get("node", "local"), at=info["now"],
    )


def _on_insert(session: Session, obj: SyncRow) -> ChangeLog:
    info = session.info
    if obj.id is None:
        obj.id = new_id()
    obj.version = 1
    obj.created_at = obj.updated_at = info["now"]
    obj.created_by = obj.updated_by = info.get("user_id")
    obj.origin = info.get("node", "local")
    changes = {}
    key_value = derive(type(obj), obj)
    if key_value is not None:
        obj.search_key = key_value
    for key, default in _scalar_defaults(type(obj)).items():
        if getattr(obj, key) is None:  # defaults apply after this hook: apply them now to log them
            setattr(obj, key, default)
    for key in _columns(obj):
        if key in BOOKKEEPING:
            continue
        value = getattr(obj, key)
        if value is not None:
            changes[key] = [None, json_value(value)]
    return _entry(session, obj, "insert", changes, None)


def _on_update(session: Session, obj: SyncRow) -> ChangeLog | None:
    state = inspect(obj)
    changes = {}
    for key in _columns(obj):
        if key in BOOKKEEPING:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old != new:
            changes[key] = [json_value(old), json_value(new)]
    if not changes:
        return None
    key_value = derive(type(obj), obj)
    if key_value is not None:
        obj.search_key = key_value
    base = obj.version
    obj.version = base + 1
    obj.updated_at = session.info["now"]
    obj.updated_by = session.info.get("user_id")
    op = "update"
    if "deleted_at" in changes:
        op = "delete" if changes["deleted_at"][1] is not None else "restore"
    return _entry(session, obj, op, changes, base)


def _before_flush(session: Session, _ctx, _instances) -> None:
    session.info["now"] = session.info.get("fixed_now") or utcnow()
    entries = []
    for obj in list(session.deleted):
        if isinstance(obj, SyncRow):
            raise RuntimeError(f"physical delete of {type(obj).__name__} is not allowed: use a tombstone")
    written = session.info.get("written")  # storage.written.Written of a unit: the change set
    for obj in list(session.new):
        if isinstance(obj, SyncRow):
            entries.append(_on_insert(session, obj))
            if written is not None:
                written.obj(obj)
    for obj in list(session.dirty):
        if isinstance(obj, SyncRow) and obj not in session.new:
            entry = _on_update(session, obj)
            if entry is not None:
                entries.append(entry)
                if written is not None:
                    written.obj(obj)
    session.add_all(entries)


def install(session_class_or_factory) -> None:
    event.listen(session_class_or_factory, "before_flush", _before_flush)

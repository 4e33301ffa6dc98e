"""What a pull sends: which rows of the feed the node may read, and the rows they refer to that it
may lack."""
from __future__ import annotations

import json
from typing import Mapping

from ...storage import sync_store as ss
from ...sync import scope as sc
from .rows import PARENT_COLUMNS, _Rows


def _group(rows: Mapping[tuple[str, str], dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for (entity, _), row in rows.items():
        out.setdefault(entity, []).append(row)
    return out



def _readable(scope: sc.Scope, entity: str, row: dict | None, entry: dict | None, rows: _Rows) -> bool:
    if row is not None and sc.may_read(scope, entity, sc.attribution(entity, row, rows.parent)):
        return True
    if entry is not None and _moves(entry["changes"]):  # it may have left the scope
        changes = json.loads(entry["changes"]) if isinstance(entry["changes"], str) else entry["changes"]
        old = dict(row or {})
        old.update({k: v[0] for k, v in changes.items()})
        return sc.may_read(scope, entity, sc.attribution(entity, old, rows.parent))
    return False


def _moves(changes) -> bool:
    if isinstance(changes, str):  # the stored JSON text: look before parsing
        return any(f'"{k}"' in changes for k in ("ugel_id", "coach_id", "activity_id", "execution_id")) and \
            sc.scope_columns_changed(json.loads(changes))
    return sc.scope_columns_changed(changes)


def _references(u, scope: sc.Scope, rows: _Rows, send: dict, cursor: int) -> dict[tuple[str, str], dict]:
    """Rows that rows being sent refer to and the node may not have: outside its scope, or new since
    the node's `cursor` and not sent in this batch. Followed to their own parents."""
    refs: dict[tuple[str, str], dict] = {}
    todo = dict(send)
    for _ in range(4):
        wanted: dict[tuple[str, str], None] = {}
        for (entity, _), row in todo.items():
            for column, target in ss.foreign_keys(entity):
                value = row.get(column)
                if value and (target, value) not in send and (target, value) not in refs:
                    wanted[(target, str(value))] = None
        if not wanted:
            break
        first = ss.first_feed_seq(u, [i for _, i in wanted])
        targets: dict[str, list[str]] = {}
        for target, id_ in wanted:
            targets.setdefault(target, []).append(id_)
        for target, ids in targets.items():  # what the scope needs, many rows at once
            if target in PARENT_COLUMNS:
                rows._load_narrow(target, ids)
            else:
                rows.load(target, ids, lock=False)
            rows.load_parents(target, [rows.parent(target, i) for i in ids])
        chosen = []
        for target, id_ in wanted:
            row = rows.parent(target, id_)
            if row is None:
                continue
            readable = sc.may_read(scope, target, sc.attribution(target, row, rows.parent))
            if not readable or first.get(id_, 0) > cursor:
                chosen.append((target, id_))
        for target in {t for t, _ in chosen}:
            rows.load(target, [i for t, i in chosen if t == target], lock=False)  # whole rows: they are sent
        todo = {}
        for key in chosen:
            refs[key] = todo[key] = rows.get(*key)
    return refs

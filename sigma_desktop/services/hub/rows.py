"""The hub's rows loaded for one push or pull (JSON values), with the parents their scope depends on."""
from __future__ import annotations

from typing import Iterable, Mapping

from ...storage import sync_store as ss
from ...sync import scope as sc


# What the scope, closed-month and validated checks read of a parent row (a narrow read of many rows).
PARENT_COLUMNS = {
    "activity": ("id", "ugel_id", "coach_id", "year", "month"),
    "execution": ("id", "activity_id", "validation_state"),
    "coach": ("id", "ugel_id"),
}


class _Rows:
    """Rows of the hub loaded for one batch (JSON values), with the parents their scope depends on.

    `cache` holds whole rows (what is changed or sent); `narrow` the few columns of parents."""

    def __init__(self, u, lock: bool = False):
        self.u = u
        self.lock = lock
        self.cache: dict[str, dict[str, dict | None]] = {}
        self.narrow: dict[str, dict[str, dict | None]] = {}

    def load(self, entity: str, ids: Iterable[str], lock: bool | None = None) -> None:
        have = self.cache.setdefault(entity, {})
        need = [i for i in dict.fromkeys(ids) if i and i not in have]
        if not need:
            return
        found = ss.rows_by_id(self.u, entity, need, lock=self.lock if lock is None else lock)
        for i in need:
            have[i] = found.get(i)

    def get(self, entity: str, id_: str | None) -> dict | None:
        if not id_:
            return None
        have = self.cache.setdefault(entity, {})
        if id_ not in have:
            self.load(entity, [id_], lock=False)
        return have.get(id_)

    def parent(self, entity: str, id_: str | None) -> dict | None:
        if not id_:
            return None
        full = self.cache.get(entity, {})
        if id_ in full:
            return full[id_]
        if entity not in PARENT_COLUMNS:
            return self.get(entity, id_)
        have = self.narrow.setdefault(entity, {})
        if id_ not in have:
            self._load_narrow(entity, [id_])
        return have.get(id_)

    def _load_narrow(self, entity: str, ids: list[str]) -> None:
        have = self.narrow.setdefault(entity, {})
        full = self.cache.get(entity, {})
        need = [i for i in dict.fromkeys(ids) if i and i not in have and i not in full]
        if need:
            found = ss.rows_by_id(self.u, entity, need, columns=PARENT_COLUMNS[entity])
            for i in need:
                have[i] = found.get(i)

    def load_parents(self, entity: str, rows: Iterable[Mapping]) -> None:
        """Loads the parents `attribution` needs for many rows at once (two levels at most)."""
        while entity in sc.PARENT:
            column, parent = sc.PARENT[entity]
            ids = [str(r.get(column)) for r in rows if r and r.get(column)]
            if parent in PARENT_COLUMNS:
                self._load_narrow(parent, ids)
            else:
                self.load(parent, ids, lock=False)
            rows = [self.parent(parent, i) for i in ids]
            entity = parent

"""Which rows a replica may receive and write: its scope, decided on the hub side of the exchange.

A node (replica) has one of two scopes:
- `ugel`: everything of one UGEL (an office with a poor link);
- `coach`: one coach's work (a coach's laptop): their assignments, activities, executions and their own
  user account, plus the UGEL's master data (schools, teachers, coaches) those rows refer to.
Every node also receives the catalogues (DRE, UGEL, interventions, motivos, rubrics, protocols), and
writes none of them. Rows are dicts of JSON values (UUIDs as text); the hub loads the parents a row's
scope depends on (an execution belongs to the UGEL and coach of its activity).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

# Catalogues: every node receives them, none writes them.
GLOBAL = frozenset({"dre", "ugel", "intervention", "skip_reason", "rubric_version", "rubric_item", "protocol"})

# Rows whose scope comes from a parent: (column holding the parent's id, parent entity).
PARENT = {
    "assignment": ("coach_id", "coach"),
    "activity_participant": ("activity_id", "activity"),
    "execution": ("activity_id", "activity"),
    "execution_participant": ("execution_id", "execution"),
}

# Rows of an activity: a closed month of their UGEL freezes them.
ACTIVITY_FAMILY = frozenset({"activity", "activity_participant", "execution", "execution_participant"})

WRITABLE = {
    "ugel": frozenset({"school", "teacher", "coach", "assignment", "activity", "activity_participant",
                       "execution", "execution_participant", "month_closing", "user_account",
                       "quality_finding"}),
    "coach": frozenset({"assignment", "activity", "activity_participant", "execution",
                        "execution_participant", "user_account"}),
}
# In a coach scope, master data of the UGEL is received (foreign keys need it) but read-only.
COACH_READS_BY_UGEL = frozenset({"school", "teacher", "coach", "month_closing"})

ParentLookup = Callable[[str, str], Mapping | None]


@dataclass(frozen=True)
class Scope:
    kind: str  # "ugel" | "coach"
    ugel_id: str
    coach_id: str | None = None

    def __post_init__(self):
        if self.kind not in ("ugel", "coach"):
            raise ValueError(f"unknown scope kind {self.kind!r}")
        if self.kind == "coach" and not self.coach_id:
            raise ValueError("a coach scope needs the coach's id")

    def to_json(self) -> dict:
        return {"kind": self.kind, "ugel_id": self.ugel_id, "coach_id": self.coach_id}

    @classmethod
    def from_json(cls, data: Mapping) -> "Scope":
        return cls(str(data["kind"]), str(data["ugel_id"]), data.get("coach_id") and str(data["coach_id"]))


@dataclass(frozen=True)
class Attribution:
    """The UGEL and coach a row belongs to (None: not known, or a catalogue)."""

    ugel_id: str | None
    coach_id: str | None
    found: bool = True  # False: a parent the row depends on does not exist


GLOBAL_ROW = Attribution(None, None)


def attribution(entity: str, row: Mapping, parent: ParentLookup) -> Attribution:
    """Where `row` belongs; `parent(entity, id)` returns a parent row (or None if it does not exist)."""
    if entity in GLOBAL:
        return GLOBAL_ROW
    if entity in PARENT:
        column, parent_entity = PARENT[entity]
        parent_id = row.get(column)
        parent_row = parent(parent_entity, parent_id) if parent_id else None
        if parent_row is None:
            return Attribution(None, None, found=False)
        if entity == "assignment":
            return Attribution(_s(parent_row.get("ugel_id")), _s(parent_id))
        return attribution(parent_entity, parent_row, parent)
    if entity == "coach":
        return Attribution(_s(row.get("ugel_id")), _s(row.get("id")))
    return Attribution(_s(row.get("ugel_id")), _s(row.get("coach_id")))


def _s(value) -> str | None:
    return None if value is None else str(value)


def may_read(scope: Scope, entity: str, where: Attribution) -> bool:
    if entity in GLOBAL:
        return True
    if not where.found:
        return False
    if scope.kind == "ugel" or entity in COACH_READS_BY_UGEL:
        return where.ugel_id == scope.ugel_id
    return where.coach_id == scope.coach_id and where.ugel_id == scope.ugel_id


def may_write(scope: Scope, entity: str, where: Attribution) -> bool:
    if entity not in WRITABLE[scope.kind] or not where.found:
        return False
    if scope.kind == "ugel":
        return where.ugel_id == scope.ugel_id
    return where.coach_id == scope.coach_id and where.ugel_id == scope.ugel_id


def scope_columns_changed(changes: Mapping) -> bool:
    """Whether a change moves a row (its UGEL, coach or parent): then its old place matters too."""
    return any(k in changes for k in ("ugel_id", "coach_id", "activity_id", "execution_id"))


def describe(scope: Scope, ugel_label: str | None = None, coach_label: str | None = None) -> str:
    ugel = ugel_label or scope.ugel_id
    if scope.kind == "ugel":
        return f"UGEL {ugel}"
    return f"acompañante {coach_label or scope.coach_id} (UGEL {ugel})"

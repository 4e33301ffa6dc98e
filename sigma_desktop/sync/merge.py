"""What the hub does with one pushed change: apply, merge field by field, or hold it as a conflict.

Pure functions over JSON values (the change log's form: UUIDs, dates and times as ISO text). The hub
compares each changed field's *old* value (what the replica started from: the base) with the hub's
current value:

- hub value == new value: nothing to do (both sides agree);
- hub value == old value: the hub has not changed that field since the base: apply;
- otherwise the same field changed on both sides: a field conflict (the hub keeps its value).

So changes to different fields of one record merge, and a value changed on the hub and back again
(A → B → A) is not a conflict. Before the fields, whole-change rules apply (docs/sync.md, «Conflictos»):

| case | outcome |
|---|---|
| change to an activity (or its execution, participants) of a month closed on the hub | conflict `mes_cerrado` for the Gestor Local; nothing applied |
| edit of a record deleted on the hub | conflict `eliminado`; the record stays deleted |
| delete of a record edited on the hub since the replica saw it | conflict `eliminacion`; the record stays |
| delete of a record already deleted on the hub | nothing to do |
| restore of a record already live on the hub | nothing to do |
| edit (not a validation) of an execution validated on the hub | conflict `validado`; the hub keeps it |
| update of a record the hub does not have | refused (`rechazado`) |
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

TOMBSTONE = ("deleted_at", "deleted_by", "deleted_reason")
VALIDATION_FIELDS = frozenset({"validation_state", "validation_comment", "validated_by", "validated_at"})
# Columns a change never sets through sync (the hub fills them itself).
NOT_SYNCED = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by", "origin",
                        "search_key"})

APPLIED = "aplicado"
MERGED = "fusionado"
CONFLICT = "conflicto"
UNCHANGED = "sin_cambios"
REFUSED = "rechazado"

KIND_FIELD = "campo"
KIND_DELETED = "eliminado"        # edit against a delete on the hub
KIND_DELETE = "eliminacion"       # delete against an edit on the hub
KIND_VALIDATED = "validado"
KIND_CLOSED = "mes_cerrado"
KIND_REFUSED = "rechazado"
KIND_UNAUTHORISED = "no_autorizado"  # an author or action the hub does not accept: it can only be discarded

MESSAGES = {
    KIND_DELETED: "El registro fue eliminado en el servidor central mientras se editaba en la réplica. "
                  "Sigue eliminado; la edición se guarda aquí para decidir si se restaura con ella.",
    KIND_DELETE: "El registro fue modificado en el servidor central después de la última sincronización "
                 "de la réplica que lo eliminó. Sigue vigente; decida si se elimina.",
    KIND_VALIDATED: "El registro ya fue validado por el Gestor Local en el servidor central. El servidor "
                    "conserva lo validado; decida si se aplica la corrección de la réplica.",
    KIND_CLOSED: "El mes de la actividad está cerrado en el servidor central. El cambio no se aplicó; "
                 "el Gestor Local decide si lo acepta.",
}


@dataclass
class FieldConflict:
    field: str
    base: Any
    hub: Any
    node: Any


@dataclass
class Decision:
    outcome: str
    apply: dict[str, Any] = field(default_factory=dict)      # field → new value to write
    conflicts: list[FieldConflict] = field(default_factory=list)
    whole: str | None = None                                  # kind of a whole-change conflict
    message: str = ""

    @property
    def writes(self) -> bool:
        return bool(self.apply)


def _refused(message: str) -> Decision:
    return Decision(REFUSED, whole=KIND_REFUSED, message=message)


def _whole(kind: str, message: str = "") -> Decision:
    return Decision(CONFLICT, whole=kind, message=message or MESSAGES.get(kind, ""))


def decide(op: str, changes: Mapping[str, list], row: Mapping | None, *, closed_month: bool = False,
           validated: bool = False, image: Mapping | None = None) -> Decision:
    """The outcome of one change (`op`, `changes` {field: [old, new]}) against the hub's `row` (None:
    the hub does not have the record). `closed_month`: the record's activity month is closed on the hub;
    `validated`: the record (or its execution) is validated on the hub; `image`: for a delete, the
    replica's row as it was when pushed (what the deleting user saw)."""
    data = {k: v for k, v in changes.items() if k not in NOT_SYNCED}
    if closed_month:
        return _whole(KIND_CLOSED)
    if op == "insert":
        if row is None:
            return Decision(APPLIED, apply={k: v[1] for k, v in data.items()})
        return _fields(data, row)  # the record exists already (same id): merge as an edit from empty
    if row is None:
        return _refused("El registro no existe en el servidor central.")
    hub_deleted = row.get("deleted_at") is not None
    if op == "delete":
        if hub_deleted:
            return Decision(UNCHANGED)
        if image is not None and _edited_since(image, row):
            return _whole(KIND_DELETE)
        return _fields(data, row)
    if op == "restore":
        if not hub_deleted:
            return Decision(UNCHANGED)
        return _fields(data, row)
    # an edit
    if hub_deleted and not any(k in data for k in TOMBSTONE):
        return _whole(KIND_DELETED)
    if validated and any(k not in VALIDATION_FIELDS for k in data):
        return _whole(KIND_VALIDATED)
    return _fields(data, row)


def _fields(data: Mapping[str, list], row: Mapping) -> Decision:
    apply: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, (old, new) in data.items():
        hub = row.get(name)
        if hub == new:
            continue
        if hub == old:
            apply[name] = new
        else:
            conflicts.append(FieldConflict(name, old, hub, new))
    if conflicts:
        return Decision(MERGED if apply else CONFLICT, apply=apply, conflicts=conflicts)
    return Decision(APPLIED if apply else UNCHANGED, apply=apply)


def _edited_since(image: Mapping, row: Mapping) -> bool:
    """Whether the hub's row differs from what the deleting replica saw (outside the tombstone)."""
    for name, value in image.items():
        if name in NOT_SYNCED or name in TOMBSTONE:
            continue
        if name in row and row[name] != value:
            return True
    return False


def op_of(changes: Mapping[str, list], default: str = "update") -> str:
    """The change-log op of a set of changes: a tombstone set or cleared makes it delete or restore."""
    if "deleted_at" in changes:
        return "delete" if changes["deleted_at"][1] is not None else "restore"
    return default

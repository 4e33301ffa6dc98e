"""Applying a pushed batch on the hub: scope checks, field-by-field merge, conflict records and the
writes of one batch (see services/hub/service.py's docstring)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

from ...domain.canonical_json import dumps
from ...domain.permissions import Actor
from ...storage import sync_store as ss
from ...sync import authority, merge, scope as sc
from .checks import _malformed, safe_dni
from .rows import _Rows
from ...domain.enums import Role, ValidationState

# a replica's clock is its owner's: a change may claim a time up to this far ahead of the hub's
CLOCK_SKEW = timedelta(minutes=5)
# the reasons given back to the replica for its refused changes (the conflict records keep them all)
MAX_REASONS = 50


_SYNCED_ONLY = merge.NOT_SYNCED - {"id"}


class _BadValue(Exception):
    """A pushed value the hub's own code cannot handle (a name that is not text…): refused like a value
    the database refuses."""


def _retire_again(u, duplicates: list) -> list:
    """For changes pushed again: inserts the hub refused (it does not have the row) are retired again,
    in case the node never saw the first answer (killed between the hub's commit and its own)."""
    inserts = [(c.get("entity"), str(c.get("entity_id"))) for c in duplicates
               if c.get("op") == "insert" and ss.is_entity(str(c.get("entity")))]
    out = []
    by_entity: dict[str, list[str]] = {}
    for e, i in inserts:
        by_entity.setdefault(e, []).append(i)
    for e, ids in by_entity.items():
        found = ss.rows_by_id(u, e, ids)
        out += [[e, i] for i in ids if i not in found]
    return out


class _Applier:
    """Applies one batch of pushed changes inside the push transaction (see the module's docstring)."""

    def __init__(self, u, scope: sc.Scope, node: str, authors: Mapping[str, Actor], dres: Mapping[str, str],
                 now: datetime):
        self.u = u
        self.scope = scope
        self.node = node
        self.authors = authors  # user id → the person, as the hub knows them: who this node may act as
        self.dres = dres        # UGEL id → DRE id
        self.now = now          # the hub's clock: the audit time of every change of this batch
        self.reasons: list[dict] = []
        self.rows = _Rows(u, lock=True)
        self.outcomes: dict[str, str] = {}
        self.in_step: set[str] = set()
        self.retire: list[list[str]] = []
        self.conflict_count = 0
        self.refused: dict[tuple[str, str], tuple] = {}  # refused inserts → (conflict kind, place)
        self._reset()

    def _reset(self) -> None:
        self.inserts: dict[tuple[str, str], dict] = {}
        self.dirty: dict[tuple[str, str], set[str]] = {}
        self.entries: list[dict] = []
        self.conflicts: list[dict] = []
        self.touched: dict[tuple[str, str], None] = {}

    # -- loading --
    def _prepare(self, changes: list, thorough: bool) -> list:
        """Checks the shape of each change and loads (locking) the rows they touch and the parents their
        scope depends on. In a batch, a new record (insert) is not looked up: its id is new; if it is
        not, the database refuses the batch and it is applied again change by change (`thorough`)."""
        valid = []
        by_entity: dict[str, list[str]] = {}
        inserted: set[str] = set()
        times: dict[str, str | None] = {}  # a batch's changes share few distinct times: each checked once
        for c in changes:
            problem = _malformed(c, self.node, times)
            if problem:
                self._refuse(c, problem, write=False)
                continue
            valid.append(c)
            if c["op"] == "insert" and not thorough:
                if c["entity_id"] not in self.rows.cache.setdefault(c["entity"], {}):
                    self.rows.cache[c["entity"]][c["entity_id"]] = None
                inserted.add(c["entity_id"])
                continue
            by_entity.setdefault(c["entity"], []).append(c["entity_id"])
        for entity in ss.ORDER:
            if entity in by_entity:
                self.rows.load(entity, by_entity[entity])
        moving: dict[str, list[dict]] = {}  # parents named by the changes (not new in this batch)
        for c in valid:
            entity = c["entity"]
            if entity in sc.PARENT:
                column = sc.PARENT[entity][0]
                pair = c["changes"].get(column)
                if pair is not None and pair[1] not in inserted:
                    moving.setdefault(entity, []).append({column: pair[1]})
        for entity in ss.ORDER:  # parents: of the rows as they are and as the changes would make them
            if entity in sc.PARENT:
                current = [r for r in self.rows.cache.get(entity, {}).values() if r]
                self.rows.load_parents(entity, current + moving.get(entity, []))
        return valid

    def run(self, changes: list, thorough: bool = False) -> None:
        self._reset()
        valid = self._prepare(changes, thorough)
        ugels = {self.scope.ugel_id}
        self.closed = ss.closed_months(self.u, ugels)
        for c in valid:
            try:
                self._one(c)
            except (ValueError, TypeError, AttributeError) as exc:
                raise _BadValue(str(exc)) from exc
        self._write()

    # -- one change --
    def _one(self, c: dict) -> None:
        entity, id_, op = c["entity"], c["entity_id"], c["op"]
        key = (entity, id_)
        author = self.authors.get(str(c.get("user_id")))
        if author is None:
            self._refuse(c, _stranger(c), kind=merge.KIND_UNAUTHORISED)
            return
        if entity == "user_account":
            self._refuse(c, authority.ACCOUNTS_REFUSED, kind=merge.KIND_UNAUTHORISED)
            return
        if entity in sc.GLOBAL:
            self._refuse(c, authority.CATALOGUES_REFUSED)
            return
        row = self.rows.get(entity, id_)
        changes = c["changes"]
        if not _SYNCED_ONLY.isdisjoint(changes):
            changes = {k: v for k, v in changes.items() if k not in merge.NOT_SYNCED}
        if row is None and op == "insert" and self._new_record(c, changes, author):
            return
        proposed = dict(row or {"id": id_})
        proposed.update({k: v[1] for k, v in changes.items()})
        where_new = sc.attribution(entity, proposed, self.rows.parent)
        if row is None:
            where_now = where_new
        elif sc.scope_columns_changed(changes):
            where_now = sc.attribution(entity, row, self.rows.parent)
        else:  # the change does not move the row: its place is the same before and after
            where_now = where_new
        if not where_new.found or not where_now.found:
            held = self._refused_parent(entity, proposed)
            if held is not None:
                kind, where = held
                self._hold(c, row, merge.Decision(merge.CONFLICT, whole=kind,
                                                  message="Depende de otro registro que quedó en conflicto; "
                                                          "resuelva primero ese registro."), where)
            else:
                self._refuse(c, "El registro del que depende no existe en el servidor central.")
            return
        if not (sc.may_write(self.scope, entity, where_new)
                and (where_now is where_new or sc.may_write(self.scope, entity, where_now))):
            self._refuse(c, "Fuera del ámbito de la réplica: el servidor central no acepta este cambio.",
                         where=where_new)
            return
        problem = self._unauthorised(author, c, changes, where_new, where_now)
        if problem:
            self._refuse(c, problem, where=where_new, kind=merge.KIND_UNAUTHORISED)
            return
        closed = entity in sc.ACTIVITY_FAMILY and bool(self.closed) and (
            self._closed(entity, row) or self._closed(entity, proposed))
        validated = self._validated(entity, row)
        decision = merge.decide(op, changes, row, closed_month=closed, validated=validated, image=c.get("image"))
        if decision.outcome == merge.REFUSED:
            self._refuse(c, decision.message, where=where_new)
            return
        if decision.apply:
            self._apply(c, row, decision.apply)
        if decision.conflicts or decision.whole:
            self._hold(c, row, decision, where_new)
            return
        self.outcomes[c["change_id"]] = decision.outcome
        if decision.outcome == merge.APPLIED and not self._future(c["at"]):
            now = self.rows.get(entity, id_)
            if now is not None and now.get("version") == c.get("new_version"):
                self.in_step.add(c["change_id"])
        if row is not None and decision.outcome != merge.APPLIED:
            self.touched[key] = None

    def _unauthorised(self, author: Actor, c: dict, changes: Mapping[str, list], *places: sc.Attribution
                      ) -> str | None:
        """Why the author may not make this change (the role × action table, at the row's place before
        and after it), or None."""
        for where in dict.fromkeys(places):
            problem = authority.refusal(author, c["entity"], c["op"], changes, where, self.dres.get)
            if problem:
                return problem
        return None

    def _new_record(self, c: dict, changes: Mapping[str, list], author: Actor) -> bool:
        """A new record in the replica's scope, of an open month, that is not a user account: applied
        as it is (what `_one` would decide, without its general steps: most of a big push is new
        records). Returns False, having done nothing, for any other case: `_one` takes it."""
        entity, id_ = c["entity"], c["entity_id"]
        values = {k: v[1] for k, v in changes.items()}
        proposed = {"id": id_}
        proposed.update(values)
        where = sc.attribution(entity, proposed, self.rows.parent)
        if (not where.found or not sc.may_write(self.scope, entity, where)
                or (entity in sc.ACTIVITY_FAMILY and self.closed and self._closed(entity, proposed))
                or self._unauthorised(author, c, changes, where)):
            return False
        if "id" in values:
            del values["id"]
        if not values:
            return False
        self._apply(c, None, values)
        self.outcomes[c["change_id"]] = merge.APPLIED
        if c.get("new_version") == 1 and not self._future(c["at"]):  # the replica's row is the hub's: in step
            self.in_step.add(c["change_id"])
        return True

    def _activity_of(self, entity: str, row: Mapping | None) -> Mapping | None:
        while row is not None and entity != "activity":
            column, parent = sc.PARENT[entity]
            row = self.rows.parent(parent, row.get(column))
            entity = parent
        return row

    def _closed(self, entity: str, row: Mapping | None) -> bool:
        a = self._activity_of(entity, row)
        if a is None or a.get("ugel_id") is None:
            return False
        return (str(a["ugel_id"]), int(a["year"]), int(a["month"])) in self.closed

    def _validated(self, entity: str, row: Mapping | None) -> bool:
        if row is None:
            return False
        if entity == "execution_participant":
            row = self.rows.parent("execution", row.get("execution_id"))
            entity = "execution"
        return entity == "execution" and row is not None and row.get("validation_state") == ValidationState.VALIDATED

    def _refused_parent(self, entity: str, proposed: Mapping) -> tuple[str, sc.Attribution] | None:
        """The conflict kind and place of a missing parent refused by this push or held in an open
        conflict (its children wait with it)."""
        if entity not in sc.PARENT:
            return None
        column, parent = sc.PARENT[entity]
        pid = proposed.get(column)
        if not pid:
            return None
        found = self.refused.get((parent, str(pid)))
        if found:
            return found
        held = ss.open_conflict_for(self.u, str(pid))
        if held is None:
            return None
        return held.kind, sc.Attribution(_str(held.ugel_id), _str(held.coach_id))

    def _apply(self, c: dict, row: dict | None, values: Mapping[str, Any]) -> None:
        entity, id_ = c["entity"], c["entity_id"]
        key = (entity, id_)
        t_columns = ss.columns(entity)
        at = self._row_time(c["at"])
        if row is None:
            row = dict.fromkeys(t_columns)
            row.update(id=id_, version=1, created_at=at, created_by=c.get("user_id"), updated_at=at,
                       updated_by=c.get("user_id"), origin=c["node"])
            row.update(values)
            if "search_key" in row:
                row["search_key"] = ss.search_key(entity, row) or ""
            self.rows.cache.setdefault(entity, {})[id_] = row
            self.inserts[key] = row
            whole = len(values) == len(c["changes"]) - ("id" in c["changes"])  # all of it: the node's own entry
            self.entries.append(self._entry(c, "insert", c["changes"] if whole else
                                            {k: [None, v] for k, v in values.items()}, None, 1))
            return
        diff = {k: [row.get(k), v] for k, v in values.items()}
        base = int(row["version"])
        row.update(values)
        row.update(version=base + 1, updated_at=at, updated_by=c.get("user_id"))
        fields = set(values) | {"version", "updated_at", "updated_by"}
        if "search_key" in row and set(values) & set(ss.table(entity).search_fields):
            row["search_key"] = ss.search_key(entity, row) or ""
            fields.add("search_key")
        if key not in self.inserts:
            self.dirty.setdefault(key, set()).update(fields)
        self.entries.append(self._entry(c, merge.op_of(diff), diff, base, base + 1))

    def _row_time(self, claimed: str) -> str:
        """A row keeps the time its change was made on the replica (the row as its user saw it; a change
        applied as it is then needs no trip back), but never a time ahead of the hub's clock."""
        if self._future(claimed):
            return self.now.isoformat()
        return claimed

    def _future(self, claimed: str) -> bool:
        return datetime.fromisoformat(claimed) > self.now + CLOCK_SKEW

    def _entry(self, c: dict, op: str, diff: dict, base: int | None, new: int) -> dict:
        """The hub's audit entry of an applied change: the author as the hub knows them (the node's
        binding), the hub's clock; the replica's claimed time is kept apart as `offline_at`."""
        author = self.authors[str(c["user_id"])]
        return {"change_id": c["change_id"], "entity": c["entity"], "entity_id": c["entity_id"], "op": op,
                "changes": diff, "base_version": base, "new_version": new, "user_id": str(author.user_id),
                "user_dni": author.dni, "node": c["node"], "at": self.now.isoformat(), "offline_at": c["at"]}

    # -- conflicts and refusals --
    def _hold(self, c: dict, row: dict | None, d: merge.Decision, where: sc.Attribution) -> None:
        entity, id_ = c["entity"], c["entity_id"]
        kind = d.whole or merge.KIND_FIELD
        resolver = (Role.LOCAL_MANAGER if kind == merge.KIND_CLOSED else Role.DATA_QUALITY).value
        author = self.authors.get(str(c.get("user_id")))
        common = {"entity": entity, "entity_id": id_, "change_id": c["change_id"], "change_op": c["op"],
                  "node_id": c["node"], "node_user_id": c.get("user_id") if author else None,
                  "node_user_dni": author.dni if author else safe_dni(c.get("user_dni")), "node_at": c["at"],
                  "hub_version": None if row is None else row.get("version"),
                  "ugel_id": where.ugel_id, "coach_id": where.coach_id, "resolver_role": resolver,
                  "status": "abierto"}
        if d.whole:
            dni, at = (None, None) if row is None else ss.last_change_of_field(self.u, id_, "")
            whole = {"op": c["op"], "changes": c["changes"]}
            if c.get("image") is not None:
                whole["image"] = c["image"]
            self.conflicts.append({**common, "kind": kind, "field": "", "base_value": None,
                                   "hub_value": None if row is None else dumps(_visible(row)),
                                   "node_value": dumps(whole), "hub_user_dni": dni,
                                   "hub_at": _time(at), "message": d.message or merge.MESSAGES.get(kind, "")})
        for fc in d.conflicts:
            dni, at = ss.last_change_of_field(self.u, id_, fc.field)
            self.conflicts.append({**common, "kind": merge.KIND_FIELD, "field": fc.field,
                                   "base_value": dumps(fc.base), "hub_value": dumps(fc.hub),
                                   "node_value": dumps(fc.node), "hub_user_dni": dni, "hub_at": _time(at),
                                   "message": "El mismo dato se cambió en el servidor central y en la réplica."})
        self.conflict_count += (1 if d.whole else 0) + len(d.conflicts)
        self.outcomes[c["change_id"]] = merge.MERGED if d.apply else merge.CONFLICT
        if row is not None:
            self.touched[(entity, id_)] = None
        elif c["op"] == "insert" and not d.apply:
            self.refused[(entity, id_)] = (kind, where)
            self.retire.append([entity, id_])

    def _refuse(self, c: dict, message: str, *, where: sc.Attribution | None = None, write: bool = True,
                kind: str = merge.KIND_REFUSED) -> None:
        cid = str(c.get("change_id"))
        self.outcomes[cid] = merge.REFUSED
        entity, id_ = str(c.get("entity")), str(c.get("entity_id"))
        self._reason(c, message)
        if write:
            row = self.rows.get(entity, id_) if ss.is_entity(entity) else None
            self._hold(c, row, merge.Decision(merge.REFUSED, whole=kind, message=message),
                       where or sc.Attribution(None, None))
            self.outcomes[cid] = merge.REFUSED
            return
        if c.get("op") == "insert" and ss.is_entity(entity):
            self.retire.append([entity, id_])

    def _reason(self, c: dict, message: str) -> None:
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append({"change_id": str(c.get("change_id")), "entity": str(c.get("entity"))[:40],
                                 "reason": message})

    def refuse_after_write(self, change: dict, exc: BaseException) -> None:
        """A change the database refused (a duplicate DNI, code or month, a missing record, a value its
        column cannot take…). Its conflict record is written in a savepoint of its own: should even that
        fail, the change is still refused alone (its receipt says so), never the whole batch."""
        detail = str(getattr(exc, "orig", exc)).splitlines()[0][:300] if str(exc) else type(exc).__name__
        entity, id_ = change["entity"], change["entity_id"]
        self.rows.cache.get(entity, {}).pop(id_, None)
        self._reset()
        message = f"El servidor central no pudo guardar el cambio: {_explain(detail)}"
        self.outcomes[change["change_id"]] = merge.REFUSED
        self.in_step.discard(change["change_id"])
        self._reason(change, message)
        try:
            with ss.savepoint(self.u):
                row = self.rows.get(entity, id_)
                where = sc.attribution(entity, row or {k: v[1] for k, v in change["changes"].items()},
                                       self.rows.parent)
                self._hold(change, row, merge.Decision(merge.REFUSED, whole=merge.KIND_REFUSED, message=message),
                           where)
                self.outcomes[change["change_id"]] = merge.REFUSED
                self._write()
        except (*ss.IntegrityFailure, ValueError, TypeError, AttributeError):
            self._reset()
            self.rows = _Rows(self.u, lock=True)  # what was loaded in the failed savepoint may be stale

    # -- writing --
    def _write(self) -> None:
        inserts: dict[str, list[dict]] = {}
        for (e, _), r in self.inserts.items():
            inserts.setdefault(e, []).append(r)
        updates: dict[str, list] = {}
        for (e, i), fields in self.dirty.items():
            row = self.rows.cache[e][i]
            updates.setdefault(e, []).append((i, {f: row[f] for f in fields}))
        for entity in ss.ORDER:
            if entity in inserts:
                ss.insert_rows(self.u, entity, inserts[entity])
        for entity in ss.ORDER:
            if entity in updates:
                ss.update_rows(self.u, entity, updates[entity], whole=self.rows.cache[entity])
        ss.write_entries(self.u, self.entries)
        if self.conflicts:
            ss.add_conflicts(self.u, self.conflicts)
        ss.touch(self.u, self.touched)
        self._reset()


def _str(value) -> str | None:
    return None if value is None else str(value)


def _stranger(c: dict) -> str:
    dni = safe_dni(c.get("user_dni"))
    who = "sin usuario" if c.get("user_id") is None else f"del usuario con DNI {dni}"
    return (f"El cambio viene {who}, que no está registrado para esta réplica en el servidor central "
            "(«sigma hub users»). No se aplicó: solo las personas registradas para una réplica pueden enviar "
            "cambios desde ella.")


def _time(at) -> str | None:
    return None if at is None else at.isoformat()


def _visible(row: Mapping) -> dict:
    return {k: v for k, v in row.items() if k not in ("search_key",)}


def _explain(detail: str) -> str:
    low = detail.lower()
    if "unique" in low or "duplicate" in low or "duplicada" in low:
        return "ya existe otro registro con los mismos datos únicos (DNI, código o periodo)."
    if "foreign key" in low or "llave foránea" in low:
        return "falta un registro del que depende."
    if "not null" in low or "null value" in low:
        return "falta un dato obligatorio."
    return detail

"""The hub: a shared PostgreSQL database that replicas push to and pull from (docs/sync.md).

`HubService` registers replicas (nodes) with a scope and a token, and answers the three calls of the
protocol through `HubEndpoint` (behind `sigma hub serve`, or in-process through `LocalHub`):

- push: a batch of a node's change-log entries, applied in one transaction. Each change is checked
  against the node's scope (on the hub side: a modified client cannot write elsewhere), then merged
  field by field (sync/merge.py). Whatever cannot be applied as is becomes a conflict record. Every
  processed change gets a receipt, so a batch pushed again is acknowledged, not applied twice.
- pull: the hub's feed after the node's cursor, filtered by scope: the change-log entries (the audit
  trail) and the current rows they touched, plus the rows those refer to that the node may lack.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any, Iterable, Mapping
from uuid import UUID

from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..storage import sync_store as ss
from ..storage.ids import new_id
from ..sync import merge, scope as sc
from ..sync.errors import AccessRefused, NotConfigured, Rejected, WrongHub
from ..sync.tokens import new_token, token_hash
from .context import Context

PROTOCOL = 1
# a push batch as big as the hub takes: each batch costs a fixed dozen round trips and its checks
# (docs/performance.md); 10,000 changes are about 7 MB of JSON
PUSH_BATCH = 10000
PULL_BATCH = 5000
MAX_PUSH = 10000
MAX_PULL = 10000
OPS = frozenset({"insert", "update", "delete", "restore"})


@dataclass(frozen=True)
class NodeRow:
    id: UUID
    name: str
    scope: sc.Scope
    scope_text: str
    active: bool
    created_at: Any
    last_seen_at: Any


@dataclass(frozen=True)
class NewNode:
    id: UUID
    name: str
    token: str
    scope_text: str


def _scope_of(node) -> sc.Scope:
    return sc.Scope(node.scope_kind, str(node.ugel_id), str(node.coach_id) if node.coach_id else None)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class HubService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    # --- administration (command line, as the system or an administrator) -----------------------------
    def _admin_unit(self, write: bool = True):
        actor = self._ctx.actor
        if actor is not None and actor.role.value != "administrador":
            raise PermissionDenied("Solo un administrador gestiona las réplicas del servidor central.")
        return self._ctx.system_unit() if write else self._ctx.unit(write=False, allow_system=True)

    def init(self) -> str:
        """Makes this PostgreSQL database a hub (idempotent); returns the hub id."""
        if self._ctx.db.is_sqlite:
            raise ValidationError("El servidor central debe ser una base PostgreSQL compartida; una base "
                                  "SQLite solo puede ser local o réplica.", "db")
        with self._admin_unit() as u:
            found = ss.hub_id(u)
            if found:
                return found
            if ss.meta(u).get(ss.META_MODE) == "replica":
                raise ValidationError("Esta base de datos es una réplica: no puede ser servidor central.", "db")
            hub = str(new_id())
            ss.make_hub(u, hub)
        with self._ctx.system_unit() as u:
            ss.sequence(u)
        return hub

    def hub_id(self) -> str | None:
        with self._ctx.unit(write=False, allow_system=True) as u:
            return ss.hub_id(u)

    def _require_hub(self, u) -> str:
        found = ss.hub_id(u)
        if not found:
            raise NotConfigured("Esta base de datos no es un servidor central (ejecute «sigma hub init»).")
        return found

    def add_node(self, name: str, ugel_code: str, coach_dni: str | None = None) -> NewNode:
        """Registers a replica for a UGEL, or for one coach's work; the token is shown only now."""
        name = " ".join((name or "").split())
        if len(name) < 3:
            raise ValidationError("Nombre de la réplica: escriba un nombre que la identifique "
                                  "(p. ej. «Laptop AP 45000001»).", "nombre")
        token = new_token()
        with self._admin_unit() as u:
            self._require_hub(u)
            ugel = ss.ugel_by_code(u, ugel_code)
            if ugel is None:
                raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "ugel")
            coach_id = None
            if coach_dni:
                found = ss.coach_by_dni(u, coach_dni)
                if found is None:
                    raise ValidationError(f"DNI del acompañante: {coach_dni} no está registrado.", "acompanante")
                coach_id, coach_ugel = found
                if coach_ugel != ugel:
                    raise ValidationError("El acompañante no pertenece a esa UGEL.", "acompanante")
            node = new_id()
            ss.add_node(u, id_=node, name=name, scope_kind="coach" if coach_id else "ugel", ugel_id=ugel,
                        coach_id=coach_id, token_hash=token_hash(token))
            scope = sc.Scope("coach" if coach_id else "ugel", str(ugel), str(coach_id) if coach_id else None)
            text = sc.describe(scope, ss.ugel_label(u, ugel), ss.coach_label(u, coach_id))
        return NewNode(node, name, token, text)

    def nodes(self) -> list[NodeRow]:
        with self._admin_unit(write=False) as u:
            out = []
            for n in ss.nodes(u):
                scope = _scope_of(n)
                out.append(NodeRow(n.id, n.name, scope, sc.describe(scope, ss.ugel_label(u, n.ugel_id),
                                                                    ss.coach_label(u, n.coach_id)),
                                   n.active, n.created_at, n.last_seen_at))
            return out

    def new_token(self, node_id: UUID) -> str:
        token = new_token()
        with self._admin_unit() as u:
            if not ss.set_node_token(u, node_id, token_hash(token), True):
                raise NotFound("No existe esa réplica.")
        return token

    def revoke(self, node_id: UUID) -> None:
        with self._admin_unit() as u:
            if not ss.set_node_token(u, node_id, None, False):
                raise NotFound("No existe esa réplica.")

    def endpoint(self) -> "HubEndpoint":
        """The protocol's answering side, with a context of its own (nobody signed in: it acts for nodes)."""
        return HubEndpoint(Context(self._ctx.db))


class HubEndpoint:
    """Answers hello / push / pull for authenticated nodes (the HTTP server calls `handle`)."""

    def __init__(self, ctx: Context):
        self._ctx = ctx

    def handle(self, call: str, token: str, body: Mapping) -> dict:
        node = self.authenticate(token)
        return self.handle_node(call, node, body)

    def authenticate(self, token: str):
        if not token:
            raise AccessRefused("falta la credencial")
        with self._ctx.unit(write=False, allow_system=True) as u:
            node = ss.node_by_token(u, token_hash(token))
            if node is None or not node.active:
                raise AccessRefused("credencial desconocida o revocada")
            return node

    def node_by_id(self, node_id: str):
        with self._ctx.unit(write=False, allow_system=True) as u:
            try:
                node = ss.node_by_id(u, UUID(str(node_id)))
            except ValueError:
                node = None
            if node is None or not node.active:
                raise AccessRefused("réplica desconocida o revocada")
            return node

    def handle_node(self, call: str, node, body: Mapping) -> dict:
        with self._ctx.unit(write=False, allow_system=True) as u:
            hub = ss.hub_id(u)
        if not hub:
            raise NotConfigured("El servidor no es un servidor central de sincronización.")
        if body.get("hub_id") not in (None, hub):
            raise WrongHub(hub, str(body.get("hub_id")), "La réplica")
        if body.get("node_id") not in (None, str(node.id)):
            raise Rejected("La solicitud dice venir de otra réplica; no se aplicó nada.")
        if call == "hello":
            return self.hello(hub, node)
        if call == "push":
            changes = body.get("changes")
            if not isinstance(changes, list) or len(changes) > MAX_PUSH:
                raise Rejected(f"Lote inválido: se esperaba una lista de hasta {MAX_PUSH} cambios.")
            return self.push(node, changes)
        if call == "pull":
            cursor, limit = body.get("cursor", 0), body.get("limit", PULL_BATCH)
            if not isinstance(cursor, int) or not isinstance(limit, int) or cursor < 0 or limit < 1:
                raise Rejected("Solicitud de cambios inválida (cursor o límite).")
            return self.pull(node, cursor, min(limit, MAX_PULL))
        raise Rejected(f"Llamada desconocida: {call}.")

    def hello(self, hub: str, node) -> dict:
        with self._ctx.system_unit() as u:
            ss.seen(u, node.id)
            ss.sequence(u)
        with self._ctx.unit(write=False, allow_system=True) as u:
            scope = _scope_of(node)
            return {"protocol": PROTOCOL, "hub_id": hub, "node_id": str(node.id), "name": node.name,
                    "scope": scope.to_json(),
                    "scope_text": sc.describe(scope, ss.ugel_label(u, node.ugel_id), ss.coach_label(u, node.coach_id)),
                    "head": ss.feed_head(u)}

    # --- push ------------------------------------------------------------------------------------------
    def push(self, node, changes: list) -> dict:
        scope = _scope_of(node)
        node_key = str(node.id)
        if any(not isinstance(c, dict) or not ss.is_uuid_text(c.get("change_id")) for c in changes):
            raise Rejected("Lote inválido: cada cambio debe ser un objeto con su identificador.")
        with self._ctx.system_unit() as u:
            ss.lock_node(u, node_key)
            ids = [str(c.get("change_id")) for c in changes]
            try:
                known = ss.receipts(u, ids)
            except ValueError:
                raise Rejected("Lote inválido: identificadores de cambio mal formados.") from None
            todo = [c for c in changes if str(c.get("change_id")) not in known]
            applier = _Applier(u, scope, node_key)
            try:
                with ss.savepoint(u):
                    applier.run(todo)
            except (*ss.IntegrityFailure, _BadValue):
                applier = _Applier(u, scope, node_key)  # one by one: only the refused rows are set aside
                for change in todo:
                    try:
                        with ss.savepoint(u):
                            applier.run([change], thorough=True)
                    except (*ss.IntegrityFailure, _BadValue) as exc:
                        applier.refuse_after_write(change, exc)
            ss.write_receipts(u, node_key, [(str(c["change_id"]), applier.outcomes[str(c["change_id"])],
                                             str(c["change_id"]) in applier.in_step) for c in todo])
            retire = applier.retire + _retire_again(u, [c for c in changes if str(c.get("change_id")) in known])
            ss.seen(u, node.id)  # (hub sequence numbers are given by the next pull: see `pull`)
        counts: dict[str, int] = {}
        for outcome in applier.outcomes.values():
            counts[outcome] = counts.get(outcome, 0) + 1
        return {"received": len(changes), "duplicates": len(changes) - len(todo), "outcomes": counts,
                "conflicts": applier.conflict_count, "retire": retire}

    # --- pull ------------------------------------------------------------------------------------------
    def pull(self, node, cursor: int, limit: int) -> dict:
        scope = _scope_of(node)
        with self._ctx.system_unit() as u:
            ss.sequence(u)
        with self._ctx.unit(write=False, allow_system=True) as u:
            ss.repeatable_read(u)
            head = ss.feed_head(u)
            me = str(node.id)
            # the node's own changes applied in step are left out here: it has them as they are
            items, new_cursor = ss.feed_after(u, cursor, limit, head, echo_of=me)
            open_conflicts = ss.count_open_conflicts(
                u, [UUID(scope.ugel_id)], UUID(scope.coach_id) if scope.coach_id else None)
            if not items:
                return {"cursor": new_cursor, "head": head, "more": new_cursor < head, "entries": [], "rows": {},
                        "refs": {}, "open_conflicts": open_conflicts}
            entries = ss.entries_by_seq(u, [c for _, _, _, c in items if c is not None], brief_for=me)
            # no echo: a row whose latest change is the node's own, applied in step, is there as it is here
            latest = {(e, i): c for _, e, i, c in items if ss.is_entity(e)}
            echo = {k for k, c in latest.items()
                    if c is not None and c in entries and entries[c]["node"] == me and entries[c].get("in_step")}
            needed = {(e, i) for _, e, i, c in items if ss.is_entity(e) and
                      ((e, i) not in echo or c is None or entries.get(c, {}).get("node") != me)}
            rows = _Rows(u)
            for entity in [e for e in ss.ORDER if any(k[0] == e for k in needed)]:
                ids = [i for e, i in needed if e == entity]
                rows.load(entity, ids)
                rows.load_parents(entity, [rows.cache[entity].get(i) for i in ids])  # for the scope, at once
            send: dict[tuple[str, str], dict] = {}
            out_entries = []
            for _, entity, id_, change_seq in items:
                key = (entity, id_)
                if key not in needed:
                    continue
                entry = entries.get(change_seq) if change_seq is not None else None
                mine = entry is not None and entry["node"] == me
                row = rows.get(entity, id_)
                if not _readable(scope, entity, row, None if mine else entry, rows):
                    continue
                if row is not None and key not in echo:
                    send[key] = row
                if entry is not None and not mine:  # the node has its own entries
                    out_entries.append(entry)
            # a row is sent with its last change: sent earlier, its current state could clash with another
            # row's older state still on the node (a unique value that moved between rows)
            last = ss.last_feed_seq(u, [i for _, i in send])
            send = {k: v for k, v in send.items() if last.get(k[1], 0) <= new_cursor}
            refs = _references(u, scope, rows, send, cursor)
            return {"cursor": new_cursor, "head": head, "more": new_cursor < head, "entries": out_entries,
                    "rows": _group(send), "refs": _group(refs), "open_conflicts": open_conflicts}


def _group(rows: Mapping[tuple[str, str], dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for (entity, _), row in rows.items():
        out.setdefault(entity, []).append(row)
    return out


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

    def __init__(self, u, scope: sc.Scope, node: str):
        self.u = u
        self.scope = scope
        self.node = node
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
        row = self.rows.get(entity, id_)
        changes = c["changes"]
        if not _SYNCED_ONLY.isdisjoint(changes):
            changes = {k: v for k, v in changes.items() if k not in merge.NOT_SYNCED}
        if row is None and op == "insert" and self._new_record(c, changes):
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
        if entity == "user_account" and (op == "insert" or not set(changes) <= sc.USER_FIELDS_WRITABLE):
            self._refuse(c, "Los usuarios se crean y se les asigna rol en el servidor central.", where=where_new)
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
        if decision.outcome == merge.APPLIED:
            now = self.rows.get(entity, id_)
            if now is not None and now.get("version") == c.get("new_version"):
                self.in_step.add(c["change_id"])
        if row is not None and decision.outcome != merge.APPLIED:
            self.touched[key] = None

    def _new_record(self, c: dict, changes: Mapping[str, list]) -> bool:
        """A new record in the replica's scope, of an open month, that is not a user account: applied
        as it is (what `_one` would decide, without its general steps: most of a big push is new
        records). Returns False, having done nothing, for any other case: `_one` takes it."""
        entity, id_ = c["entity"], c["entity_id"]
        values = {k: v[1] for k, v in changes.items()}
        proposed = {"id": id_}
        proposed.update(values)
        where = sc.attribution(entity, proposed, self.rows.parent)
        if (not where.found or entity == "user_account" or not sc.may_write(self.scope, entity, where)
                or (entity in sc.ACTIVITY_FAMILY and self.closed and self._closed(entity, proposed))):
            return False
        if "id" in values:
            del values["id"]
        if not values:
            return False
        self._apply(c, None, values)
        self.outcomes[c["change_id"]] = merge.APPLIED
        if c.get("new_version") == 1:  # the hub's version of a new record; the replica's the same: in step
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
        return entity == "execution" and row is not None and row.get("validation_state") == "validada"

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
        if row is None:
            row = dict.fromkeys(t_columns)
            row.update(id=id_, version=1, created_at=c["at"], created_by=c.get("user_id"), updated_at=c["at"],
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
        row.update(version=base + 1, updated_at=c["at"], updated_by=c.get("user_id"))
        fields = set(values) | {"version", "updated_at", "updated_by"}
        if "search_key" in row and set(values) & set(ss.table(entity).search_fields):
            row["search_key"] = ss.search_key(entity, row) or ""
            fields.add("search_key")
        if key not in self.inserts:
            self.dirty.setdefault(key, set()).update(fields)
        self.entries.append(self._entry(c, merge.op_of(diff), diff, base, base + 1))

    def _entry(self, c: dict, op: str, diff: dict, base: int | None, new: int) -> dict:
        return {"change_id": c["change_id"], "entity": c["entity"], "entity_id": c["entity_id"], "op": op,
                "changes": diff, "base_version": base, "new_version": new, "user_id": c.get("user_id"),
                "user_dni": c.get("user_dni") or "00000000", "node": c["node"], "at": c["at"]}

    # -- conflicts and refusals --
    def _hold(self, c: dict, row: dict | None, d: merge.Decision, where: sc.Attribution) -> None:
        entity, id_ = c["entity"], c["entity_id"]
        kind = d.whole or merge.KIND_FIELD
        resolver = "gestor_local" if kind == merge.KIND_CLOSED else "rci"
        common = {"entity": entity, "entity_id": id_, "change_id": c["change_id"], "change_op": c["op"],
                  "node_id": c["node"], "node_user_id": c.get("user_id"),
                  "node_user_dni": c.get("user_dni") or "00000000", "node_at": c["at"],
                  "hub_version": None if row is None else row.get("version"),
                  "ugel_id": where.ugel_id, "coach_id": where.coach_id, "resolver_role": resolver,
                  "status": "abierto"}
        if d.whole:
            dni, at = (None, None) if row is None else ss.last_change_of_field(self.u, id_, "")
            whole = {"op": c["op"], "changes": c["changes"]}
            if c.get("image") is not None:
                whole["image"] = c["image"]
            self.conflicts.append({**common, "kind": kind, "field": "", "base_value": None,
                                   "hub_value": None if row is None else _dumps(_visible(row)),
                                   "node_value": _dumps(whole), "hub_user_dni": dni,
                                   "hub_at": _time(at), "message": d.message or merge.MESSAGES.get(kind, "")})
        for fc in d.conflicts:
            dni, at = ss.last_change_of_field(self.u, id_, fc.field)
            self.conflicts.append({**common, "kind": merge.KIND_FIELD, "field": fc.field,
                                   "base_value": _dumps(fc.base), "hub_value": _dumps(fc.hub),
                                   "node_value": _dumps(fc.node), "hub_user_dni": dni, "hub_at": _time(at),
                                   "message": "El mismo dato se cambió en el servidor central y en la réplica."})
        self.conflict_count += (1 if d.whole else 0) + len(d.conflicts)
        self.outcomes[c["change_id"]] = merge.MERGED if d.apply else merge.CONFLICT
        if row is not None:
            self.touched[(entity, id_)] = None
        elif c["op"] == "insert" and not d.apply:
            self.refused[(entity, id_)] = (kind, where)
            self.retire.append([entity, id_])

    def _refuse(self, c: dict, message: str, *, where: sc.Attribution | None = None, write: bool = True) -> None:
        cid = str(c.get("change_id"))
        self.outcomes[cid] = merge.REFUSED
        entity, id_ = str(c.get("entity")), str(c.get("entity_id"))
        if write:
            row = self.rows.get(entity, id_) if ss.is_entity(entity) else None
            self._hold(c, row, merge.Decision(merge.REFUSED, whole=merge.KIND_REFUSED, message=message),
                       where or sc.Attribution(None, None))
            self.outcomes[cid] = merge.REFUSED
            return
        if c.get("op") == "insert" and ss.is_entity(entity):
            self.retire.append([entity, id_])

    def refuse_after_write(self, change: dict, exc: BaseException) -> None:
        """A change the database refused (a duplicate DNI, code or month, a missing record…)."""
        detail = str(getattr(exc, "orig", exc)).splitlines()[0][:300]
        entity, id_ = change["entity"], change["entity_id"]
        self.rows.cache.get(entity, {}).pop(id_, None)
        self._reset()
        row = self.rows.get(entity, id_)
        where = sc.attribution(entity, row or {k: v[1] for k, v in change["changes"].items()}, self.rows.parent)
        self._hold(change, row, merge.Decision(
            merge.REFUSED, whole=merge.KIND_REFUSED,
            message=f"El servidor central no pudo guardar el cambio: {_explain(detail)}"), where)
        self.outcomes[change["change_id"]] = merge.REFUSED
        self.in_step.discard(change["change_id"])
        self._write()

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
                ss.update_rows(self.u, entity, updates[entity])
        ss.write_entries(self.u, self.entries)
        if self.conflicts:
            ss.add_conflicts(self.u, self.conflicts)
        ss.touch(self.u, self.touched)
        self._reset()


def _str(value) -> str | None:
    return None if value is None else str(value)


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


_SCALARS = frozenset({type(None), bool, int, float, str})
_LIST, _TWO = {list}, {2}
_SYNCED_ONLY = merge.NOT_SYNCED - {"id"}
# what a node may name in a push: synced tables (not the hub's conflict records) → their columns
_PUSHABLE = {e: ss.table(e).names for e in ss.ORDER if e != "sync_conflict"}  # "id" in an insert's changes is harmless: it is the row's id


class _BadValue(Exception):
    """A pushed value the hub's own code cannot handle (a name that is not text…): refused like a value
    the database refuses."""


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
    # [old, new] pairs of plain JSON scalars; whether they fit their columns is the database's to say (a
    # value it cannot take refuses that change alone, see _Applier). Checked with set operations: the
    # loops run in C, which matters for thousands of changes of twenty fields.
    pairs = changes.values()
    if pairs and (set(map(type, pairs)) != _LIST or set(map(len, pairs)) != _TWO
                  or not _SCALARS.issuperset(map(type, chain.from_iterable(pairs)))):
        return "Cambio con valores que no corresponden a sus columnas."
    if not _PUSHABLE[entity].issuperset(changes):
        return "El cambio nombra columnas que no existen."
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


class LocalHub:
    """The replica's side of the exchange in the same process (tests, the file exchange)."""

    def __init__(self, endpoint: HubEndpoint, token: str):
        self.endpoint = endpoint
        self.token = token
        self.url = "local"

    def hello(self) -> dict:
        return self.endpoint.handle("hello", self.token, {})

    def push(self, body: dict | bytes) -> dict:
        body = json.loads(body if isinstance(body, bytes) else json.dumps(body))
        return json.loads(json.dumps(self.endpoint.handle("push", self.token, body)))

    def pull(self, body: dict) -> dict:
        return json.loads(json.dumps(self.endpoint.handle("pull", self.token, body)))

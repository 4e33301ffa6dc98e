"""The hub: a shared PostgreSQL database that replicas push to and pull from (docs/sync.md).

`HubService` registers replicas (nodes) with a scope and a token, and answers the three calls of the
protocol through `HubEndpoint` (behind `sigma hub serve`, or in-process through `LocalHub`):

- push: a batch of a node's change-log entries, applied in one transaction. Each change is checked
  against the node's scope (on the hub side: a modified client cannot write elsewhere), then merged
  field by field (sync/merge.py). Whatever cannot be applied as is becomes a conflict record. Every
  processed change gets a receipt, so a batch pushed again is acknowledged, not applied twice.
- pull: the hub's feed after the node's cursor, filtered by scope: the change-log entries (the audit
  trail) and the current rows they touched, plus the rows those refer to that the node may lack.

The parts: checks.py (the shape of each pushed change), push.py (applying a pushed batch),
pull.py (what a pull sends), rows.py (the hub rows a push or pull loads).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from uuid import UUID

from ...domain import codes
from ...domain.errors import NotFound, PermissionDenied, SigmaError, ValidationError
from ...domain.permissions import Actor, in_scope
from ...storage import sync_store as ss
from ...storage.ids import new_id
from ...sync import scope as sc
from ...sync.errors import AccessRefused, NotConfigured, Rejected, WrongHub
from ...sync.tokens import new_token, token_hash
from ..context import Context
from .checks import safe_dni
from .pull import _group, _readable, _references
from .push import _Applier, _BadValue, _retire_again
from .rows import _Rows
from ...domain.enums import Role
from ...storage import record_queries as rec

PROTOCOL = 1
# a push batch as big as the hub takes: each batch costs a fixed dozen round trips and its checks
# (docs/performance.md); 10,000 changes are about 7 MB of JSON
PUSH_BATCH = 10000
PULL_BATCH = 5000
MAX_PUSH = 10000
MAX_PULL = 10000


@dataclass(frozen=True)
class NodeRow:
    id: UUID
    name: str
    scope: sc.Scope
    scope_text: str
    active: bool
    created_at: Any
    last_seen_at: Any
    users: tuple[str, ...] = ()  # DNIs of the people the node may act as


@dataclass(frozen=True)
class NewNode:
    id: UUID
    name: str
    token: str
    scope_text: str
    users: tuple[str, ...] = ()


def _scope_of(node) -> sc.Scope:
    return sc.Scope(node.scope_kind, str(node.ugel_id), str(node.coach_id) if node.coach_id else None)


class HubService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    # --- administration (command line, as the system or an administrator) -----------------------------
    def _admin_unit(self, write: bool = True):
        actor = self._ctx.current()
        if not actor.is_system and actor.role is not Role.ADMIN:
            raise PermissionDenied("Solo un administrador gestiona las réplicas del servidor central.")
        return self._ctx.system_unit() if write else self._ctx.unit(write=False)

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
        with self._ctx.unit(write=False) as u:
            return ss.hub_id(u)

    def _require_hub(self, u) -> str:
        found = ss.hub_id(u)
        if not found:
            raise NotConfigured("Esta base de datos no es un servidor central (ejecute «sigma hub init»).")
        return found

    def add_node(self, name: str, ugel_code: str, coach_dni: str | None = None,
                 users: Sequence[str] = ()) -> NewNode:
        """Registers a replica for a UGEL (acting as the `users` given, by DNI), or for one coach's work
        (acting as that coach's account only); the token is shown only now."""
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
            if coach_id and users:
                raise ValidationError("Una réplica de un acompañante actúa solo como ese acompañante: no se le "
                                      "registran otros usuarios (omita --user).", "usuarios")
            node = new_id()
            ss.add_node(u, id_=node, name=name, scope_kind="coach" if coach_id else "ugel", ugel_id=ugel,
                        coach_id=coach_id, token_hash=token_hash(token))
            if not coach_id:
                ss.set_node_users(u, node, self._bindable(u, ugel, users))
            scope = sc.Scope("coach" if coach_id else "ugel", str(ugel), str(coach_id) if coach_id else None)
            text = sc.describe(scope, ss.ugel_label(u, ugel), ss.coach_label(u, coach_id))
            bound = tuple(a.dni for a in ss.node_accounts(u, ss.node_by_id(u, node)))
        return NewNode(node, name, token, text, bound)

    def set_node_users(self, node_id: UUID, users: Sequence[str]) -> tuple[str, ...]:
        """Replaces the people a UGEL replica may act as; returns their DNIs."""
        with self._admin_unit() as u:
            node = ss.node_by_id(u, node_id)
            if node is None:
                raise NotFound("No existe esa réplica.")
            if node.coach_id is not None:
                raise ValidationError("Una réplica de un acompañante actúa solo como ese acompañante: no se le "
                                      "registran otros usuarios.", "usuarios")
            ss.set_node_users(u, node.id, self._bindable(u, node.ugel_id, users))
            return tuple(a.dni for a in ss.node_accounts(u, node))

    def _bindable(self, u, ugel_id: UUID, dnis: Sequence[str]) -> list[UUID]:
        """The accounts of `dnis`, each active and with the replica's UGEL inside their scope."""
        from ..auth import actor_from_account

        ids = []
        dre = (rec.ugel_dre_ids(u, ugel_id) or (None, None))[1]
        for raw in dict.fromkeys(dnis):
            dni = codes.dni(raw, "usuario")
            acc = ss.account_by_dni(u, dni)
            if acc is None or not acc.active:
                raise ValidationError(f"Usuario: no hay una cuenta activa con el DNI {dni}.", "usuarios")
            if not in_scope(actor_from_account(u, acc), ugel_id, dre):
                raise ValidationError(f"Usuario: la UGEL de la réplica está fuera del ámbito de {dni}.", "usuarios")
            ids.append(acc.id)
        return ids

    def nodes(self) -> list[NodeRow]:
        with self._admin_unit(write=False) as u:
            out = []
            for n in ss.nodes(u):
                scope = _scope_of(n)
                out.append(NodeRow(n.id, n.name, scope, sc.describe(scope, ss.ugel_label(u, n.ugel_id),
                                                                    ss.coach_label(u, n.coach_id)),
                                   n.active, n.created_at, n.last_seen_at,
                                   tuple(a.dni for a in ss.node_accounts(u, ss.node_by_id(u, n.id)))))
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
        """The protocol's answering side, with a context of its own (nobody signed in: it acts for nodes) whose
        commits reach this program's live figures (a sync file applied on the hub's PC, say)."""
        return HubEndpoint(self._ctx.for_nodes())


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
        with self._ctx.system_read() as u:
            node = ss.node_by_token(u, token_hash(token))
            if node is None or not node.active:
                raise AccessRefused("credencial desconocida o revocada")
            return node

    def node_by_id(self, node_id: str):
        with self._ctx.system_read() as u:
            try:
                node = ss.node_by_id(u, UUID(str(node_id)))
            except ValueError:
                node = None
            if node is None or not node.active:
                raise AccessRefused("réplica desconocida o revocada")
            return node

    def handle_node(self, call: str, node, body: Mapping) -> dict:
        with self._ctx.system_read() as u:
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
        if call == "password":
            return self.password(node, body)
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
        with self._ctx.system_read() as u:
            scope = _scope_of(node)
            return {"protocol": PROTOCOL, "hub_id": hub, "node_id": str(node.id), "name": node.name,
                    "scope": scope.to_json(), "users": sorted(a.dni for a in self._authors(u, node).values()),
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
            authors, dres, now = self._authors(u, node), ss.ugel_dres(u), u.now()
            ids = [str(c.get("change_id")) for c in changes]
            try:
                known = ss.receipts(u, ids)
            except ValueError:
                raise Rejected("Lote inválido: identificadores de cambio mal formados.") from None
            todo = [c for c in changes if str(c.get("change_id")) not in known]
            applier = _Applier(u, scope, node_key, authors, dres, now)
            try:
                with ss.savepoint(u):
                    applier.run(todo)
            except (*ss.IntegrityFailure, _BadValue):
                applier = _Applier(u, scope, node_key, authors, dres, now)  # one by one: only the refused rows are set aside
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
                "conflicts": applier.conflict_count, "retire": retire, "refused": applier.reasons}

    def _authors(self, u, node) -> dict[str, Actor]:
        """Who the node may act as, by user id, as the hub knows them (active accounts only)."""
        from ..auth import actor_from_account

        return {str(a.id): actor_from_account(u, a) for a in ss.node_accounts(u, node) if a.active}

    # --- password ----------------------------------------------------------------------------------------
    def password(self, node, body: Mapping) -> dict:
        """A password change asked from a replica: applied here, for a person the node may act as, who
        knows the current password (failures count as failed sign-ins of that DNI at this node)."""
        from .. import auth

        dni, old, new = body.get("dni"), body.get("old"), body.get("new")
        if not all(isinstance(x, str) and 0 < len(x) <= 200 for x in (dni, old, new)):
            raise Rejected("Solicitud de cambio de contraseña inválida.")
        with self._ctx.system_read() as u:
            authors = self._authors(u, node)
        person = next((a for a in authors.values() if a.dni == dni), None)
        if person is None:
            raise Rejected(f"El usuario {safe_dni(dni)} no está registrado para esta réplica en el servidor central.")
        service = auth.AuthService(Context(self._ctx.db), pc=f"replica-{node.id}")  # its own signed-in user
        try:
            service.sign_in(dni, old)
            service.change_password(old, new)
        except SigmaError as exc:
            raise Rejected(exc.message) from None
        return {"changed": True}

    # --- pull ------------------------------------------------------------------------------------------
    def pull(self, node, cursor: int, limit: int) -> dict:
        scope = _scope_of(node)
        with self._ctx.system_unit() as u:
            ss.sequence(u)
        with self._ctx.system_read() as u:
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
            people = set(self._authors(u, node))  # of the accounts, a node receives only its own people's
            for _, entity, id_, change_seq in items:
                key = (entity, id_)
                if key not in needed or (entity == "user_account" and id_ not in people):
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


class LocalHub:
    """The replica's side of the exchange in the same process (tests, the file exchange)."""

    def __init__(self, endpoint: HubEndpoint, token: str):
        self.endpoint = endpoint
        self.token = token
        self.url = "local"

    def call(self, name: str, body: dict) -> dict:
        return json.loads(json.dumps(self.endpoint.handle(name, self.token, json.loads(json.dumps(body)))))

    def hello(self) -> dict:
        return self.endpoint.handle("hello", self.token, {})

    def push(self, body: dict | bytes) -> dict:
        body = json.loads(body if isinstance(body, bytes) else json.dumps(body))
        return json.loads(json.dumps(self.endpoint.handle("push", self.token, body)))

    def pull(self, body: dict) -> dict:
        return json.loads(json.dumps(self.endpoint.handle("pull", self.token, body)))

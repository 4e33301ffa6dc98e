"""Synchronisation from the replica's side, sync files, and conflict resolution (docs/sync.md).

A replica is a local SQLite database created from the hub for a scope. `sync()` first pushes the local
change-log entries the hub has not acknowledged, in batches, then pulls the hub's changes after the
replica's cursor, in batches. Each batch is one transaction on each side and idempotent, so a cut at
any point is resumed by the next run: a push batch whose answer was lost is pushed again and
acknowledged without being applied twice (the hub keeps a receipt per change id); a pull batch is
applied together with the cursor that follows it.
"""
from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Callable
from uuid import UUID

from ..domain.canonical_json import dumps
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.sync import KEEP_HUB, TAKE_NODE, ConflictRow, SyncReport, SyncStatus
from ..storage import sync_store as ss
from ..storage.ids import utcnow
from ..sync import syncfile, tokens
from ..sync.errors import HubUnreachable, NotConfigured, Rejected, SyncError, WrongHub, WrongNode
from ..sync.merge import KIND_UNAUTHORISED
from ..sync.scope import Scope
from .context import Context
from .hub.service import PULL_BATCH, PUSH_BATCH, HubEndpoint, HubService

Progress = Callable[[str, int, int], None]

K_MODE, K_HUB, K_URL, K_NAME, K_SCOPE, K_SCOPE_TEXT = ("sync.mode", "sync.hub_id", "sync.hub_url", "sync.node_name",
                                                       "sync.scope", "sync.scope_text")
K_CURSOR, K_PUSHED, K_LAST, K_OPEN = "sync.cursor", "sync.pushed_seq", "sync.last_success", "sync.open_conflicts"


def _quiet(_stage: str, _done: int, _total: int) -> None:
    pass


class SyncService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    @property
    def hub(self) -> HubService:
        return HubService(self._ctx)

    # --- state ---------------------------------------------------------------------------------------
    def _read(self):
        # the sync's own reads (state, pending changes) are the system's, whoever is signed in
        return self._ctx.system_read()

    def _write(self):
        # the sync writes on behalf of other users (their entries carry their own ids); as the system
        return self._ctx.system_unit()

    def _state(self) -> dict[str, str]:
        with self._read() as u:
            return ss.meta(u)

    def status(self) -> SyncStatus:
        db = self._ctx.db
        with self._read() as u:
            meta = ss.meta(u)
            mode = meta.get(K_MODE) or ("local" if db.is_sqlite else "shared")
            if mode == "replica":
                node = ss.node_id(u) or ""
                pending = ss.pending_count(u, node, int(meta.get(K_PUSHED, 0)))
                return SyncStatus(
                    "replica", meta.get(K_HUB), meta.get(K_URL), node, meta.get(K_NAME), meta.get(K_SCOPE_TEXT),
                    pending, _when(meta.get(K_LAST)), int(meta.get(K_OPEN, 0)), int(meta.get(K_CURSOR, 0)))
            if mode == "hub":
                ugels = self._scope_ugels(u)
                return SyncStatus("hub", meta.get(K_HUB), open_conflicts=ss.count_open_conflicts(u, ugels),
                                  replicas=len(ss.nodes(u)), cursor=ss.feed_head(u))
            return SyncStatus(mode)

    def _scope_ugels(self, u) -> list[UUID] | None:
        from .context import scope_ugels

        return scope_ugels(self._ctx.current(), u)

    def is_replica(self) -> bool:
        with self._ctx.system_read() as u:  # whoever is signed in (a temporary password included)
            return ss.meta(u).get(K_MODE) == "replica"

    def change_password_on_hub(self, dni: str, old: str, new: str, *, hub=None) -> None:
        """A replica's user changes their password: the hub owns the accounts, so the change is asked of
        it (online only), then a synchronisation brings the new password hash back here."""
        meta, _node = self._replica()
        client = hub or self._client(meta)
        try:
            client.call("password", {"hub_id": meta[K_HUB], "node_id": self._ctx.db.node, "dni": dni, "old": old,
                                     "new": new})
        except HubUnreachable as exc:
            raise SyncError("La contraseña de una réplica se cambia en el servidor central, y no hay conexión con "
                            f"él ahora. {exc.message}") from None
        except (Rejected, SyncError) as exc:
            raise ValidationError(exc.message, "contrasena_actual") from None
        self.sync(hub=client)

    def _replica(self) -> tuple[dict[str, str], str]:
        meta = self._state()
        if meta.get(K_MODE) != "replica":
            raise NotConfigured()
        return meta, self._ctx.db.node

    def _client(self, meta: dict[str, str], url: str | None = None):
        from ..sync.http import HttpHub

        token = tokens.load(meta[K_HUB], self._ctx.db.node)
        if not token:
            raise NotConfigured("No se encontró la credencial de esta réplica en esta computadora. Vuelva a "
                                "crear la réplica o pida una credencial nueva al administrador.")
        return HttpHub(url or meta[K_URL], token)

    # --- online sync -----------------------------------------------------------------------------------
    def sync(self, hub_url: str | None = None, *, hub=None, progress: Progress | None = None,
             push_batch: int = PUSH_BATCH, pull_batch: int = PULL_BATCH) -> SyncReport:
        """Push then pull, in batches; `hub` is a client (HttpHub or LocalHub), made from the stored
        address and credential when not given."""
        progress = progress or _quiet
        started = time.perf_counter()
        meta, node = self._replica()
        client = hub or self._client(meta, hub_url)
        hello = client.hello()
        if hello.get("hub_id") != meta[K_HUB]:
            raise WrongHub(meta[K_HUB], str(hello.get("hub_id")))
        if hello.get("node_id") != node:
            raise WrongNode(node, str(hello.get("node_id")))
        pushed = self._push_all(client, meta, node, progress, push_batch)
        pulled = self._pull_all(client, meta, node, progress, pull_batch, head=int(hello.get("head", 0)))
        with self._write() as u:
            ss.set_meta(u, {K_LAST: utcnow().isoformat(),
                            **({K_URL: hub_url} if hub_url and hub_url != meta.get(K_URL) else {})})
        return SyncReport(**pushed, **pulled, elapsed=time.perf_counter() - started)

    def _push_all(self, client, meta, node: str, progress: Progress, batch: int) -> dict:
        hub_id = meta[K_HUB]
        with self._read() as u:
            after = int(ss.meta(u).get(K_PUSHED, 0))
            total = ss.pending_count(u, node, after)
        done = duplicates = conflicts = retired = 0
        outcomes: dict[str, int] = {}
        reasons: list[str] = []
        progress("Enviando cambios", 0, total)
        # the next batch is read (by SQLite, mostly outside the GIL) while the hub works on this one; on
        # a cut or an error it is simply not used
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sigma-sync-read") as reader:
            ahead = reader.submit(self._read_push_batch, node, after, batch)
            while True:
                items, texts = ahead.result()
                if not items:
                    break
                ahead = reader.submit(self._read_push_batch, node, items[-1][0], batch)
                answer = _push_within_limit(client, hub_id, node, texts)
                with self._write() as u:  # acknowledged: a cut before this commit means pushing it again
                    retired += ss.retire_rows(u, [tuple(x) for x in answer.get("retire", [])])
                    ss.set_meta(u, {K_PUSHED: items[-1][0]})
                done, duplicates, conflicts = (done + len(items), duplicates + int(answer.get("duplicates", 0)),
                                               conflicts + int(answer.get("conflicts", 0)))
                for k, v in (answer.get("outcomes") or {}).items():
                    outcomes[k] = outcomes.get(k, 0) + int(v)
                reasons += _reasons(answer)
                progress("Enviando cambios", done, max(total, done))
        return {"pushed": done, "duplicates": duplicates, "outcomes": outcomes, "conflicts": conflicts,
                "retired": retired, "refused": tuple(dict.fromkeys(reasons))}

    def _read_push_batch(self, node: str, after: int, batch: int) -> tuple[list, list[str]]:
        """The node's entries after `after` and their JSON texts (with images for deletes)."""
        with self._read() as u:
            items = ss.pending_push_json(u, node, after, batch)
            return items, _with_images(u, items)

    def _pull_all(self, client, meta, node: str, progress: Progress, batch: int, head: int = 0) -> dict:
        hub_id = meta[K_HUB]
        entries = rows = 0
        start = cursor = int(self._state().get(K_CURSOR, 0))
        open_conflicts = int(meta.get(K_OPEN, 0))
        progress("Recibiendo cambios", 0, max(head - start, 0))
        while True:
            answer = client.pull({"hub_id": hub_id, "node_id": node, "cursor": cursor, "limit": batch})
            added, written = self._apply_pull(answer, node, expect_from=cursor)
            entries += added
            rows += written
            cursor = int(answer["cursor"])
            open_conflicts = int(answer.get("open_conflicts", open_conflicts))
            head = max(head, int(answer.get("head", 0)))
            progress("Recibiendo cambios", cursor - start, max(head - start, cursor - start))
            if not answer.get("more"):
                break
        return {"pulled_entries": entries, "pulled_rows": rows, "cursor": cursor, "open_conflicts": open_conflicts}

    def _apply_pull(self, answer: dict, node: str, expect_from: int) -> tuple[int, int]:
        """One pull batch in one transaction, with the cursor that follows it (skipped if the cursor
        moved meanwhile: another sync of this replica applied it)."""
        try:
            return self._apply_pull_unit(answer, node, expect_from)
        except ss.IntegrityFailure:
            raise SyncError("Un cambio local todavía no enviado choca con un dato del servidor central (por "
                            "ejemplo, el mismo registro vigente dos veces). No se aplicó este lote; "
                            "sincronice de nuevo: primero se envían los cambios locales.") from None

    def _apply_pull_unit(self, answer: dict, node: str, expect_from: int) -> tuple[int, int]:
        with self._write() as u:
            meta = ss.meta(u)
            if int(meta.get(K_CURSOR, 0)) != expect_from:
                return 0, 0
            ss.defer_foreign_keys(u)
            pending = ss.pending_fields(u, node, int(meta.get(K_PUSHED, 0)))
            written = 0
            rows, refs = answer.get("rows") or {}, answer.get("refs") or {}
            for entity in ss.ORDER:
                batch = (rows.get(entity) or []) + (refs.get(entity) or [])
                if batch:
                    keep = {i: f for (e, i), f in pending.items() if e == entity}
                    written += ss.upsert_rows(u, entity, batch, keep)
            added = ss.insert_entries(u, answer.get("entries") or [])
            ss.set_meta(u, {K_CURSOR: int(answer["cursor"]), K_OPEN: int(answer.get("open_conflicts", 0))})
            return added, written

    # --- sync files ------------------------------------------------------------------------------------
    def export_file(self, path: str | os.PathLike, batch: int = PUSH_BATCH) -> SyncReport:
        """Replica → hub: every local change not yet acknowledged, and this replica's cursor."""
        meta, node = self._replica()
        token = self._token(meta)
        with self._read() as u:
            after = int(ss.meta(u).get(K_PUSHED, 0))
            items = []
            last = after
            cursor = int(ss.meta(u).get(K_CURSOR, 0))
            while True:
                chunk = ss.pending_changes(u, node, last, batch)
                if not chunk:
                    break
                _attach_images(u, chunk)
                items.append([c for _, c in chunk])
                last = chunk[-1][0]
        records = [{"type": "push", "changes": c} for c in items]
        records.append({"type": "state", "cursor": cursor, "last_seq": last})
        header = {"hub_id": meta[K_HUB], "node_id": node, "direction": syncfile.TO_HUB,
                  "created_at": utcnow().isoformat(), "last_seq": last, "cursor": cursor}
        syncfile.write(path, header, records, tokens.file_key(token))
        return SyncReport(pushed=sum(len(c) for c in items), cursor=cursor, reply_path=str(path))

    def _token(self, meta) -> str:
        token = tokens.load(meta[K_HUB], self._ctx.db.node)
        if not token:
            raise NotConfigured("No se encontró la credencial de esta réplica en esta computadora: no se puede "
                                "firmar ni comprobar un archivo de sincronización.")
        return token

    def import_file(self, path: str | os.PathLike, reply: str | os.PathLike | None = None) -> SyncReport:
        """On the hub: applies a replica's file and writes the answer (`reply`, by default next to it).
        On a replica: applies the hub's answer. Importing a file twice is harmless."""
        meta = self._state()
        mode = meta.get(K_MODE)
        manifest = syncfile.read_manifest(path)
        if mode == "hub":
            return self._import_at_hub(path, manifest, meta, reply)
        if mode == "replica":
            return self._import_at_replica(path, manifest, meta)
        raise NotConfigured()

    def _import_at_hub(self, path, manifest: dict, meta: dict, reply) -> SyncReport:
        started = time.perf_counter()
        if manifest.get("direction") != syncfile.TO_HUB:
            raise Rejected("Este archivo es una respuesta del servidor central para una réplica: impórtelo "
                           "en la réplica, no en el servidor.")
        if manifest.get("hub_id") != meta[K_HUB]:
            raise WrongHub(meta[K_HUB], str(manifest.get("hub_id")), "El archivo")
        endpoint = HubEndpoint(self._ctx)
        node = endpoint.node_by_id(str(manifest.get("node_id")))
        manifest, records = syncfile.read(path, lambda _m: node.token_hash.encode("ascii"))
        pushed = duplicates = conflicts = 0
        retire: list = []
        outcomes: dict[str, int] = {}
        reasons: list[str] = []
        state = {"cursor": 0, "last_seq": 0}
        for record in records:
            if record.get("type") == "push":
                answer = endpoint.handle_node("push", node, {"changes": record.get("changes") or []})
                pushed += int(answer["received"])
                duplicates += int(answer["duplicates"])
                conflicts += int(answer["conflicts"])
                retire += answer["retire"]
                for k, v in answer["outcomes"].items():
                    outcomes[k] = outcomes.get(k, 0) + v
                reasons += _reasons(answer)
            elif record.get("type") == "state":
                state = record
        cursor = int(state.get("cursor", 0))
        out = [{"type": "ack", "last_seq": int(state.get("last_seq", 0)), "retire": retire}]
        while True:
            answer = endpoint.handle_node("pull", node, {"cursor": cursor, "limit": PULL_BATCH})
            out.append({"type": "pull", "from": cursor, **answer})
            cursor = int(answer["cursor"])
            if not answer.get("more"):
                break
        target = Path(reply) if reply else _reply_path(path)
        header = {"hub_id": meta[K_HUB], "node_id": str(node.id), "direction": syncfile.TO_NODE,
                  "created_at": utcnow().isoformat(), "last_seq": int(state.get("last_seq", 0)),
                  "from_cursor": int(state.get("cursor", 0)), "cursor": cursor}
        syncfile.write(target, header, out, node.token_hash.encode("ascii"))
        return SyncReport(pushed=pushed, duplicates=duplicates, outcomes=outcomes, conflicts=conflicts,
                          cursor=cursor, reply_path=str(target), elapsed=time.perf_counter() - started,
                          refused=tuple(dict.fromkeys(reasons)))

    def _import_at_replica(self, path, manifest: dict, meta: dict) -> SyncReport:
        started = time.perf_counter()
        node = self._ctx.db.node
        if manifest.get("direction") != syncfile.TO_NODE:
            raise Rejected("Este archivo contiene cambios de una réplica para el servidor central: impórtelo "
                           "en el servidor central (la base compartida de la oficina).")
        if manifest.get("hub_id") != meta[K_HUB]:
            raise WrongHub(meta[K_HUB], str(manifest.get("hub_id")), "El archivo")
        if manifest.get("node_id") != node:
            raise WrongNode(node, str(manifest.get("node_id")))
        token = self._token(meta)
        _manifest, records = syncfile.read(path, lambda _m: tokens.file_key(token))
        retired = entries = rows = 0
        skipped = False
        open_conflicts = int(meta.get(K_OPEN, 0))
        cursor = int(meta.get(K_CURSOR, 0))
        for record in records:
            kind = record.get("type")
            if kind == "ack":
                with self._write() as u:
                    retired += ss.retire_rows(u, [tuple(x) for x in record.get("retire") or []])
                    pushed = int(ss.meta(u).get(K_PUSHED, 0))
                    ss.set_meta(u, {K_PUSHED: max(pushed, int(record.get("last_seq", 0)))})
            elif kind == "pull":
                cursor = int(self._state().get(K_CURSOR, 0))
                if int(record.get("from", -1)) != cursor:
                    skipped = skipped or int(record.get("cursor", 0)) > cursor
                    continue
                added, written = self._apply_pull(record, node, expect_from=cursor)
                entries += added
                rows += written
                cursor = int(record["cursor"])
                open_conflicts = int(record.get("open_conflicts", open_conflicts))
        with self._write() as u:
            ss.set_meta(u, {K_LAST: utcnow().isoformat()})
        return SyncReport(retired=retired, pulled_entries=entries, pulled_rows=rows, cursor=cursor,
                          open_conflicts=open_conflicts, skipped_pull=skipped, elapsed=time.perf_counter() - started)

    # --- conflicts -------------------------------------------------------------------------------------
    def conflicts(self, *, status: str | None = "abierto") -> list[ConflictRow]:
        """Conflict records in the signed-in user's scope (on a replica: the copy received from the hub)."""
        with self._ctx.unit(write=False) as u:
            ugels = self._scope_ugels(u)
            actor = self._ctx.actor
            own = actor.coach_id if actor is not None and actor.role is Role.COACH else None
            return [_conflict_row(u, c) for c in ss.conflict_rows(u, status=status, ugel_ids=ugels)
                    if actor is None or actor.role is not Role.COACH or c.coach_id == own]

    def resolve(self, choices: dict[UUID, str]) -> int:
        """Resolves conflicts (usually the fields of one record) in one transaction: KEEP_HUB keeps the
        hub's value, TAKE_NODE applies the replica's; the resolution is an ordinary, logged change."""
        if not choices:
            raise ValidationError("Elija, para cada dato en conflicto, qué valor se conserva.", "conflictos")
        if any(v not in (KEEP_HUB, TAKE_NODE) for v in choices.values()):
            raise ValidationError("Elección desconocida para un conflicto.", "conflictos")
        actor = self._ctx.current()
        with self._ctx.unit(write=True) as u:
            if not ss.hub_id(u):
                raise NotConfigured("Los conflictos se resuelven en la base compartida de la oficina (el "
                                    "servidor central); esta réplica recibirá la decisión al sincronizar.")
            ugels = self._scope_ugels(u)
            for conflict_id, choice in choices.items():
                c = ss.conflict(u, conflict_id)
                if c is None or c.deleted_at is not None:
                    raise NotFound("No se encontró el conflicto.")
                if c.status != "abierto":
                    raise ValidationError("Ese conflicto ya fue resuelto.", "conflictos")
                _check_resolver(actor, c, ugels)
                if choice == TAKE_NODE and c.kind == KIND_UNAUTHORISED:
                    raise ValidationError("Un cambio no autorizado (de alguien no registrado para la réplica, o "
                                          "sin permiso para hacerlo) no se aplica: solo se descarta.", "conflictos")
                if choice == TAKE_NODE:
                    _apply_node_side(u, c)
                c.status = "resuelto"
                c.resolution = choice
                c.resolved_by = actor.user_id
                c.resolved_dni = actor.dni
                c.resolved_at = u.now()
            try:
                u.flush()
            except Exception as exc:  # noqa: BLE001 - a constraint refused the replica's value
                from ..storage.unit import is_integrity_error

                if is_integrity_error(exc):
                    raise ValidationError("No se puede aplicar el valor de la réplica: otro registro ya tiene "
                                          "esos datos únicos, o falta un registro del que depende (resuelva "
                                          "ese primero).", "conflictos") from None
                raise
            return len(choices)


def _check_resolver(actor, c, ugels) -> None:
    if actor.role is Role.ADMIN and actor.scope is ScopeLevel.NATION:
        return
    wanted = Role.LOCAL_MANAGER if c.resolver_role == Role.LOCAL_MANAGER else Role.DATA_QUALITY
    if actor.role is not wanted:
        who = "el Gestor Local" if wanted is Role.LOCAL_MANAGER else "el RCI"
        raise PermissionDenied(f"Este conflicto lo resuelve {who} de la UGEL.")
    if ugels is not None and c.ugel_id not in ugels:
        raise PermissionDenied("El conflicto es de un registro fuera de su ámbito.")


def _apply_node_side(u, c) -> None:
    value = json.loads(c.node_value) if c.node_value is not None else None
    if c.field:
        obj = ss.orm_row(u, c.entity, c.entity_id)
        if obj is None:
            raise ValidationError("El registro del conflicto ya no existe en el servidor central.", "conflictos")
        ss.set_orm_fields(obj, c.entity, {c.field: value})
        return
    change = value or {}
    new = {k: v[1] for k, v in (change.get("changes") or {}).items() if k not in _NOT_SET}
    obj = ss.orm_row(u, c.entity, c.entity_id)
    if obj is None:
        if change.get("op") != "insert":
            raise ValidationError("El registro del conflicto ya no existe en el servidor central.", "conflictos")
        ss.new_orm_row(u, c.entity, {"id": str(c.entity_id), **new})
        return
    if c.kind == "eliminado":  # edit against a delete: taking the edit restores the record with it
        new.update(deleted_at=None, deleted_by=None, deleted_reason=None)
    ss.set_orm_fields(obj, c.entity, new)


_NOT_SET = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by", "origin", "search_key"})


def _conflict_row(u, c) -> ConflictRow:
    def load(v):
        return None if v is None else json.loads(v)

    return ConflictRow(c.id, c.kind, c.entity, c.entity_id, c.field, load(c.base_value), load(c.hub_value),
                       load(c.node_value), c.change_op, c.node_id, c.node_user_dni, c.node_at, c.hub_user_dni,
                       c.hub_at, c.resolver_role, c.message, c.status, c.resolution, ss.ugel_label(u, c.ugel_id),
                       c.created_at)


def _push_within_limit(client, hub_id: str, node: str, texts: list[str]) -> dict:
    """Pushes a batch in one request, or in halves while its body is over what the hub reads (many long
    texts): never a request the hub must refuse for its size, which would block the sync for good."""
    from ..sync.http import fits

    body = encode_push(hub_id, node, texts)
    if fits(body) or len(texts) == 1:
        return client.push(body)
    half = len(texts) // 2
    first = _push_within_limit(client, hub_id, node, texts[:half])
    second = _push_within_limit(client, hub_id, node, texts[half:])
    merged = {k: int(first.get(k, 0)) + int(second.get(k, 0)) for k in ("received", "duplicates", "conflicts")}
    outcomes = dict(first.get("outcomes") or {})
    for k, v in (second.get("outcomes") or {}).items():
        outcomes[k] = outcomes.get(k, 0) + int(v)
    return {**merged, "outcomes": outcomes, "retire": (first.get("retire") or []) + (second.get("retire") or []),
            "refused": (first.get("refused") or []) + (second.get("refused") or [])}


def _reasons(answer: dict) -> list[str]:
    """The hub's reasons for the changes it refused, as the replica shows them (plain text only)."""
    out = []
    for item in answer.get("refused") or []:
        reason = item.get("reason") if isinstance(item, dict) else None
        if isinstance(reason, str):
            out.append(reason[:400])
    return out


def encode_push(hub_id: str, node: str, changes: list[str]) -> bytes:
    """The body of a push from the changes' JSON texts (made by SQLite: see `ss.pending_push_json`)."""
    head = dumps({"hub_id": hub_id, "node_id": node})
    return (head[:-1] + ',"changes":[' + ",".join(changes) + "]}").encode("utf-8")


def _with_images(u, items: list[tuple[int, str, str, str, str]]) -> list[str]:
    """The JSON texts of a push batch; a delete carries the row as the deleting replica has it (see
    `_attach_images`)."""
    wanted: dict[str, list[str]] = {}
    for _, op, entity, entity_id, _text in items:
        if op == "delete":
            wanted.setdefault(entity, []).append(entity_id)
    if not wanted:
        return [text for *_, text in items]
    images = {entity: ss.rows_by_id(u, entity, ids) for entity, ids in wanted.items()}
    encode = dumps
    out = []
    for _, op, entity, entity_id, text in items:
        image = images.get(entity, {}).get(entity_id) if op == "delete" else None
        out.append(text if image is None else text[:-1] + ',"image":' + encode(image) + "}")
    return out


def _attach_images(u, items: list[tuple[int, dict]]) -> None:
    """A delete carries the row as the deleting replica has it, so that the hub can tell whether the
    record was edited since (delete against edit)."""
    wanted: dict[str, list[str]] = {}
    for _, c in items:
        if c["op"] == "delete":
            wanted.setdefault(c["entity"], []).append(c["entity_id"])
    for entity, ids in wanted.items():
        rows = ss.rows_by_id(u, entity, ids)
        for _, c in items:
            if c["op"] == "delete" and c["entity"] == entity and c["entity_id"] in rows:
                c["image"] = rows[c["entity_id"]]


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _reply_path(path) -> Path:
    p = Path(path)
    stem = p.name[:-len(syncfile.SUFFIX)] if p.name.endswith(syncfile.SUFFIX) else p.stem
    return p.with_name(f"{stem}-respuesta{syncfile.SUFFIX}")


# --- creating a replica --------------------------------------------------------------------------------

def create_replica(target_url: str, hub_url: str, token: str, *, hub=None, progress: Progress | None = None,
                   batch: int = PULL_BATCH) -> SyncReport:
    """Creates a replica database at `target_url` (SQLite) from the hub, for the scope of the token's
    node. The file is built aside and moved into place only when the first full pull succeeded, so an
    interrupted creation leaves nothing half made."""
    from ..storage.database import Database
    from ..sync.http import HttpHub

    progress = progress or _quiet
    if not target_url.startswith("sqlite"):
        raise ValidationError("Una réplica es una base SQLite local (sqlite:///ruta/archivo.sqlite3).", "db")
    final = Path(target_url.split("///", 1)[1])
    if final.exists() and final.stat().st_size > 0:
        probe = Database(target_url)
        try:
            with Context(probe).system_read() as u:
                busy = ss.has_user_data(u)
        except Exception:  # noqa: BLE001 - not a database of ours: refuse as well
            busy = True
        finally:
            probe.dispose()
        if busy:
            raise ValidationError(f"El archivo {final} ya tiene datos: la réplica se crea en un archivo nuevo "
                                  "(indique otra ruta con --db).", "db")
    client = hub or HttpHub(hub_url, token)
    hello = client.hello()
    scope = Scope.from_json(hello["scope"])
    partial = final.with_name(final.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{partial}")
    ctx = Context(db)
    try:
        _prepare_replica(ctx, hello, hub_url, scope)
        service = SyncService(ctx)
        report = service._pull_all(client, service._state(), hello["node_id"], progress, batch,
                                   head=int(hello.get("head", 0)))
        with ctx.system_unit() as u:
            ss.set_meta(u, {K_LAST: utcnow().isoformat()})
    finally:
        db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{final}{suffix}").unlink(missing_ok=True)
    os.replace(partial, final)
    tokens.store(hello["hub_id"], hello["node_id"], token)
    return SyncReport(**report)


def _prepare_replica(ctx: Context, hello: dict, hub_url: str, scope: Scope) -> None:
    from ..storage import bulk, migrate
    from ..storage import models as m
    from .setup import read_ubigeos

    migrate.upgrade(ctx.db)
    with ctx.system_unit() as u:
        ss.set_node_id(u, hello["node_id"])
        bulk.insert_reference(u, m.Ubigeo, read_ubigeos())
        ss.set_meta(u, {K_MODE: "replica", K_HUB: hello["hub_id"], K_URL: hub_url, K_NAME: hello.get("name"),
                        K_SCOPE: json.dumps(scope.to_json()), K_SCOPE_TEXT: hello.get("scope_text"),
                        K_CURSOR: 0, K_PUSHED: 0, K_OPEN: 0})
    ctx.db.forget_node()


# --- the connection dialog's checks --------------------------------------------------------------------

def probe_database(url: str) -> str:
    """Connects to a database and reads its schema revision; a Spanish line saying what was found.
    Raises SigmaError (server unreachable, password refused, damaged file…) when it cannot."""
    from ..storage import migrate
    from ..storage.database import Database
    from ..storage.errors import translating

    db = Database(url)
    try:
        with translating(db.where):
            revision = migrate.current_revision(db)
            meta: dict = {}
            if revision:
                from ..storage.unit import unit

                with unit(db, write=False) as u:
                    meta = ss.meta(u)
    finally:
        db.dispose()
    kind = "PostgreSQL" if not db.is_sqlite else "SQLite"
    if revision is None:
        return f"Conexión correcta ({kind}): la base está vacía; SIGMA Desktop la preparará al abrirla."
    state = "al día" if revision == migrate.head_revision() else "se actualizará al abrirla"
    role = {"hub": " Es un servidor central de sincronización.", "replica": " Es una réplica."}.get(
        meta.get(K_MODE, ""), "")
    return f"Conexión correcta ({kind}): esquema {revision} ({state}).{role}"


def probe_hub(url: str, token: str) -> str:
    """Asks a hub who this credential is; a Spanish line with the replica's name and scope."""
    from ..sync.http import HttpHub

    hello = HttpHub(url, token, timeout=20).hello()
    return (f"Servidor central alcanzado: réplica «{hello.get('name')}», ámbito {hello.get('scope_text')} "
            f"({hello.get('head', 0)} cambios en el servidor).")

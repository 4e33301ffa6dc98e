"""Hub side: its identity and feed sequencer, registered nodes, receipts and what the checks of a
push read (closed months, who last set a field)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence
from uuid import UUID

from sqlalchemy import select, text, update

from .. import models as m
from ..ids import utcnow
from ..sync_models import SyncNode, SyncNodeUser, SyncReceipt
from ..unit import Unit, session_of
from .state import META_HUB_ID, META_MODE, meta, set_meta
from .tables import CHUNK, _LOG, _by_keys, is_postgres

HUB_LOCK = 0x5167_6D61_5359_4E43  # pg_advisory_xact_lock key of the hub sequencer ("SgmaSYNC")

# --- hub: identity, nodes, receipts -----------------------------------------------------------------------

def hub_id(unit: Unit) -> str | None:
    """This database's id as a hub (None when it is not a hub; a replica keeps its hub's id too)."""
    state = meta(unit)
    return state.get(META_HUB_ID) if state.get(META_MODE) == "hub" else None


def make_hub(unit: Unit, new_hub_id: str) -> int:
    """Turns this PostgreSQL database into a hub: records its id and queues every existing change-log
    entry for the feed (in log order). Returns the number of entries queued."""
    session = session_of(unit)
    set_meta(unit, {META_HUB_ID: new_hub_id, META_MODE: "hub"})
    result = session.execute(text(
        "INSERT INTO sync_pending (entity, entity_id, change_seq) "
        "SELECT entity, entity_id, seq FROM change_log c "
        "WHERE NOT EXISTS (SELECT 1 FROM sync_feed f WHERE f.change_seq = c.seq) ORDER BY seq"))
    return result.rowcount or 0


def sequence(unit: Unit) -> int:
    """Gives hub sequence numbers to the queued entries, in commit order: under a transaction-level
    advisory lock, so that a later sequencer waits for this one to commit and a pull never sees
    number N+1 before N. Returns how many were sequenced."""
    session = session_of(unit)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": HUB_LOCK})
    result = session.execute(text(
        "WITH moved AS (DELETE FROM sync_pending RETURNING id, entity, entity_id, change_seq) "
        "INSERT INTO sync_feed (hub_seq, entity, entity_id, change_seq) "
        "SELECT (SELECT coalesce(max(hub_seq), 0) FROM sync_feed) + row_number() OVER (ORDER BY id), "
        "entity, entity_id, change_seq FROM moved"))
    return result.rowcount or 0


def lock_node(unit: Unit, node: str) -> None:
    """One push at a time per node (a retry while the first attempt still runs waits for it)."""
    unit.execute(text("SELECT pg_advisory_xact_lock(:k, hashtext(:n))"), {"k": 0x5167, "n": node})


def add_node(unit: Unit, *, id_: UUID, name: str, scope_kind: str, ugel_id: UUID, coach_id: UUID | None,
             token_hash: str) -> None:
    unit.add(SyncNode(id=id_, name=name, scope_kind=scope_kind, ugel_id=ugel_id, coach_id=coach_id,
                          token_hash=token_hash, active=True, created_at=utcnow()))
    unit.flush()


@dataclass(frozen=True)
class NodeInfo:
    id: UUID
    name: str
    scope_kind: str
    ugel_id: UUID
    coach_id: UUID | None
    token_hash: str
    active: bool


def _info(node: SyncNode | None) -> NodeInfo | None:
    if node is None:
        return None
    return NodeInfo(node.id, node.name, node.scope_kind, node.ugel_id, node.coach_id, node.token_hash, node.active)


def node_user_ids(unit: Unit, node_id: UUID) -> list[UUID]:
    """The users registered for a (UGEL-scope) node."""
    return list(unit.scalars(select(SyncNodeUser.user_id).where(SyncNodeUser.node_id == node_id)))


def set_node_users(unit: Unit, node_id: UUID, user_ids: Iterable[UUID]) -> None:
    """Replaces the users registered for a node (the binding is the hub's: not logged, not synced)."""
    session = session_of(unit)
    wanted = set(user_ids)
    have = set(node_user_ids(unit, node_id))
    for gone in have - wanted:
        session.delete(session.get(SyncNodeUser, (node_id, gone)))
    for new in wanted - have:
        session.add(SyncNodeUser(node_id=node_id, user_id=new))
    session.flush()


def node_accounts(unit: Unit, node: "NodeInfo") -> list[m.UserAccount]:
    """The accounts a node may act as: a coach node, its coach's accounts; a UGEL node, its registered users."""
    ua = m.UserAccount
    if node.coach_id is not None:
        stmt = select(ua).where(ua.coach_id == node.coach_id)
    else:
        stmt = select(ua).join(SyncNodeUser, SyncNodeUser.user_id == ua.id).where(SyncNodeUser.node_id == node.id)
    return list(unit.scalars(stmt.where(ua.deleted_at.is_(None))))


def account_by_dni(unit: Unit, dni: str) -> m.UserAccount | None:
    ua = m.UserAccount
    return unit.scalars(select(ua).where(ua.dni == dni, ua.deleted_at.is_(None))).first()


def ugel_dres(unit: Unit) -> dict[str, str]:
    """UGEL id → DRE id, as text (the scope checks of a push)."""
    return {str(u): str(d) for u, d in unit.execute(select(m.Ugel.id, m.Ugel.dre_id))}


def node_by_token(unit: Unit, token_hash: str) -> NodeInfo | None:
    return _info(unit.scalars(select(SyncNode).where(SyncNode.token_hash == token_hash)).first())


def node_by_id(unit: Unit, id_: UUID) -> NodeInfo | None:
    return _info(unit.get(SyncNode, id_))


def nodes(unit: Unit) -> list[SyncNode]:
    return list(unit.scalars(select(SyncNode).order_by(SyncNode.created_at)))


def set_node_token(unit: Unit, id_: UUID, token_hash: str | None, active: bool = True) -> bool:
    node = unit.get(SyncNode, id_)
    if node is None:
        return False
    if token_hash is not None:
        node.token_hash = token_hash
    node.active = active
    unit.flush()
    return True


def seen(unit: Unit, id_: UUID) -> None:
    unit.execute(update(SyncNode).where(SyncNode.id == id_).values(last_seen_at=utcnow()))


def receipts(unit: Unit, change_ids: Sequence[str]) -> dict[str, str]:
    """Outcomes of the changes (by id) the hub has already processed."""
    ids = list(dict.fromkeys(change_ids))
    if not ids:
        return {}
    if is_postgres(unit):
        rows = _by_keys(unit, "SELECT CAST(r.change_id AS TEXT), r.outcome FROM sync_receipt r "
                              "JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON r.change_id = k.id", ids)
        return {cid: outcome for cid, outcome in rows}
    t = SyncReceipt.__table__
    out: dict[str, str] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = [UUID(c) for c in ids[start:start + CHUNK]]
        for cid, outcome in unit.execute(select(t.c.change_id, t.c.outcome).where(t.c.change_id.in_(chunk))):
            out[str(cid)] = outcome
    return out


def closed_months(unit: Unit, ugel_ids: Iterable[str]) -> set[tuple[str, int, int]]:
    ids = [UUID(u) for u in set(ugel_ids) if u]
    if not ids:
        return set()
    mc = m.MonthClosing
    rows = unit.execute(select(mc.ugel_id, mc.year, mc.month).where(
        mc.ugel_id.in_(ids), mc.closed.is_(True), mc.deleted_at.is_(None)))
    return {(str(u), int(y), int(mo)) for u, y, mo in rows}


def last_change_of_field(unit: Unit, entity_id: str, field: str) -> tuple[str | None, datetime | None]:
    """Who and when last set `field` of a record on this database (for a conflict record)."""
    rows = unit.execute(select(_LOG.c.user_dni, _LOG.c.at, _LOG.c.changes)
                            .where(_LOG.c.entity_id == UUID(entity_id)).order_by(_LOG.c.seq.desc()).limit(200))
    for dni, at, changes in rows:
        if field == "" or field in json.loads(changes):
            return dni, at
    return None, None

"""Tables of synchronisation (see docs/sync.md). They share the app's metadata and migrations.

Hub side (the shared PostgreSQL that replicas sync with):
- `sync_node`: the replicas registered on this hub, each with its scope and the SHA-256 of its token.
- `sync_pending` → `sync_feed`: every change-log entry (and every "row refreshed" marker) gets a hub
  sequence number in commit order; pulls read the feed after their cursor.
- `sync_receipt`: one row per pushed change the hub has processed, whatever the outcome: a change pushed
  again (a cut connection, a sync file imported twice) is acknowledged, never applied twice.
- `sync_conflict`: what a push could not apply as is (same field changed on both sides, a closed month,
  a validated record…), with both values, the base, who and when, until it is resolved. It is a synced
  row: logged like any other, sent to the replicas of its scope so that they see their open conflicts.

Replica side: the sync state lives in `app_meta` under keys `sync.*` (storage/sync_store/state.py).
"""
from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from .model_base import Base, SyncRow
from .types import BigIntPK, UTCDateTime


class SyncNode(Base):
    """A replica registered on the hub: its scope (a UGEL, or one coach's work) and its token's hash."""

    __tablename__ = "sync_node"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)  # the replica's node id (its change-log `node`)
    name: Mapped[str] = mapped_column(String(120))
    scope_kind: Mapped[str] = mapped_column(String(10))  # "ugel" | "coach"
    ugel_id: Mapped[UUID] = mapped_column(Uuid)
    coach_id: Mapped[UUID | None] = mapped_column(Uuid)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncNodeUser(Base):
    """The people a UGEL-scope replica may act as (`sigma hub add-node … --user DNI`): every pushed change
    must be authored by one of them. A coach-scope replica acts only as its coach's own accounts."""

    __tablename__ = "sync_node_user"
    node_id: Mapped[UUID] = mapped_column(ForeignKey("sync_node.id"), primary_key=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id"), primary_key=True)


class SyncPending(Base):
    """Change-log entries (and refresh markers) not yet given a hub sequence number.

    On PostgreSQL a statement trigger on `change_log` fills it when the database is a hub; the
    sequencer moves its rows to `sync_feed` under a transaction-level advisory lock.
    """

    __tablename__ = "sync_pending"
    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[UUID] = mapped_column(Uuid)
    change_seq: Mapped[int | None] = mapped_column(BigInteger)


class SyncFeed(Base):
    """What changed on the hub, in commit order: the pull cursor is a `hub_seq`."""

    __tablename__ = "sync_feed"
    __table_args__ = (Index("ix_sync_feed_entity_id", "entity_id"),)
    hub_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[UUID] = mapped_column(Uuid)
    change_seq: Mapped[int | None] = mapped_column(BigInteger)  # change_log.seq; None: refresh marker


class SyncReceipt(Base):
    """A pushed change the hub has processed (the idempotency record)."""

    __tablename__ = "sync_receipt"
    change_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    node_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # aplicado | fusionado | conflicto | sin_cambios | rechazado
    # applied whole, and the hub's row ended at the version the node's row has: the node's row equals the
    # hub's, so a pull need not send it back to that node (unless it changed again)
    in_step: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncConflict(SyncRow, Base):
    """A pushed change (or one of its fields) held for a person to decide; the hub kept its own value."""

    __tablename__ = "sync_conflict"
    __table_args__ = (UniqueConstraint("change_id", "field"),
                      Index("ix_sync_conflict_open", "status", "ugel_id"))
    kind: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    field: Mapped[str] = mapped_column(String(60), default="")  # "" for a whole change
    base_value: Mapped[str | None] = mapped_column(Text)   # JSON: the value both sides started from
    hub_value: Mapped[str | None] = mapped_column(Text)    # JSON: the hub's value, kept
    node_value: Mapped[str | None] = mapped_column(Text)   # JSON: the replica's value (or whole change)
    change_id: Mapped[UUID] = mapped_column(Uuid)
    change_op: Mapped[str] = mapped_column(String(10))
    node_id: Mapped[str] = mapped_column(String(36))
    node_user_id: Mapped[UUID | None] = mapped_column(Uuid)
    node_user_dni: Mapped[str] = mapped_column(String(8))
    node_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hub_user_dni: Mapped[str | None] = mapped_column(String(8))
    hub_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hub_version: Mapped[int | None] = mapped_column(Integer)
    ugel_id: Mapped[UUID | None] = mapped_column(Uuid)
    coach_id: Mapped[UUID | None] = mapped_column(Uuid)
    resolver_role: Mapped[str] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="abierto")  # abierto | resuelto
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_by: Mapped[UUID | None] = mapped_column(Uuid)
    resolved_dni: Mapped[str | None] = mapped_column(String(8))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


"""synchronisation: hub registry of replicas, feed in commit order, receipts, conflict records

`sync_node`, `sync_pending`, `sync_feed` and `sync_receipt` are used on a hub (PostgreSQL);
`sync_conflict` is a synced row (a replica receives the conflicts of its scope). On PostgreSQL a
statement trigger copies every change-log insert to `sync_pending`, but only in a database that is a
hub (`app_meta` has `sync.hub_id`), so that a shared database without replicas accumulates nothing.
See docs/sync.md.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 18:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

POSTGRES_UP = [
    """CREATE FUNCTION sync_capture_changes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM app_meta WHERE key = 'sync.hub_id') THEN
                INSERT INTO sync_pending (entity, entity_id, change_seq)
                SELECT entity, entity_id, seq FROM new_rows ORDER BY seq;
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER change_log_sync_capture AFTER INSERT ON change_log
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_changes()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS change_log_sync_capture ON change_log",
    "DROP FUNCTION IF EXISTS sync_capture_changes()",
]


def upgrade() -> None:
    op.create_table(
        "sync_node",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("scope_kind", sa.String(length=10), nullable=False),
        sa.Column("ugel_id", sa.Uuid(), nullable=False),
        sa.Column("coach_id", sa.Uuid(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_node")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sync_node_token_hash")),
    )
    op.create_table(
        "sync_pending",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_pending")),
    )
    op.create_table(
        "sync_feed",
        sa.Column("hub_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("hub_seq", name=op.f("pk_sync_feed")),
    )
    op.create_index("ix_sync_feed_entity_id", "sync_feed", ["entity_id"], unique=False)
    op.create_table(
        "sync_receipt",
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("in_step", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_sync_receipt")),
    )
    op.create_index(op.f("ix_sync_receipt_node_id"), "sync_receipt", ["node_id"], unique=False)
    op.create_table(
        "sync_conflict",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("base_value", sa.Text(), nullable=True),
        sa.Column("hub_value", sa.Text(), nullable=True),
        sa.Column("node_value", sa.Text(), nullable=True),
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("change_op", sa.String(length=10), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("node_user_id", sa.Uuid(), nullable=True),
        sa.Column("node_user_dni", sa.String(length=8), nullable=False),
        sa.Column("node_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hub_user_dni", sa.String(length=8), nullable=True),
        sa.Column("hub_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hub_version", sa.Integer(), nullable=True),
        sa.Column("ugel_id", sa.Uuid(), nullable=True),
        sa.Column("coach_id", sa.Uuid(), nullable=True),
        sa.Column("resolver_role", sa.String(length=30), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("resolution", sa.String(length=20), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_dni", sa.String(length=8), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        sa.Column("deleted_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
        sa.UniqueConstraint("change_id", "field", name=op.f("uq_sync_conflict_change_id_field")),
    )
    op.create_index("ix_sync_conflict_open", "sync_conflict", ["status", "ugel_id"], unique=False)
    op.create_index(op.f("ix_sync_conflict_entity_id"), "sync_conflict", ["entity_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for sql in POSTGRES_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in POSTGRES_DOWN:
            op.execute(sql)
    op.drop_index(op.f("ix_sync_conflict_entity_id"), table_name="sync_conflict")
    op.drop_index("ix_sync_conflict_open", table_name="sync_conflict")
    op.drop_table("sync_conflict")
    op.drop_table("sync_receipt")
    op.drop_index("ix_sync_feed_entity_id", table_name="sync_feed")
    op.drop_table("sync_feed")
    op.drop_table("sync_pending")
    op.drop_table("sync_node")

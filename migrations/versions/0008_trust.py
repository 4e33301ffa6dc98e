"""trust: replicas bound to people, offline time of pushed changes, sign-in back-off per PC

- `sync_node_user`: the users a UGEL-scope replica may act as; the hub refuses any pushed change by
  someone else (docs/sync.md, «Confianza»). A UGEL replica registered before gets the active accounts of
  its UGEL (whom it could act as until now), so that its pending work is not refused at the next sync;
  the administrator narrows the list with `sigma hub users`.
- `change_log.offline_at`: on the hub, the time a replica claims for a change it pushed; `at` is the
  hub's own clock (a replica's clock is its owner's to set).
- `sign_in_throttle`: failed sign-ins per (PC, DNI) and per PC. They replace `user_account.failed_attempts`
  and `locked_until`, which travelled with the account (synced, so a replica could unlock an account,
  and one wrong guess anywhere counted everywhere).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 10:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "sync_node_user",
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["node_id"], ["sync_node.id"], name=op.f("fk_sync_node_user_node_id_sync_node")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_sync_node_user_user_id_user_account")),
        sa.PrimaryKeyConstraint("node_id", "user_id", name=op.f("pk_sync_node_user")),
    )
    op.execute("INSERT INTO sync_node_user (node_id, user_id) SELECT n.id, u.id FROM sync_node n "
               "JOIN user_account u ON u.ugel_id = n.ugel_id WHERE n.coach_id IS NULL AND u.active "
               "AND u.deleted_at IS NULL")
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    # a plain ADD COLUMN on both engines: change_log is not rebuilt, so its append-only triggers stay
    op.add_column("change_log", sa.Column("offline_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_attempts")


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("failed_attempts", sa.SmallInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("change_log", recreate="never") as batch:
            batch.drop_column("offline_at")  # SQLite ≥ 3.35 drops a column in place: the triggers stay
    else:
        op.drop_column("change_log", "offline_at")
    op.drop_table("sign_in_throttle")
    op.drop_table("sync_node_user")

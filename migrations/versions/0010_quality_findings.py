"""quality of information: the review state of the quality module's findings

`quality_finding` keeps what the RCI or the Coordinador de Calidad decided about a finding (revisada,
corregida, justificada with a note): a sync-ready table like the others, logged and synced with the
UGEL's replicas (docs/data-model.md, docs/sync.md). The findings themselves are recomputed from the data.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 12:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: Union[str, None] = "0009"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "quality_finding",
        sa.Column("ugel_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("finding_key", sa.String(length=500), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("records_count", sa.Integer(), nullable=False),
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
        sa.CheckConstraint("state IN ('nueva', 'revisada', 'corregida', 'justificada')",
                           name=op.f("ck_quality_finding_state")),
        sa.ForeignKeyConstraint(["ugel_id"], ["ugel.id"], name=op.f("fk_quality_finding_ugel_id_ugel")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_finding")),
    )
    op.create_index("ix_quality_finding_scope", "quality_finding", ["ugel_id", "year"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_quality_finding_scope", table_name="quality_finding")
    op.drop_table("quality_finding")

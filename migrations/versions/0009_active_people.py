"""Docentes and acompañantes are deactivated, never deleted; an index of the diagnósticas

A teacher who leaves the programme or a coach whose contract ended keeps every activity, assignment and
change-log entry; the master-data forms deactivate them (`active` false) and reactivate them. Schools
already had the flag. Existing rows are active.

The indicators read each teacher's diagnóstica whoever made it (issue 16); a partial index of the live
diagnósticas (a few per teacher and year) spares the national report a pass over every visit of the year.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 03:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("teacher", "coach")
DIAGNOSTICS = sa.text("deleted_at IS NULL AND kind = 'visita' AND visit_type = 'diagnostica'")
DIAGNOSTIC_COLUMNS = ["year", "teacher_id", "month", "intervention_id", "coach_id"]


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        with op.batch_alter_table(table) as batch:  # the default was only for the rows already there
            batch.alter_column("active", server_default=None, existing_type=sa.Boolean(), existing_nullable=False)
    op.create_index("ix_activity_diagnostics", "activity", DIAGNOSTIC_COLUMNS, unique=False,
                    sqlite_where=DIAGNOSTICS, postgresql_where=DIAGNOSTICS)


def downgrade() -> None:
    op.drop_index("ix_activity_diagnostics", table_name="activity")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("active")

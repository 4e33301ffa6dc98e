"""covering indexes for the indicators; search keys that also sort by name

The national indicator computation reads activities, their live execution and attendance; with these
partial covering indexes (live rows only) those queries never visit a table row.
Search keys now start with the names (teachers, coaches) or the school name, so that lists sort
alphabetically with accents and ñ on every engine; existing keys are recomputed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 15:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from sigma_desktop.domain.text import search_key

revision: str = "0005"
down_revision: Union[str, None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LIVE = sa.text("deleted_at IS NULL")
INDEXES = (
    ("ix_activity_facts", "activity",
     ["year", "kind", "month", "coach_id", "visit_type", "teacher_id", "school_id", "id"]),
    ("ix_execution_facts", "execution",
     ["activity_id", "outcome", "validation_state", "skip_reason_id", "executed_on", "hours", "days"]),
    ("ix_execution_participant_facts", "execution_participant", ["execution_id", "teacher_id", "attended"]),
)


NEW_KEYS = {
    "teacher": ("last_name_1", "last_name_2", "first_names", "dni"),
    "coach": ("last_name_1", "last_name_2", "first_names", "dni"),
    "school": ("name", "modular_code", "local_code"),
}
OLD_KEYS = {
    "teacher": ("dni", "last_name_1", "last_name_2", "first_names"),
    "coach": ("dni", "last_name_1", "last_name_2", "first_names"),
    "school": ("modular_code", "name", "local_code"),
}


def _recompute(fields_by_table: dict) -> None:
    conn = op.get_bind()
    for table, fields in fields_by_table.items():
        t = sa.table(table, sa.column("id", sa.Uuid()), sa.column("search_key", sa.String()),
                     *(sa.column(f, sa.String()) for f in fields))
        rows = conn.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
        if rows:
            conn.execute(t.update().where(t.c.id == sa.bindparam("row_id")).values(search_key=sa.bindparam("key")),
                         [{"row_id": r[0], "key": search_key(*r[1:])} for r in rows])


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=LIVE, postgresql_where=LIVE)
    _recompute(NEW_KEYS)


def downgrade() -> None:
    _recompute(OLD_KEYS)
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)

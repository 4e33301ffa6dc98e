"""search keys for teachers, coaches and schools

Lists of national size filter as the user types; an accent- and case-folded column lets the same
LIKE work on SQLite and PostgreSQL without extensions. Existing rows are filled in here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:47:26
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from sigma_desktop.domain.text import search_key

revision: str = "0002"
down_revision: Union[str, None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

FIELDS = {
    "teacher": ("dni", "last_name_1", "last_name_2", "first_names"),
    "coach": ("dni", "last_name_1", "last_name_2", "first_names"),
    "school": ("modular_code", "name", "local_code"),
}


def upgrade() -> None:
    conn = op.get_bind()
    for table, fields in FIELDS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("search_key", sa.String(length=300), nullable=False,
                                          server_default=""))
        t = sa.table(table, sa.column("id", sa.Uuid()), sa.column("search_key", sa.String()),
                     *(sa.column(f, sa.String()) for f in fields))
        rows = conn.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
        if rows:
            conn.execute(t.update().where(t.c.id == sa.bindparam("row_id")).values(search_key=sa.bindparam("key")),
                         [{"row_id": r[0], "key": search_key(*r[1:])} for r in rows])


def downgrade() -> None:
    for table in FIELDS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("search_key")

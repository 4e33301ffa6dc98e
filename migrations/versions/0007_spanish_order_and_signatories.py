"""Spanish collation keys; the people who sign a UGEL's reports

Search keys start with the Spanish collation key of the name (domain/text.py: accents ignored at the
first level, ñ after n), so that lists sorted in SQL follow the same order as every grid, PDF and
workbook; existing keys are recomputed. On PostgreSQL the key columns compare byte by byte (COLLATE
"C"), as on SQLite, whatever the server's locale. The UGEL gains the names and posts of those who
review (Gestor Local) and approve (director) its printed reports.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 03:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from sigma_desktop.domain.text import fold, search_key

revision: str = "0007"
down_revision: Union[str, None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

KEY_FIELDS = {
    "teacher": ("last_name_1", "last_name_2", "first_names", "dni"),
    "coach": ("last_name_1", "last_name_2", "first_names", "dni"),
    "school": ("name", "modular_code", "local_code"),
}
SIGNATORY_COLUMNS = ("reviewer_name", "reviewer_post", "director_name", "director_post")


def _old_key(*parts) -> str:
    return fold(" ".join(str(p) for p in parts if p not in (None, "")))


def _recompute(derive) -> None:
    conn = op.get_bind()
    for table, fields in KEY_FIELDS.items():
        t = sa.table(table, sa.column("id", sa.Uuid()), sa.column("search_key", sa.String()),
                     *(sa.column(f, sa.String()) for f in fields))
        rows = conn.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
        if rows:
            conn.execute(t.update().where(t.c.id == sa.bindparam("row_id")).values(search_key=sa.bindparam("key")),
                         [{"row_id": r[0], "key": derive(*r[1:])} for r in rows])


def _collation(name: str | None) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in KEY_FIELDS:
        op.alter_column(table, "search_key", type_=sa.String(300, collation=name),
                        existing_type=sa.String(300), existing_nullable=False)


def upgrade() -> None:
    _collation("C")
    _recompute(search_key)
    with op.batch_alter_table("ugel") as batch:
        for column in SIGNATORY_COLUMNS:
            batch.add_column(sa.Column(column, sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ugel") as batch:
        for column in SIGNATORY_COLUMNS:
            batch.drop_column(column)
    _recompute(_old_key)
    _collation("default")

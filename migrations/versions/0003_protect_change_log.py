"""change log is append-only: triggers reject UPDATE and DELETE (and TRUNCATE on PostgreSQL)

The change log is the audit trail users read and the feed sync sends. The application only ever
inserts into it; these triggers make the database refuse anything else, whatever the code path, so an
entry cannot be edited or removed through the application (or a stray script using its connection).

Note for later migrations: on SQLite, a batch migration that rebuilds `change_log` (copy, drop,
rename) drops these triggers with the old table; such a migration must create them again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:00:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

MESSAGE = "change_log es de solo anexado: no se puede modificar ni borrar"

SQLITE_UP = [
    f"""CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS change_log_no_update", "DROP TRIGGER IF EXISTS change_log_no_delete"]

POSTGRES_UP = [
    f"""CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END $$""",
    """CREATE TRIGGER change_log_no_update_delete BEFORE UPDATE OR DELETE ON change_log
        FOR EACH ROW EXECUTE FUNCTION change_log_append_only()""",
    """CREATE TRIGGER change_log_no_truncate BEFORE TRUNCATE ON change_log
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS change_log_no_truncate ON change_log",
    "DROP TRIGGER IF EXISTS change_log_no_update_delete ON change_log",
    "DROP FUNCTION IF EXISTS change_log_append_only()",
]


def _run(statements: list[str]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    _run(SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN)

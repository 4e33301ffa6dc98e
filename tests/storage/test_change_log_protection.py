"""The change log is append-only in the database itself (migration 0003), on both engines."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from sigma_desktop.storage import migrate
from sigma_desktop.storage.schema_guard import known_revisions


def _first_seq(sigma) -> int:
    with sigma.db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT min(seq) FROM change_log").scalar()


@pytest.mark.parametrize("sql", [
    "UPDATE change_log SET user_dni = '99999999' WHERE seq = {seq}",
    "UPDATE change_log SET changes = '{{}}'",
    "DELETE FROM change_log WHERE seq = {seq}",
    "DELETE FROM change_log",
])
def test_change_log_rows_cannot_be_changed_or_removed(sigma, sql):
    sigma.masters.add_dre("030000", "DRE Apurímac", "03")  # at least one entry
    seq = _first_seq(sigma)
    with sigma.db.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT * FROM change_log ORDER BY seq").fetchall()
    with pytest.raises(DBAPIError, match="solo anexado"):
        with sigma.db.session(write=True) as s:
            s.connection().exec_driver_sql(sql.format(seq=seq))
    with sigma.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT * FROM change_log ORDER BY seq").fetchall() == before


def test_appending_still_works(sigma):
    with sigma.db.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar()
    sigma.masters.add_dre("030000", "DRE Apurímac", "03")
    with sigma.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM change_log").scalar() == before + 1


@pytest.mark.postgres
def test_truncate_is_refused_on_postgresql(pg_url):
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(pg_url)

    sigma.sign_in_as_system()
    try:
        sigma.setup.initialize()
        sigma.masters.add_dre("030000", "DRE Apurímac", "03")
        with pytest.raises(DBAPIError, match="solo anexado"):
            with sigma.db.session(write=True) as s:
                s.connection().exec_driver_sql("TRUNCATE change_log")
    finally:
        sigma.close()


def test_downgrading_0003_removes_the_protection(database_url):
    from sigma_desktop.storage.database import Database

    db = Database(database_url)
    try:
        migrate.upgrade(db)
        migrate.downgrade(db, known_revisions()[known_revisions().index("0003") - 1])
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM change_log")  # no trigger left behind
    finally:
        db.dispose()
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(database_url)

    sigma.sign_in_as_system()
    try:
        sigma.setup.initialize()  # back to head: protected again
        sigma.masters.add_dre("030000", "DRE Apurímac", "03")
        with pytest.raises(DBAPIError, match="solo anexado"):
            with sigma.db.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM change_log")
    finally:
        sigma.close()

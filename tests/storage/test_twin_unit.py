"""A twin unit reads exactly what its unit reads, or is not handed out at all."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from sigma_desktop.storage import migrate
from sigma_desktop.storage import models as m
from sigma_desktop.storage.database import Database
from sigma_desktop.storage.twin_unit import twin
from sigma_desktop.storage.unit import unit


def _migrated(url: str):
    database = Database(url)
    migrate.upgrade(database)
    return database


@pytest.fixture
def db(database_url):
    database = _migrated(database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url):
    """SQLite only: on PostgreSQL at READ COMMITTED each statement reads the latest commit anyway."""
    database = _migrated(sqlite_url)
    yield database
    database.dispose()


def _add_dre(db: Database, code: str) -> None:
    with unit(db, write=True) as u:  # an ordinary write: it appends to the change log
        u.add(m.Dre(code=code, name=f"DRE {code}"))


def _dres(u) -> int:
    return u.scalar(select(func.count()).select_from(m.Dre))


def test_twin_sees_the_same_data_and_works_from_another_thread(db):
    _add_dre(db, "D1")
    with unit(db, write=False) as u, twin(u) as side:
        assert side is not None
        seen = []
        worker = threading.Thread(target=lambda: seen.append(_dres(side)))
        worker.start()
        worker.join()
        assert seen == [_dres(u)]


def test_no_twin_when_a_commit_landed_after_the_unit_started_reading(sqlite_db):
    db = sqlite_db
    _add_dre(db, "D1")
    with unit(db, write=False) as u:
        before = _dres(u)  # the unit's snapshot starts here
        _add_dre(db, "D2")  # another PC's commit, after it
        with twin(u) as side:
            assert side is None  # a twin would see D2, the unit does not
        assert _dres(u) == before


def test_no_twin_for_a_write_unit(db):
    _add_dre(db, "D1")
    with unit(db, write=True) as u, twin(u) as side:
        assert side is None


def test_no_twin_for_an_in_memory_database():
    db = _migrated("sqlite://")
    try:
        with unit(db, write=False) as u, twin(u) as side:
            assert side is None
    finally:
        db.dispose()


def test_query_rows_are_tuples_with_or_without_a_twin(sqlite_db):
    """The aggregate queries hand rows over as one JSON value while a twin works (storage/twin_unit.py):
    the caller still gets tuples, equal to the ones it gets alone."""
    from sigma_desktop.storage.indicator_queries import _rows

    for code in ("D1", "D2", "D3"):
        _add_dre(sqlite_db, code)
    stmt = select(m.Dre.code, m.Dre.name).order_by(m.Dre.code)
    with unit(sqlite_db, write=False) as u:
        alone = _rows(u, stmt)
        with twin(u) as side:
            assert side is not None
            beside, mine = _rows(side, stmt), _rows(u, stmt)
    assert alone == beside == mine == [("D1", "DRE D1"), ("D2", "DRE D2"), ("D3", "DRE D3")]
    assert all(type(r) is tuple for r in alone + beside + mine)

"""Shared fixtures: a fresh database on SQLite (a real file) and on a real PostgreSQL server."""
from __future__ import annotations

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.pg_server import PgCluster

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    url = os.environ.get("SIGMA_TEST_PG_URL")
    if url:
        yield _External(url)
        return
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


class _External:
    def __init__(self, url: str):
        self._url = url.rsplit("/", 1)[0]

    def url(self, database: str = "postgres") -> str:
        return f"{self._url}/{database}"


def _create_pg_database(cluster) -> str:
    import psycopg

    name = f"sigma_t{os.getpid()}_{next(_counter)}"
    admin = cluster.url("postgres").replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sigma.sqlite3'}"
    return _create_pg_database(request.getfixturevalue("pg_cluster"))


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'sigma.sqlite3'}"


@pytest.fixture
def pg_url(pg_cluster):
    return _create_pg_database(pg_cluster)


def _open(url):
    from sigma_desktop.services import Sigma

    sigma = Sigma.open(url)
    sigma.setup.initialize()
    return sigma


@pytest.fixture
def sigma(database_url):
    """An initialised database (schema, ubigeo, catalogues) on both engines, nobody signed in."""
    s = _open(database_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_sigma(sqlite_url):
    s = _open(sqlite_url)
    yield s
    s.close()

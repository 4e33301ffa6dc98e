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

    sigma.sign_in_as_system()
    sigma.setup.initialize()
    return sigma


# Initialising a database (migrations, 1,891 ubigeos, catalogues) and building a test world with
# argon2-hashed users takes seconds; each is done once per engine and session, then cloned per test:
# a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL.
_templates: dict[tuple[str, str], tuple[str, object]] = {}


def _empty_url(engine: str, request, directory) -> str:
    if engine == "sqlite":
        return f"sqlite:///{directory / f'sigma-{next(_counter)}.sqlite3'}"
    return _create_pg_database(request.getfixturevalue("pg_cluster"))


def _clone(engine: str, template_url: str, request, tmp_path) -> str:
    if engine == "sqlite":
        import shutil

        target = tmp_path / f"sigma-{next(_counter)}.sqlite3"
        shutil.copyfile(template_url.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    import psycopg

    cluster = request.getfixturevalue("pg_cluster")
    name = f"sigma_t{os.getpid()}_{next(_counter)}"
    template = template_url.rsplit("/", 1)[1]
    admin = cluster.url("postgres").replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return cluster.url(name)


def prepared_url(request, tmp_path, engine: str, key: str, builder=None) -> tuple[str, object]:
    """A fresh copy of a database initialised (and optionally filled by `builder(sigma)`) once."""
    if (engine, key) not in _templates:
        directory = request.getfixturevalue("tmp_path_factory").mktemp("templates")
        url = _empty_url(engine, request, directory)
        sigma = _open(url)
        payload = builder(sigma) if builder else None
        sigma.close()  # SQLite checkpoints its WAL on close; PostgreSQL templates need no sessions
        _templates[(engine, key)] = (url, payload)
    url, payload = _templates[(engine, key)]
    return _clone(engine, url, request, tmp_path), payload


ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=ENGINES)
def engine_name(request):
    return request.param


@pytest.fixture
def sigma(request, tmp_path, engine_name):
    """An initialised database (schema, ubigeo, catalogues) on both engines, nobody signed in."""
    from sigma_desktop.services import Sigma

    url, _ = prepared_url(request, tmp_path, engine_name, "initialised")
    s = Sigma.open(url)
    s.sign_in_as_system()
    yield s
    s.close()


@pytest.fixture
def sqlite_sigma(request, tmp_path):
    from sigma_desktop.services import Sigma

    url, _ = prepared_url(request, tmp_path, "sqlite", "initialised")
    s = Sigma.open(url)
    s.sign_in_as_system()
    yield s
    s.close()


def _world(request, tmp_path, engine):
    import dataclasses

    from sigma_desktop.services import Sigma
    from tests.world import build

    url, template = prepared_url(request, tmp_path, engine, "world", build)
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    yield dataclasses.replace(template, sigma=sigma)
    sigma.close()


@pytest.fixture
def world(request, tmp_path, engine_name):
    """The small hand-built world (tests/world.py), on SQLite and on PostgreSQL."""
    yield from _world(request, tmp_path, engine_name)


@pytest.fixture
def sqlite_world(request, tmp_path):
    yield from _world(request, tmp_path, "sqlite")

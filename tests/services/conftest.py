import dataclasses

import pytest

from sigma_desktop.services import Sigma
from tests.conftest import prepared_url

from .world import build


def _world(request, tmp_path, engine):
    url, template = prepared_url(request, tmp_path, engine, "world", build)
    sigma = Sigma.open(url)
    yield dataclasses.replace(template, sigma=sigma)
    sigma.close()


@pytest.fixture
def world(request, tmp_path, engine_name):
    """The small hand-built world (tests/services/world.py), on SQLite and on PostgreSQL."""
    yield from _world(request, tmp_path, engine_name)


@pytest.fixture
def sqlite_world(request, tmp_path):
    yield from _world(request, tmp_path, "sqlite")

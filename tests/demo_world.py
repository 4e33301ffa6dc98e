"""The small demo (services/demo, year 2017) as a fixture for the report, CLI and panel tests.

Built once per test session on SQLite and copied per test (tests/conftest.prepared_url). Import the
fixture into a test module: `from tests.demo_world import demo  # noqa: F401`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

PASSWORD = "demo-clave-2017"
YEAR = 2017


@dataclass
class Demo:
    sigma: object
    url: str
    users: dict[str, list[str]] = field(default_factory=dict)  # role → DNIs

    def sign_in(self, role: str, index: int = 0):
        return self.sigma.auth.sign_in(self.users[role][index], PASSWORD)


def _build(sigma) -> dict:
    sigma.demo.generate("small", 1, YEAR, password=PASSWORD)
    users: dict[str, list[str]] = {}
    for row in sigma.users.list():
        users.setdefault(row.role, []).append(row.dni)
    return users


@pytest.fixture
def demo(request, tmp_path):
    from sigma_desktop.services import Sigma
    from tests.conftest import prepared_url

    url, users = prepared_url(request, tmp_path, "sqlite", "demo-small-2017", _build)
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    yield Demo(sigma, url, users)
    sigma.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_any(request, tmp_path):
    """The small demo on SQLite and on PostgreSQL (the exports' queries run on both engines)."""
    from sigma_desktop.services import Sigma
    from tests.conftest import prepared_url

    url, users = prepared_url(request, tmp_path, request.param, "demo-small-2017", _build)
    sigma = Sigma.open(url)
    sigma.sign_in_as_system()
    yield Demo(sigma, url, users)
    sigma.close()

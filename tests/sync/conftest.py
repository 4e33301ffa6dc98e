"""A real PostgreSQL hub (the hand-built world of tests/world.py) and SQLite replicas made from it."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.world import COACH_EIB, COACH_EIB2, COACH_MG, COACH_MG2, GESTOR, PASSWORD, RCI, World, build

# the people of UGEL Grau in the world: those a UGEL replica of Grau acts as, unless a test says otherwise
GRAU_PEOPLE = (COACH_MG, COACH_MG2, COACH_EIB, COACH_EIB2, GESTOR, RCI)

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _private_credentials(tmp_path, monkeypatch):
    """Replica tokens go to a file of this test's data folder, never to the user's keyring."""
    folder = tmp_path / "datos"
    folder.mkdir()
    monkeypatch.setenv("SIGMA_DATA_DIR", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@dataclass
class Net:
    """One hub and the replicas a test makes from it."""

    hub: object                      # Sigma on the PostgreSQL hub
    world: World                     # ids of the hand-built world
    tmp: Path
    replicas: dict = field(default_factory=dict)   # name → Sigma
    tokens: dict = field(default_factory=dict)     # name → token
    urls: dict = field(default_factory=dict)       # name → SQLite URL

    @property
    def endpoint(self):
        return self.hub.sync.hub.endpoint()

    def client(self, name: str):
        from sigma_desktop.services.hub.service import LocalHub

        return LocalHub(self.endpoint, self.tokens[name])

    def add_replica(self, name: str, ugel: str = "030007", coach: str | None = None, users=None):
        """A replica of a UGEL (acting as `users`: by default the people of UGEL Grau in the world) or of
        one coach's work."""
        from sigma_desktop.services import Sigma
        from sigma_desktop.services.sync import create_replica

        if users is None:
            users = () if coach else GRAU_PEOPLE
        from sigma_desktop.domain.permissions import SYSTEM

        ctx = self.hub._ctx  # noqa: SLF001 - registering replicas is the command line's (as the system)
        actor, ctx.actor = ctx.actor, SYSTEM
        try:
            node = self.hub.sync.hub.add_node(f"Réplica {name}", ugel, coach, users)
        finally:
            ctx.actor = actor
        url = f"sqlite:///{self.tmp / f'replica-{name}.sqlite3'}"
        create_replica(url, "http://hub.invalid", node.token, hub=LocalHub(self.endpoint, node.token))
        sigma = Sigma.open(url)
        sigma.sign_in_as_system()
        sigma.setup.initialize()
        self.replicas[name], self.tokens[name], self.urls[name] = sigma, node.token, url
        return sigma

    def sync(self, name: str, **kwargs):
        return self.replicas[name].sync.sync(hub=self.client(name), **kwargs)

    def close(self) -> None:
        for sigma in self.replicas.values():
            sigma.close()
        self.hub.close()


from sigma_desktop.services.hub.service import LocalHub  # noqa: E402


def sign_in(sigma, dni: str):
    return sigma.auth.sign_in(dni, PASSWORD)


def user_id(sigma, dni: str):
    from sqlalchemy import select

    from sigma_desktop.storage import models as m

    with sigma.db.session() as s:
        return s.scalar(select(m.UserAccount.id).where(m.UserAccount.dni == dni))


def write_as(sigma, dni: str):
    """A write session whose changes are logged as this person's (id and DNI), as a service's would be."""
    return sigma.db.session(write=True, user_id=user_id(sigma, dni), user_dni=dni)


@pytest.fixture
def net(request, tmp_path):
    import dataclasses

    from sigma_desktop.services import Sigma
    from tests.conftest import prepared_url

    url, template = prepared_url(request, tmp_path, "postgresql", "world", build)
    hub = Sigma.open(url)
    hub.sign_in_as_system()
    hub.sync.hub.init()
    n = Net(hub, dataclasses.replace(template, sigma=hub), tmp_path)
    yield n
    n.close()


def hub_url_of(sigma) -> str:
    return sigma.db.url.render_as_string(hide_password=False)


def env_for_subprocess() -> dict:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    return env

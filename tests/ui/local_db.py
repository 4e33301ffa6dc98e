"""A local database file made the way the app makes one, for tests that open it from the UI."""
from __future__ import annotations

from sigma_desktop.services import Sigma


def local_database_with_admin(path, dni: str, name: str, password: str) -> None:
    """A new local database file at `path` with its schema and one administrator."""
    sigma = Sigma.open(f"sqlite:///{path}")
    sigma.sign_in_as_system()
    sigma.setup.initialize()
    sigma.users.add(dni, name, "administrador", password)
    sigma.close()

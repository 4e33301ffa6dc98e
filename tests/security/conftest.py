"""Attacks performed for real: against a hub on the test PostgreSQL server (served over HTTP on the
loopback), against replicas edited as their owner could edit them, and against the `sigma` command.

Each test asserts the refusal and that the database attacked is unchanged (`Snapshot`): every row of the
data tables and the change log are the same, except the records of the refusal itself (a conflict
record of kind `no_autorizado` or `rechazado`, and its receipt), which the test names.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from sigma_desktop.storage import models as m
from sigma_desktop.storage import sync_store as ss
from sigma_desktop.storage.sync_models import SyncConflict
from sigma_desktop.storage.unit import Unit
from tests.sync.conftest import _private_credentials, net  # noqa: F401 - the hub and replicas fixtures

DATA = tuple(e for e in ss.ORDER if e != "sync_conflict")


@dataclass
class Snapshot:
    rows: dict            # entity → {id: row} of every data table
    log: dict             # change id → (entity, entity id, changes) of entries that are not conflict records
    conflicts: dict       # conflict id → (kind, entity id)

    @classmethod
    def of(cls, sigma) -> "Snapshot":
        with sigma.db.session() as s:
            u = Unit(s)
            rows = {e: ss.live_rows(u, e) for e in DATA}
            log = {str(c.change_id): (c.entity, str(c.entity_id), c.changes)
                   for c in s.scalars(select(m.ChangeLog).where(m.ChangeLog.entity != "sync_conflict"))}
            conflicts = {str(c.id): (c.kind, str(c.entity_id)) for c in s.scalars(select(SyncConflict))}
        return cls(rows, log, conflicts)

    def assert_unchanged(self, sigma) -> list:
        """Asserts every data row and change-log entry is as before; returns the new conflict records."""
        after = Snapshot.of(sigma)
        for entity in DATA:
            assert after.rows[entity] == self.rows[entity], f"{entity} changed"
        assert after.log == self.log, "the change log changed"
        return [v for k, v in after.conflicts.items() if k not in self.conflicts]


@pytest.fixture
def served(net):  # noqa: F811
    from sigma_desktop.sync.http import HubServer

    server = HubServer(net.hub.sync.hub.endpoint(), "127.0.0.1", 0).start()
    yield server
    server.stop()

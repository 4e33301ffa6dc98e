"""The sync process killed (SIGKILL) in the middle of its work, then run again: nothing lost, nothing twice.

The client is the real command (`python -m sigma_desktop.cli sync`) in a subprocess, talking HTTP to a
hub served from this process on the loopback.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from sigma_desktop.storage import models as m
from sigma_desktop.storage.sync_models import SyncReceipt
from sigma_desktop.sync.http import HubServer
from tests.sync.conftest import GRAU_PEOPLE, env_for_subprocess, write_as
from tests.world import COACH_MG, YEAR

from tests.platforms import linux_only

pytestmark = [pytest.mark.postgres, pytest.mark.slow, linux_only("SIGKILL (POSIX signals)")]


class HoldAfterPush:
    """Wraps the hub's endpoint: after committing push number `n`, tells the test and holds the answer."""

    def __init__(self, inner, n: int):
        self.inner, self.n, self.pushes = inner, n, 0
        self.committed, self.release = threading.Event(), threading.Event()

    def handle(self, call, token, body):
        result = self.inner.handle(call, token, body)
        if call == "push":
            self.pushes += 1
            if self.pushes == self.n:
                self.committed.set()
                self.release.wait(60)
        return result


def _add_activities(sigma, world, count: int, month: int, user_dni: str = COACH_MG) -> None:
    coach = world.coaches[COACH_MG]
    with sigma.db.session() as s:
        c = s.get(m.Coach, coach)
        intervention, ugel = c.intervention_id, c.ugel_id
    teachers = [world.teachers[f"4000000{i}"] for i in (1, 2, 3)]
    with write_as(sigma, user_dni) as s:
        for i in range(count):
            s.add(m.Activity(kind="visita", coach_id=coach, intervention_id=intervention, ugel_id=ugel,
                             year=YEAR, month=month, teacher_id=teachers[i % 3], visit_type="desarrollo",
                             planned_date=date(YEAR, month, 1 + i % 28), topic=f"Visita {i}"))


def _sync(url: str, batch: int = 500) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sigma_desktop.cli", "--db", url, "sync", "--batch", str(batch)],
                            env=env_for_subprocess(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _local_change_ids(replica) -> list:
    with replica.db.session() as s:
        return list(s.scalars(select(m.ChangeLog.change_id).where(m.ChangeLog.node == replica.db.node)))


def _rows(sigma, ugel_id) -> dict:
    with sigma.db.session() as s:
        return {a.id: (a.version, a.topic, a.month, a.deleted_at is None)
                for a in s.scalars(select(m.Activity).where(m.Activity.ugel_id == ugel_id))}


@pytest.fixture
def served(net):
    holder = HoldAfterPush(net.hub.sync.hub.endpoint(), n=2)
    server = HubServer(holder, "127.0.0.1", 0).start()
    yield holder, server
    holder.release.set()
    server.stop()


def _replica_over_http(net, server, name="laptop"):
    from sigma_desktop.services import Sigma
    from sigma_desktop.services.sync import create_replica

    node = net.hub.sync.hub.add_node(f"Réplica {name}", "030007", users=GRAU_PEOPLE)
    url = f"sqlite:///{net.tmp / f'{name}.sqlite3'}"
    create_replica(url, server.url, node.token)
    replica = Sigma.open(url)
    replica.sign_in_as_system()
    replica.setup.initialize()
    net.replicas[name], net.tokens[name], net.urls[name] = replica, node.token, url
    return replica, url


def test_killed_between_the_hubs_commit_and_the_acknowledgement(net, served):
    holder, server = served
    replica, url = _replica_over_http(net, server)
    _add_activities(replica, net.world, 3000, month=4)
    mine = _local_change_ids(replica)
    assert len(mine) == 3000

    proc = _sync(url, batch=500)
    assert holder.committed.wait(120), proc.communicate(timeout=5)
    # the hub has committed the second batch; its answer has not reached the replica
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    holder.release.set()
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 1000
    assert replica.sync.status().pending == 2500  # only the first batch was acknowledged

    done = _sync(url, batch=500)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert "500 ya estaban en el servidor" in out  # the second batch again: acknowledged, not applied
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 3000
        applied = s.scalar(select(func.count()).select_from(m.ChangeLog).where(m.ChangeLog.change_id.in_(mine)))
        assert applied == 3000
    assert replica.sync.status().pending == 0
    ugel = _ugel_of(net)
    assert _rows(replica, ugel) == _rows(net.hub, ugel)


def _ugel_of(net):
    with net.hub.db.session() as s:
        return s.get(m.Coach, net.world.coaches[COACH_MG]).ugel_id


def test_killed_at_random_points_of_push_and_pull_then_run_again(net, served):
    holder, server = served
    holder.n = 10 ** 9  # no hold: plain kills at random moments
    replica, url = _replica_over_http(net, server)
    _add_activities(replica, net.world, 2500, month=5)        # to push: 13 batches
    _add_activities(net.hub, net.world, 2500, month=6)        # to pull: 13 batches
    mine = _local_change_ids(replica)
    rng = random.Random(20261126)
    kills = {"sync.pushed_seq": 0, "sync.cursor": 0}
    # each run is killed once it has made progress in the phase wanted (a batch acknowledged or applied),
    # a random moment later: in the middle of the next batch, whatever the speed of the machine
    for key in ("sync.pushed_seq", "sync.pushed_seq", "sync.cursor", "sync.cursor", "sync.cursor"):
        before = _state(replica)
        proc = _sync(url, batch=200)
        deadline = time.monotonic() + 120
        while proc.poll() is None and _state(replica)[key] == before[key] and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills[key] += 1
        proc.wait(30)
    assert kills["sync.pushed_seq"] >= 1 and kills["sync.cursor"] >= 1, kills
    done = _sync(url, batch=200)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert replica.sync.status().pending == 0
    with net.hub.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncReceipt)) == 2500
        assert s.scalar(select(func.count()).select_from(m.ChangeLog)
                        .where(m.ChangeLog.change_id.in_(mine))) == 2500
    with replica.db.session() as s:  # every hub entry once in the replica's log
        hub_ids = _hub_activity_change_ids(net)
        assert s.scalar(select(func.count()).select_from(m.ChangeLog)
                        .where(m.ChangeLog.change_id.in_(hub_ids))) == len(hub_ids)
    ugel = _ugel_of(net)
    assert _rows(replica, ugel) == _rows(net.hub, ugel)
    assert len(_rows(replica, ugel)) >= 5000


def _state(replica) -> dict:
    with replica.db.session() as s:
        rows = dict(s.execute(select(m.AppMeta.key, m.AppMeta.value).where(m.AppMeta.key.like("sync.%"))).all())
    return {"sync.pushed_seq": rows.get("sync.pushed_seq"), "sync.cursor": rows.get("sync.cursor")}


def _hub_activity_change_ids(net) -> list:
    with net.hub.db.session() as s:
        return list(s.scalars(select(m.ChangeLog.change_id).where(
            m.ChangeLog.entity == "activity", m.ChangeLog.node == net.hub.db.node)))


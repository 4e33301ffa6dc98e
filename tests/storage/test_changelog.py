"""The change log is complete: replaying it rebuilds every synced row, whatever path wrote it."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import inspect, select

from sigma_desktop.storage import models as m
from sigma_desktop.domain.canonical_json import json_value
from tests.world import COACH_MG, GESTOR, RATINGS_2018, RCI, YEAR


def _exercise(world):
    s = world.sigma
    world.sign_in(COACH_MG)
    v = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4)
    s.registration.register_visit(v.id, date(YEAR, 4, 9), RATINGS_2018)
    s.registration.register_visit(v.id, date(YEAR, 4, 10), {**RATINGS_2018, 1: 3})  # correction
    world.sign_in(GESTOR)
    s.validation.observe(s.planning.get(v.id).execution_id, "Revise la fecha")
    world.sign_in(RCI)
    s.trash.delete_execution(s.planning.get(v.id).execution_id, "Registro erróneo")


def test_replaying_the_log_rebuilds_every_row(world):
    _exercise(world)
    with world.sigma.db.session() as session:
        log = session.scalars(select(m.ChangeLog).order_by(m.ChangeLog.seq)).all()
        replay: dict[tuple[str, str], dict] = {}
        versions: dict[tuple[str, str], int] = {}
        for e in log:
            key = (e.entity, str(e.entity_id))
            row = replay.setdefault(key, {})
            if e.op == "insert":
                assert not row, f"second insert for {key}"
            for field, (_old, new) in json.loads(e.changes).items():
                row[field] = new
            assert e.new_version == versions.get(key, 0) + 1, "versions grow by one per change"
            assert e.base_version == versions.get(key)
            versions[key] = e.new_version
        total = 0
        for model in m.SYNC_MODELS:
            columns = [c.key for c in inspect(model).column_attrs if c.key not in m.BOOKKEEPING]
            for obj in session.scalars(select(model)):
                total += 1
                key = (model.__tablename__, str(obj.id))
                assert key in replay, f"{key} has no change-log entry"
                rebuilt = replay[key]
                for col in columns:
                    assert rebuilt.get(col) == json_value(getattr(obj, col)), (key, col)
                assert obj.version == versions[key]
        assert total == len(replay)


def test_physical_delete_is_refused(world):
    with pytest.raises(RuntimeError, match="physical delete"):
        with world.sigma.db.session(write=True) as s:
            s.delete(s.scalars(select(m.Teacher)).first())


def test_every_synced_table_is_an_entity_a_change_set_can_name():
    """Panels publish change sets by table name (the quality module: «quality_finding»): every synced table
    must be one, or marking a finding raised ValueError in the window."""
    from sigma_desktop.domain.changes import Entity
    from sigma_desktop.storage import models as m

    assert {c.__tablename__ for c in m.SYNC_MODELS} <= {e.value for e in Entity}

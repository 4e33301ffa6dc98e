"""Demo data: deterministic, realistic, obeying the rules that planning and registration enforce, and
fully written to the change log. Small scale on SQLite and PostgreSQL; the shares (85 % executed…) on a
UGEL-scale load on SQLite, where there are enough records for them to mean something."""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, inspect, select

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.errors import ValidationError
from sigma_desktop.services import Sigma
from sigma_desktop.services.auth import check_password_strength
from sigma_desktop.services.demo.service import random_password
from sigma_desktop.storage import bulk
from sigma_desktop.storage import models as m
from sigma_desktop.domain.canonical_json import json_value

PASSWORD = "demo-clave-2017"
LEVEL_OF = {"multigrado": {"primaria"}, "soporte_primaria": {"primaria"}, "eib": {"primaria", "inicial"},
            "jec_ingles": {"secundaria"}, "spsr": {"secundaria"}}


def _fresh(url: str) -> Sigma:
    s = Sigma.open(url)
    s.sign_in_as_system()
    s.setup.initialize()
    return s


def _rows(sigma: Sigma, model) -> list:
    with sigma.db.session() as s:
        rows = list(s.scalars(select(model)))
        s.expunge_all()  # detached before the read unit's rollback expires them
        return rows


class Data:
    """Every demo row, read once, indexed the way the checks need."""

    def __init__(self, sigma: Sigma):
        self.dres = _rows(sigma, m.Dre)
        self.ugels = {u.id: u for u in _rows(sigma, m.Ugel)}
        self.schools = {x.id: x for x in _rows(sigma, m.School)}
        self.teachers = {x.id: x for x in _rows(sigma, m.Teacher)}
        self.coaches = {x.id: x for x in _rows(sigma, m.Coach)}
        self.assignments = _rows(sigma, m.Assignment)
        self.users = _rows(sigma, m.UserAccount)
        self.activities = {a.id: a for a in _rows(sigma, m.Activity)}
        self.aparts = _rows(sigma, m.ActivityParticipant)
        self.executions = _rows(sigma, m.Execution)
        self.eparts = _rows(sigma, m.ExecutionParticipant)
        self.closings = _rows(sigma, m.MonthClosing)
        self.ubigeos = {u.code for u in _rows(sigma, m.Ubigeo)}
        self.interventions = {i.id: i.key for i in _rows(sigma, m.Intervention)}
        self.reasons = {r.id: r.code for r in _rows(sigma, m.SkipReason)}
        self.live = {e.activity_id: e for e in self.executions if e.deleted_at is None}
        # records written or changed by a person after the load: the few mistakes services/demo/mistakes.py
        # makes on purpose for the quality module (tests/services/test_quality.py finds each kind)
        with sigma.db.session() as s:
            self.planted = set(s.scalars(select(m.ChangeLog.entity_id).where(m.ChangeLog.user_id.is_not(None))))


def _check_rules(d: Data, year: int, today: date) -> None:
    now = datetime.now(timezone.utc)
    # --- organisation, codes and people -------------------------------------------------------------
    for dre in d.dres:
        assert len(dre.code) == 6 and dre.code.isdigit() and dre.name.startswith("DRE ")
    for ugel in d.ugels.values():
        assert len(ugel.code) == 6 and ugel.code.isdigit() and ugel.name.startswith("UGEL ")
    dre_dept = {x.id: x.department_code for x in d.dres}
    for s in d.schools.values():
        assert len(s.modular_code) == 7 and s.modular_code.isdigit() and s.annex == "0"
        assert len(s.local_code) == 6 and s.local_code.isdigit()
        assert s.ubigeo in d.ubigeos
        assert s.ubigeo[:2] == dre_dept[d.ugels[s.ugel_id].dre_id], "school outside its DRE's departamento"
        assert s.area in ("rural", "urbana") and s.level in ("inicial", "primaria", "secundaria")
    dnis = [t.dni for t in d.teachers.values() if t.id not in d.planted] + [c.dni for c in d.coaches.values()]
    assert len(set(dnis)) == len(dnis)
    assert all(len(x) == 8 and x.startswith("9") for x in dnis + [u.dni for u in d.users])
    # --- assignments --------------------------------------------------------------------------------
    generated = [a for a in d.assignments if a.id not in d.planted]
    per_coach = Counter(a.coach_id for a in generated)
    assert all(8 <= per_coach[c] <= 15 for c in d.coaches), per_coach
    per_teacher = defaultdict(list)
    for a in generated:
        key = d.interventions[a.intervention_id]
        assert key == d.interventions[d.coaches[a.coach_id].intervention_id]
        assert d.schools[d.teachers[a.teacher_id].school_id].level in LEVEL_OF[key]
        assert (a.exclusive_key is None) == (key == "eib")
        per_teacher[a.teacher_id].append(key)
    assert all(len(v) == 1 or set(v) == {"eib"} for v in per_teacher.values()), "2 coaches only in EIB"
    no_plan = {(a.teacher_id, a.coach_id) for a in d.assignments if a.no_plan}
    assigned = {(a.teacher_id, a.coach_id) for a in d.assignments}
    # --- plans ----------------------------------------------------------------------------------------
    visits = defaultdict(list)  # teacher → visits of every coach
    for a in d.activities.values():
        assert a.year == year and (a.month <= today.month or year < today.year)
        assert a.planned_date is not None and (a.planned_date.year, a.planned_date.month) == (year, a.month)
        assert a.ugel_id == d.coaches[a.coach_id].ugel_id
        if a.kind == "visita":
            assert (a.teacher_id, a.coach_id) in assigned and (a.teacher_id, a.coach_id) not in no_plan
            assert a.school_id == d.teachers[a.teacher_id].school_id
            visits[a.teacher_id].append(a)
    for teacher_id, vs in visits.items():
        types = [v.visit_type for v in sorted(vs, key=lambda v: v.month)]
        assert types.count("diagnostica") <= 1
        if "diagnostica" in types:
            diag = next(v for v in vs if v.visit_type == "diagnostica")
            assert all(v.month > diag.month for v in vs if v is not diag), "diagnóstica first"
        else:  # the teacher's first coach plans from the first month: only a current-year cut hides it
            assert year == today.year
        months = Counter((v.coach_id, v.month) for v in vs)
        assert max(months.values()) == 1, "one visit per teacher, coach and month"
    convened = defaultdict(set)
    for p in d.aparts:
        convened[p.activity_id].add(p.teacher_id or p.school_id)
        if p.teacher_id is not None:
            assert (p.teacher_id, d.activities[p.activity_id].coach_id) in assigned
    for a in d.activities.values():
        if a.kind in ("gia", "taller"):
            assert len(convened[a.id]) >= 2 and a.topic
        if a.kind == "ruta":
            assert convened[a.id] and a.allowance_assigned_cents > 0 and 1 <= a.planned_days <= 31
    # --- executions -------------------------------------------------------------------------------------
    items = (1, 2, 3, 4, 5, 6) if year == 2017 else (1, 3, 4, 5, 6)
    gestor = {u.ugel_id: u.id for u in d.users if u.role == "gestor_local"}
    rci = {u.ugel_id: u.id for u in d.users if u.role == "rci"}
    closed = {(c.ugel_id, c.month) for c in d.closings if c.id not in d.planted}  # as the generator closed them
    attended = defaultdict(list)
    for p in d.eparts:
        attended[p.execution_id].append(p)
    live_per_activity = Counter(e.activity_id for e in d.executions if e.deleted_at is None)
    assert all(n == 1 for n in live_per_activity.values()), "one live execution per activity"
    seen_days = set()
    for e in d.executions:
        a = d.activities[e.activity_id]
        assert (e.executed_on.year, e.executed_on.month) == (year, a.month) and e.executed_on <= today
        if e.id in d.planted or a.id in d.planted:
            continue
        if e.deleted_at is not None:
            assert e.deleted_by == rci[a.ugel_id] and e.deleted_reason and e.deleted_at <= now
            assert a.kind in ("visita", "gia", "taller", "ruta") and a.visit_type != "diagnostica"
            assert (a.ugel_id, a.month) not in closed
            continue
        if e.outcome == "no_ejecutada":
            code = d.reasons[e.skip_reason_id]
            assert (e.skip_note is not None) == (code == "otro")
            assert e.validation_state == "pendiente" and e.validated_by is None
            assert all(getattr(e, f"level_{n}") is None for n in range(1, 7))
            continue
        assert e.outcome == "ejecutada" and e.skip_reason_id is None
        if e.validation_state != "pendiente":
            assert e.validated_by == gestor[a.ugel_id] and e.validated_at <= now
            assert e.validated_at.date() >= e.executed_on
            assert (e.validation_comment is not None) == (e.validation_state == "observada")
        if (a.ugel_id, a.month) in closed:
            assert e.validation_state == "validada", "a closed month holds validated records only"
        levels = {n: getattr(e, f"level_{n}") for n in range(1, 7)}
        if a.kind == "visita":
            assert all(levels[n] in (1, 2, 3, 4) for n in items)
            assert all(levels[n] is None for n in range(1, 7) if n not in items)
            key = (a.teacher_id, a.coach_id, e.executed_on)
            assert key not in seen_days, "two executed visits to a teacher on one day"
            seen_days.add(key)
            if a.visit_type != "diagnostica":
                diag = next(v for v in visits[a.teacher_id] if v.visit_type == "diagnostica")
                de = d.live.get(diag.id)
                assert de is not None and de.outcome == "ejecutada" and de.executed_on < e.executed_on
        else:
            assert all(v is None for v in levels.values())
        if a.kind == "gia":
            present = [p for p in attended[e.id] if p.attended]
            assert len(present) >= 2 and {p.teacher_id for p in attended[e.id]} <= convened[a.id]
            assert 1 <= e.hours <= 80
        if a.kind == "taller":
            assert any(p.attended for p in attended[e.id]) and e.days >= 1
        if a.kind == "ruta":
            assert attended[e.id] and {p.school_id for p in attended[e.id]} <= convened[a.id]
            assert 0 < e.allowance_spent_cents <= a.allowance_assigned_cents
        if a.kind == "visita_social":
            assert e.parents + e.elders + e.authorities > 0
            assert d.interventions[a.intervention_id] == "eib"
        if a.kind == "materiales":
            assert 0 < e.quantity_delivered <= a.quantity_planned
    # --- users ----------------------------------------------------------------------------------------
    roles = Counter(u.role for u in d.users)
    assert roles["administrador"] == 1 and roles["gestor_regional"] == len(d.dres)
    assert roles["gestor_local"] == roles["rci"] == roles["coordinador_calidad"] == len(d.ugels)
    assert roles["ap"] == len(d.coaches)
    coach_by_dni = {c.dni: c for c in d.coaches.values()}
    for u in d.users:
        if u.role == "ap":
            assert coach_by_dni[u.dni].id == u.coach_id and u.ugel_id == coach_by_dni[u.dni].ugel_id
    assert len({u.password_hash for u in d.users}) == 1, "one shared hash"


# --- small scale, both engines -----------------------------------------------------------------------

def test_small_demo_obeys_the_rules(sigma):
    report = sigma.demo.generate("small", seed=1, year=2017, password=PASSWORD)
    d = Data(sigma)
    _check_rules(d, 2017, today_lima())
    assert len(d.ugels) in (1, 2) and 5 <= len(d.coaches) <= 8 and 50 <= len(d.teachers) <= 90
    assert {d.interventions[c.intervention_id] for c in d.coaches.values()} == set(LEVEL_OF)
    assert report.counts["teacher"] == len(d.teachers) and report.counts["activity"] == len(d.activities)
    assert report.counts["execution"] == len(d.executions)
    assert report.users["ap"] and len(report.users["administrador"]) == 1
    assert d.closings, "a UGEL closed its oldest months"
    assert report.password == PASSWORD and not report.password_generated
    # the demo users sign in with the shared password
    actor = sigma.auth.sign_in(report.users["ap"][0], PASSWORD)
    assert actor.coach_id is not None
    assert sigma.auth.sign_in(report.users["gestor_local"][0], PASSWORD).role.value == "gestor_local"


def test_change_log_has_one_insert_per_row_and_replays_every_row(sigma):
    """The generator's rows are inserted by the system, each with one entry that replays it; the few
    mistakes made afterwards (services/demo/mistakes.py) are a person's own logged writes."""
    report = sigma.demo.generate("small", seed=3, password=PASSWORD)
    with sigma.db.session() as s:
        system = Counter(s.execute(select(m.ChangeLog.entity, m.ChangeLog.op)
                                   .where(m.ChangeLog.user_id.is_(None))).all())
        people = Counter(s.execute(select(m.ChangeLog.entity, m.ChangeLog.op, m.ChangeLog.user_dni)
                                   .where(m.ChangeLog.user_id.is_not(None))).all())
        assert all(op == "insert" for _entity, op in system), "the generator only inserts"
        assert people and all(dni != "00000000" for _e, _op, dni in people)
        planted = set(s.scalars(select(m.ChangeLog.entity_id).where(m.ChangeLog.user_id.is_not(None))))
        inserted_by_people = Counter(e for (e, op, _dni), n in people.items() for _ in range(n) if op == "insert")
        for model in m.SYNC_MODELS:
            assert system[(model.__tablename__, "insert")] + inserted_by_people[model.__tablename__] == s.scalar(
                select(func.count()).select_from(model)), model.__tablename__
        logged = {}
        for entity, entity_id, changes, version in s.execute(
                select(m.ChangeLog.entity, m.ChangeLog.entity_id, m.ChangeLog.changes, m.ChangeLog.new_version)
                .where(m.ChangeLog.user_id.is_(None))):
            logged[(entity, entity_id)] = (json.loads(changes), version)
        for model in (m.School, m.Teacher, m.Assignment, m.UserAccount, m.Activity, m.ActivityParticipant,
                      m.Execution, m.ExecutionParticipant, m.MonthClosing):
            columns = [c.key for c in inspect(model).column_attrs if c.key not in m.BOOKKEEPING]
            for obj in s.scalars(select(model)):
                if obj.id in planted:
                    continue
                changes, version = logged[(model.__tablename__, obj.id)]
                assert version == obj.version == 1
                expected = {c: [None, json_value(getattr(obj, c))] for c in columns if getattr(obj, c) is not None}
                assert changes == expected, (model.__tablename__, obj.id)
        total = s.scalar(select(func.count()).select_from(m.ChangeLog)
                         .where(m.ChangeLog.entity.not_in(["intervention", "skip_reason", "rubric_version",
                                                           "rubric_item", "protocol"])))
    assert report.counts["change_log"] == total
    assert report.counts["change_log"] == sum(v for k, v in report.counts.items() if k != "change_log") + sum(
        n for (e, op, _d), n in people.items() if op != "insert")
    assert report.details["quality_changes"] == sum(people.values())


def test_a_second_load_is_refused(sigma):
    sigma.demo.generate("small", seed=1, password=PASSWORD)
    before = {m.__tablename__: len(_rows(sigma, m)) for m in (m.Teacher, m.Activity, m.ChangeLog)}
    with pytest.raises(ValidationError, match="ya tiene acompañantes o docentes"):
        sigma.demo.generate("small", seed=2, password=PASSWORD)
    assert before == {m.__tablename__: len(_rows(sigma, m)) for m in (m.Teacher, m.Activity, m.ChangeLog)}


# --- determinism: same seed, same rows (on either engine); another seed, other rows --------------------

_HASHED = (m.Dre, m.Ugel, m.School, m.Teacher, m.Coach, m.Assignment, m.Activity, m.ActivityParticipant,
           m.Execution, m.ExecutionParticipant, m.MonthClosing, m.UserAccount)
_VOLATILE = {"created_at", "updated_at", "origin", "password_hash"}  # the clock, the node, argon2's salt


def _content_hash(sigma: Sigma) -> str:
    digest = hashlib.sha256()
    with sigma.db.session() as s:
        # catalogues come from `sigma init` with keys of their own: compare them by their codes
        natural = {i.id: i.key for i in s.scalars(select(m.Intervention))}
        natural |= {r.id: r.code for r in s.scalars(select(m.SkipReason))}
        for model in _HASHED:
            columns = sorted(c.key for c in inspect(model).column_attrs if c.key not in _VOLATILE)
            rows = sorted(json.dumps([json_value(natural.get(getattr(o, c), getattr(o, c))) for c in columns],
                                     ensure_ascii=False)
                          for o in s.scalars(select(model)))
            digest.update(model.__tablename__.encode())
            for r in rows:
                digest.update(r.encode())
    return digest.hexdigest()


def test_same_seed_same_data_on_any_engine_and_another_seed_differs(sigma, tmp_path):
    first = sigma.demo.generate("small", seed=7, password=PASSWORD)
    again = _fresh(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    other = _fresh(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        second = again.demo.generate("small", seed=7, password=PASSWORD)
        different = other.demo.generate("small", seed=8, password=PASSWORD)
        assert first.counts == second.counts and first.users == second.users
        assert _content_hash(sigma) == _content_hash(again)
        assert _content_hash(sigma) != _content_hash(other)
        assert first.users != different.users
    finally:
        again.close()
        other.close()


def _change_log(sigma: Sigma) -> list[tuple]:
    """The demo's entries without what depends on the clock and the file (change id, time, node): entity,
    key, operation, JSON, versions, user."""
    from sigma_desktop.services.demo.worker import MODELS

    node = sigma.db.node
    with sigma.db.session() as s:
        rows = s.execute(select(m.ChangeLog.entity, m.ChangeLog.entity_id, m.ChangeLog.op, m.ChangeLog.changes,
                                m.ChangeLog.base_version, m.ChangeLog.new_version, m.ChangeLog.user_id,
                                m.ChangeLog.user_dni, m.ChangeLog.node)
                         .where(m.ChangeLog.entity.in_(list(MODELS)))).all()
        # catalogues come from `sigma init` with keys of their own: name them by their codes
        natural = {str(i.id): i.key for i in s.scalars(select(m.Intervention))}
        natural |= {str(r.id): r.code for r in s.scalars(select(m.SkipReason))}
    assert {r[-1] for r in rows} == {node}
    out = []
    for entity, entity_id, op, changes, *rest in rows:
        for key, code in natural.items():
            changes = changes.replace(key, code)
        changes = re.sub(r'"password_hash":\[null,"[^"]+"\]', '"password_hash":[null,"(salt)"]', changes)  # argon2
        out.append((entity, entity_id, op, changes, *rest[:-1]))
    return sorted(out)


def test_the_child_process_writes_what_the_in_process_path_writes(tmp_path):
    """The second-core path (demo_worker) with the rollback journal, as national loads run, and the plain
    in-process path give the same rows and change log, byte for byte; the first leaves an ordinary WAL
    database behind."""
    paths = {parallel: tmp_path / f"parallel-{parallel}.sqlite3" for parallel in (True, False)}
    reports, hashes, logs = {}, {}, {}
    for parallel, path in paths.items():
        s = _fresh(f"sqlite:///{path}")
        try:
            if parallel:  # as a national load runs: child process and rollback journal (forced at this scale)
                with bulk.rollback_journal(s.db) as switched:
                    assert switched
                    reports[parallel] = s.demo.generate("small", seed=5, password=PASSWORD, parallel=True)
            else:
                reports[parallel] = s.demo.generate("small", seed=5, password=PASSWORD, parallel=False)
            hashes[parallel], logs[parallel] = _content_hash(s), _change_log(s)
            with s.db.session() as session:
                conn = session.connection()
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        finally:
            s.close()
        assert not path.with_name(path.name + "-journal").exists()
    assert reports[True].counts == reports[False].counts and reports[True].users == reports[False].users
    assert reports[True].details == reports[False].details
    assert hashes[True] == hashes[False]
    assert len(logs[True]) == reports[True].counts["change_log"] and logs[True] == logs[False]


def _dies_at_once(*_args) -> None:
    """Stands in for demo_worker.produce: a child that dies before sending anything (as an executable
    without multiprocessing.freeze_support() would)."""
    os._exit(3)


def test_a_child_that_never_starts_leaves_the_work_to_this_process(tmp_path, monkeypatch):
    from sigma_desktop.services.demo import worker as demo_worker

    expected = _fresh(f"sqlite:///{tmp_path / 'in-process.sqlite3'}")
    fallback = _fresh(f"sqlite:///{tmp_path / 'fallback.sqlite3'}")
    try:
        normal = expected.demo.generate("small", seed=4, password=PASSWORD, parallel=False)
        monkeypatch.setattr(demo_worker, "produce", _dies_at_once)
        report = fallback.demo.generate("small", seed=4, password=PASSWORD, parallel=True)
        assert report.counts == normal.counts and report.users == normal.users
        assert _content_hash(fallback) == _content_hash(expected)
        assert _change_log(fallback) == _change_log(expected)
    finally:
        expected.close()
        fallback.close()


# --- realistic shares, on a UGEL-scale load (SQLite) ---------------------------------------------------

@pytest.fixture(scope="module")
def ugel_data(tmp_path_factory):
    s = _fresh(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'ugel.sqlite3'}")
    report = s.demo.generate("ugel", seed=11, year=2017, password=PASSWORD)
    yield report, Data(s)
    s.close()


def test_ugel_scale_obeys_the_rules(ugel_data):
    report, d = ugel_data
    _check_rules(d, 2017, today_lima())
    assert len(d.ugels) == 1 and 35 <= len(d.coaches) <= 45 and report.counts["coach"] == len(d.coaches)


def test_ugel_scale_shares_are_realistic(ugel_data):
    _report, d = ugel_data
    visits = [a for a in d.activities.values() if a.kind == "visita"]
    outcomes = Counter(d.live[a.id].outcome if a.id in d.live else "sin registro" for a in visits)
    executed = outcomes["ejecutada"] / len(visits)
    assert 0.80 <= executed <= 0.90, outcomes
    every = Counter(d.live[a].outcome if a in d.live else "-" for a in d.activities)
    assert 0.80 <= every["ejecutada"] / len(d.activities) <= 0.90, every
    live = [e for e in d.executions if e.deleted_at is None]
    states = Counter(e.validation_state for e in live if e.outcome == "ejecutada")
    done = sum(states.values())
    assert states["validada"] / done > 0.75 and states["observada"] > 0 and states["pendiente"] > 0, states
    reasons = Counter(d.reasons[e.skip_reason_id] for e in live if e.outcome == "no_ejecutada")
    assert len(reasons) >= 8 and max(reasons.values()) / sum(reasons.values()) < 0.4, reasons
    deleted = [e for e in d.executions if e.deleted_at is not None]
    assert 0 < len(deleted) < 0.03 * len(d.executions)
    reregistered = [e for e in deleted if e.activity_id in d.live]
    assert reregistered and len(reregistered) < len(deleted), "some deleted records registered again, not all"
    assert any(a.no_plan for a in d.assignments) and sum(a.no_plan for a in d.assignments) < 0.05 * len(d.assignments)
    coaches_per_teacher = Counter(a.teacher_id for a in d.assignments)
    assert any(n == 2 for n in coaches_per_teacher.values()), "EIB teachers with two coaches"
    areas = defaultdict(Counter)
    for a in d.assignments:
        areas[d.interventions[a.intervention_id]][d.schools[d.teachers[a.teacher_id].school_id].area] += 1
    assert areas["multigrado"]["rural"] > 0.8 * sum(areas["multigrado"].values())


def test_levels_improve_from_the_diagnostica(ugel_data):
    _report, d = ugel_data
    by_teacher = defaultdict(list)
    for a in d.activities.values():
        e = d.live.get(a.id)
        if a.kind == "visita" and e is not None and e.outcome == "ejecutada":
            by_teacher[a.teacher_id].append((e.executed_on, sum(getattr(e, f"level_{n}") for n in range(1, 7))))
    firsts, lasts = [], []
    for rows in by_teacher.values():
        if len(rows) >= 3:
            rows.sort()
            firsts.append(rows[0][1])
            lasts.append(rows[-1][1])
    assert len(firsts) > 100 and sum(lasts) / len(lasts) > sum(firsts) / len(firsts) + 2


# --- years, dates and passwords ---------------------------------------------------------------------------

def test_from_2018_the_rubric_has_five_desempenos(sqlite_sigma):
    sqlite_sigma.demo.generate("small", seed=1, year=2018, password=PASSWORD)
    _check_rules(Data(sqlite_sigma), 2018, today_lima())


def test_the_current_year_stops_at_today(sqlite_sigma):
    today = today_lima()
    sqlite_sigma.demo.generate("small", seed=1, year=today.year, password=PASSWORD)
    d = Data(sqlite_sigma)
    _check_rules(d, today.year, today)
    assert all(a.month <= today.month for a in d.activities.values())
    assert all(e.executed_on <= today for e in d.executions)


def test_future_year_and_unknown_scale_are_refused(sqlite_sigma):
    with pytest.raises(ValidationError, match="Año"):
        sqlite_sigma.demo.generate("small", year=today_lima().year + 1, password=PASSWORD)
    with pytest.raises(ValidationError, match="Escala"):
        sqlite_sigma.demo.generate("enorme", password=PASSWORD)


def test_without_a_password_one_is_generated_and_reported(sqlite_sigma):
    report = sqlite_sigma.demo.generate("small", seed=2)
    assert report.password_generated and report.password in report.summary()
    check_password_strength(report.password)
    assert sqlite_sigma.auth.sign_in(report.users["administrador"][0], report.password).role.value == "administrador"
    assert random_password() != random_password()


def test_a_weak_password_is_refused_before_anything_is_written(sqlite_sigma):
    with pytest.raises(ValidationError, match="Contraseña"):
        sqlite_sigma.demo.generate("small", password="corta")
    assert not _rows(sqlite_sigma, m.Teacher)

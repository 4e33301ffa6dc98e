"""Indicators against the oracle on demo data bent into the cases the aggregate queries must get right:
deleted executions, activities and attendance (tombstones count for nothing), teachers assigned to
two coaches of different UGELs and interventions, and materials of one teacher and of one school
planned by two coaches (merged per group, never counted twice), and the
DRE, UGEL, intervention and month filters. Both engines (the `sigma` fixture)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, update

from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.storage import models as m
from sigma_desktop.storage.ids import new_id, utcnow

from . import indicator_oracle as oracle
from .test_indicators import _check

YEAR = 2017


def _every(conn, model, step: int) -> list:
    ids = [r[0] for r in conn.execute(select(model.id).order_by(model.id))]
    return ids[::step]


def _bend(sigma) -> None:
    now = utcnow()
    with sigma.db.engine.begin() as conn:
        E, A, P = m.Execution, m.Activity, m.ExecutionParticipant
        for model, step in ((E, 13), (A, 29), (P, 7)):
            conn.execute(update(model).where(model.id.in_(_every(conn, model, step))).values(deleted_at=now))
        # three teachers of one coach are also assigned to a coach of another UGEL and intervention,
        # who takes over some of their visits
        coaches = conn.execute(select(m.Coach.id, m.Coach.ugel_id, m.Coach.intervention_id)
                               .order_by(m.Coach.id)).all()
        first = coaches[0]
        other = next(c for c in coaches if c.ugel_id != first.ugel_id and c.intervention_id != first.intervention_id)
        rows = conn.execute(select(m.Assignment.__table__).where(
            m.Assignment.coach_id == first.id, m.Assignment.year == YEAR,
            m.Assignment.deleted_at.is_(None)).order_by(m.Assignment.id).limit(3)).mappings().all()
        assert len(rows) == 3
        for row in rows:
            copy = dict(row, id=new_id(), coach_id=other.id, intervention_id=other.intervention_id,
                        exclusive_key=None, no_plan=False)
            conn.execute(insert(m.Assignment.__table__).values(**copy))
            visits = [r[0] for r in conn.execute(select(A.id).where(
                A.teacher_id == row["teacher_id"], A.coach_id == first.id, A.kind == "visita").order_by(A.month))]
            conn.execute(update(A).where(A.id.in_(visits[1::2])).values(
                coach_id=other.id, ugel_id=other.ugel_id, intervention_id=other.intervention_id))
        # the demo plans materials per school: one school's materials, and one teacher's, are also planned
        # (and delivered) by a coach of another UGEL; each counts once per group, the deliveries added up
        teacher = conn.execute(select(m.Teacher.id).order_by(m.Teacher.id).limit(1)).scalar()
        materials = conn.execute(select(A.__table__).where(
            A.kind == "materiales", A.deleted_at.is_(None), A.year == YEAR).order_by(A.id).limit(2)).mappings().all()
        assert len(materials) == 2
        for row, teacher_id in zip(materials, (None, teacher)):
            target = next(c for c in coaches if c.ugel_id != row["ugel_id"])
            conn.execute(update(A).where(A.id == row["id"]).values(teacher_id=teacher_id))
            copy = dict(row, id=new_id(), teacher_id=teacher_id, coach_id=target.id, ugel_id=target.ugel_id,
                        intervention_id=target.intervention_id)
            conn.execute(insert(A.__table__).values(**copy))
            done = conn.execute(select(E.__table__).where(E.activity_id == row["id"], E.deleted_at.is_(None))
                                ).mappings().first()
            if done is not None:
                conn.execute(insert(E.__table__).values(**dict(done, id=new_id(), activity_id=copy["id"])))
        assert conn.execute(select(func.count()).select_from(E).where(E.deleted_at.is_not(None))).scalar() > 0


@pytest.fixture
def bent(sigma):
    sigma.demo.generate("small", 5, YEAR, password="clave-demo-1")
    _bend(sigma)
    return sigma, oracle.load(sigma)


def test_tombstones_and_cross_ugel_teachers_match_the_oracle(bent):
    sigma, db = bent
    for month in (4, 10, None):
        _check(sigma.indicators.compute(ReportFilter(YEAR, month)), db, YEAR, month)


def test_filters_match_the_oracle(bent):
    sigma, db = bent
    ugel = sorted({u["code"] for u in db["ugel"]})[-1]
    _check(sigma.indicators.compute(ReportFilter(YEAR, 7, ugel_code=ugel)), db, YEAR, 7, ugel)
    # a DRE with a single UGEL in the filter is the same population as that UGEL
    dre_of = {u["code"]: u["dre_id"] for u in db["ugel"]}
    dre_code = {d["id"]: d["code"] for d in db["dre"]}[dre_of[ugel]]
    by_dre = sigma.indicators.compute(ReportFilter(YEAR, 7, dre_code=dre_code), levels={"ugel"})
    by_ugel = sigma.indicators.compute(ReportFilter(YEAR, 7, ugel_code=ugel), levels={"ugel"})
    dre_values = {(v.code, v.level, v.key): v for v in by_dre.values}
    for v in by_ugel.values:
        if v.level == "ugel":
            assert dre_values[(v.code, v.level, v.key)] == v


def test_control_grid_of_one_month_matches_the_year_grid(bent):
    sigma, db = bent
    ugel = sorted({u["code"] for u in db["ugel"]})[0]
    year = sigma.control.grid(ReportFilter(YEAR, None, ugel_code=ugel))
    month = sigma.control.grid(ReportFilter(YEAR, 6, ugel_code=ugel))
    in_june = {(r.coach_id, r.month): r.counts for r in year.rows if r.month == 6}
    assert {(r.coach_id, r.month): r.counts for r in month.rows} == in_june
    assert in_june

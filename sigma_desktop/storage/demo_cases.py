"""What services/demo/mistakes.py needs to make its few mistakes as people make them: writes attributed to a
person at a given time (logged like any write), and the records of one coach or UGEL to choose from."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterator
from uuid import UUID

from sqlalchemy import and_, func, select

from . import models as m
from .unit import Unit


@contextmanager
def acting(u: Unit, user_id: UUID | None, dni: str, at: datetime) -> Iterator[None]:
    """The writes inside are flushed as `user_id` at time `at` (their rows' audit columns and change-log
    entries say so), then the unit goes back to its own user and clock."""
    info = u.info
    saved = {k: info.get(k) for k in ("user_id", "user_dni", "fixed_now")}
    u.flush()  # noqa: SLF001 - what came before keeps its own author and time
    info.update(user_id=user_id, user_dni=dni, fixed_now=at)
    try:
        yield
        u.flush()  # noqa: SLF001
    finally:
        info.update(saved)
        if saved["fixed_now"] is None:
            info.pop("fixed_now", None)


def coach_work(u: Unit, coach_id: UUID, year: int) -> list[tuple[m.Activity, m.Execution | None]]:
    """A coach's live activities of the year with their live execution, by month and planned date."""
    E = m.Execution
    stmt = (select(m.Activity, E).outerjoin(E, and_(E.activity_id == m.Activity.id, E.deleted_at.is_(None)))
            .where(m.Activity.coach_id == coach_id, m.Activity.year == year, m.Activity.deleted_at.is_(None))
            .order_by(m.Activity.month, m.Activity.planned_date, m.Activity.id))
    return [(a, e) for a, e in u.execute(stmt)]  # noqa: SLF001


def coach_teachers(u: Unit, coach_id: UUID, year: int) -> list[m.Teacher]:
    """The teachers assigned to a coach in the year (live assignments, «no planificar» left out)."""
    A = m.Assignment
    stmt = (select(m.Teacher).join(A, A.teacher_id == m.Teacher.id)
            .where(A.coach_id == coach_id, A.year == year, A.deleted_at.is_(None), A.no_plan.is_(False))
            .order_by(m.Teacher.dni))
    return list(u.scalars(stmt))  # noqa: SLF001


def first_ugels(u: Unit, limit: int) -> list[m.Ugel]:
    """The first UGEL (by code) of each DRE (by code), at most `limit`."""
    out: list[m.Ugel] = []
    seen: set[UUID] = set()
    for ugel in u.scalars(select(m.Ugel).join(m.Dre, m.Dre.id == m.Ugel.dre_id)  # noqa: SLF001
                             .order_by(m.Dre.code, m.Ugel.code)):
        if ugel.dre_id not in seen:
            seen.add(ugel.dre_id)
            out.append(ugel)
            if len(out) >= limit:
                break
    return out


def last_seq(u: Unit) -> int:
    return u.scalar(select(func.max(m.ChangeLog.seq))) or 0  # noqa: SLF001


def changes_since(u: Unit, seq: int) -> dict[tuple[str, str], int]:
    """Change-log entries written after `seq`, counted by (entity, operation)."""
    L = m.ChangeLog
    rows = u.execute(select(L.entity, L.op, func.count()).where(L.seq > seq).group_by(L.entity, L.op))
    return {(entity, op): n for entity, op, n in rows}

"""Queries of the month closing: what is pending in a UGEL's month, and the closing state of many UGELs."""
from __future__ import annotations

from uuid import UUID

from sqlalchemy import and_, func, select

from ..domain.dates import LIMA
from ..domain.rules.closing import MonthFigures
from . import models as m
from .unit import Unit

A, E = m.Activity, m.Execution


def month_figures(u: Unit, ugel_id: UUID, year: int, month: int) -> MonthFigures:
    """Planned activities of the month, those without a live record, and the records by validation state."""
    stmt = (select(E.validation_state, func.count()).select_from(A)
            .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
            .where(A.deleted_at.is_(None), A.ugel_id == ugel_id, A.year == year, A.month == month)
            .group_by(E.validation_state))
    counts = {state: n for state, n in u.execute(stmt)}
    return MonthFigures(planned=sum(counts.values()), unregistered=counts.get(None, 0),
                        pending=counts.get("pendiente", 0), observed=counts.get("observada", 0))


def closings(u: Unit, ugel_ids: list[UUID] | None, year: int) -> list[tuple]:
    """(UGEL id, code, name, month, closed, reason, closed on (Lima date), closed by) of the year's closing
    rows in the scope (a month without a row was never closed)."""
    who = m.UserAccount
    stmt = (select(m.Ugel.id, m.Ugel.code, m.Ugel.name, m.MonthClosing.month, m.MonthClosing.closed,
                   m.MonthClosing.reason, m.MonthClosing.updated_at, who.name, m.MonthClosing.updated_by)
            .join(m.Ugel, m.Ugel.id == m.MonthClosing.ugel_id)
            .outerjoin(who, who.id == m.MonthClosing.updated_by)
            .where(m.MonthClosing.year == year, m.MonthClosing.deleted_at.is_(None)))
    if ugel_ids is not None:
        stmt = stmt.where(m.MonthClosing.ugel_id.in_(ugel_ids))
    return [(g, code, name, month, bool(closed), reason, at.astimezone(LIMA).date() if at else None,
             by_name or ("el sistema" if by is None else "un usuario ya no registrado"))
            for g, code, name, month, closed, reason, at, by_name, by in u.execute(stmt)]


def ugels(u: Unit, ugel_ids: list[UUID] | None) -> list[tuple[UUID, str, str]]:
    stmt = select(m.Ugel.id, m.Ugel.code, m.Ugel.name).where(m.Ugel.deleted_at.is_(None)).order_by(m.Ugel.code)
    if ugel_ids is not None:
        stmt = stmt.where(m.Ugel.id.in_(ugel_ids))
    return [tuple(r) for r in u.execute(stmt)]

"""Queries behind the validation queue and the papelera: one query per list, names resolved by joins."""
from __future__ import annotations

from uuid import UUID

from sqlalchemy import Select, and_, func, literal, select
from sqlalchemy.orm import aliased

from ..domain.review import DeletedRow, ReviewRow
from . import models as m
from .unit import Unit
from .codes import EXECUTED

_T = aliased(m.Teacher)
_S = aliased(m.School)


def _person(model) -> object:
    # " " || NULL is NULL on both engines, so a missing second surname leaves no stray space
    return (model.last_name_1 + func.coalesce(literal(" ") + model.last_name_2, literal("")) +
            literal(", ") + model.first_names)


def _base(scope_ugels: list[UUID] | None) -> Select:
    subject = func.coalesce(_person(_T), m.Activity.topic, _S.name, literal(""))
    stmt = (select(m.Execution, m.Activity.kind, m.Activity.visit_type, m.Activity.year, m.Activity.month,
                   m.Coach.dni, _person(m.Coach), subject)
            .join(m.Activity, m.Execution.activity_id == m.Activity.id)
            .join(m.Coach, m.Activity.coach_id == m.Coach.id)
            .outerjoin(_T, m.Activity.teacher_id == _T.id)
            .outerjoin(_S, m.Activity.school_id == _S.id)
            .where(m.Activity.deleted_at.is_(None)))
    if scope_ugels is not None:
        stmt = stmt.where(m.Activity.ugel_id.in_(scope_ugels))
    return stmt


def ugels_in_scope(u: Unit, ugel_id: UUID | None, dre_id: UUID | None) -> list[UUID] | None:
    """UGEL ids of a scope (None: the whole nation)."""
    if ugel_id is not None:
        return [ugel_id]
    if dre_id is not None:
        return list(u.scalars(select(m.Ugel.id).where(m.Ugel.dre_id == dre_id)))
    return None


def review_queue(u: Unit, scope_ugels: list[UUID] | None, year: int, month: int | None,
                 coach_id: UUID | None, states: tuple[str, ...]) -> list[ReviewRow]:
    stmt = (_base(scope_ugels)
            .where(m.Execution.deleted_at.is_(None), m.Execution.validation_state.in_(states),
                   m.Activity.year == year)
            .order_by(m.Activity.month, m.Coach.search_key, m.Execution.executed_on))
    if month is not None:
        stmt = stmt.where(m.Activity.month == month)
    if coach_id is not None:
        stmt = stmt.where(m.Activity.coach_id == coach_id)
    return [ReviewRow(e.id, e.activity_id, kind, vtype, year_, month_, dni, name, subject, e.outcome,
                      e.executed_on, e.validation_state, e.validation_comment)
            for e, kind, vtype, year_, month_, dni, name, subject in u.execute(stmt)]


def deleted_executions(u: Unit, scope_ugels: list[UUID] | None, limit: int = 5000) -> list[DeletedRow]:
    deleter = aliased(m.UserAccount)
    stmt = (_base(scope_ugels).add_columns(func.coalesce(deleter.dni, literal("")))
            .outerjoin(deleter, and_(deleter.id == m.Execution.deleted_by))
            .where(m.Execution.deleted_at.is_not(None))
            .order_by(m.Execution.deleted_at.desc()).limit(limit))
    return [DeletedRow(e.id, e.activity_id, kind, dni, name, subject, e.outcome, e.executed_on,
                       e.deleted_at, by, e.deleted_reason or "")
            for e, kind, _vt, _y, _m, dni, name, subject, by in u.execute(stmt)]


def coaches_in_scope(u: Unit, scope_ugels: list[UUID] | None) -> list[tuple[UUID, str, str]]:
    stmt = select(m.Coach.id, m.Coach.dni, _person(m.Coach)).where(m.Coach.deleted_at.is_(None))
    if scope_ugels is not None:
        stmt = stmt.where(m.Coach.ugel_id.in_(scope_ugels))
    return [tuple(r) for r in u.execute(stmt.order_by(m.Coach.search_key))]

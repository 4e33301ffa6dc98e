"""Reads behind the exports: every activity record of a scope, streamed in chunks, and the names a
printed report shows in its header."""
from __future__ import annotations

from typing import Iterator
from uuid import UUID

from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import aliased

from ..domain.text import sort_key
from . import models as m
from .indicator_queries import Scope
from .unit import Unit

# Column order of raw_activity_rows (services/exports.py turns codes into labels, reports/xlsx/raw.py
# gives the headers).
RAW_FIELDS = (
    "id", "year", "month", "dre_code", "ugel_code", "ugel_name", "intervention", "coach_dni", "coach_name",
    "kind", "visit_type", "teacher_dni", "teacher_name", "modular_code", "annex", "school_name", "topic",
    "planned_date", "outcome", "executed_on", "skip_reason", "skip_note", "validation_state", "hours", "days",
    "parents", "elders", "authorities", "allowance_assigned_cents", "allowance_spent_cents", "kit",
    "quantity_planned", "quantity_delivered", "level_1", "level_2", "level_3", "level_4", "level_5", "level_6",
)


def _full_name(model):
    return (model.last_name_1 + func.coalesce(literal(" ") + model.last_name_2, literal("")) + literal(", ")
            + model.first_names)


def raw_activity_rows(u: Unit, s: Scope, chunk_size: int = 5000) -> Iterator[list[tuple]]:
    """Live planned activities of the scope with their live execution, `chunk_size` rows at a time.

    The period is the scope's month, or the whole year; rows come ordered by month, UGEL, coach and kind.
    The result is streamed (server-side cursor on PostgreSQL), so memory stays flat whatever the size.
    """
    A, E, C, U, D, I = m.Activity, m.Execution, m.Coach, m.Ugel, m.Dre, m.Intervention
    T, S, SR = aliased(m.Teacher), aliased(m.School), aliased(m.SkipReason)
    stmt = (
        select(A.id, A.year, A.month, D.code, U.code, U.name, I.name, C.dni, _full_name(C), A.kind, A.visit_type,
               T.dni, _full_name(T), S.modular_code, S.annex, S.name, A.topic, A.planned_date, E.outcome,
               E.executed_on, SR.name, E.skip_note, E.validation_state, E.hours, E.days, E.parents, E.elders,
               E.authorities, A.allowance_assigned_cents, E.allowance_spent_cents, A.kit, A.quantity_planned,
               E.quantity_delivered, E.level_1, E.level_2, E.level_3, E.level_4, E.level_5, E.level_6)
        .select_from(A)
        .join(C, C.id == A.coach_id).join(U, U.id == A.ugel_id).join(D, D.id == U.dre_id)
        .join(I, I.id == A.intervention_id)
        .outerjoin(E, and_(E.activity_id == A.id, E.deleted_at.is_(None)))
        .outerjoin(SR, SR.id == E.skip_reason_id)
        .outerjoin(T, T.id == A.teacher_id)
        .outerjoin(S, S.id == func.coalesce(A.school_id, T.school_id))
        .where(A.deleted_at.is_(None), A.year == s.year)
    )
    if s.period_month is not None:
        stmt = stmt.where(A.month == s.period_month)
    else:
        stmt = stmt.where(A.month <= s.cutoff)
    if s.ugel_ids is not None:
        stmt = stmt.where(A.ugel_id.in_(s.ugel_ids))
    if s.intervention_id is not None:
        stmt = stmt.where(A.intervention_id == s.intervention_id)
    if s.coach_id is not None:
        stmt = stmt.where(A.coach_id == s.coach_id)
    stmt = stmt.order_by(A.month, U.code, C.dni, A.kind, A.planned_date, A.id)
    result = u.execute(stmt, execution_options={"yield_per": chunk_size})
    for part in result.partitions():
        yield [tuple(r) for r in part]


def ugel_label(u: Unit, code: str | None = None, ugel_id: UUID | None = None) -> tuple[str, str] | None:
    """(DRE "Áncash"-style label, UGEL label) of a UGEL given by code or id."""
    stmt = select(m.Ugel.code, m.Ugel.name, m.Dre.code, m.Dre.name).join(m.Dre, m.Dre.id == m.Ugel.dre_id)
    stmt = stmt.where(m.Ugel.code == code) if code else stmt.where(m.Ugel.id == ugel_id)
    row = u.execute(stmt).first()
    return (row[3], row[1]) if row else None


def dre_label(u: Unit, code: str | None = None, dre_id: UUID | None = None) -> str | None:
    stmt = select(m.Dre.name)
    stmt = stmt.where(m.Dre.code == code) if code else stmt.where(m.Dre.id == dre_id)
    return u.scalar(stmt)


def ugel_code(u: Unit, ugel_id: UUID) -> str | None:
    return u.scalar(select(m.Ugel.code).where(m.Ugel.id == ugel_id))


def ugel_signatories(u: Unit, code: str) -> tuple[str | None, str | None, str | None, str | None] | None:
    """(reviewer name, reviewer post, director name, director post) of a UGEL's reports."""
    U = m.Ugel
    row = u.execute(select(U.reviewer_name, U.reviewer_post, U.director_name, U.director_post)
                       .where(U.code == code, U.deleted_at.is_(None))).first()
    return tuple(row) if row else None


def intervention_label(u: Unit, key: str) -> str | None:
    return u.scalar(select(m.Intervention.name).where(m.Intervention.key == key))


def coach_dni(u: Unit, coach_id: UUID) -> str | None:
    return u.scalar(select(m.Coach.dni).where(m.Coach.id == coach_id))


def coach_label(u: Unit, dni: str) -> tuple[UUID, str, str, str] | None:
    """(id, full name, UGEL code, intervention key) of a coach by DNI."""
    C = m.Coach
    row = u.execute(select(C.id, _full_name(C), m.Ugel.code, m.Intervention.key)
                       .join(m.Ugel, m.Ugel.id == C.ugel_id)
                       .join(m.Intervention, m.Intervention.id == C.intervention_id)
                       .where(C.dni == dni, C.deleted_at.is_(None))).first()
    return tuple(row) if row else None


def filter_options(u: Unit, ugel_ids: list[UUID] | None, coach_id: UUID | None = None) -> dict:
    """What the report filters offer within a scope: years with activities, DREs, UGELs,
    interventions and coaches (a coach sees only themselves)."""
    D, U, C, I, A = m.Dre, m.Ugel, m.Coach, m.Intervention, m.Activity
    years = select(A.year).where(A.deleted_at.is_(None)).distinct()
    ugels = (select(U.code, U.name, D.code, D.name).join(D, D.id == U.dre_id).where(U.deleted_at.is_(None))
             .order_by(U.code))
    coaches = (select(C.dni, _full_name(C), U.code, I.key).join(U, U.id == C.ugel_id)
               .join(I, I.id == C.intervention_id).where(C.deleted_at.is_(None)))
    if ugel_ids is not None:
        years = years.where(A.ugel_id.in_(ugel_ids))
        ugels = ugels.where(U.id.in_(ugel_ids))
        coaches = coaches.where(C.ugel_id.in_(ugel_ids))
    if coach_id is not None:
        years = years.where(A.coach_id == coach_id)
        coaches = coaches.where(C.id == coach_id)
    ugel_rows = [tuple(r) for r in u.execute(ugels)]
    dres = sorted({(r[2], r[3]) for r in ugel_rows})  # by code, as the offices number themselves
    return {
        "years": sorted(u.scalars(years)),
        "dres": dres,
        "ugels": [(r[0], r[1], r[2]) for r in ugel_rows],
        "interventions": [tuple(r) for r in u.execute(select(I.key, I.name).where(I.deleted_at.is_(None))
                                                         .order_by(I.name))],
        "coaches": sorted((tuple(r) for r in u.execute(coaches)), key=lambda r: (sort_key(r[1]), r[0])),
    }

"""Conflict records, and the ORM rows and labels the resolution of a conflict works with."""
from __future__ import annotations

from typing import Any, Mapping, Sequence
from uuid import UUID

from sqlalchemy import func, select

from .. import models as m
from ..sync_models import SyncConflict
from ..unit import Unit, session_of
from .tables import MODELS, row_json, table

# --- conflicts ------------------------------------------------------------------------------------------

def add_conflicts(unit: Unit, rows: Sequence[dict]) -> int:
    """Conflict records, logged like any synced row (so they reach the replicas of their scope)."""
    if not rows:
        return 0
    t = table("sync_conflict")
    session = session_of(unit)
    for values in rows:  # few rows: through the ORM, whose flush hook logs them like any synced row
        session.add(SyncConflict(**{k: t.python(k, v) for k, v in values.items()}))
    session.flush()
    return len(rows)


def conflict_rows(unit: Unit, *, status: str | None = "abierto", ugel_ids: Sequence[UUID] | None = None,
                  entity_id: UUID | None = None, limit: int = 5000) -> list[SyncConflict]:
    stmt = select(SyncConflict).where(SyncConflict.deleted_at.is_(None))
    if status:
        stmt = stmt.where(SyncConflict.status == status)
    if ugel_ids is not None:
        stmt = stmt.where(SyncConflict.ugel_id.in_(list(ugel_ids)))
    if entity_id is not None:
        stmt = stmt.where(SyncConflict.entity_id == entity_id)
    return list(unit.scalars(stmt.order_by(SyncConflict.created_at, SyncConflict.id).limit(limit)))


def conflict(unit: Unit, id_: UUID) -> SyncConflict | None:
    return unit.get(SyncConflict, id_)


def open_conflict_for(unit: Unit, entity_id: str) -> SyncConflict | None:
    """An open whole-record conflict that holds a record the hub does not have (a refused insert)."""
    return unit.scalars(select(SyncConflict).where(
        SyncConflict.entity_id == UUID(entity_id), SyncConflict.status == "abierto",
        SyncConflict.change_op == "insert", SyncConflict.field == "").limit(1)).first()


def count_open_conflicts(unit: Unit, ugel_ids: Sequence[UUID] | None = None, coach_id: UUID | None = None) -> int:
    stmt = select(func.count()).select_from(SyncConflict).where(
        SyncConflict.status == "abierto", SyncConflict.deleted_at.is_(None))
    if ugel_ids is not None:
        stmt = stmt.where(SyncConflict.ugel_id.in_(list(ugel_ids)))
    if coach_id is not None:
        stmt = stmt.where(SyncConflict.coach_id == coach_id)
    return int(unit.scalar(stmt) or 0)


def orm_row(unit: Unit, entity: str, id_: UUID):
    """The live ORM object of a synced row (resolutions are normal, logged changes)."""
    return unit.get(MODELS[entity], id_)


def new_orm_row(unit: Unit, entity: str, values: Mapping[str, Any]):
    """A new ORM row from JSON values (a refused insert accepted by a resolution)."""
    t = table(entity)
    obj = MODELS[entity](**{k: t.python(k, v) for k, v in values.items() if k in t.convert})
    unit.add(obj)
    return obj


def set_orm_fields(obj, entity: str, values: Mapping[str, Any]) -> None:
    t = table(entity)
    for k, v in values.items():
        setattr(obj, k, t.python(k, v))


def ugel_label(unit: Unit, ugel_id: UUID | None) -> str | None:
    if ugel_id is None:
        return None
    row = unit.execute(select(m.Ugel.code, m.Ugel.name).where(m.Ugel.id == ugel_id)).first()
    return f"{row[0]} {row[1]}" if row else None


def coach_label(unit: Unit, coach_id: UUID | None) -> str | None:
    if coach_id is None:
        return None
    c = m.Coach
    row = unit.execute(select(c.dni, c.first_names, c.last_name_1).where(c.id == coach_id)).first()
    return f"{row[1]} {row[2]} ({row[0]})" if row else None


def ugel_by_code(unit: Unit, code: str) -> UUID | None:
    return unit.scalar(select(m.Ugel.id).where(m.Ugel.code == code, m.Ugel.deleted_at.is_(None)))


def coach_by_dni(unit: Unit, dni: str) -> tuple[UUID, UUID] | None:
    row = unit.execute(select(m.Coach.id, m.Coach.ugel_id).where(
        m.Coach.dni == dni, m.Coach.deleted_at.is_(None))).first()
    return (row[0], row[1]) if row else None


def live_rows(unit: Unit, entity: str) -> dict[str, dict]:
    """Every row of an entity (JSON values): for comparisons in tests and checks."""
    t = table(entity)
    return {str(r["id"]): row_json(r) for r in unit.execute(select(t.table)).mappings()}

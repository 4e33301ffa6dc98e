"""Queries of the administrator's catalogues (motivos de no ejecución) that the ORM helpers do not cover."""
from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select

from . import models as m
from .unit import Unit


def skip_reason_by_code(u: Unit, code: str) -> m.SkipReason | None:
    """The motivo with this code, live or not (codes stay unique even after a motivo is retired)."""
    return u.scalars(select(m.SkipReason).where(m.SkipReason.code == code).limit(1)).first()


def last_skip_position(u: Unit) -> int:
    return int(u.scalar(select(func.max(m.SkipReason.position))) or 0)


def skip_reason_uses(u: Unit, reason_id: UUID) -> int:
    """Execution records (deleted ones too: they can be restored) that name the motivo."""
    return int(u.scalar(select(func.count()).select_from(m.Execution)
                           .where(m.Execution.skip_reason_id == reason_id)) or 0)

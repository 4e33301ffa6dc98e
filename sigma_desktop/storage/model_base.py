"""The declarative base and the columns every synced row carries, shared by the app's tables (models.py)
and the synchronisation's (sync_models.py)."""
from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Integer, MetaData, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .ids import new_id
from .types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncRow:
    """Columns every user-edited row carries: key, version, audit, origin node and tombstone."""

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[UUID | None] = mapped_column(Uuid)
    origin: Mapped[str] = mapped_column(String(36))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by: Mapped[UUID | None] = mapped_column(Uuid)
    deleted_reason: Mapped[str | None] = mapped_column(Text)

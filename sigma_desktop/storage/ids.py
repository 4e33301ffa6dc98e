"""Client-generated, time-ordered keys (UUIDv7) and the clock used for audit columns."""
from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

from uuid6 import uuid7


def new_id() -> UUID:
    return uuid7()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)

"""This database's sync state, kept in app_meta under keys `sync.*`."""
from __future__ import annotations

from typing import Any, Mapping

from sqlalchemy import func, select

from .. import models as m
from ..unit import Unit, session_of
from .tables import MODELS, ORDER

META_HUB_ID = "sync.hub_id"
META_MODE = "sync.mode"


# --- app_meta: this database's sync state ------------------------------------------------------------

def meta(unit: Unit, prefix: str = "sync.") -> dict[str, str]:
    rows = unit.execute(select(m.AppMeta.key, m.AppMeta.value).where(m.AppMeta.key.like(f"{prefix}%")))
    return {k: v for k, v in rows}


def set_meta(unit: Unit, values: Mapping[str, Any]) -> None:
    session = session_of(unit)
    for key, value in values.items():
        row = session.get(m.AppMeta, key)
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            session.add(m.AppMeta(key=key, value=str(value)))
        else:
            row.value = str(value)
    session.flush()


def node_id(unit: Unit) -> str | None:
    row = unit.get(m.AppMeta, "node_id")
    return row.value if row else None


def set_node_id(unit: Unit, value: str) -> None:
    set_meta(unit, {"node_id": value})


def has_user_data(unit: Unit) -> bool:
    """Whether any synced table has a row (a database that is not empty cannot become a replica)."""
    session = session_of(unit)
    return any(session.execute(select(MODELS[e].id).limit(1)).first() for e in ORDER)


def last_seq(unit: Unit) -> int:
    return int(unit.scalar(select(func.max(m.ChangeLog.seq))) or 0)

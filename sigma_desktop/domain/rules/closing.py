"""Month closing per UGEL by the Gestor Local: a closed month accepts no changes until it is reopened
(with a reason). Every other rule reads the closing through `common.closed_problem`."""
from __future__ import annotations

from dataclasses import dataclass

from . import limits as L
from .common import period_problem
from .verdict import Problems, Refused


@dataclass(frozen=True, slots=True)
class MonthWrite:
    closed: bool
    reason: str | None = None


def close(year: int, month: int, closed_now: bool) -> MonthWrite | Refused:
    p = Problems()
    bad = period_problem(year, month)
    if bad:
        p.add(*bad)
    elif closed_now:
        p.add("mes", "El mes ya está cerrado.")
    return p.or_(MonthWrite(True))


def reopen(year: int, month: int, closed_now: bool, reason: str | None) -> MonthWrite | Refused:
    p = Problems()
    reason = L.REOPEN_REASON.clean(reason)
    p.limit(L.REOPEN_REASON, reason)
    bad = period_problem(year, month)
    if bad:
        p.add(*bad)
    elif not closed_now:
        p.add("mes", "El mes no está cerrado.")
    return p.or_(MonthWrite(False, reason))

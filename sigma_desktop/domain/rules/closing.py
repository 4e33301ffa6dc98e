"""Month closing per UGEL by the Gestor Local: a closed month accepts no changes until it is reopened
(with a reason). Every other rule reads the closing through `common.closed_problem`.

Before closing, the Gestor Local sees what blocks or weakens the closing (`blockers`): activities without
any record, records waiting for validation, observations the AP has not corrected. Closing with any of
them needs a confirmation that names them; a month that has not begun yet cannot be closed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import limits as L
from .common import period, period_problem
from .verdict import Problems, Refused


@dataclass(frozen=True, slots=True)
class MonthWrite:
    closed: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """A UGEL's month as the closing sees it (live activities of the month)."""

    planned: int = 0
    unregistered: int = 0  # planned, without a record of execution or of non-execution
    pending: int = 0       # records (executions and non-executions) waiting for the Gestor Local
    observed: int = 0      # observed by the Gestor Local, not corrected by the AP yet


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def blockers(f: MonthFigures) -> list[str]:
    """What blocks or weakens the closing, one Spanish line each (empty: nothing pending)."""
    lines = []
    if f.unregistered:
        lines.append(_plural(f.unregistered, "actividad planificada sin registro de ejecución ni de no ejecución",
                             "actividades planificadas sin registro de ejecución ni de no ejecución"))
    if f.pending:
        lines.append(_plural(f.pending, "registro pendiente de validación", "registros pendientes de validación"))
    if f.observed:
        lines.append(_plural(f.observed, "observación sin corregir por el acompañante",
                             "observaciones sin corregir por el acompañante"))
    return lines


def close(year: int, month: int, closed_now: bool, figures: MonthFigures = MonthFigures(),
          confirmed: bool = False, today: date | None = None) -> MonthWrite | Refused:
    p = Problems()
    bad = period_problem(year, month)
    if bad:
        p.add(*bad)
    elif closed_now:
        p.add("mes", "El mes ya está cerrado.")
    elif today is not None and (year, month) > (today.year, today.month):
        p.add("mes", f"Mes: {period(year, month)} todavía no empieza; no se puede cerrar.")
    else:
        pending = blockers(figures)
        if pending and not confirmed:
            p.add("confirmar", f"El cierre de {period(year, month)} tiene pendientes: {'; '.join(pending)}. "
                               "Confirme el cierre para cerrarlo así.")
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

"""Rules every activity write shares: the period, dates inside the planned month, closed months and
ownership. Each returns the message or None."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from ..dates import check_month, month_name
from ..errors import ValidationError
from .facts import Actor, TeacherFacts


def period(year: int, month: int) -> str:
    return f"{month_name(month)} {year}"


def period_problem(year: int, month: int) -> tuple[str, str] | None:
    """(field, message) when the year or month is not valid."""
    if type(month) is int and 1 <= month <= 12 and type(year) is int and 2000 <= year <= 2100:
        return None  # the common case, without an exception frame (the import asks once a row)
    try:
        check_month(year, month)
    except ValidationError as exc:
        return exc.field or "mes", exc.message
    return None


def planned_date_problem(day: date | None, year: int, month: int) -> str | None:
    if day is not None and (day.year, day.month) != (year, month):
        return f"Fecha programada: debe estar dentro del mes planificado ({period(year, month)})."
    return None


def execution_date_problem(day: date | None, year: int, month: int, today: date) -> str | None:
    """A record (executed or not) is dated within the planned month and never in the future."""
    if day is None:
        return "Fecha de ejecución: es obligatoria."
    if day > today:
        return "Fecha de ejecución: no puede ser una fecha futura."
    if (day.year, day.month) != (year, month):
        return f"Fecha de ejecución: debe estar dentro del mes planificado ({period(year, month)})."
    return None


def closed_problem(closed: bool, year: int, month: int) -> str | None:
    if closed:
        return (f"Mes: {period(year, month)} está cerrado por el Gestor Local; no se puede modificar. "
                "Pida su reapertura.")
    return None


def owner_problem(actor: Actor, coach_id: UUID) -> str | None:
    """An AP plans and registers only their own activities (other roles: within their scope)."""
    if actor.is_coach and actor.coach_id != coach_id:
        return "Acompañante: solo puede planificar y registrar sus propias actividades."
    return None


def unassigned_problem(label: str, teachers: tuple[TeacherFacts, ...], year: int) -> str | None:
    for t in teachers:
        if not t.assigned:
            break
    else:
        return None
    dnis = [t.dni for t in teachers if not t.assigned]
    verb = "no está asignado" if len(dnis) == 1 else "no están asignados"
    return f"{label}: {', '.join(dnis)} {verb} a este acompañante en {year}."

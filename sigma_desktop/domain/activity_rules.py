"""Rules of planning and registering activities as pure functions.

The planning and registration services apply them one record at a time over what they read from the
database; the spreadsheet import applies the same functions to thousands of rows over dictionaries
loaded once. One definition, one message, whichever path the data takes.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from .catalogues import RUBRIC_LEVELS
from .dates import month_name
from .enums import VisitType
from .errors import ValidationError

_DIAGNOSTIC = VisitType.DIAGNOSTIC.value  # enum attribute access is slow in a loop over many rows
_DEVELOPMENT = VisitType.DEVELOPMENT.value
_VISIT_TYPES = frozenset(v.value for v in VisitType)


def check_planned_date(planned: date | None, year: int, month: int) -> None:
    if planned is not None and (planned.year, planned.month) != (year, month):
        raise ValidationError("Fecha programada: debe caer dentro del mes planificado.", "fecha_programada")


def resolve_visit_type(requested: str | None, earlier: Iterable[tuple[int, str | None]], month: int, *,
                       diagnostic_by: str | None = None) -> str:
    """The type of a visit planned in `month`, given the teacher's live visits of the year and
    intervention as (month, visit type), whoever the coach: the first visit is the diagnóstica, later ones
    are de desarrollo; an explicit type is checked against that order.

    One diagnóstica per teacher, intervention and year, whoever plans it: in EIB a teacher with two coaches
    has one diagnóstica, and it counts for both (docs/decisions.md, «La diagnóstica en EIB»).
    `diagnostic_by` names the other coach who planned it, if it was not this one, for the message."""
    earlier = list(earlier)
    has_diagnostic = any(t == _DIAGNOSTIC for _m, t in earlier)
    if requested is None:
        requested = _DEVELOPMENT if has_diagnostic else _DIAGNOSTIC
    elif requested not in _VISIT_TYPES:
        raise ValidationError(f"Tipo de visita: «{requested}» no es válido.", "tipo_visita")
    if requested == _DIAGNOSTIC:
        if has_diagnostic:
            raise ValidationError(diagnostic_taken(diagnostic_by), "tipo_visita")
        if any(m < month for m, _t in earlier):
            raise ValidationError("Tipo de visita: la diagnóstica debe ser la primera visita "
                                  "del docente; ya tiene visitas en meses anteriores.", "tipo_visita")
    elif not has_diagnostic:
        raise ValidationError("Tipo de visita: la primera visita del docente debe ser la "
                              "diagnóstica.", "tipo_visita")
    else:
        diag_month = min(m for m, t in earlier if t == _DIAGNOSTIC)
        if month < diag_month:
            raise ValidationError("Mes: una visita de desarrollo no puede ir antes de la "
                                  "diagnóstica.", "mes")
    return requested


def diagnostic_taken(other_coach: str | None) -> str:
    """Why a second diagnóstica is refused; naming the coach who planned it when it was another one."""
    if other_coach is None:
        return "Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año."
    return (f"Tipo de visita: el docente ya tiene su visita diagnóstica planificada este año por otro acompañante "
            f"({other_coach}); la diagnóstica es una por docente y vale para todos sus acompañantes: planifique "
            "una visita de desarrollo.")


def check_execution_date(day: date, year: int, month: int, today: date) -> None:
    """An execution (or non-execution) is dated within the planned month and never in the future."""
    if day > today:
        raise ValidationError("Fecha de ejecución: no puede ser una fecha futura.", "fecha_ejecucion")
    if (day.year, day.month) != (year, month):
        raise ValidationError(
            f"Fecha de ejecución: debe estar dentro del mes planificado "
            f"({month_name(month)} {year}).", "fecha_ejecucion")


def check_first_executed_visit(visit_type: str | None, executed_types: Iterable[str | None]) -> None:
    """A visit other than the diagnóstica is registered only after the diagnóstica was executed."""
    if visit_type != _DIAGNOSTIC and _DIAGNOSTIC not in set(executed_types):
        raise ValidationError("La primera visita ejecutada al docente debe ser la diagnóstica; "
                              "registre primero la visita diagnóstica.", "tipo_visita")


def check_ratings(items: Mapping[int, str], ratings: Mapping[int, int], year: int) -> dict[int, int]:
    """The levels (1–4) of every desempeño of the year's rubric, `items` being number → name."""
    levels: dict[int, int] = {}
    for number, level in (ratings or {}).items():
        if number not in items:
            raise ValidationError(
                f"Rúbrica: el desempeño {number} no forma parte de la rúbrica {year} "
                f"(desempeños válidos: {', '.join(map(str, sorted(items)))}).", f"desempeno_{number}")
        if level not in RUBRIC_LEVELS:
            raise ValidationError(
                f"Rúbrica: el nivel del desempeño {number} debe estar entre I y IV (se recibió «{level}»).",
                f"desempeno_{number}")
        levels[number] = level
    missing = [n for n in items if n not in levels]
    if missing:
        raise ValidationError(f"Rúbrica: falta el nivel del desempeño {missing[0]} "
                              f"({items[missing[0]]}).", f"desempeno_{missing[0]}")
    return levels


def check_skip_reason(code: str | None, found: tuple[str, bool, bool] | None, note: str | None) -> None:
    """A non-execution needs a motivo of the catalogue, active, and its detail when the motivo asks for
    one; `found` is the catalogue entry of `code` as (name, requires_text, active), or None."""
    if not code:
        raise ValidationError("Motivo de no ejecución: es obligatorio.", "motivo_no_ejecucion")
    if found is None or not found[2]:
        raise ValidationError(f"Motivo de no ejecución: «{code}» no está en el catálogo.",
                              "motivo_no_ejecucion")
    name, requires_text, _active = found
    if requires_text and not note:
        raise ValidationError(f"Detalle del motivo: es obligatorio cuando el motivo es «{name}».",
                              "detalle_motivo")

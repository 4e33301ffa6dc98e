"""The Gestor Local's review (validate, observe) and the RCI's papelera (delete, restore) of execution
records. Facts per record: `facts.ReviewFacts`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..enums import RCI_DELETABLE_KINDS, Outcome, ValidationState
from . import limits as L
from .common import closed_problem
from .facts import ReviewFacts
from .verdict import Problems, Refused

_PENDING = ValidationState.PENDING.value
_VALIDATED = ValidationState.VALIDATED.value
_OBSERVED = ValidationState.OBSERVED.value
_DELETABLE = frozenset(k.value for k in RCI_DELETABLE_KINDS)


@dataclass(frozen=True, slots=True)
class Review:
    """The new validation state of the records (with the Gestor's comment when observed)."""

    state: str
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    reason: str


@dataclass(frozen=True, slots=True)
class Restoration:
    pass


def _reviewable(p: Problems, records: Sequence[ReviewFacts], year_month: Sequence[tuple[int, int]]) -> None:
    if not records:
        p.add("registros", "Seleccione al menos un registro.")
    for r, (year, month) in zip(records, year_month):
        p.add("mes", closed_problem(r.month_closed, year, month))
        if r.outcome != Outcome.EXECUTED.value:
            p.add("registros", "Solo se validan u observan actividades ejecutadas.")
        elif r.validation_state != _PENDING:
            state = "validado" if r.validation_state == _VALIDATED else "observado"
            p.add("registros", f"Un registro seleccionado ya está {state}; espere la corrección del acompañante "
                               "o quítelo de la selección.")


def validate(records: Sequence[ReviewFacts], periods: Sequence[tuple[int, int]]) -> Review | Refused:
    """All the records are validated, or none: each executed, pending, in an open month. `periods` holds
    each record's (year, month)."""
    p = Problems()
    _reviewable(p, records, periods)
    return p.or_(Review(_VALIDATED))


def observe(comment: str | None, record: ReviewFacts, period: tuple[int, int]) -> Review | Refused:
    p = Problems()
    comment = L.OBSERVATION.clean(comment)
    p.limit(L.OBSERVATION, comment)
    _reviewable(p, [record], [period])
    return p.or_(Review(_OBSERVED, comment))


def _trash(p: Problems, record: ReviewFacts, period: tuple[int, int]) -> None:
    if record.kind not in _DELETABLE:
        p.add("registro", "Solo se eliminan ejecuciones de visitas, GIA, rutas y talleres.")
    p.add("mes", closed_problem(record.month_closed, *period))


def delete(reason: str | None, record: ReviewFacts, period: tuple[int, int]) -> Removal | Refused:
    p = Problems()
    reason = L.DELETE_REASON.clean(reason)
    p.limit(L.DELETE_REASON, reason)
    _trash(p, record, period)
    if record.deleted:
        p.add("registro", "El registro ya está en la papelera.")
    return p.or_(Removal(reason))


def restore(record: ReviewFacts, period: tuple[int, int]) -> Restoration | Refused:
    p = Problems()
    _trash(p, record, period)
    if not record.deleted:
        p.add("registro", "El registro no está en la papelera.")
    elif record.other_live:
        p.add("registro", "La actividad ya tiene otro registro de ejecución vigente; elimínelo antes de restaurar "
                          "este.")
    return p.or_(Restoration())


"""Registration: what happened to a planned activity — executed, with its data, or not executed, with the
motivo. Registering again over a pending or observed record corrects it (back to the Gestor Local's
queue); a validated record does not change; registering what the record already says changes nothing.

Every `register_*` checks, in this order: the values (dates, limits, rubric, motivo) → whether anything
changes at all → the month is open, the record not validated, and the facts of the people involved.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping
from uuid import UUID

from ..catalogues import RUBRIC_LEVELS, RUBRIC_VERSIONS
from ..enums import ActivityKind, Outcome, ValidationState, VisitType
from . import limits as L
from .common import closed_problem, execution_date_problem, unassigned_problem
from .facts import GroupFacts, RecordFacts, SkipReasonFacts, VisitFacts
from .verdict import Problems, Refused, Unchanged

# an execution record keeps a level per desempeño number of any rubric version (1 to 6)
LEVEL_FIELDS = {n: f"level_{n}" for n in sorted({i.number for *_v, items in RUBRIC_VERSIONS for i in items})}
EXECUTION_FIELDS = ("outcome", "executed_on", "skip_reason_id", "skip_note", "hours", "days", "parents", "elders",
                    "authorities", "allowance_spent_cents", "quantity_delivered", "notes",
                    *LEVEL_FIELDS.values())
_EMPTY = dict.fromkeys(EXECUTION_FIELDS)
_EXECUTED = Outcome.EXECUTED.value
_NOT_EXECUTED = Outcome.NOT_EXECUTED.value
_VALIDATED = ValidationState.VALIDATED.value
_DIAGNOSTIC = VisitType.DIAGNOSTIC.value
_GROUPS = frozenset({ActivityKind.GROUP_SESSION.value, ActivityKind.WORKSHOP.value})
_VISIT = ActivityKind.VISIT.value
KIND_NAMES = {
    ActivityKind.VISIT.value: "visita", ActivityKind.GROUP_SESSION.value: "GIA",
    ActivityKind.WORKSHOP.value: "taller", ActivityKind.COMMUNITY_VISIT.value: "visita social comunitaria",
    ActivityKind.ROUTE.value: "ruta", ActivityKind.MATERIAL_DELIVERY.value: "entrega de materiales",
}


# --- commands ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RegisterVisit:
    activity_id: UUID
    on: date | None
    ratings: Mapping[int, int]  # desempeño number → level 1..4
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class RegisterGroup:
    activity_id: UUID
    on: date | None
    attended: tuple[UUID, ...]
    hours: int | None
    days: int | None = None


@dataclass(frozen=True, slots=True)
class RegisterCommunityVisit:
    activity_id: UUID
    on: date | None
    parents: int | None
    elders: int | None
    authorities: int | None


@dataclass(frozen=True, slots=True)
class RegisterRoute:
    activity_id: UUID
    on: date | None
    visited: tuple[UUID, ...]
    spent_cents: int | None
    days: int | None


@dataclass(frozen=True, slots=True)
class RegisterMaterials:
    activity_id: UUID
    on: date | None
    delivered: int | None


@dataclass(frozen=True, slots=True)
class RegisterNonExecution:
    activity_id: UUID
    on: date | None
    reason_code: str | None
    note: str | None = None


# --- the write --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExecutionWrite:
    """The live record to write: a new one (`execution_id` None) or a correction of the current one, which
    goes back to «pendiente». `members` replace the attendance (teachers) or the IIEE visited (schools)."""

    activity_id: UUID
    execution_id: UUID | None
    values: dict[str, Any]                    # every column of EXECUTION_FIELDS
    members: tuple[tuple[UUID, bool], ...] = ()
    member_field: str | None = None           # teacher_id | school_id


# --- rules ------------------------------------------------------------------------------------------------

def kind_problem(kind: str, expected: str) -> str | None:
    if kind != expected:
        return f"La actividad es una {KIND_NAMES.get(kind, kind)}, no una {KIND_NAMES.get(expected, expected)}."
    return None


def ratings_problems(p: Problems, rubric: Mapping[int, str], ratings: Mapping[int, int], year: int
                     ) -> dict[int, int]:
    """The level (I–IV) of every desempeño of the year's rubric; a message per bad desempeño."""
    if not rubric:
        p.add("rubrica", f"Rúbrica: no hay una rúbrica registrada para {year}; pida al administrador que la "
                         "cargue.")
        return {}
    levels: dict[int, int] = {}
    for number, level in (ratings or {}).items():
        if number not in rubric:
            p.add(f"desempeno_{number}", f"Rúbrica: el desempeño {number} no forma parte de la rúbrica {year} "
                                         f"(desempeños válidos: {', '.join(map(str, sorted(rubric)))}).")
        elif level not in RUBRIC_LEVELS:
            p.add(f"desempeno_{number}", f"Rúbrica: el nivel del desempeño {number} debe estar entre I y IV "
                                         f"(se recibió «{level}»).")
        else:
            levels[number] = level
    for number in rubric:  # (the form shows each desempeño's name right above its message)
        if number not in levels and f"desempeno_{number}" not in p.found:
            p.add(f"desempeno_{number}", f"Rúbrica: falta el nivel del desempeño {number}.")
    return levels


def _decide(p: Problems, facts: RecordFacts, values: dict[str, Any], members: tuple[tuple[UUID, bool], ...],
            member_field: str | None, extra=None) -> ExecutionWrite | Unchanged | Refused:
    """After the values: nothing changes → Unchanged; else the month must be open, the record not
    validated and `extra(p)` (the facts of the people involved) satisfied."""
    if p:
        return p.refused()
    current = facts.execution
    if current is not None and current.values == values and dict(current.members) == dict(members):
        return Unchanged()
    activity = facts.activity
    p.add("mes", closed_problem(facts.month_closed, activity.year, activity.month))
    if current is not None and current.validation_state == _VALIDATED:
        p.add("actividad", "Registro: ya fue validado por el Gestor Local y no se puede modificar.")
    if extra is not None:
        extra(p)
    if p:
        return p.refused()
    return ExecutionWrite(activity.id, current.id if current is not None else None, values, members,
                          member_field if members else None)


def _start(facts: RecordFacts, on: date | None, kind: str | None = None) -> Problems:
    p = Problems()
    a = facts.activity
    if kind is not None:
        p.add("actividad", kind_problem(a.kind, kind))
    p.add("fecha_ejecucion", execution_date_problem(on, a.year, a.month, facts.today))
    return p


def visit_fields(p: Problems, ratings: Mapping[int, int], notes: str | None, rubric: Mapping[int, str],
                 year: int) -> tuple[dict[int, int], str | None]:
    """The checks of a visit's record that need no facts but the rubric (the form calls them too)."""
    levels = ratings_problems(p, rubric, ratings, year)
    notes = L.NOTES.clean(notes)
    p.limit(L.NOTES, notes)
    return levels, notes


def register_visit(cmd: RegisterVisit, facts: RecordFacts, visit: VisitFacts
                   ) -> ExecutionWrite | Unchanged | Refused:
    a = facts.activity
    p = _start(facts, cmd.on, _VISIT)
    levels, notes = visit_fields(p, cmd.ratings, cmd.notes, visit.rubric, a.year)
    values = {**_EMPTY, "outcome": _EXECUTED, "executed_on": cmd.on, "notes": notes,
              **{LEVEL_FIELDS[n]: level for n, level in levels.items()}}

    def people(p: Problems) -> None:
        p.add("docente", unassigned_problem("Docente", (visit.teacher,), a.year))
        if cmd.on in visit.other_days:
            p.add("fecha_ejecucion", "Fecha de ejecución: ya registró una visita a este docente ese día.")
        if a.visit_type != _DIAGNOSTIC and _DIAGNOSTIC not in visit.other_executed_types:
            p.add("tipo_visita", "Tipo de visita: la primera visita ejecutada al docente debe ser la diagnóstica; "
                                 "registre primero la visita diagnóstica.")

    return _decide(p, facts, values, (), None, people)


def group_fields(p: Problems, kind: str, attended: tuple[UUID, ...], hours: int | None, days: int | None) -> None:
    if not attended:
        p.add("asistencia", "Asistencia: marque a los docentes que asistieron.")
    elif kind == ActivityKind.GROUP_SESSION.value and len(set(attended)) < 2:
        p.add("asistencia", "Asistencia: un GIA requiere al menos dos docentes asistentes del acompañante.")
    p.limit(L.HOURS_DONE, hours)
    p.limit(L.WORKSHOP_DAYS_DONE if kind == ActivityKind.WORKSHOP.value else L.GIA_DAYS_DONE, days)


def register_group(cmd: RegisterGroup, facts: RecordFacts, group: GroupFacts
                   ) -> ExecutionWrite | Unchanged | Refused:
    a = facts.activity
    p = _start(facts, cmd.on)
    if a.kind not in _GROUPS:
        p.add("actividad", "La actividad no es un GIA ni un taller.")
        return p.refused()
    attended = tuple(dict.fromkeys(cmd.attended))
    group_fields(p, a.kind, attended, cmd.hours, cmd.days)
    came = set(attended)
    members = tuple((t, t in came) for t in sorted(set(a.members) | came))
    values = {**_EMPTY, "outcome": _EXECUTED, "executed_on": cmd.on, "hours": cmd.hours, "days": cmd.days}

    def people(p: Problems) -> None:
        strangers = [t for t in attended if t not in group.assigned]
        if strangers:
            verb = "no está asignado" if len(strangers) == 1 else "no están asignados"
            dnis = ", ".join(group.dni.get(t, str(t)) for t in strangers)
            p.add("asistencia", f"Asistencia: {dnis} {verb} a este acompañante en {a.year}.")

    return _decide(p, facts, values, members, "teacher_id", people)


def community_fields(p: Problems, parents: int | None, elders: int | None, authorities: int | None) -> None:
    for limit, value in ((L.PARENTS, parents), (L.ELDERS, elders), (L.AUTHORITIES, authorities)):
        p.limit(limit, value)
    if not p and not ((parents or 0) + (elders or 0) + (authorities or 0)):
        p.add("padres", "Participantes: registre al menos un participante (padres de familia, sabios o "
                        "autoridades).")


def register_community_visit(cmd: RegisterCommunityVisit, facts: RecordFacts
                             ) -> ExecutionWrite | Unchanged | Refused:
    p = _start(facts, cmd.on, ActivityKind.COMMUNITY_VISIT.value)
    community_fields(p, cmd.parents, cmd.elders, cmd.authorities)
    values = {**_EMPTY, "outcome": _EXECUTED, "executed_on": cmd.on, "parents": cmd.parents,
              "elders": cmd.elders, "authorities": cmd.authorities}
    return _decide(p, facts, values, (), None)


def route_fields(p: Problems, visited: tuple[UUID, ...], spent_cents: int | None, days: int | None) -> None:
    if not visited:
        p.add("iiee", "IIEE visitadas: marque al menos una IE de la ruta.")
    p.limit(L.SPENT, spent_cents)
    p.limit(L.ROUTE_DAYS_DONE, days)


def register_route(cmd: RegisterRoute, facts: RecordFacts) -> ExecutionWrite | Unchanged | Refused:
    p = _start(facts, cmd.on, ActivityKind.ROUTE.value)
    visited = tuple(dict.fromkeys(cmd.visited))
    route_fields(p, visited, cmd.spent_cents, cmd.days)
    values = {**_EMPTY, "outcome": _EXECUTED, "executed_on": cmd.on, "allowance_spent_cents": cmd.spent_cents,
              "days": cmd.days}
    return _decide(p, facts, values, tuple((s, True) for s in visited), "school_id")


def register_materials(cmd: RegisterMaterials, facts: RecordFacts) -> ExecutionWrite | Unchanged | Refused:
    p = _start(facts, cmd.on, ActivityKind.MATERIAL_DELIVERY.value)
    p.limit(L.DELIVERED, cmd.delivered)
    values = {**_EMPTY, "outcome": _EXECUTED, "executed_on": cmd.on, "quantity_delivered": cmd.delivered}
    return _decide(p, facts, values, (), None)


def skip_fields(p: Problems, code: str | None, reason: SkipReasonFacts | None, note: str | None) -> str | None:
    """A non-execution needs a motivo of the catalogue, active, and its detail when the motivo asks for one."""
    note = L.SKIP_NOTE.clean(note)
    if not code:
        p.add("motivo_no_ejecucion", "Motivo de no ejecución: es obligatorio.")
    elif reason is None or not reason.active:
        p.add("motivo_no_ejecucion", f"Motivo de no ejecución: «{code}» no está en el catálogo.")
    elif reason.requires_text and not note:
        p.add("detalle_motivo", f"Detalle del motivo: es obligatorio cuando el motivo es «{reason.name}».")
    p.limit(L.SKIP_NOTE, note)
    return note


def register_non_execution(cmd: RegisterNonExecution, facts: RecordFacts, reason: SkipReasonFacts | None
                           ) -> ExecutionWrite | Unchanged | Refused:
    p = _start(facts, cmd.on)
    note = skip_fields(p, cmd.reason_code, reason, cmd.note)
    values = {**_EMPTY, "outcome": _NOT_EXECUTED, "executed_on": cmd.on,
              "skip_reason_id": reason.id if reason is not None else None, "skip_note": note}
    return _decide(p, facts, values, (), None)

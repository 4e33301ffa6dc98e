"""Teacher ↔ coach assignments per intervention and year: one coach per teacher, except where the
intervention allows several (EIB); a removed assignment comes back instead of being duplicated; an AP
marks «no planificar» only on their own teachers."""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from . import limits as L
from .facts import Actor, AssignmentFacts
from .verdict import Problems, Refused, Unchanged


@dataclass(frozen=True, slots=True)
class NewAssignment:
    exclusive_key: str | None


@dataclass(frozen=True, slots=True)
class BringBack:
    """A removed assignment of the same teacher, coach, intervention and year, restored."""

    assignment_id: UUID
    exclusive_key: str | None


@dataclass(frozen=True, slots=True)
class Unassignment:
    reason: str


@dataclass(frozen=True, slots=True)
class NoPlanMark:
    no_plan: bool
    reason: str | None


def exclusive_key(multi_coach: bool, teacher_id: UUID, intervention_key: str, year: int) -> str | None:
    """Where one coach per teacher is the rule, the key that the database keeps unique (None for EIB)."""
    return None if multi_coach else f"{teacher_id}:{intervention_key}:{year}"


def assign(facts: AssignmentFacts, year: int) -> NewAssignment | BringBack | Unchanged | Refused:
    if facts.assigned_here:
        return Unchanged("Docente: ya está asignado a ese acompañante en ese año.", "dni_docente")
    if facts.live_coach_dnis and not facts.multi_coach:
        p = Problems()
        p.add("dni_acompanante", f"Acompañante: el docente ya tiene asignado al acompañante {facts.live_coach_dnis[0]} en "
                                 f"{facts.intervention_name} {year}; solo en EIB un docente puede tener varios "
                                 "acompañantes (retire antes la asignación anterior).")
        return p.refused()
    key = exclusive_key(facts.multi_coach, facts.teacher_id, facts.intervention_key, year)
    if facts.removed_id is not None:
        return BringBack(facts.removed_id, key)
    return NewAssignment(key)


def unassign(reason: str | None) -> Unassignment | Refused:
    p = Problems()
    reason = L.UNASSIGN_REASON.clean(reason)
    p.limit(L.UNASSIGN_REASON, reason)
    return p.or_(Unassignment(reason))


def own_teacher_problem(actor: Actor, coach_id: UUID) -> str | None:
    if actor.is_coach and actor.coach_id != coach_id:
        return "Solo puede marcar a sus propios docentes."
    return None


def mark_no_plan(no_plan: bool, reason: str | None) -> NoPlanMark | Refused:
    p = Problems()
    reason = L.NO_PLAN_REASON.clean(reason)
    if no_plan:
        p.limit(L.NO_PLAN_REASON, reason)
    return p.or_(NoPlanMark(no_plan, reason if no_plan else None))

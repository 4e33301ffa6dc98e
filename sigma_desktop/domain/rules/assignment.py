"""Teacher ↔ coach assignments per intervention and year: one coach per teacher, except where the
intervention allows several (EIB); a deactivated docente or AP is not assigned; a removed assignment comes
back instead of being duplicated; an AP marks «no planificar» only on their own teachers.

A teacher counts in the avance and cumplimiento de protocolo only when the protocol of their coach's
intervention has targets for their school's level in that year (a Secundaria teacher under Soporte
Primaria has none). Such an assignment is made (an office may have reasons) but never silently: the
assignment form, `sigma import asignaciones` and the indicator report say it with `level_warning`'s words.
"""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ..master_rules import LEVEL_LABELS
from . import limits as L
from .facts import Actor, AssignmentFacts
from .verdict import Problems, Refused, Unchanged


@dataclass(frozen=True, slots=True)
class NewAssignment:
    exclusive_key: str | None
    warning: str | None = None  # level_warning: the teacher will have no protocol target


@dataclass(frozen=True, slots=True)
class BringBack:
    """A removed assignment of the same teacher, coach, intervention and year, restored."""

    assignment_id: UUID
    exclusive_key: str | None
    warning: str | None = None


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


def inactive_problem(label: str, dni: str) -> str:
    """Why a deactivated docente or AP is not assigned («DNI del docente: …»)."""
    return f"{label}: {dni} está desactivado; actívelo antes de asignarlo."


def level_warning(teacher_dni: str, school_level: str | None, intervention_name: str, year: int,
                  protocol_levels: frozenset[str]) -> str | None:
    """None when the protocol of the intervention and year has targets for the school's level; else why
    the teacher will have no target. `protocol_levels`: the levels with a protocol in that year."""
    school_level = school_level or ""
    if school_level in protocol_levels:
        return None
    level = LEVEL_LABELS.get(school_level, school_level).lower()
    if protocol_levels:
        levels = " y ".join(LEVEL_LABELS.get(lv, lv).lower() for lv in sorted(protocol_levels))
        has = f"tiene metas solo para {levels}"
    else:
        has = "no tiene metas de protocolo"
    return (f"El docente {teacher_dni} enseña en una IE de {level} y {intervention_name} {year} {has}: no tendrá "
            "meta de protocolo, no contará en el avance ni en el cumplimiento (se cuenta en «docentes sin meta de "
            "protocolo» de los reportes).")


def assign(facts: AssignmentFacts, year: int) -> NewAssignment | BringBack | Unchanged | Refused:
    """The assignment to make (with the level warning, if any), `Unchanged` when it is already made, or why
    not: a deactivated docente or AP, or a second coach where the intervention allows only one."""
    p = Problems()
    if not facts.teacher_active:
        p.add("dni_docente", inactive_problem("DNI del docente", facts.teacher_dni))
    if not facts.coach_active:
        p.add("dni_acompanante", inactive_problem("DNI del acompañante", facts.coach_dni))
    if p:
        return p.refused()
    if facts.assigned_here:
        return Unchanged("Docente: ya está asignado a ese acompañante en ese año.", "dni_docente")
    if facts.live_coach_dnis and not facts.multi_coach:
        p.add("dni_acompanante", f"Acompañante: el docente ya tiene asignado al acompañante "
                                 f"{facts.live_coach_dnis[0]} en {facts.intervention_name} {year}; solo en EIB un "
                                 "docente puede tener varios acompañantes (retire antes la asignación anterior).")
        return p.refused()
    key = exclusive_key(facts.multi_coach, facts.teacher_id, facts.intervention_key, year)
    warning = level_warning(facts.teacher_dni, facts.school_level, facts.intervention_name, year,
                            facts.protocol_levels)
    if facts.removed_id is not None:
        return BringBack(facts.removed_id, key, warning)
    return NewAssignment(key, warning)


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

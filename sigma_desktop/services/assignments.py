"""Teacher ↔ coach assignments per intervention and year; EIB allows several coaches per teacher.
The rules are the rule book's (domain/rules/assignment.py); writes return their `ChangeSet`."""
from __future__ import annotations

from uuid import UUID

from ..domain import codes
from ..domain.changes import AssignmentChanges, ChangeSet
from ..domain.dto import AssignmentRow
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.permissions import Action
from ..domain.rules import assignment as rules
from ..domain.rules.facts import AssignmentFacts
from ..domain.rules.verdict import Unchanged, accepted
from ..storage import models as m
from .activity_access import actor_of, rule_actor
from .context import Context, check_ugel_scope, get_or_fail
from ..storage import record_queries as rec


class AssignmentService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def assign(self, teacher_dni: str, coach_dni: str, year: int) -> AssignmentChanges:
        """Assigns; the change set's `warning` says when the teacher's school level has no protocol target in
        the coach's intervention that year (the assignment is made all the same)."""
        teacher_dni = codes.dni(teacher_dni, "dni_docente")
        coach_dni = codes.dni(coach_dni, "dni_acompanante")
        with self._ctx.unit(write=True, action=Action.ASSIGN) as u:
            teacher, coach, inter = self._pair(u, teacher_dni, coach_dni)
            live = rec.live_assignments(u, teacher.id, year, inter.id)
            row = rec.any_assignment(u, teacher.id, coach.id, inter.id, year)
            facts = AssignmentFacts(
                teacher.id, coach.id, inter.key, inter.name, inter.multi_coach,
                tuple(u.get(m.Coach, a.coach_id).dni for a in live if a.coach_id != coach.id),
                any(a.coach_id == coach.id for a in live), row.id if row is not None else None,
                teacher.dni, coach.dni, teacher.active, coach.active, *_level_facts(u, teacher, inter, year))
            decision = accepted(rules.assign(facts, year))
            if decision.__class__ is Unchanged:  # asked by a person, «already so» is a refusal
                raise ValidationError(decision.message, decision.field)
            if isinstance(decision, rules.BringBack):
                row.deleted_at = row.deleted_by = row.deleted_reason = None
                row.exclusive_key = decision.exclusive_key
            else:
                row = u.add(m.Assignment(teacher_id=teacher.id, coach_id=coach.id, intervention_id=inter.id,
                                         year=year, exclusive_key=decision.exclusive_key))
            assignment_id = row.id
        return AssignmentChanges.made(u.changes, assignment_id, decision.warning)

    def check(self, teacher_dni: str, coach_dni: str, year: int) -> str | None:
        """The warning `assign` would give, before assigning (the form shows it as the teacher is picked)."""
        with self._ctx.unit(write=False, action=Action.ASSIGN) as u:
            teacher, _coach, inter = self._pair(u, codes.dni(teacher_dni, "dni_docente"),
                                               codes.dni(coach_dni, "dni_acompanante"))
            level, protocol_levels = _level_facts(u, teacher, inter, year)
            return rules.level_warning(teacher.dni, level, inter.name, year, protocol_levels)

    def _pair(self, u, teacher_dni: str, coach_dni: str):
        actor = actor_of(self._ctx)
        teacher = u.find(m.Teacher, dni=teacher_dni)
        if teacher is None:
            raise ValidationError(f"DNI del docente: {teacher_dni} no está registrado.", "dni_docente")
        coach = u.find(m.Coach, dni=coach_dni)
        if coach is None:
            raise ValidationError(f"DNI del acompañante: {coach_dni} no está registrado.", "dni_acompanante")
        check_ugel_scope(actor, u, coach.ugel_id)
        check_ugel_scope(actor, u, teacher.ugel_id)
        return teacher, coach, u.get(m.Intervention, coach.intervention_id)

    def unassign(self, assignment_id: UUID, reason: str) -> ChangeSet:
        with self._ctx.unit(write=True, action=Action.ASSIGN) as u:
            row = get_or_fail(u, m.Assignment, assignment_id, "la asignación")
            coach = u.get(m.Coach, row.coach_id)
            check_ugel_scope(actor_of(self._ctx), u, coach.ugel_id)
            removal = accepted(rules.unassign(reason))
            row.deleted_at = u.now()
            row.deleted_by = getattr(self._ctx.actor, "user_id", None)
            row.deleted_reason = removal.reason
            row.exclusive_key = None
        return u.changes.with_id(assignment_id)

    def set_no_plan(self, assignment_id: UUID, no_plan: bool, reason: str | None = None) -> ChangeSet:
        """Marks a teacher "no planificar" for this coach (for example on long leave)."""
        with self._ctx.unit(write=True, action=Action.MARK_NO_PLAN) as u:
            row = get_or_fail(u, m.Assignment, assignment_id, "la asignación")
            actor = actor_of(self._ctx)
            problem = rules.own_teacher_problem(rule_actor(actor), row.coach_id)
            if problem:
                raise PermissionDenied(problem)
            check_ugel_scope(actor, u, u.get(m.Coach, row.coach_id).ugel_id)
            mark = accepted(rules.mark_no_plan(no_plan, reason))
            row.no_plan, row.no_plan_reason = mark.no_plan, mark.reason
        return u.changes.with_id(assignment_id)

    def for_teacher(self, teacher_id: UUID, year: int) -> list[AssignmentRow]:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            check_ugel_scope(actor_of(self._ctx), u, teacher.ugel_id)
            return [_row(u.get(m.Intervention, a.intervention_id), a)
                    for a in rec.live_assignments(u, teacher_id, year)]


def _row(inter: m.Intervention, a: m.Assignment) -> AssignmentRow:
    return AssignmentRow(a.id, a.teacher_id, a.coach_id, inter.key, a.year, a.no_plan)


def _level_facts(u, teacher: m.Teacher, inter: m.Intervention, year: int) -> tuple[str | None, frozenset[str]]:
    """The teacher's school level and the levels the intervention's protocol has targets for that year."""
    school = u.get(m.School, teacher.school_id)
    levels = frozenset(p.level for p in u.all(m.Protocol, intervention_id=inter.id, year=year))
    return (school.level if school is not None else None), levels

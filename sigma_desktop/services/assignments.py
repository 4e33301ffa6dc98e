"""Teacher ↔ coach assignments per intervention and year; EIB allows several coaches per teacher."""
from __future__ import annotations

from uuid import UUID

from ..domain import codes
from ..domain import master_rules
from ..domain.assignment_rules import level_warning
from ..domain.dto import AssignmentRow
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.permissions import SYSTEM, Action
from ..domain.enums import Role
from ..storage import models as m
from .activity_access import check_own_coach
from .context import Context, check_ugel_scope, get_or_fail


def exclusive_key(intervention: m.Intervention, teacher_id: UUID, year: int) -> str | None:
    """Where one coach per teacher is the rule, the key that the database keeps unique."""
    return None if intervention.multi_coach else f"{teacher_id}:{intervention.key}:{year}"


class AssignmentService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def assign(self, teacher_dni: str, coach_dni: str, year: int) -> AssignmentRow:
        """Assigns; the row's `warning` says when the teacher's school level has no protocol target in the
        coach's intervention that year (the assignment is made all the same)."""
        teacher_dni = codes.dni(teacher_dni, "dni_docente")
        coach_dni = codes.dni(coach_dni, "dni_acompanante")
        with self._ctx.unit(write=True, action=Action.ASSIGN, allow_system=True) as u:
            teacher, coach, inter = self._pair(u, teacher_dni, coach_dni)
            if not teacher.active:
                raise master_rules.inactive("DNI del docente", teacher_dni, "dni_docente")
            if not coach.active:
                raise master_rules.inactive("DNI del acompañante", coach_dni, "dni_acompanante")
            live = u.live_assignments(teacher.id, year, inter.id)
            if any(a.coach_id == coach.id for a in live):
                raise ValidationError("El docente ya está asignado a ese acompañante en ese año.",
                                      "dni_docente")
            if live and not inter.multi_coach:
                other = u.get(m.Coach, live[0].coach_id)
                raise ValidationError(
                    f"El docente ya tiene asignado al acompañante {other.dni} en {inter.name} {year}; "
                    "solo en EIB un docente puede tener varios acompañantes.", "dni_acompanante")
            row = u.any_assignment(teacher.id, coach.id, inter.id, year)
            key = exclusive_key(inter, teacher.id, year)
            if row is not None:  # a removed assignment comes back instead of being duplicated
                row.deleted_at = row.deleted_by = row.deleted_reason = None
                row.exclusive_key = key
            else:
                row = u.add(m.Assignment(teacher_id=teacher.id, coach_id=coach.id,
                                         intervention_id=inter.id, year=year, exclusive_key=key))
            u.flush()
            return _row(inter, row, _warning(u, teacher, inter, year))

    def check(self, teacher_dni: str, coach_dni: str, year: int) -> str | None:
        """The warning `assign` would give, before assigning (the form shows it as the teacher is picked)."""
        with self._ctx.unit(write=False, action=Action.ASSIGN, allow_system=True) as u:
            teacher, _coach, inter = self._pair(u, codes.dni(teacher_dni, "dni_docente"),
                                               codes.dni(coach_dni, "dni_acompanante"))
            return _warning(u, teacher, inter, year)

    def _pair(self, u, teacher_dni: str, coach_dni: str):
        actor = self._ctx.actor or SYSTEM
        teacher = u.find(m.Teacher, dni=teacher_dni)
        if teacher is None:
            raise ValidationError(f"DNI del docente: {teacher_dni} no está registrado.", "dni_docente")
        coach = u.find(m.Coach, dni=coach_dni)
        if coach is None:
            raise ValidationError(f"DNI del acompañante: {coach_dni} no está registrado.", "dni_acompanante")
        check_ugel_scope(actor, u, coach.ugel_id)
        check_ugel_scope(actor, u, teacher.ugel_id)
        return teacher, coach, u.get(m.Intervention, coach.intervention_id)

    def unassign(self, assignment_id: UUID, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Motivo: indique por qué se retira la asignación.", "motivo")
        with self._ctx.unit(write=True, action=Action.ASSIGN, allow_system=True) as u:
            row = get_or_fail(u, m.Assignment, assignment_id, "la asignación")
            coach = u.get(m.Coach, row.coach_id)
            check_ugel_scope(self._ctx.actor or SYSTEM, u, coach.ugel_id)
            row.deleted_at = u.now()
            row.deleted_by = getattr(self._ctx.actor, "user_id", None)
            row.deleted_reason = reason
            row.exclusive_key = None

    def set_no_plan(self, assignment_id: UUID, no_plan: bool, reason: str | None = None) -> None:
        """Marks a teacher "no planificar" for this coach (for example on long leave)."""
        if no_plan and not (reason or "").strip():
            raise ValidationError("Motivo: indique por qué no se planificará al docente.", "motivo")
        with self._ctx.unit(write=True, action=Action.MARK_NO_PLAN, allow_system=True) as u:
            row = get_or_fail(u, m.Assignment, assignment_id, "la asignación")
            actor = self._ctx.actor or SYSTEM
            coach = u.get(m.Coach, row.coach_id)
            if actor.role is Role.COACH and actor.coach_id != row.coach_id:
                raise PermissionDenied("Solo puede marcar a sus propios docentes.")
            check_ugel_scope(actor, u, coach.ugel_id)
            row.no_plan = no_plan
            row.no_plan_reason = (reason or "").strip() or None

    def for_coach(self, coach_id: UUID, year: int) -> list[AssignmentRow]:
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            coach = u.get(m.Coach, coach_id)
            if coach is None:
                raise NotFound("No se encontró el acompañante.")
            check_ugel_scope(self._ctx.actor or SYSTEM, u, coach.ugel_id)
            check_own_coach(self._ctx.actor or SYSTEM, coach.id)
            inter = u.get(m.Intervention, coach.intervention_id)
            return [_row(inter, a) for a in u.all(m.Assignment, coach_id=coach_id, year=year)]

    def for_teacher(self, teacher_id: UUID, year: int) -> list[AssignmentRow]:
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            check_ugel_scope(self._ctx.actor or SYSTEM, u, teacher.ugel_id)
            return [_row(u.get(m.Intervention, a.intervention_id), a)
                    for a in u.live_assignments(teacher_id, year)]


def _row(inter: m.Intervention, a: m.Assignment, warning: str | None = None) -> AssignmentRow:
    return AssignmentRow(a.id, a.teacher_id, a.coach_id, inter.key, a.year, a.no_plan, warning)


def _warning(u, teacher: m.Teacher, inter: m.Intervention, year: int) -> str | None:
    school = u.get(m.School, teacher.school_id)
    levels = {p.level for p in u.all(m.Protocol, intervention_id=inter.id, year=year)}
    return level_warning(teacher.dni, school.level, inter.name, year, levels)

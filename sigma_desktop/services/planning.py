"""Planning: the coach's activities per month (visita diagnóstica first, GIA, talleres, rutas...)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Sequence
from uuid import UUID

from ..domain import activity_rules as rules
from ..domain.dates import check_month
from ..domain.dto import ActivityRow
from ..domain.enums import ActivityKind
from ..domain.errors import ValidationError
from ..domain.money import to_cents
from ..domain.permissions import Action
from ..storage import models as m
from .activity_access import (activity_row, actor_of, check_coach_access, check_open_month, check_own_coach,
                              load_activity)
from .context import Context, check_ugel_scope, get_or_fail


def _check_planned_date(planned: date | None, year: int, month: int) -> None:
    rules.check_planned_date(planned, year, month)


def _positive(value: int | None, label: str, field: str, *, maximum: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or value < 1 or value > maximum:
        raise ValidationError(f"{label}: debe ser un número entre 1 y {maximum}.", field)
    return value


class PlanningService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _begin(self, u, coach_id: UUID, year: int, month: int) -> m.Coach:
        check_month(year, month)
        coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
        check_coach_access(actor_of(self._ctx), u, coach)
        check_open_month(u, coach.ugel_id, year, month)
        return coach

    def _new(self, u, coach: m.Coach, kind: ActivityKind, year: int, month: int, **fields) -> ActivityRow:
        a = u.add(m.Activity(kind=kind.value, coach_id=coach.id, intervention_id=coach.intervention_id,
                             ugel_id=coach.ugel_id, year=year, month=month, **fields))
        u.flush()
        return activity_row(u, a)

    def _assigned_teacher(self, u, coach: m.Coach, teacher_id: UUID, year: int, *, for_plan: bool
                          ) -> m.Teacher:
        teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
        mine = [a for a in u.live_assignments(teacher.id, year, coach.intervention_id)
                if a.coach_id == coach.id]
        if not mine:
            raise ValidationError(
                f"Docente: {teacher.dni} no está asignado a este acompañante en {year}.", "docente")
        if for_plan and mine[0].no_plan:
            raise ValidationError(f"Docente: {teacher.dni} está marcado «no planificar».", "docente")
        return teacher

    def plan_visit(self, coach_id: UUID, teacher_id: UUID, year: int, month: int, *,
                   planned_date: date | None = None, visit_type: str | None = None) -> ActivityRow:
        """Plans a classroom visit; the teacher's first visit of the year is the diagnóstica."""
        _check_planned_date(planned_date, year, month)
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            coach = self._begin(u, coach_id, year, month)
            teacher = self._assigned_teacher(u, coach, teacher_id, year, for_plan=True)
            earlier = u.teacher_visits(teacher.id, year, coach.intervention_id)
            visit_type = rules.resolve_visit_type(visit_type, [(v.month, v.visit_type) for v in earlier], month,
                                                  diagnostic_by=_diagnostic_by(u, earlier, coach.id))
            return self._new(u, coach, ActivityKind.VISIT, year, month, teacher_id=teacher.id,
                             school_id=teacher.school_id, visit_type=visit_type, planned_date=planned_date)

    def plan_group(self, kind: ActivityKind, coach_id: UUID, year: int, month: int,
                   teacher_ids: Sequence[UUID], *, topic: str, hours: int | None = None,
                   days: int | None = None, planned_date: date | None = None) -> ActivityRow:
        """Plans a GIA or a taller and the teachers it convenes."""
        if kind not in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            raise ValidationError("Tipo de actividad: solo GIA o taller convocan docentes.", "tipo")
        topic = " ".join((topic or "").split())
        if not topic:
            raise ValidationError("Tema: es obligatorio.", "tema")
        hours = _positive(hours, "Horas", "horas", maximum=40)
        days = _positive(days, "Días", "dias", maximum=10)
        _check_planned_date(planned_date, year, month)
        if len(set(teacher_ids)) < 2:
            raise ValidationError("Docentes convocados: convoque al menos dos docentes.", "docentes")
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            coach = self._begin(u, coach_id, year, month)
            teachers = [self._assigned_teacher(u, coach, t, year, for_plan=False) for t in set(teacher_ids)]
            row = self._new(u, coach, kind, year, month, topic=topic, planned_hours=hours,
                            planned_days=days, planned_date=planned_date)
            for t in teachers:
                u.add(m.ActivityParticipant(activity_id=row.id, teacher_id=t.id))
            return row

    def plan_community_visit(self, coach_id: UUID, school_id: UUID, year: int, month: int, *,
                             planned_date: date | None = None) -> ActivityRow:
        _check_planned_date(planned_date, year, month)
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            coach = self._begin(u, coach_id, year, month)
            if not u.get(m.Intervention, coach.intervention_id).has_community_visits:
                raise ValidationError("La visita social comunitaria solo corresponde a EIB.", "tipo")
            school = get_or_fail(u, m.School, school_id, "la IE")
            return self._new(u, coach, ActivityKind.COMMUNITY_VISIT, year, month, school_id=school.id,
                             planned_date=planned_date)

    def plan_route(self, coach_id: UUID, year: int, month: int, school_ids: Sequence[UUID], *,
                   allowance: Decimal | str, days: int, planned_date: date | None = None) -> ActivityRow:
        cents = to_cents(allowance, "viaticos_asignados", "Viáticos asignados")
        days = _positive(days, "Días de viático", "dias", maximum=31)
        _check_planned_date(planned_date, year, month)
        if not school_ids:
            raise ValidationError("IIEE de la ruta: indique al menos una IE.", "iiee")
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            coach = self._begin(u, coach_id, year, month)
            schools = [get_or_fail(u, m.School, s, "la IE") for s in dict.fromkeys(school_ids)]
            row = self._new(u, coach, ActivityKind.ROUTE, year, month, allowance_assigned_cents=cents,
                            planned_days=days, planned_date=planned_date)
            for s in schools:
                u.add(m.ActivityParticipant(activity_id=row.id, school_id=s.id))
            return row

    def plan_material_delivery(self, coach_id: UUID, year: int, month: int, *, kit: str, quantity: int,
                               teacher_id: UUID | None = None, school_id: UUID | None = None,
                               planned_date: date | None = None) -> ActivityRow:
        kit = " ".join((kit or "").split())
        if not kit:
            raise ValidationError("Kit de materiales: es obligatorio.", "kit")
        quantity = _positive(quantity, "Cantidad", "cantidad", maximum=10000)
        if (teacher_id is None) == (school_id is None):
            raise ValidationError("Destinatario: indique un docente o una IE.", "destinatario")
        _check_planned_date(planned_date, year, month)
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            coach = self._begin(u, coach_id, year, month)
            if teacher_id is not None:
                teacher = self._assigned_teacher(u, coach, teacher_id, year, for_plan=False)
                school_id = teacher.school_id
            else:
                get_or_fail(u, m.School, school_id, "la IE")
            return self._new(u, coach, ActivityKind.MATERIAL_DELIVERY, year, month, kit=kit,
                             quantity_planned=quantity, teacher_id=teacher_id, school_id=school_id,
                             planned_date=planned_date)

    def cancel(self, activity_id: UUID, reason: str) -> None:
        """Withdraws a plan that has no execution (tombstone with reason)."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("Motivo: indique por qué se retira la actividad planificada.", "motivo")
        with self._ctx.unit(write=True, action=Action.PLAN, allow_system=True) as u:
            a = load_activity(u, activity_id)
            self._begin(u, a.coach_id, a.year, a.month)
            if u.live_execution(a.id) is not None:
                raise ValidationError("La actividad ya tiene un registro de ejecución; no se puede retirar.",
                                      "actividad")
            a.deleted_at = u.now()
            a.deleted_by = getattr(self._ctx.actor, "user_id", None)
            a.deleted_reason = reason

    def list_for_coach(self, coach_id: UUID, year: int, month: int | None = None) -> list[ActivityRow]:
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
            check_ugel_scope(actor_of(self._ctx), u, coach.ugel_id)
            check_own_coach(actor_of(self._ctx), coach.id)
            filters = {"coach_id": coach_id, "year": year}
            if month is not None:
                filters["month"] = month
            return [activity_row(u, a) for a in u.all(m.Activity, order_by="month", **filters)]

    def get(self, activity_id: UUID) -> ActivityRow:
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            a = load_activity(u, activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_own_coach(actor_of(self._ctx), a.coach_id)
            return activity_row(u, a)


def _diagnostic_by(u, visits, coach_id) -> str | None:
    """Who planned the teacher's diagnóstica, when it was another coach (EIB): «Nombres Apellido (DNI …)»."""
    diag = next((v for v in visits if v.visit_type == "diagnostica"), None)
    if diag is None or diag.coach_id == coach_id:
        return None
    other = u.get(m.Coach, diag.coach_id)
    return f"{other.first_names} {other.last_name_1} (DNI {other.dni})"

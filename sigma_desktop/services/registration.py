"""Registering what happened to a planned activity: executed (with its data) or not executed (motivo).

Registering again over a pending or observed record corrects it (the observation is answered and the
record goes back to the Gestor Local's queue); a validated record cannot change.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping
from uuid import UUID

from ..domain import activity_rules as rules
from ..domain.catalogues import LEVEL_LABELS
from ..domain.dates import parse_date, today_lima
from ..domain.dto import ActivityRow
from ..domain.enums import ActivityKind, Outcome, ValidationState, VisitType
from ..domain.errors import ValidationError
from ..domain.money import to_cents
from ..domain.permissions import Action
from ..storage import models as m
from .activity_access import (activity_row, actor_of, check_coach_access, check_open_month, check_own_coach,
                              load_activity)
from .context import Context, check_ugel_scope, get_or_fail

KIND_LABEL = {
    ActivityKind.VISIT.value: "visita",
    ActivityKind.GROUP_SESSION.value: "GIA",
    ActivityKind.WORKSHOP.value: "taller",
    ActivityKind.COMMUNITY_VISIT.value: "visita social comunitaria",
    ActivityKind.ROUTE.value: "ruta",
    ActivityKind.MATERIAL_DELIVERY.value: "entrega de materiales",
}


def _count(value, label: str, field: str, maximum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise ValidationError(f"{label}: debe ser un número entero entre 0 y {maximum}.", field)
    return value


class RegistrationService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    # --- common ---------------------------------------------------------------------------------
    def _open(self, u, activity_id: UUID, kind: ActivityKind | None, executed_on: object):
        a = load_activity(u, activity_id)
        if kind is not None and a.kind != kind.value:
            raise ValidationError(f"La actividad es una {KIND_LABEL[a.kind]}, no una {KIND_LABEL[kind.value]}.",
                                  "actividad")
        coach = get_or_fail(u, m.Coach, a.coach_id, "el acompañante")
        check_coach_access(actor_of(self._ctx), u, coach)
        check_open_month(u, a.ugel_id, a.year, a.month)
        day = parse_date(executed_on, "fecha_ejecucion", "Fecha de ejecución")
        rules.check_execution_date(day, a.year, a.month, today_lima())
        e = u.live_execution(a.id)
        if e is not None and e.validation_state == ValidationState.VALIDATED.value:
            raise ValidationError("El registro ya fue validado por el Gestor Local y no se puede modificar.",
                                  "actividad")
        return a, coach, day, e

    def _save(self, u, a: m.Activity, e: m.Execution | None, outcome: Outcome, day: date,
              **fields) -> m.Execution:
        base = dict(outcome=outcome.value, executed_on=day, skip_reason_id=None, skip_note=None,
                    hours=None, days=None, parents=None, elders=None, authorities=None,
                    allowance_spent_cents=None, quantity_delivered=None, notes=None,
                    **{f"level_{n}": None for n in m.RUBRIC_SLOTS})
        base.update(fields)
        if e is None:
            e = u.add(m.Execution(activity_id=a.id, validation_state=ValidationState.PENDING.value, **base))
        else:
            for key, value in base.items():
                setattr(e, key, value)
            e.validation_state = ValidationState.PENDING.value  # a correction goes back to the queue
            for child in u.live_children(m.ExecutionParticipant, "execution_id", e.id):
                child.deleted_at = u.now()
                child.deleted_reason = "corrección del registro"
        u.flush()
        return e

    # --- executions -----------------------------------------------------------------------------
    def register_visit(self, activity_id: UUID, executed_on: object, ratings: Mapping[int, int], *,
                       notes: str | None = None) -> ActivityRow:
        """A classroom visit done, with the teacher's level (I–IV) in every desempeño of the year's rubric."""
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            a, coach, day, e = self._open(u, activity_id, ActivityKind.VISIT, executed_on)
            teacher = get_or_fail(u, m.Teacher, a.teacher_id, "el docente")
            if not any(x.coach_id == coach.id for x in u.live_assignments(teacher.id, a.year, a.intervention_id)):
                raise ValidationError(f"Docente: {teacher.dni} no está asignado a este acompañante.", "docente")
            if u.visit_on_day(teacher.id, coach.id, day, a.id):
                raise ValidationError("Fecha de ejecución: ya registró una visita a este docente ese día.",
                                      "fecha_ejecucion")
            if a.visit_type != VisitType.DIAGNOSTIC.value:
                rules.check_first_executed_visit(a.visit_type, u.executed_visit_types(
                    teacher.id, a.year, a.intervention_id, exclude_activity=a.id))
            levels = self._check_ratings(u, a.year, ratings)
            self._save(u, a, e, Outcome.EXECUTED, day, notes=(notes or "").strip() or None,
                       **{f"level_{n}": level for n, level in levels.items()})
            return activity_row(u, a)

    def _check_ratings(self, u, year: int, ratings: Mapping[int, int]) -> dict[int, int]:
        items = {i.number: i.name for i in u.rubric_items_for_year(year)}
        return rules.check_ratings(items, ratings, year)

    def register_group(self, activity_id: UUID, executed_on: object, attended: Iterable[UUID], *,
                       hours: int, days: int | None = None) -> ActivityRow:
        """A GIA or taller done: who attended among the convened teachers, and its hours."""
        attended = set(attended)
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            a, coach, day, e = self._open(u, activity_id, None, executed_on)
            if a.kind not in (ActivityKind.GROUP_SESSION.value, ActivityKind.WORKSHOP.value):
                raise ValidationError("La actividad no es un GIA ni un taller.", "actividad")
            _count(hours, "Horas", "horas", 80)
            if hours == 0:
                raise ValidationError("Horas: indique la duración en horas.", "horas")
            if days is not None:
                _count(days, "Días", "dias", 10)
            convened = {p.teacher_id for p in u.live_children(m.ActivityParticipant, "activity_id", a.id)}
            mine = {t for t in convened | attended
                    if any(x.coach_id == coach.id for x in u.live_assignments(t, a.year, a.intervention_id))}
            strangers = attended - mine
            if strangers:
                raise ValidationError("Asistencia: hay docentes que no están asignados a este acompañante.",
                                      "asistencia")
            if a.kind == ActivityKind.GROUP_SESSION.value and len(attended) < 2:
                raise ValidationError("Asistencia: un GIA requiere al menos dos docentes asistentes del "
                                      "acompañante.", "asistencia")
            if not attended:
                raise ValidationError("Asistencia: marque a los docentes que asistieron.", "asistencia")
            e = self._save(u, a, e, Outcome.EXECUTED, day, hours=hours, days=days)
            for t in sorted(convened | attended):
                u.add(m.ExecutionParticipant(execution_id=e.id, teacher_id=t, attended=t in attended))
            return activity_row(u, a)

    def register_community_visit(self, activity_id: UUID, executed_on: object, *, parents: int,
                                 elders: int, authorities: int) -> ActivityRow:
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            a, _coach, day, e = self._open(u, activity_id, ActivityKind.COMMUNITY_VISIT, executed_on)
            counts = {"parents": _count(parents, "Padres de familia", "padres", 5000),
                      "elders": _count(elders, "Sabios", "sabios", 5000),
                      "authorities": _count(authorities, "Autoridades", "autoridades", 5000)}
            if sum(counts.values()) == 0:
                raise ValidationError("Participantes: registre al menos un participante.", "padres")
            self._save(u, a, e, Outcome.EXECUTED, day, **counts)
            return activity_row(u, a)

    def register_route(self, activity_id: UUID, executed_on: object, visited: Iterable[UUID], *,
                       allowance_spent: Decimal | str, days: int) -> ActivityRow:
        visited = list(dict.fromkeys(visited))
        cents = to_cents(allowance_spent, "viaticos_rendidos", "Viáticos rendidos")
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            a, _coach, day, e = self._open(u, activity_id, ActivityKind.ROUTE, executed_on)
            _count(days, "Días de viático", "dias", 31)
            if not visited:
                raise ValidationError("IIEE visitadas: marque al menos una IE de la ruta.", "iiee")
            for s in visited:
                get_or_fail(u, m.School, s, "la IE")
            e = self._save(u, a, e, Outcome.EXECUTED, day, allowance_spent_cents=cents, days=days)
            for s in visited:
                u.add(m.ExecutionParticipant(execution_id=e.id, school_id=s, attended=True))
            return activity_row(u, a)

    def register_material_delivery(self, activity_id: UUID, executed_on: object, *,
                                   quantity_delivered: int) -> ActivityRow:
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            a, _coach, day, e = self._open(u, activity_id, ActivityKind.MATERIAL_DELIVERY, executed_on)
            _count(quantity_delivered, "Cantidad entregada", "cantidad", 10000)
            self._save(u, a, e, Outcome.EXECUTED, day, quantity_delivered=quantity_delivered)
            return activity_row(u, a)

    def register_not_executed(self, activity_id: UUID, reason_code: str | None, on_date: object, *,
                              note: str | None = None) -> ActivityRow:
        """A planned activity not done, with the motivo (free text required for «otro»)."""
        note = " ".join((note or "").split()) or None
        if not reason_code:
            rules.check_skip_reason(reason_code, None, note)
        with self._ctx.unit(write=True, action=Action.REGISTER, allow_system=True) as u:
            reason = u.find(m.SkipReason, code=reason_code)
            rules.check_skip_reason(reason_code, None if reason is None else
                                    (reason.name, reason.requires_text, reason.active), note)
            a, _coach, day, e = self._open(u, activity_id, None, on_date)
            self._save(u, a, e, Outcome.NOT_EXECUTED, day, skip_reason_id=reason.id, skip_note=note)
            return activity_row(u, a)

    def ratings(self, activity_id: UUID) -> dict[int, int]:
        """The rubric levels of a visit's live execution (empty if not executed)."""
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            a = load_activity(u, activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_own_coach(actor_of(self._ctx), a.coach_id)
            e = u.live_execution(a.id)
            if e is None:
                return {}
            return {n: getattr(e, f"level_{n}") for n in m.RUBRIC_SLOTS if getattr(e, f"level_{n}") is not None}


def level_label(level: int) -> str:
    return LEVEL_LABELS[level]

"""Checks shared by the services that read and write activities: who acts, ownership, scope, DTOs."""
from __future__ import annotations

from uuid import UUID

from ..domain.dto import ActivityRow
from ..domain.enums import ActivityStatus, Role
from ..domain.errors import PermissionDenied
from ..domain.permissions import Actor
from ..domain.rules import facts as rf
from ..domain.rules.common import owner_problem
from ..storage import models as m
from .context import Context, check_ugel_scope, get_or_fail
from ..storage import record_queries as rec


def actor_of(ctx: Context) -> Actor:
    return ctx.current()


def rule_actor(actor: Actor) -> rf.Actor:
    """The actor as the rule book sees it."""
    if actor.role is Role.COACH and not actor.is_system:
        return rf.Actor(is_coach=True, coach_id=actor.coach_id)
    return rf.Actor()


def check_coach_access(actor: Actor, u, coach: m.Coach) -> None:
    """An AP acts only on their own activities; other roles within their scope."""
    problem = owner_problem(rule_actor(actor), coach.id)
    if problem:
        raise PermissionDenied(problem)
    check_ugel_scope(actor, u, coach.ugel_id)


OWN_WORK_ONLY = "Un acompañante solo consulta su propio plan, sus actividades y sus docentes."


def check_own_coach(actor: Actor, coach_id: UUID | None) -> None:
    """An AP reads only their own plan, activities and teachers (as control and reports); other roles
    read within their scope (checked apart)."""
    if actor.role is Role.COACH and not actor.is_system and actor.coach_id != coach_id:
        raise PermissionDenied(OWN_WORK_ONLY)


def load_activity(u, activity_id: UUID) -> m.Activity:
    return get_or_fail(u, m.Activity, activity_id, "la actividad planificada")


def activity_row(u, a: m.Activity) -> ActivityRow:
    e = rec.live_execution(u, a.id)
    status = ActivityStatus.PLANNED.value if e is None else e.outcome
    reason = None
    if e is not None and e.skip_reason_id:
        reason = u.get(m.SkipReason, e.skip_reason_id).code
    return ActivityRow(
        id=a.id, kind=a.kind, coach_id=a.coach_id, year=a.year, month=a.month,
        planned_date=a.planned_date, teacher_id=a.teacher_id, school_id=a.school_id,
        visit_type=a.visit_type, topic=a.topic, status=status,
        execution_id=e.id if e else None, executed_on=e.executed_on if e else None,
        skip_reason=reason, validation_state=e.validation_state if e else None,
        validation_comment=e.validation_comment if e else None, version=a.version)

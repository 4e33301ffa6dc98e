"""Planning: the coach's activities per month (visita diagnóstica first, GIA, talleres, rutas...).

Every write loads the facts of its record, asks the rule book (domain/rules/planning.py) and applies the
answer in one transaction; it returns the `ChangeSet` of what it wrote (`id`: the new activity)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Sequence
from uuid import UUID

from ..domain.changes import ChangeSet
from ..domain.dto import ActivityRow
from ..domain.enums import ActivityKind
from ..domain.money import to_cents
from ..domain.permissions import Action
from ..domain.rules import limits as L
from ..domain.rules import planning as rules
from ..domain.rules.verdict import accepted
from ..storage import models as m
from .activity_access import activity_row, actor_of, check_coach_access, check_own_coach, load_activity
from .activity_facts import activity_facts, add_activity, plan_facts
from .context import Context, check_ugel_scope, get_or_fail
from ..storage import record_queries as rec


class PlanningService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _write(self):
        return self._ctx.unit(write=True, action=Action.PLAN)

    def _coach(self, u, coach_id: UUID) -> m.Coach:
        coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
        check_coach_access(actor_of(self._ctx), u, coach)
        return coach

    def plan_visit(self, coach_id: UUID, teacher_id: UUID, year: int, month: int, *,
                   planned_date: date | None = None, visit_type: str | None = None) -> ChangeSet:
        """Plans a classroom visit; the teacher's first visit of the year is the diagnóstica."""
        cmd = rules.PlanVisit(coach_id, teacher_id, year, month, planned_date, visit_type)
        with self._write() as u:
            coach = self._coach(u, coach_id)
            facts = plan_facts(u, coach, year, month, (teacher_id,), visit_history=True)
            new_id = add_activity(u, accepted(rules.plan_visit(cmd, facts)))
        return u.changes.with_id(new_id)

    def plan_group(self, kind: ActivityKind, coach_id: UUID, year: int, month: int,
                   teacher_ids: Sequence[UUID], *, topic: str, hours: int | None = None,
                   days: int | None = None, planned_date: date | None = None) -> ChangeSet:
        """Plans a GIA or a taller and the teachers it convenes."""
        cmd = rules.PlanGroup(str(kind), coach_id, year, month, tuple(teacher_ids), topic, hours, days, planned_date)
        with self._write() as u:
            coach = self._coach(u, coach_id)
            facts = plan_facts(u, coach, year, month, cmd.teacher_ids)
            new_id = add_activity(u, accepted(rules.plan_group(cmd, facts)))
        return u.changes.with_id(new_id)

    def plan_community_visit(self, coach_id: UUID, school_id: UUID, year: int, month: int, *,
                             planned_date: date | None = None) -> ChangeSet:
        cmd = rules.PlanCommunityVisit(coach_id, school_id, year, month, planned_date)
        with self._write() as u:
            coach = self._coach(u, coach_id)
            get_or_fail(u, m.School, school_id, "la IE")
            new_id = add_activity(u, accepted(rules.plan_community_visit(cmd, plan_facts(u, coach, year, month))))
        return u.changes.with_id(new_id)

    def plan_route(self, coach_id: UUID, year: int, month: int, school_ids: Sequence[UUID], *,
                   allowance: Decimal | str | None, days: int | None, planned_date: date | None = None
                   ) -> ChangeSet:
        cents = None if allowance is None or str(allowance).strip() == "" else \
            to_cents(allowance, L.ALLOWANCE.field, L.ALLOWANCE.label)
        cmd = rules.PlanRoute(coach_id, year, month, tuple(dict.fromkeys(school_ids)), cents, days, planned_date)
        with self._write() as u:
            coach = self._coach(u, coach_id)
            for s in cmd.school_ids:
                get_or_fail(u, m.School, s, "la IE")
            new_id = add_activity(u, accepted(rules.plan_route(cmd, plan_facts(u, coach, year, month))))
        return u.changes.with_id(new_id)

    def plan_material_delivery(self, coach_id: UUID, year: int, month: int, *, kit: str, quantity: int | None,
                               teacher_id: UUID | None = None, school_id: UUID | None = None,
                               planned_date: date | None = None) -> ChangeSet:
        cmd = rules.PlanMaterials(coach_id, year, month, kit, quantity, teacher_id, school_id, planned_date)
        with self._write() as u:
            coach = self._coach(u, coach_id)
            if school_id is not None:
                get_or_fail(u, m.School, school_id, "la IE")
            teachers = (teacher_id,) if teacher_id is not None else ()
            new_id = add_activity(u, accepted(rules.plan_materials(cmd, plan_facts(u, coach, year, month, teachers))))
        return u.changes.with_id(new_id)

    def cancel(self, activity_id: UUID, reason: str) -> ChangeSet:
        """Withdraws a plan that has no execution (tombstone with reason)."""
        with self._write() as u:
            a = load_activity(u, activity_id)
            self._coach(u, a.coach_id)
            withdrawal = accepted(rules.withdraw(rules.Withdraw(activity_id, reason), activity_facts(u, a),
                                                 rec.is_month_closed(u, a.ugel_id, a.year, a.month),
                                                 rec.live_execution(u, a.id) is not None))
            a.deleted_at = u.now()
            a.deleted_by = getattr(self._ctx.actor, "user_id", None)
            a.deleted_reason = withdrawal.reason
        return u.changes.with_id(activity_id)

    def list_for_coach(self, coach_id: UUID, year: int, month: int | None = None) -> list[ActivityRow]:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
            check_ugel_scope(actor_of(self._ctx), u, coach.ugel_id)
            check_own_coach(actor_of(self._ctx), coach.id)
            filters = {"coach_id": coach_id, "year": year}
            if month is not None:
                filters["month"] = month
            return [activity_row(u, a) for a in u.all(m.Activity, order_by="month", **filters)]

    def get(self, activity_id: UUID) -> ActivityRow:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            a = load_activity(u, activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_own_coach(actor_of(self._ctx), a.coach_id)
            return activity_row(u, a)

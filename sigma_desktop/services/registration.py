"""Registering what happened to a planned activity: executed (with its data) or not executed (motivo).

Every call loads the facts of the activity and its live record, asks the rule book
(domain/rules/registration.py) and applies the answer in one transaction: a new record, a correction
(back to the Gestor Local's queue) or nothing at all when the record already says the same. It returns
the change set of what it wrote (`RecordChanges`: `id` the activity, `execution_id` its live record).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable, Iterable, Mapping
from uuid import UUID

from ..domain.changes import RecordChanges
from ..domain.dates import parse_date
from ..domain.enums import Outcome
from ..domain.money import to_cents
from ..domain.permissions import Action
from ..domain.rules import limits as L
from ..domain.rules import registration as rules
from ..domain.rules.facts import GroupFacts, RecordFacts, SkipReasonFacts, VisitFacts
from ..domain.rules.verdict import Unchanged, accepted
from ..storage import models as m
from .activity_access import actor_of, check_coach_access, check_own_coach, load_activity
from .activity_facts import record_facts, teacher_facts, write_execution
from .context import Context, check_ugel_scope, get_or_fail
from ..storage import record_queries as rec


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, "fecha_ejecucion", "Fecha de ejecución")


class RegistrationService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _register(self, activity_id: UUID, decide: Callable[[object, m.Activity, RecordFacts], object]
                  ) -> RecordChanges:
        """One registration: the activity's facts, the rule's answer, the write (or none)."""
        with self._ctx.unit(write=True, action=Action.REGISTER) as u:
            a = load_activity(u, activity_id)
            check_coach_access(actor_of(self._ctx), u, get_or_fail(u, m.Coach, a.coach_id, "el acompañante"))
            facts = record_facts(u, a)
            decision = accepted(decide(u, a, facts))
            if decision.__class__ is Unchanged:
                record = facts.execution.id
            else:
                record = write_execution(u, decision)
        return RecordChanges.made(u.changes, activity_id, record)

    # --- executions -----------------------------------------------------------------------------
    def register_visit(self, activity_id: UUID, executed_on: object, ratings: Mapping[int, int], *,
                       notes: str | None = None) -> RecordChanges:
        """A classroom visit done, with the teacher's level (I–IV) in every desempeño of the year's rubric."""
        cmd = rules.RegisterVisit(activity_id, _day(executed_on), dict(ratings or {}), notes)

        def decide(u, a: m.Activity, facts: RecordFacts):
            visit = VisitFacts(
                teacher_facts(u, a.teacher_id, a.coach_id, a.intervention_id, a.year),
                {i.number: i.name for i in rec.rubric_items_for_year(u, a.year)},
                tuple(rec.executed_visit_types(u, a.teacher_id, a.year, a.intervention_id, exclude_activity=a.id)),
                frozenset(rec.visit_days(u, a.teacher_id, a.coach_id, a.id)))
            return rules.register_visit(cmd, facts, visit)

        return self._register(activity_id, decide)

    def register_group(self, activity_id: UUID, executed_on: object, attended: Iterable[UUID], *,
                       hours: int | None, days: int | None = None) -> RecordChanges:
        """A GIA or taller done: who attended among the convened teachers, and its hours."""
        cmd = rules.RegisterGroup(activity_id, _day(executed_on), tuple(attended), hours, days)

        def decide(u, a: m.Activity, facts: RecordFacts):
            people = set(facts.activity.members) | set(cmd.attended)
            assigned = frozenset(t for t in people if any(
                x.coach_id == a.coach_id for x in rec.live_assignments(u, t, a.year, a.intervention_id)))
            dni = {t: teacher.dni for t in cmd.attended if (teacher := u.get(m.Teacher, t)) is not None}
            return rules.register_group(cmd, facts, GroupFacts(assigned, dni))

        return self._register(activity_id, decide)

    def register_community_visit(self, activity_id: UUID, executed_on: object, *, parents: int | None,
                                 elders: int | None, authorities: int | None) -> RecordChanges:
        cmd = rules.RegisterCommunityVisit(activity_id, _day(executed_on), parents, elders, authorities)
        return self._register(activity_id, lambda u, a, facts: rules.register_community_visit(cmd, facts))

    def register_route(self, activity_id: UUID, executed_on: object, visited: Iterable[UUID], *,
                       allowance_spent: Decimal | str | None, days: int | None) -> RecordChanges:
        cents = None if allowance_spent is None or str(allowance_spent).strip() == "" else \
            to_cents(allowance_spent, L.SPENT.field, L.SPENT.label)
        cmd = rules.RegisterRoute(activity_id, _day(executed_on), tuple(dict.fromkeys(visited)), cents, days)

        def decide(u, a: m.Activity, facts: RecordFacts):
            for s in cmd.visited:
                get_or_fail(u, m.School, s, "la IE")
            return rules.register_route(cmd, facts)

        return self._register(activity_id, decide)

    def register_material_delivery(self, activity_id: UUID, executed_on: object, *,
                                   quantity_delivered: int | None) -> RecordChanges:
        cmd = rules.RegisterMaterials(activity_id, _day(executed_on), quantity_delivered)
        return self._register(activity_id, lambda u, a, facts: rules.register_materials(cmd, facts))

    def register_not_executed(self, activity_id: UUID, reason_code: str | None, on_date: object, *,
                              note: str | None = None) -> RecordChanges:
        """A planned activity not done, with the motivo (free text required for «otro»)."""
        cmd = rules.RegisterNonExecution(activity_id, _day(on_date), reason_code, note)

        def decide(u, a: m.Activity, facts: RecordFacts):
            found = u.find(m.SkipReason, code=reason_code) if reason_code else None
            reason = None if found is None else SkipReasonFacts(found.id, found.code, found.name,
                                                                found.requires_text, found.active)
            return rules.register_non_execution(cmd, facts, reason)

        return self._register(activity_id, decide)

    def ratings(self, activity_id: UUID) -> dict[int, int]:
        """The rubric levels of a visit's live execution (empty if not executed)."""
        with self._ctx.unit(write=False, action=Action.READ) as u:
            a = load_activity(u, activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_own_coach(actor_of(self._ctx), a.coach_id)
            e = rec.live_execution(u, a.id)
            if e is None or e.outcome != Outcome.EXECUTED.value:
                return {}
            return {n: getattr(e, f"level_{n}") for n in m.RUBRIC_SLOTS if getattr(e, f"level_{n}") is not None}


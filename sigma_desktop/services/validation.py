"""The Gestor Local's review: validate records — executions and non-executions (their motivo) — one or
many, or observe them with a required comment (one or many, the same comment).
The rules are the rule book's (domain/rules/review.py); writes return their `ChangeSet`."""
from __future__ import annotations

from typing import Sequence
from uuid import UUID

from ..domain.changes import ChangeSet
from ..domain.enums import Role, ValidationState
from ..domain.errors import NotFound
from ..domain.permissions import Action
from ..domain.review import ReviewRow
from ..domain.rules import review as rules
from ..domain.rules.facts import ReviewFacts
from ..domain.rules.verdict import accepted
from ..storage import models as m
from ..storage import review_queries as rq
from .activity_access import actor_of, check_own_coach
from .context import Context, check_ugel_scope, scope_ugels
from ..storage import record_queries as rec


def review_facts(u, e: m.Execution, a: m.Activity) -> ReviewFacts:
    other = e.deleted_at is not None and rec.live_execution(u, a.id) is not None
    return ReviewFacts(e.id, a.kind, e.outcome, e.validation_state, e.deleted_at is not None,
                       rec.is_month_closed(u, a.ugel_id, a.year, a.month), other)


class ValidationService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _records(self, u, execution_ids: Sequence[UUID]) -> list[tuple[m.Execution, m.Activity]]:
        """The live records asked for, in the actor's scope (NotFound or PermissionDenied otherwise)."""
        found = {e.id: e for e in rec.executions_by_ids(u, list(execution_ids))}
        pairs = []
        for id_ in execution_ids:
            e = found.get(id_)
            if e is None or e.deleted_at is not None:
                raise NotFound("Uno de los registros seleccionados ya no existe o fue eliminado.")
            a = u.get(m.Activity, e.activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            pairs.append((e, a))
        return pairs

    def _apply(self, u, pairs, review: rules.Review) -> None:
        actor = self._ctx.current()
        now = u.now()
        for e, _a in pairs:
            e.validation_state = review.state
            e.validation_comment = review.comment
            e.validated_by = actor.user_id
            e.validated_at = now

    def validate(self, execution_ids: Sequence[UUID]) -> ChangeSet:
        """Validates all the given records or none (one transaction)."""
        ids = list(dict.fromkeys(execution_ids))
        with self._ctx.unit(write=True, action=Action.VALIDATE) as u:
            pairs = self._records(u, ids)
            facts = [review_facts(u, e, a) for e, a in pairs]
            self._apply(u, pairs, accepted(rules.validate(facts, [(a.year, a.month) for _e, a in pairs])))
        return u.changes

    def observe(self, execution_ids: UUID | Sequence[UUID], comment: str) -> ChangeSet:
        """Observes one record or several (the same comment, all or none): back to their APs."""
        one = isinstance(execution_ids, UUID)
        ids = [execution_ids] if one else list(dict.fromkeys(execution_ids))
        with self._ctx.unit(write=True, action=Action.VALIDATE) as u:
            pairs = self._records(u, ids)
            facts = [review_facts(u, e, a) for e, a in pairs]
            self._apply(u, pairs, accepted(rules.observe(comment, facts, [(a.year, a.month) for _e, a in pairs])))
        return u.changes.with_id(execution_ids) if one else u.changes

    def queue(self, year: int, month: int | None = None, coach_id: UUID | None = None,
              states: tuple[str, ...] = (ValidationState.PENDING.value,)) -> list[ReviewRow]:
        """Records (executions and non-executions) in the given states in the actor's scope, filtered by
        month and coach."""
        with self._ctx.unit(write=False, action=Action.READ) as u:
            actor = self._ctx.current()
            if actor.role is Role.COACH:  # an AP sees how their own work was reviewed, nobody else's
                check_own_coach(actor, coach_id if coach_id is not None else actor.coach_id)
                coach_id = actor.coach_id
            scope = scope_ugels(actor, u)
            return rq.review_queue(u, scope, year, month, coach_id, states)

    def coaches(self) -> list[tuple[UUID, str, str]]:
        """(id, DNI, name) of the coaches in the actor's scope, for the queue's filter."""
        with self._ctx.unit(write=False, action=Action.READ) as u:
            scope = scope_ugels(self._ctx.current(), u)
            return rq.coaches_in_scope(u, scope)

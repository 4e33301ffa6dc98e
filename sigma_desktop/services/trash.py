"""Papelera: the RCI deletes execution records with a reason and restores those deleted by mistake.
The rules are the rule book's (domain/rules/review.py); writes return their `ChangeSet`."""
from __future__ import annotations

from uuid import UUID

from ..domain.changes import ChangeSet
from ..domain.errors import NotFound
from ..domain.permissions import Action
from ..domain.review import DeletedRow
from ..domain.rules import review as rules
from ..domain.rules.verdict import accepted
from ..storage import models as m
from ..storage import review_queries as rq
from .activity_access import actor_of
from .context import Context, check_ugel_scope, scope_ugels
from .validation import review_facts


class TrashService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _load(self, u, execution_id: UUID) -> tuple[m.Execution, m.Activity]:
        e = u.get(m.Execution, execution_id)
        if e is None:
            raise NotFound("No se encontró el registro de ejecución.")
        a = u.get(m.Activity, e.activity_id)
        check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
        return e, a

    def delete_execution(self, execution_id: UUID, reason: str) -> ChangeSet:
        with self._ctx.unit(write=True, action=Action.DELETE_EXECUTION) as u:
            e, a = self._load(u, execution_id)
            removal = accepted(rules.delete(reason, review_facts(u, e, a), (a.year, a.month)))
            e.deleted_at = u.now()
            e.deleted_by = self._ctx.current().user_id
            e.deleted_reason = removal.reason
        return u.changes.with_id(execution_id)

    def restore_execution(self, execution_id: UUID) -> ChangeSet:
        with self._ctx.unit(write=True, action=Action.RESTORE_EXECUTION) as u:
            e, a = self._load(u, execution_id)
            accepted(rules.restore(review_facts(u, e, a), (a.year, a.month)))
            e.deleted_at = e.deleted_by = e.deleted_reason = None
        return u.changes.with_id(execution_id)

    def list_deleted(self) -> list[DeletedRow]:
        """Deleted execution records in the actor's scope, newest first."""
        with self._ctx.unit(write=False, action=Action.RESTORE_EXECUTION) as u:
            scope = scope_ugels(self._ctx.current(), u)
            return rq.deleted_executions(u, scope)

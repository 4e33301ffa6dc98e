"""The Gestor Local's review: validate executed activities (one or many) or observe them with a comment."""
from __future__ import annotations

from typing import Sequence
from uuid import UUID

from ..domain.enums import Outcome, Role, ValidationState
from ..domain.review import ReviewRow
from ..storage import review_queries as rq
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Action
from ..storage import models as m
from .activity_access import actor_of, check_open_month, check_own_coach
from .context import Context, check_ugel_scope, scope_ugels

MIN_COMMENT = 5


class ValidationService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _reviewable(self, u, execution_ids: Sequence[UUID]) -> list[tuple[m.Execution, m.Activity]]:
        ids = list(dict.fromkeys(execution_ids))
        if not ids:
            raise ValidationError("Seleccione al menos un registro.", "registros")
        found = {e.id: e for e in u.executions_by_ids(ids)}
        pairs = []
        for id_ in ids:
            e = found.get(id_)
            if e is None or e.deleted_at is not None:
                raise NotFound("Uno de los registros seleccionados ya no existe o fue eliminado.")
            a = u.get(m.Activity, e.activity_id)
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_open_month(u, a.ugel_id, a.year, a.month)
            if e.outcome != Outcome.EXECUTED.value:
                raise ValidationError("Solo se validan u observan actividades ejecutadas.", "registros")
            if e.validation_state != ValidationState.PENDING.value:
                state = "validado" if e.validation_state == ValidationState.VALIDATED.value else "observado"
                raise ValidationError(f"Un registro seleccionado ya está {state}; espere la corrección "
                                      "del acompañante o quítelo de la selección.", "registros")
            pairs.append((e, a))
        return pairs

    def validate(self, execution_ids: Sequence[UUID]) -> int:
        """Validates all the given records or none (one transaction)."""
        with self._ctx.unit(write=True, action=Action.VALIDATE) as u:
            pairs = self._reviewable(u, execution_ids)
            actor = self._ctx.current()
            now = u.now()
            for e, _a in pairs:
                e.validation_state = ValidationState.VALIDATED.value
                e.validation_comment = None
                e.validated_by = actor.user_id
                e.validated_at = now
            return len(pairs)

    def observe(self, execution_id: UUID, comment: str) -> None:
        comment = " ".join((comment or "").split())
        if len(comment) < MIN_COMMENT:
            raise ValidationError("Observación: explique al acompañante qué debe corregir.", "observacion")
        with self._ctx.unit(write=True, action=Action.VALIDATE) as u:
            ((e, _a),) = self._reviewable(u, [execution_id])
            actor = self._ctx.current()
            e.validation_state = ValidationState.OBSERVED.value
            e.validation_comment = comment
            e.validated_by = actor.user_id
            e.validated_at = u.now()

    def queue(self, year: int, month: int | None = None, coach_id: UUID | None = None,
              states: tuple[str, ...] = (ValidationState.PENDING.value,)) -> list[ReviewRow]:
        """Executed activities awaiting review in the actor's scope, filtered by month and coach."""
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

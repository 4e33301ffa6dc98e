"""A record's history, read from the change log (who changed what, when, old and new values)."""
from __future__ import annotations

import json
from uuid import UUID

from ..domain.dto import HistoryEntry
from ..domain.enums import Role
from ..domain.errors import NotFound
from ..domain.permissions import Action
from .activity_access import actor_of, check_own_coach
from .context import Context, check_ugel_scope
from ..storage import record_queries as rec

# records of one coach's work: an AP reads the history of their own only
OWN_WORK = frozenset({"activity", "activity_participant", "execution", "execution_participant", "assignment"})


class HistoryService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def of_record(self, entity_id: UUID) -> list[HistoryEntry]:
        """Every change of the record and of the rows that belong to it, oldest first."""
        with self._ctx.unit(write=False, action=Action.READ_HISTORY) as u:
            entries = rec.history(u, rec.family_ids(u, entity_id))
            if not entries:
                raise NotFound("No hay historial para ese registro.")
            ugel_id = rec.entity_scope(u, entries[0].entity, entity_id)
            if ugel_id is not None:
                check_ugel_scope(actor_of(self._ctx), u, ugel_id)
            if actor_of(self._ctx).role is Role.COACH and entries[0].entity in OWN_WORK:
                check_own_coach(actor_of(self._ctx), rec.entity_coach(u, entries[0].entity, entity_id))
            return [HistoryEntry(e.seq, e.at, e.user_dni, e.entity, e.entity_id, e.op,
                                 json.loads(e.changes), e.new_version) for e in entries]

"""Month closing per UGEL by the Gestor Local: a closed month accepts no changes until reopened.
The rules are the rule book's (domain/rules/closing.py); writes return their `ChangeSet`."""
from __future__ import annotations

from ..domain import codes
from ..domain.changes import ChangeSet
from ..domain.dates import check_month
from ..domain.dto import MonthState
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.rules import closing as rules
from ..domain.rules.verdict import accepted
from ..storage import models as m
from .activity_access import actor_of
from .context import Context, check_ugel_scope


class ClosingService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _ugel(self, u, ugel_code: str) -> m.Ugel:
        ugel = u.find(m.Ugel, code=codes.office_code(ugel_code))
        if ugel is None:
            raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "codigo_ugel")
        check_ugel_scope(actor_of(self._ctx), u, ugel.id)
        return ugel

    def _write(self, ugel_code: str, year: int, month: int, decide) -> ChangeSet:
        with self._ctx.unit(write=True, action=Action.CLOSE_MONTH) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            write = accepted(decide(bool(row and row.closed)))
            if row is None:
                row = u.add(m.MonthClosing(ugel_id=ugel.id, year=year, month=month, closed=write.closed,
                                           reason=write.reason))
            else:
                row.closed, row.reason = write.closed, write.reason
            closing_id = row.id
        return u.changes.with_id(closing_id)

    def close(self, ugel_code: str, year: int, month: int) -> ChangeSet:
        return self._write(ugel_code, year, month, lambda closed: rules.close(year, month, closed))

    def reopen(self, ugel_code: str, year: int, month: int, reason: str) -> ChangeSet:
        return self._write(ugel_code, year, month, lambda closed: rules.reopen(year, month, closed, reason))

    def state(self, ugel_code: str, year: int, month: int) -> MonthState:
        check_month(year, month)
        with self._ctx.unit(write=False, action=Action.READ) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            return MonthState(ugel.code, year, month, bool(row and row.closed), row.reason if row else None)

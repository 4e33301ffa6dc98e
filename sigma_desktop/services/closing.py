"""Month closing per UGEL by the Gestor Local: a closed month accepts no changes until reopened.
The rules are the rule book's (domain/rules/closing.py); writes return their `ChangeSet`.

Reads for other screens: `summary` (what blocks a closing), `state` / `states` (the closing state of one
UGEL's month, or of every UGEL of the actor's scope by month: the Gestor Regional's table and the
dashboards of issue 18) and `history` (every closing and reopening, with its user)."""
from __future__ import annotations

from ..domain import codes
from ..domain.changes import ChangeSet
from ..domain.dates import check_month, today_lima
from ..domain.dto import ClosingSummary, HistoryEntry, MonthState
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.rules import closing as rules
from ..domain.rules.verdict import accepted
from ..storage import closing_queries as cq
from ..storage import models as m
from .activity_access import actor_of
from .context import Context, check_ugel_scope, scope_ugels
from ..storage import record_queries as rec


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
        check_month(year, month)
        with self._ctx.unit(write=True, action=Action.CLOSE_MONTH) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            write = accepted(decide(u, ugel, bool(row and row.closed)))
            if row is None:
                row = u.add(m.MonthClosing(ugel_id=ugel.id, year=year, month=month, closed=write.closed,
                                           reason=write.reason))
            else:
                row.closed, row.reason = write.closed, write.reason
            closing_id = row.id
        return u.changes.with_id(closing_id)

    def close(self, ugel_code: str, year: int, month: int, *, confirmed: bool = False) -> ChangeSet:
        """Closes the month; with anything pending (see `summary`) only when `confirmed`."""
        return self._write(ugel_code, year, month, lambda u, ugel, closed: rules.close(
            year, month, closed, cq.month_figures(u, ugel.id, year, month), confirmed, today_lima()))

    def reopen(self, ugel_code: str, year: int, month: int, reason: str) -> ChangeSet:
        return self._write(ugel_code, year, month, lambda _u, _g, closed: rules.reopen(year, month, closed, reason))

    def state(self, ugel_code: str, year: int, month: int) -> MonthState:
        check_month(year, month)
        with self._ctx.unit(write=False, action=Action.READ) as u:
            ugel = self._ugel(u, ugel_code)
            return _state(u, ugel, year, month)

    def summary(self, ugel_code: str, year: int, month: int) -> ClosingSummary:
        """The state of the month and what blocks or weakens its closing (shown before closing)."""
        check_month(year, month)
        with self._ctx.unit(write=False, action=Action.READ) as u:
            ugel = self._ugel(u, ugel_code)
            f = cq.month_figures(u, ugel.id, year, month)
            return ClosingSummary(_state(u, ugel, year, month), f.planned, f.unregistered, f.pending, f.observed,
                                  tuple(rules.blockers(f)))

    def states(self, year: int) -> list[MonthState]:
        """Every UGEL of the actor's scope × the twelve months of the year, in UGEL code order: closed
        months with who closed them and when, the others open (with the reason of their last reopening)."""
        check_month(year, 1)
        with self._ctx.unit(write=False, action=Action.READ) as u:
            scope = scope_ugels(actor_of(self._ctx), u)
            rows = {(g, month): r for g, _c, _n, month, *r in cq.closings(u, scope, year)}
            out = []
            for g, code, name in cq.ugels(u, scope):
                for month in range(1, 13):
                    closed, reason, on, by = rows.get((g, month), (False, None, None, None))
                    out.append(MonthState(code, year, month, closed, reason, on if closed else None,
                                          by if closed else None, name))
            return out

    def history(self, ugel_code: str, year: int, month: int) -> list[HistoryEntry]:
        """Every closing and reopening of the month, oldest first, with the user's DNI."""
        import json

        check_month(year, month)
        with self._ctx.unit(write=False, action=Action.READ_HISTORY) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            if row is None:
                return []
            return [HistoryEntry(e.seq, e.at, e.user_dni, e.entity, e.entity_id, e.op, json.loads(e.changes),
                                 e.new_version) for e in rec.history(u, [row.id])]


def _state(u, ugel: m.Ugel, year: int, month: int) -> MonthState:
    row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
    closed = rec.is_month_closed(u, ugel.id, year, month)
    return MonthState(ugel.code, year, month, bool(closed), row.reason if row else None,
                      closed.on if closed else None, closed.by if closed else None, ugel.name)

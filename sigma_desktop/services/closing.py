"""Month closing per UGEL by the Gestor Local: a closed month accepts no changes until reopened."""
from __future__ import annotations

from ..domain import codes
from ..domain.dates import check_month
from ..domain.dto import MonthState
from ..domain.errors import ValidationError
from ..domain.permissions import Action
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

    def close(self, ugel_code: str, year: int, month: int) -> MonthState:
        check_month(year, month)
        with self._ctx.unit(write=True, action=Action.CLOSE_MONTH) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            if row is not None and row.closed:
                raise ValidationError("El mes ya está cerrado.", "mes")
            if row is None:
                row = u.add(m.MonthClosing(ugel_id=ugel.id, year=year, month=month, closed=True))
            else:
                row.closed, row.reason = True, None
            return MonthState(ugel.code, year, month, True, None)

    def reopen(self, ugel_code: str, year: int, month: int, reason: str) -> MonthState:
        reason = " ".join((reason or "").split())
        if len(reason) < 5:
            raise ValidationError("Motivo de reapertura: es obligatorio.", "motivo")
        check_month(year, month)
        with self._ctx.unit(write=True, action=Action.CLOSE_MONTH) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            if row is None or not row.closed:
                raise ValidationError("El mes no está cerrado.", "mes")
            row.closed, row.reason = False, reason
            return MonthState(ugel.code, year, month, False, reason)

    def state(self, ugel_code: str, year: int, month: int) -> MonthState:
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            ugel = self._ugel(u, ugel_code)
            row = u.find(m.MonthClosing, ugel_id=ugel.id, year=year, month=month)
            return MonthState(ugel.code, year, month, bool(row and row.closed), row.reason if row else None)

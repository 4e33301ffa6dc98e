"""Módulo de Control: per coach and month, planned vs executed, motivos and validation, with totals."""
from __future__ import annotations

from collections import defaultdict

from ..domain.permissions import SYSTEM, Action
from ..domain.reporting import ControlGrid, ControlRow, ReportFilter
from ..storage import indicator_queries as q
from ..storage.ids import utcnow
from .context import Context
from .report_scope import resolve

KINDS = ("visita", "gia", "taller", "visita_social")
FIELDS = ("planned", "executed", "not_executed", "validated", "observed", "pending")


def control_keys() -> list[str]:
    from ..domain.catalogues import SKIP_REASONS

    keys = [f"{k}.{f}" for k in KINDS for f in FIELDS]
    keys += [f"{k}.not_executed.{r.code}" for k in KINDS for r in SKIP_REASONS]
    return keys


class ControlService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def grid(self, f: ReportFilter) -> ControlGrid:
        """One row per coach and month (the month filtered, or every month with activity)."""
        keys = control_keys()
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            scope, dims = resolve(u, self._ctx.actor or SYSTEM, f)
            rows = q.activity_counts(u, scope, by_month=True)
        out: list[ControlRow] = []
        totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for r in rows:
            if f.month is not None and r["month"] != f.month:
                continue
            d = dims.get(r["coach_id"])
            if d is None:
                continue
            counts = {k: int(r.get(k) or 0) for k in keys}
            out.append(ControlRow(d.coach_id, d.dni, d.name, d.ugel_code, d.dre_code, d.intervention,
                                  r["month"], counts))
            for g in (("total", "total"), ("dre", d.dre_code), ("ugel", d.ugel_code)):
                for k, v in counts.items():
                    totals[g][k] += v
        out.sort(key=lambda r: (r.dre_code, r.ugel_code, r.coach_name, r.month))
        totals[("total", "total")]  # present even when empty
        return ControlGrid(f, utcnow(), out, {g: dict(v) for g, v in totals.items()})

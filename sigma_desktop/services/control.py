"""Módulo de Control: per coach and month, planned vs executed, motivos and validation, with totals."""
from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from ..domain.fact_pivot import Pivot
from ..domain.permissions import Action
from ..domain.reporting import ControlGrid, ControlRow, RecordRow, ReportFilter, planned_up_to
from ..domain.rules.common import closed_mark
from ..domain.text import sort_key
from ..storage import indicator_queries as q
from ..storage import models as m
from ..storage.ids import utcnow
from .context import Context
from .report_scope import resolve
from ..domain.enums import ActivityKind, ActivityStatus
from ..storage import record_queries as rec

KINDS = tuple(kind.value for kind in ActivityKind)
FIELDS = ("planned", "executed", "not_executed", "validated", "observed", "pending")
# the amounts of rutas (viáticos, in céntimos) and materiales (kits)
AMOUNTS = ("ruta.assigned_cents", "ruta.spent_cents", "materiales.qty_planned", "materiales.qty_delivered")


def control_keys() -> list[str]:
    from ..domain.catalogues import SKIP_REASONS

    keys = [f"{k}.{f}" for k in KINDS for f in FIELDS]
    keys += [f"{k}.not_executed.{r.code}" for k in KINDS for r in SKIP_REASONS]
    # the review of non-executions' motivos, and (month in progress) what is planned for after today
    keys += [f"{k}.ne_{state}" for k in KINDS for state in ("validated", "observed", "pending")]
    keys += [f"{k}.later" for k in KINDS]
    return keys + list(AMOUNTS)


class ControlService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def grid(self, f: ReportFilter) -> ControlGrid:
        """One row per coach and month (the month filtered, or every month with activity)."""
        return self.read(f)[0]

    def read(self, f: ReportFilter, actor=None) -> tuple[ControlGrid, q.Scope, dict, dict, list[dict]]:
        """The grid with what it is made of (scope, coach dimensions, intervention names, per-coach rows), for
        a live grid (services/live_figures.py), which reads its filter again as the `actor` who opened it."""
        as_of = planned_up_to(f)
        with self._ctx.reader(actor) as u:
            scope, dims = resolve(u, actor or self._ctx.current(), f)
            rows = control_rows(u, scope, f, as_of)
            mark = _closed_mark(u, f, scope)
            names = {i.key: i.name for i in u.all(m.Intervention)}
        return grid_of(f, dims, names, rows, as_of=as_of, mark=mark), scope, dims, names, rows

    def records(self, f: ReportFilter, measure: str, coach_id=None, month: int | None = None,
                ugel_code: str | None = None, dre_code: str | None = None) -> list[RecordRow]:
        """The activities behind one number of the grid (drill-down), within the filter."""
        return activity_records(self._ctx, f, measure, coach_id=coach_id, month=month,
                                ugel_code=ugel_code, dre_code=dre_code)


def _closed_mark(u, f: ReportFilter, scope) -> str:
    """«Mes cerrado el … por …» when the grid shows one month of one UGEL and that month is closed."""
    if f.month is None or scope.ugel_ids is None or len(scope.ugel_ids) != 1:
        return ""
    closed = rec.is_month_closed(u, scope.ugel_ids[0], f.year, f.month)
    return closed_mark(closed) if closed else ""


def control_rows(u, scope: q.Scope, f: ReportFilter, as_of=None) -> list[dict]:
    """Per coach (and month), the counts of the grid: one month reads only that month's activities (not
    every month up to it). A live grid re-reads only the coaches a write touched (`scope.coach_ids`).
    `as_of`: the month in progress, where what is planned after that day is not yet due."""
    pv = Pivot(by_month=f.month is None)
    pv.activities(q.activity_groups(u, scope, by_month=f.month is None))
    if as_of is not None:
        pv.not_yet_due(q.not_yet_due(u, scope, f.month is None, as_of))
    pv.quantities(q.quantity_groups(u, scope, by_month=f.month is None))
    return list(pv.rows.values())


def grid_of(f: ReportFilter, dims: dict, names: dict, rows, made: dict | None = None, *, as_of=None,
            mark: str = "") -> ControlGrid:
    """The grid of the per-coach rows: a row per coach and month that planned something, and the totals.
    `made` (a live grid's) keeps each row's ControlRow from one update to the next, by the row it came from:
    after a write only the re-read coaches' rows are made again."""
    keys = control_keys()
    out: list[ControlRow] = []
    kept = {}
    for r in rows:
        found = made.get(id(r)) if made is not None else None
        row = found[1] if found is not None and found[0] is r else _control_row(f, dims, names, r, keys)
        kept[id(r)] = (r, row)
        if row is not None:
            out.append(row)
    if made is not None:
        made.clear()
        made.update(kept)
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in out:
        for g in (("total", "total"), ("dre", row.dre_code), ("ugel", row.ugel_code)):
            total = totals[g]
            for k, v in row.counts.items():
                total[k] += v
    out.sort(key=lambda r: (r.dre_code, r.ugel_code, sort_key(r.coach_name), r.coach_dni, r.month))
    totals[("total", "total")]  # present even when empty
    return ControlGrid(f, utcnow(), out, {g: dict(v) for g, v in totals.items()}, as_of, mark)


def _control_row(f: ReportFilter, dims: dict, names: dict, r: dict, keys: list[str]) -> ControlRow | None:
    d = dims.get(r["coach_id"])
    if d is None or not any(r.get(f"{k}.planned") for k in KINDS):
        return None  # amounts of earlier months only (materiales counted up to the cut-off)
    month = r["month"] if f.month is None else f.month
    counts = {k: int(r.get(k) or 0) for k in keys}
    return ControlRow(UUID(d.key), d.dni, d.name, d.ugel_code, d.dre_code, d.intervention, month, counts,
                      d.ugel_name, d.dre_name, names.get(d.intervention, d.intervention))


def activity_records(ctx: Context, f: ReportFilter, measure: str, *, coach_id=None, month=None,
                     ugel_code=None, dre_code=None, intervention=None) -> list[RecordRow]:
    """Drill-down shared by the control grid and the indicators: narrows the filter, then lists."""
    import dataclasses

    narrowed = dataclasses.replace(f, month=month or f.month, ugel_code=ugel_code or f.ugel_code,
                                   dre_code=dre_code or f.dre_code, intervention=intervention or f.intervention)
    with ctx.unit(write=False, action=Action.READ) as u:
        scope, _dims = resolve(u, ctx.current(), narrowed)
        if coach_id is not None:
            if scope.coach_id not in (None, coach_id):
                return []
            scope = dataclasses.replace(scope, coach_id=coach_id)
        try:
            rows = q.activity_records(u, scope, measure)
        except KeyError:
            from ..domain.errors import ValidationError

            raise ValidationError(f"Medida desconocida: {measure}.", "medida") from None
    return [RecordRow(r[0], r[1], r[2], r[3], r[4], r[5] or ActivityStatus.PLANNED, r[6], r[7], r[8]) for r in rows]

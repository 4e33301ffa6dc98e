"""Módulo de Reportes: the indicator catalogue computed for a filter, on any engine, in a few queries."""
from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext

from ..domain.fact_pivot import Pivot
from ..domain.enums import ActivityKind
from ..domain.indicator_catalogue import INDICATORS
from ..domain.indicator_values import indicator_values
from ..domain.measures import Facts, Pair, compute
from ..domain.permissions import Action
from ..domain.reporting import IndicatorReport, ReportFilter, planned_up_to
from ..storage import indicator_queries as q
from ..storage.ids import utcnow
from ..storage.twin_unit import twin
from .context import Context
from .report_scope import coach_infos, group_codes, group_labels, resolve
from ..storage import record_queries as rec


@contextmanager
def without_cycle_collection():
    """Pauses Python's cycle collector. A national month builds some 300,000 row tuples and pairs,
    none of them in a reference cycle, and the collector would walk them again and again as they
    pile up (≈ 0.2 s of 2.3 s). Anything cyclic made meanwhile is collected once it is switched back
    on; if it was already off, it stays off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


NO_VISITS = (None, None, 0, False, False, None, None)  # a teacher without executed visits
NO_ATTENDANCE = (None, None, 0, 0)


def pivot(u, scope: q.Scope, by_month: bool, as_of=None) -> Pivot:
    """The grouped queries over activities, amounts and attendance, pivoted per coach; with `as_of` (a
    period in progress) planned counts only what was due by that day."""
    pv = Pivot(by_month)
    pv.activities(q.activity_groups(u, scope, by_month))
    if as_of is not None:
        pv.not_yet_due(q.not_yet_due(u, scope, by_month, as_of))
    pv.executed_to_date(q.executed_to_date(u, scope))
    pv.quantities(q.quantity_groups(u, scope, by_month))
    pv.attendance(q.attendance_groups(u, scope, by_month))
    return pv


def gather_facts(u, scope: q.Scope, dims: dict, *, by_month: bool, rubric: bool, parallel: bool = True,
                 as_of=None) -> Facts:
    """Runs the aggregate queries and assembles their rows for domain/measures.py.

    The heaviest independent query (the rubric levels when asked for, otherwise the two per-teacher
    queries) runs on a twin unit in another thread while this one runs the rest: both cores work.
    Without a twin (storage/twin_unit.py says when; `parallel` False; a one-core machine) everything
    runs here, in turn."""
    parallel = parallel and (os.cpu_count() or 1) > 1
    with twin(u) if parallel else nullcontext() as side, ThreadPoolExecutor(max_workers=1) as pool:
        def aside(run):
            """`run(reader)`'s result, later: on the twin in the other thread when there is one."""
            return (lambda: run(u)) if side is None else pool.submit(run, side).result

        rubric_rows = aside(lambda r: q.rubric_facts(r, scope)) if rubric else (lambda: ())
        per_teacher = (lambda: _per_teacher(u, scope)) if rubric else aside(lambda r: _per_teacher(r, scope))
        pv = pivot(u, scope, by_month, as_of)
        infos = coach_infos(dims)
        diagnostics = _diagnostics(q.teacher_diagnostics(u, scope, levels=rubric))
        pairs = _pairs(infos, q.assignment_facts(u, scope), *per_teacher(), diagnostics)
        _add_rubric(pairs, rubric_rows(), diagnostics)
        return Facts(
            year=scope.year, cutoff=scope.cutoff, coaches=infos, activity_rows=list(pv.rows.values()),
            pairs=list(pairs.values()), community=sorted(pv.community, key=str),
            materials=pv.material_rows(), protocols=q.protocols(u, scope.year), by_month=by_month,
            coach_cum={c: dict(v) for c, v in pv.coach_cum.items()})


def _per_teacher(r, scope: q.Scope) -> tuple[list, list]:
    return q.teacher_visit_facts(r, scope), q.attendance_by_teacher(r, scope)


def _diagnostics(rows) -> dict[tuple, tuple]:
    """(teacher, intervention key) → (date, coach id as text, levels) of the teacher's diagnóstica (the
    earliest, should there be more than one)."""
    out: dict[tuple, tuple] = {}
    for t, key, c, day, *levels in rows:
        found = (day, str(c), tuple(levels))
        if (t, key) not in out or found[:2] < out[(t, key)][:2]:
            out[(t, key)] = found
    return out


def _pairs(infos, assigned, visit_rows, attendance_rows, diagnostics: dict) -> dict:
    """Each assigned (teacher, coach) with its executed visits and attendance up to the cut-off. «Has a
    diagnóstica» is the teacher's, whoever made it: one diagnóstica per teacher counts for every coach."""
    visits = {(r[0], r[1]): r for r in visit_rows}
    attended = {(r[0], r[1]): r for r in attendance_rows}
    pairs = {}
    for t, c, school, level in assigned:
        info = infos.get(c)
        if info is None:
            continue
        _t, _c, n, _own_diag, in_month, first, last = visits.get((t, c), NO_VISITS)
        _t, _c, gia, workshops = attended.get((t, c), NO_ATTENDANCE)
        pairs[(t, c)] = Pair(t, c, school, level, info.intervention, n, (t, info.intervention) in diagnostics,
                             bool(in_month), first, last, gia, workshops)
    return pairs


def _add_rubric(pairs: dict, rows, diagnostics: dict) -> None:
    """Each pair's latest rated visit (its own coach's) and the teacher's diagnóstica levels."""
    for t, c, is_latest, is_diag, day, *levels in rows:
        p = pairs.get((t, c))
        if p is not None and is_latest:
            p.latest = (day, str(c), bool(is_diag), tuple(levels))
    for (t, _c), p in pairs.items():
        if p.latest is not None:
            p.diag_levels = diagnostics.get((t, p.intervention))


@dataclass
class Gathered:
    """What a report is computed from: its scope, the coaches' dimensions, the facts and the labels."""

    filter: ReportFilter
    scope: q.Scope
    dims: dict
    facts: Facts
    by_month: bool
    rubric: bool
    codes: set[str] | None
    labels: dict
    group_codes: dict
    rated: set[int]
    as_of: object = None  # the day a period in progress is judged at (planned up to it), else None

    def report(self, facts: Facts, levels: set[str] | None, memo: dict | None = None,
               cache: dict | None = None) -> IndicatorReport:
        """The report of these facts (the gathered ones, or a live report's after a write, with what it keeps
        from one update to the next: domain/measures.compute's `memo`, indicator_values's `cache`)."""
        values = indicator_values(compute(facts, levels, memo), self.labels, self.codes, cache)
        return IndicatorReport(self.filter, self.scope.cutoff, utcnow(), values, absent=absent_codes(self.rated),
                               groups=self.group_codes, as_of=self.as_of)


class IndicatorService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def compute(self, f: ReportFilter, *, codes: set[str] | None = None, by_month: bool | None = None,
                include_performance: bool = True, levels: set[str] | None = None,
                parallel: bool = True) -> IndicatorReport:
        """All indicators (or `codes`) for the filter, at every disaggregation level (or `levels`;
        the total is always there).

        Without a month, additive indicators are also broken down by month (`by_month`). `parallel`
        False keeps every query in one thread (for comparison in bench/).
        """
        with without_cycle_collection():
            base = self.gather(f, codes=codes, by_month=by_month, include_performance=include_performance,
                               parallel=parallel)
            return base.report(base.facts, levels)

    def gather(self, f: ReportFilter, *, codes: set[str] | None = None, by_month: bool | None = None,
               include_performance: bool = True, parallel: bool = True, actor=None) -> "Gathered":
        """The scope and the facts of a report, read in one unit of work (a live report keeps them:
        services/live_figures.py, which reads its filter again as the `actor` who opened it)."""
        by_month = f.month is None if by_month is None else by_month
        wanted_rubric = include_performance and (codes is None or any(c.startswith("P") for c in codes))
        if codes is None and not include_performance:
            codes = {d.code for d in INDICATORS if d.category != "desempeno"}
        as_of = planned_up_to(f)  # the month in progress: what was due by today
        with self._ctx.reader(actor) as u:
            scope, dims = resolve(u, actor or self._ctx.current(), f)
            facts = gather_facts(u, scope, dims, by_month=by_month, rubric=wanted_rubric, parallel=parallel,
                                 as_of=as_of)
            return Gathered(f, scope, dims, facts, by_month, wanted_rubric, codes, group_labels(u, dims),
                            group_codes(u, dims), {i.number for i in rec.rubric_items_for_year(u, f.year)}, as_of)

    def records(self, f: ReportFilter, code: str, level: str = "total", key: str = "total"):
        """The activities behind an indicator's numerator in one group (drill-down).

        Indicators counted over teachers, coaches or schools drill down to the activities of the
        kind they are built from (for example the executed visits behind «docentes acompañados»).
        """
        from uuid import UUID

        from ..domain.errors import ValidationError
        from ..domain.indicator_catalogue import BY_CODE
        from .control import activity_records

        d = BY_CODE.get(code)
        if d is None:
            raise ValidationError(f"Indicador: «{code}» no existe.", "indicador")
        measure = d.numerator
        if measure.split(".")[0] not in ACTIVITY_KINDS:
            measure = DRILL_BY_CATEGORY[d.category]
        narrowing = {"dre": "dre_code", "ugel": "ugel_code", "intervencion": "intervention"}
        kwargs = {}
        if level in narrowing:
            kwargs[narrowing[level]] = key
        elif level == "acompanante":
            kwargs["coach_id"] = UUID(key)
        elif level == "mes":
            kwargs["month"] = int(key)
        return activity_records(self._ctx, f, _as_activity_measure(measure), **kwargs)


def absent_codes(rated: set[int]) -> frozenset[str]:
    """Teacher-performance indicators of desempeños the year's rubric does not rate (2 from 2018 on); all
    of them when the year has no rubric."""
    codes = {f"P{n:02d}" for n in range(1, 7) if n not in rated}
    if not rated:
        codes |= {"P07", "P08"}
    return frozenset(codes)


ACTIVITY_KINDS = tuple(kind.value for kind in ActivityKind)
DRILL_BY_CATEGORY = {"visitas": "visita.executed", "gia": "gia.executed", "taller": "taller.executed",
                     "visita_social": "visita_social.executed", "avance": "visita.executed",
                     "cumplimiento": "visita.executed", "viaticos": "ruta.executed",
                     "materiales": "materiales.executed", "desempeno": "visita.executed",
                     "revision": "visita.not_executed"}


def _as_activity_measure(measure: str) -> str:
    """Sums over executed records (hours, soles, participants) drill down to those records."""
    kind, _, field = measure.partition(".")
    known = ("planned", "executed", "not_executed", "validated", "observed", "pending", "unregistered",
             "ne_validated", "ne_observed", "ne_pending")
    if field.split(".")[0] in known:
        return measure
    if field in ("assigned_cents", "qty_planned"):
        return f"{kind}.planned"
    return f"{kind}.executed"

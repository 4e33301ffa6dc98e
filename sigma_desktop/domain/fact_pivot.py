"""Turns the grouped rows of the aggregate queries into per-coach measure rows.

The queries group by a few low-cardinality keys (kind, outcome, validation, motivo…) instead of
computing a hundred conditional sums per row in SQL; this pivot names the measures.
`period` is a month when broken down by month, else 1 for the reported period and 0 for earlier
months that only count towards the cut-off (what a coach has done so far).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .enums import ActivityKind, Outcome, ValidationState

STATE_FIELD = {ValidationState.VALIDATED: "validated", ValidationState.OBSERVED: "observed",
               ValidationState.PENDING: "pending"}
# plain strings compared once per grouped row: an enum member's attribute lookup costs ten times more
_EXECUTED, _NOT_EXECUTED = Outcome.EXECUTED.value, Outcome.NOT_EXECUTED.value
_VISIT, _GIA, _WORKSHOP = ActivityKind.VISIT.value, ActivityKind.GROUP_SESSION.value, ActivityKind.WORKSHOP.value
_ROUTE, _MATERIALS = ActivityKind.ROUTE.value, ActivityKind.MATERIAL_DELIVERY.value
_COMMUNITY = ActivityKind.COMMUNITY_VISIT.value


class Pivot:
    def __init__(self, by_month: bool):
        self.by_month = by_month
        self.rows: dict[tuple, dict] = {}
        self.coach_cum: dict = defaultdict(lambda: defaultdict(int))
        self.community: set[tuple] = set()
        self.materials: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # (coach, teacher, school)

    def _row(self, coach, period) -> dict | None:
        if not self.by_month and period == 0:
            return None
        key = (coach, period) if self.by_month else (coach,)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = {"coach_id": coach}
            if self.by_month:
                row["month"] = period
        return row

    @staticmethod
    def _inc(row: dict, key: str, value) -> None:
        if value:
            row[key] = row.get(key, 0) + value

    def activities(self, groups: Iterable[tuple]) -> None:
        for coach, kind, visit_type, period, outcome, state, skip, n, hours, days in groups:
            row = self._row(coach, period)
            if row is None:
                continue
            inc = self._inc
            inc(row, f"{kind}.planned", n)
            if outcome == _EXECUTED:
                inc(row, f"{kind}.executed", n)
                inc(row, f"{kind}.{STATE_FIELD[state]}", n)
                if kind == _VISIT and visit_type:
                    inc(row, f"visita.executed.{visit_type}", n)
                if kind in (_GIA, _WORKSHOP):
                    inc(row, f"{kind}.hours", hours)
                if kind == _WORKSHOP:
                    inc(row, "taller.days", days)
            elif outcome == _NOT_EXECUTED:
                inc(row, f"{kind}.not_executed", n)
                inc(row, f"{kind}.not_executed.{skip}", n)
                inc(row, f"{kind}.ne_{STATE_FIELD[state]}", n)  # the Gestor Local's review of the motivo

    def not_yet_due(self, groups: Iterable[tuple]) -> None:
        """(coach, kind, period, count) planned for after today and not recorded: in the month in progress
        `{kind}.planned` becomes what was planned up to today; `{kind}.later` keeps the rest."""
        for coach, kind, period, n in groups:
            row = self._row(coach, period)
            if row is None:
                continue
            self._inc(row, f"{kind}.later", n)
            row[f"{kind}.planned"] = row.get(f"{kind}.planned", 0) - n

    def executed_to_date(self, groups: Iterable[tuple]) -> None:
        """(coach, kind, executed count) up to the cut-off, whatever month is reported."""
        for coach, kind, n in groups:
            self.coach_cum[coach][f"cum.{kind}.executed"] += n

    def quantities(self, groups: Iterable[tuple]) -> None:
        for (coach, kind, period, teacher, school, outcome, n, assigned, qty_planned, parents, elders,
             authorities, spent, delivered, route_days, complete, delay, dated) in groups:
            executed = outcome == _EXECUTED
            if kind == _COMMUNITY and executed and school is not None:
                self.community.add((coach, school))
            if kind == _MATERIALS:
                acc = self.materials[(coach, teacher, school if teacher is None else None)]
                acc[0] += n
                acc[1] += complete or 0
            row = self._row(coach, period)
            if row is None:
                continue
            inc = self._inc
            if kind == _ROUTE:
                inc(row, "ruta.assigned_cents", assigned or 0)
                if executed:
                    inc(row, "ruta.spent_cents", spent or 0)
                    inc(row, "ruta.days", route_days or 0)
            elif kind == _MATERIALS:
                inc(row, "materiales.qty_planned", qty_planned or 0)
                if executed:
                    inc(row, "materiales.qty_delivered", delivered or 0)
                    inc(row, "materiales.delay_days", delay or 0)
                    inc(row, "materiales.dated", dated or 0)
            elif kind == _COMMUNITY and executed:
                inc(row, "visita_social.parents", parents or 0)
                inc(row, "visita_social.elders", elders or 0)
                inc(row, "visita_social.authorities", authorities or 0)

    def attendance(self, groups: Iterable[tuple]) -> None:
        """(coach, kind, period, attended, count) of the reported months."""
        for coach, kind, period, attended, n in groups:
            row = self._row(coach, period)
            if row is None:
                continue
            self._inc(row, f"{kind}.convened", n)
            if attended:
                self._inc(row, f"{kind}.attended", n)

    def material_rows(self) -> list[tuple]:
        return [(coach, teacher, school, planned, complete)
                for (coach, teacher, school), (planned, complete) in self.materials.items()]

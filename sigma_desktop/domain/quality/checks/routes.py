"""Rutas and viáticos: more spent than assigned, or executed without any IE visited."""
from __future__ import annotations

from typing import Iterable

from ...money import format_soles, from_cents
from ..facts import Route
from ..kinds import Kind
from ..model import EXECUTION, CheckContext, Finding, Ref
from ._group import coach_month, group


def allowance_over(facts: Iterable[Route], ctx: CheckContext) -> list[Finding]:
    """Executed rutas whose viáticos rendidos exceed the amount assigned."""
    over = [f for f in facts if f.spent_cents is not None and f.assigned_cents is not None
            and f.spent_cents > f.assigned_cents]
    out = []
    for (ugel, coach, month), rows in group(over, lambda f: (f.ugel_id, f.coach_id, f.month)).items():
        spent = sum(f.spent_cents for f in rows)
        assigned = sum(f.assigned_cents for f in rows)
        detail = (f"Rendido {format_soles(from_cents(spent))}, asignado {format_soles(from_cents(assigned))} "
                  f"(exceso de {format_soles(from_cents(spent - assigned))}).")
        out.append(Finding(Kind.ALLOWANCE_OVER, ugel, ctx.year, coach_month(coach, month),
                           tuple(Ref(EXECUTION, f.execution_id) for f in rows), detail, coach_id=coach,
                           month=month))
    return out


def routes_without_schools(facts: Iterable[Route], ctx: CheckContext) -> list[Finding]:
    """Rutas registered as executed with no IE visited."""
    empty = [f for f in facts if f.schools == 0]
    out = []
    for (ugel, coach, month), rows in group(empty, lambda f: (f.ugel_id, f.coach_id, f.month)).items():
        out.append(Finding(Kind.ROUTE_NO_SCHOOLS, ugel, ctx.year, coach_month(coach, month),
                           tuple(Ref(EXECUTION, f.execution_id) for f in rows),
                           "Ruta ejecutada sin ninguna institución educativa visitada registrada.", coach_id=coach,
                           month=month))
    return out

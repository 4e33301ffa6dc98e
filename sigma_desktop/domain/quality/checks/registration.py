"""When records were registered: long after the fact, after the month was closed, or for a day off."""
from __future__ import annotations

from typing import Iterable

from ...dates import LIMA, format_date
from ..facts import Execution, Registration, ReopenedRegistration
from ..holidays import day_off
from ..kinds import Kind
from ..model import EXECUTION, CheckContext, Finding, Ref
from ._group import coach_month, group, plural


def late_registrations(facts: Iterable[Registration], ctx: CheckContext) -> list[Finding]:
    """Executions registered more than `late_days` days (Lima calendar) after the day they were done."""
    limit = ctx.params.late_days
    late = []
    for f in facts:
        delay = (f.registered_at.astimezone(LIMA).date() - f.executed_on).days
        if delay > limit:
            late.append((f, delay))
    out = []
    for (ugel, coach, month), rows in group(late, lambda r: (r[0].ugel_id, r[0].coach_id, r[0].month)).items():
        delays = [d for _f, d in rows]
        span = f"{min(delays)}" if min(delays) == max(delays) else f"entre {min(delays)} y {max(delays)}"
        detail = (f"{plural(len(rows), 'registro hecho', 'registros hechos')} {span} días después de la "
                  f"ejecución (máximo: {limit} días).")
        out.append(Finding(Kind.LATE, ugel, ctx.year, coach_month(coach, month),
                           tuple(Ref(EXECUTION, f.execution_id) for f, _d in rows), detail, coach_id=coach,
                           month=month))
    return out


def reopened_month_registrations(facts: Iterable[ReopenedRegistration], ctx: CheckContext) -> list[Finding]:
    """Executions registered after their month was closed (so while it was reopened, or pushed into it)."""
    after = [f for f in facts if f.registered_at > f.closed_at]
    out = []
    for (ugel, month), rows in group(after, lambda f: (f.ugel_id, f.month)).items():
        closed = min(f.closed_at for f in rows).astimezone(LIMA).date()
        detail = (f"{plural(len(rows), 'registro hecho', 'registros hechos')} después del cierre del mes "
                  f"(cerrado el {format_date(closed)} y luego reabierto).")
        out.append(Finding(Kind.REOPENED_MONTH, ugel, ctx.year, f"mes:{month:02d}",
                           tuple(Ref(EXECUTION, f.execution_id) for f in rows), detail, month=month))
    return out


def days_off(facts: Iterable[Execution], ctx: CheckContext) -> list[Finding]:
    """Visits and GIA executed on a Sunday or a national holiday."""
    off = [(f, why) for f in facts if (why := day_off(f.executed_on, ctx.holidays)) is not None]
    out = []
    for (ugel, coach, month), rows in group(off, lambda r: (r[0].ugel_id, r[0].coach_id, r[0].month)).items():
        days = sorted({(f.executed_on, why) for f, why in rows})
        listed = ", ".join(f"{format_date(d)} ({why})" for d, why in days[:3])
        if len(days) > 3:
            listed += f" y {len(days) - 3} días más"
        detail = f"{plural(len(rows), 'ejecución', 'ejecuciones')} en día no laborable: {listed}."
        out.append(Finding(Kind.DAY_OFF, ugel, ctx.year, coach_month(coach, month),
                           tuple(Ref(EXECUTION, f.execution_id) for f, _w in rows), detail, coach_id=coach,
                           month=month))
    return out

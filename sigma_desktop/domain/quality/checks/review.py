"""The review cycle: validations waiting too long, observations not corrected, and motivos «Otro»."""
from __future__ import annotations

from typing import Iterable

from ...dates import LIMA, format_date
from ..facts import NonExecution, Observation, Pending
from ..kinds import Kind
from ..model import EXECUTION, CheckContext, Finding, Ref
from ._group import group, month_names, plural

OTHER = "otro"


def pending_validations(facts: Iterable[Pending], ctx: CheckContext) -> list[Finding]:
    """Executions waiting for the Gestor Local's validation more than `validation_days` days after the day
    they were done, per UGEL and month."""
    limit = ctx.params.validation_days
    old = [f for f in facts if (ctx.today - f.executed_on).days > limit]
    out = []
    for (ugel, month), rows in group(old, lambda f: (f.ugel_id, f.month)).items():
        oldest = min(f.executed_on for f in rows)
        detail = (f"{plural(len(rows), 'ejecución espera', 'ejecuciones esperan')} validación desde hace más de "
                  f"{limit} días; la más antigua, del {format_date(oldest)} ({(ctx.today - oldest).days} días).")
        out.append(Finding(Kind.PENDING_VALIDATION, ugel, ctx.year, f"mes:{month:02d}",
                           tuple(Ref(EXECUTION, f.execution_id) for f in rows), detail, month=month))
    return out


def open_observations(facts: Iterable[Observation], ctx: CheckContext) -> list[Finding]:
    """Executions observed more than `observation_days` days ago and not corrected since, per coach."""
    limit = ctx.params.observation_days
    old = [(f, (ctx.today - f.observed_at.astimezone(LIMA).date()).days) for f in facts]
    old = [(f, days) for f, days in old if days > limit]
    out = []
    for (ugel, coach), rows in group(old, lambda r: (r[0].ugel_id, r[0].coach_id)).items():
        months = sorted({f.month for f, _d in rows})
        detail = (f"{plural(len(rows), 'ejecución observada', 'ejecuciones observadas')} sin corregir "
                  f"(hasta {max(d for _f, d in rows)} días), de {month_names(months)}.")
        out.append(Finding(Kind.OPEN_OBSERVATION, ugel, ctx.year, f"ap:{coach}",
                           tuple(Ref(EXECUTION, f.execution_id) for f, _d in rows), detail, coach_id=coach))
    return out


def other_reason_share(facts: Iterable[NonExecution], ctx: CheckContext) -> list[Finding]:
    """Coaches with at least `other_min` non-executions in the year whose share with motivo «Otro» is above
    `other_share` per cent."""
    p = ctx.params
    out = []
    for (ugel, coach), rows in group(facts, lambda f: (f.ugel_id, f.coach_id)).items():
        other = [f for f in rows if f.reason_code == OTHER]
        total = rows[0].coach_non_executions
        if total < p.other_min or len(other) * 100 <= p.other_share * total:
            continue
        share = round(100 * len(other) / total)
        detail = (f"{len(other)} de {total} no ejecuciones ({share} %) con motivo «Otro» "
                  f"(máximo: {p.other_share} %).")
        out.append(Finding(Kind.OTHER_REASON, ugel, ctx.year, f"ap:{coach}",
                           tuple(Ref(EXECUTION, f.execution_id) for f in other), detail, coach_id=coach))
    return out

"""Indicator values from group measures: numerator / denominator × factor, per group level."""
from __future__ import annotations

from .indicator_catalogue import INDICATORS, IndicatorDef
from .reporting import IndicatorValue
from .text import sort_key


def value_of(d: IndicatorDef, measures: dict) -> tuple[float, float | None, float | None]:
    num = measures.get(d.numerator, 0)
    if d.denominator is None:
        return num, None, num * d.factor
    den = measures.get(d.denominator, 0)
    return num, den, (num / den * d.factor) if den else None


def _shown(measure: str, amount: float) -> float:
    """Money is counted in céntimos; numerators and denominators are reported in soles, like values."""
    return round(amount / 100, 2) if measure.endswith("_cents") else amount


def indicator_values(groups: dict[tuple[str, str], dict], labels: dict[tuple[str, str], str],
                     codes: set[str] | None = None) -> list[IndicatorValue]:
    out = []
    order = {"total": 0, "dre": 1, "ugel": 2, "intervencion": 3, "acompanante": 4, "mes": 5}
    # offices, interventions and coaches in Spanish order (domain/text.py), months in calendar order
    keys = sorted(groups, key=lambda g: (order.get(g[0], 9), int(g[1]) if g[0] == "mes" and g[1].isdigit() else -1,
                                         sort_key(labels.get(g, g[1]))))
    for d in INDICATORS:
        if codes is not None and d.code not in codes:
            continue
        for g in keys:
            if g[0] != "total" and g[0] not in d.disaggregations:
                continue
            num, den, value = value_of(d, groups[g])
            out.append(IndicatorValue(d.code, g[0], g[1], labels.get(g, g[1]), _shown(d.numerator, num),
                                      None if den is None else _shown(d.denominator, den), value))
    return out

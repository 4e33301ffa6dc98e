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
                     codes: set[str] | None = None, cache: dict | None = None) -> list[IndicatorValue]:
    """Every indicator of every group, by indicator and then group. With a `cache` (a live report's: it keeps
    it from one update to the next), a group whose measures did not change keeps the values it had: after a
    write only the groups of the coaches it touched are worked out again."""
    order = {"total": 0, "dre": 1, "ugel": 2, "intervencion": 3, "acompanante": 4, "mes": 5}
    # offices, interventions and coaches in Spanish order (domain/text.py), months in calendar order
    keys = sorted(groups, key=lambda g: (order.get(g[0], 9), int(g[1]) if g[0] == "mes" and g[1].isdigit() else -1,
                                         sort_key(labels.get(g, g[1]))))
    wanted = [d for d in INDICATORS if codes is None or d.code in codes]
    per_group = {}
    for g in keys:
        measures = groups[g]
        kept = cache.get(g) if cache is not None else None
        if kept is not None and kept[0] == measures:
            per_group[g] = kept[1]
            continue
        label = labels.get(g, g[1])
        values = {}
        for d in wanted:
            if g[0] != "total" and g[0] not in d.disaggregations:
                continue
            num, den, value = value_of(d, measures)
            values[d.code] = IndicatorValue(d.code, g[0], g[1], label, _shown(d.numerator, num),
                                            None if den is None else _shown(d.denominator, den), value)
        per_group[g] = values
        if cache is not None:
            cache[g] = (measures, values)
    if cache is not None:
        for g in [g for g in cache if g not in groups]:
            del cache[g]
    return [v for d in wanted for g in keys if (v := per_group[g].get(d.code)) is not None]

"""Grouping helpers shared by the checks."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Hashable, Iterable, TypeVar

from ...dates import MONTHS

T = TypeVar("T")


def group(rows: Iterable[T], key: Callable[[T], Hashable]) -> dict[Hashable, list[T]]:
    out: dict[Hashable, list[T]] = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


def coach_month(coach_id, month: int) -> str:
    return f"ap:{coach_id}:{month:02d}"


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def month_names(months: Iterable[int]) -> str:
    names = [MONTHS[m - 1] for m in sorted(months)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " y " + names[-1]

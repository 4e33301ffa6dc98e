"""Findings and what every check receives besides its own facts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping
from uuid import UUID, uuid5

from .kinds import Kind
from .params import Params

# Entities a finding points at (their history is the change log's).
EXECUTION, ASSIGNMENT, TEACHER, COACH = "execution", "assignment", "teacher", "coach"

# The namespace of the review-state keys: a finding's state row has the same id on every node.
_NAMESPACE = UUID("6c1f0c2e-4d7a-5b1e-9a43-3b8f2c7d1e90")


@dataclass(frozen=True)
class Ref:
    entity: str
    id: UUID


@dataclass(frozen=True)
class Finding:
    """One thing to look at: a kind, where (UGEL, year), whom it concerns (`subject`, stable across runs
    while the same people and months are concerned) and the records behind it."""

    kind: Kind
    ugel_id: UUID
    year: int
    subject: str
    records: tuple[Ref, ...]
    detail: str
    coach_id: UUID | None = None
    teacher_id: UUID | None = None
    month: int | None = None

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def key(self) -> str:
        return f"{self.year}|{self.kind.value}|{self.ugel_id}|{self.subject}"

    @property
    def state_id(self) -> UUID:
        """The id of this finding's review-state row: derived from the key, so that two offices marking
        the same finding write the same row (sync merges it field by field)."""
        return state_id(self.key)


def state_id(key: str) -> UUID:
    return uuid5(_NAMESPACE, key)


@dataclass(frozen=True)
class ProtocolFacts:
    level: str
    visits: int
    teachers_per_coach: int
    first_month: int
    last_month: int


@dataclass(frozen=True)
class CheckContext:
    """What the checks share: the year reviewed, today (Lima), the thresholds, the protocols of the year
    per intervention, the closed months per UGEL and the days off."""

    year: int
    today: date
    params: Params = field(default_factory=Params)
    protocols: Mapping[UUID, tuple[ProtocolFacts, ...]] = field(default_factory=dict)
    closed_months: frozenset[tuple[UUID, int]] = frozenset()
    holidays: Mapping[date, str] = field(default_factory=dict)

    @property
    def last_month(self) -> int:
        """The last month with work so far: December for a past year, this month for the current one."""
        if self.year < self.today.year:
            return 12
        if self.year == self.today.year:
            return self.today.month
        return 0

    def is_closed(self, ugel_id: UUID, month: int) -> bool:
        return (ugel_id, month) in self.closed_months

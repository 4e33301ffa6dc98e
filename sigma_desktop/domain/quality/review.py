"""Findings as the module lists them: each with its review state, and a run's whole report."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable
from uuid import UUID

from ..dates import month_name
from .kinds import KINDS, OPEN_STATES, STATE_LABELS, Kind, State
from .model import Finding
from .params import Params


@dataclass(frozen=True)
class StoredState:
    """What a person decided about a finding (its state row), and who last changed it."""

    state: State
    note: str | None
    records_count: int
    by_dni: str | None = None
    at: datetime | None = None


def effective_state(stored: StoredState | None, count: int) -> tuple[State, bool]:
    """The state a finding shows, and whether a decision was superseded: a finding marked corregida or
    justificada that has gained records since is new again (the decision covered fewer records; it stays
    in the history)."""
    if stored is None:
        return State.NEW, False
    if stored.state not in OPEN_STATES and count > stored.records_count:
        return State.NEW, True
    return stored.state, False


@dataclass(frozen=True)
class ReviewedFinding:
    finding: Finding
    state: State
    stored: StoredState | None
    superseded: bool
    ugel_label: str
    subject_label: str

    @property
    def id(self) -> UUID:
        return self.finding.state_id

    @property
    def kind(self) -> Kind:
        return self.finding.kind

    @property
    def kind_label(self) -> str:
        return KINDS[self.finding.kind].label

    @property
    def state_label(self) -> str:
        label = STATE_LABELS[self.state]
        if self.superseded:
            label += " (con registros nuevos)"
        return label

    @property
    def month_label(self) -> str:
        return month_name(self.finding.month).capitalize() if self.finding.month else ""

    @property
    def note(self) -> str:
        return (self.stored.note or "") if self.stored else ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def count(self) -> int:
        return self.finding.count


@dataclass(frozen=True)
class QualityReport:
    year: int
    scope_label: str
    findings: tuple[ReviewedFinding, ...]
    params: Params
    ran_at: datetime
    seconds: dict[Kind, float] = field(default_factory=dict)  # time of each check (query + function)

    def select(self, kinds: Iterable[Kind] | None = None, states: Iterable[State] | None = None
               ) -> list[ReviewedFinding]:
        kinds = None if kinds is None else frozenset(kinds)
        states = None if states is None else frozenset(states)
        return [r for r in self.findings if (kinds is None or r.kind in kinds)
                and (states is None or r.state in states)]

    def open_by_kind(self) -> dict[Kind, tuple[int, int]]:
        """Every kind (in the module's order) → (open findings, their records)."""
        findings: Counter = Counter()
        records: Counter = Counter()
        for r in self.findings:
            if r.is_open:
                findings[r.kind] += 1
                records[r.kind] += r.count
        return {k: (findings[k], records[k]) for k in Kind}

    def find(self, finding_id: UUID | str) -> ReviewedFinding | None:
        text = str(finding_id).lower()
        matches = [r for r in self.findings if str(r.id) == text] or \
                  [r for r in self.findings if str(r.id).startswith(text)]
        return matches[0] if len(matches) == 1 else None

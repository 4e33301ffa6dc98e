"""Change sets: what a write changed, returned by every write (as Anki's OpChanges).

A `ChangeSet` names the entities written (by table name), the ids of each, and the periods they touch:
(UGEL, coach, year, month) of the activities, executions and their participants, (UGEL, coach, year) of
an assignment, (UGEL, year, month) of a month closing. Panels refresh from it only when it touches what
they show; live figures recompute only the periods it names. It is collected by the unit of work from
the very rows it writes (ORM flushes and bulk paths alike), so no write path can forget to report.

A *coarse* change set knows only the kinds of entity (a sync pull, a restored backup, writes whose service
does not report ids yet): it touches every period of those kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping
from uuid import UUID

from .enums import StrEnum


class Entity(StrEnum):
    """The tables users change, by their names (the change log's `entity`)."""

    ACTIVITY = "activity"
    ACTIVITY_PARTICIPANT = "activity_participant"
    EXECUTION = "execution"
    EXECUTION_PARTICIPANT = "execution_participant"
    ASSIGNMENT = "assignment"
    MONTH_CLOSING = "month_closing"
    TEACHER = "teacher"
    SCHOOL = "school"
    COACH = "coach"
    UGEL = "ugel"
    DRE = "dre"
    USER = "user_account"
    INTERVENTION = "intervention"
    SKIP_REASON = "skip_reason"
    RUBRIC_VERSION = "rubric_version"
    RUBRIC_ITEM = "rubric_item"
    PROTOCOL = "protocol"
    SYNC_CONFLICT = "sync_conflict"
    QUALITY_FINDING = "quality_finding"


# what the activity screens and figures are made of
FIELD_WORK = frozenset({Entity.ACTIVITY, Entity.ACTIVITY_PARTICIPANT, Entity.EXECUTION,
                        Entity.EXECUTION_PARTICIPANT})


@dataclass(frozen=True, slots=True)
class Period:
    """A key the figures are grouped by. `coach_id` None: every coach of the UGEL (a month closing);
    `month` None: the whole year (an assignment)."""

    ugel_id: UUID | None
    coach_id: UUID | None
    year: int
    month: int | None = None

    def within(self, *, ugel_id: UUID | None = None, coach_id: UUID | None = None, year: int | None = None,
               month: int | None = None) -> bool:
        """Whether this period overlaps the one asked (an argument left None matches anything)."""
        return ((ugel_id is None or self.ugel_id is None or self.ugel_id == ugel_id)
                and (coach_id is None or self.coach_id is None or self.coach_id == coach_id)
                and (year is None or self.year == year)
                and (month is None or self.month is None or self.month == month))


@dataclass(frozen=True)
class ChangeSet:
    ids: Mapping[str, frozenset[UUID]] = field(default_factory=dict)  # entity → ids written
    periods: frozenset[Period] = frozenset()
    id: UUID | None = None          # the record the call created or acted on, when there is one
    coarse: frozenset[str] = frozenset()  # kinds known only by name (ids and periods unknown)

    # --- building -------------------------------------------------------------------------------------------
    @classmethod
    def of_kinds(cls, *entities: str) -> "ChangeSet":
        """A coarse change set: these kinds of entity changed, which ones is not known."""
        return cls(coarse=frozenset(Entity(e) for e in entities))

    def with_id(self, id_: UUID | None) -> "ChangeSet":
        return replace(self, id=id_)

    def __or__(self, other: "ChangeSet") -> "ChangeSet":
        ids = {k: v for k, v in self.ids.items()}
        for k, v in other.ids.items():
            ids[k] = ids.get(k, frozenset()) | v
        return ChangeSet(ids, self.periods | other.periods, self.id or other.id, self.coarse | other.coarse)

    # --- reading --------------------------------------------------------------------------------------------
    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(k for k, v in self.ids.items() if v) | self.coarse

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def of(self, entity: str) -> frozenset[UUID]:
        return self.ids.get(entity, frozenset())

    def one(self, entity: str) -> UUID:
        """The id of the only `entity` written (for callers that wrote exactly one)."""
        (only,) = self.of(entity)
        return only

    def touches(self, *entities: str) -> bool:
        kinds = self.kinds
        return any(e in kinds for e in entities)

    def touches_period(self, entities: Iterable[str] = FIELD_WORK | {Entity.ASSIGNMENT, Entity.MONTH_CLOSING},
                       **where) -> bool:
        """Whether it touches `entities` within the period asked (ugel_id, coach_id, year, month)."""
        entities = frozenset(entities)
        if self.coarse & entities:
            return True
        if not any(self.ids.get(e) for e in entities):
            return False
        return any(p.within(**where) for p in self.periods)

    def describe(self) -> str:
        """A short English summary for logs and test failures."""
        parts = [f"{k}×{len(v)}" for k, v in sorted(self.ids.items()) if v]
        parts += [f"{k}(coarse)" for k in sorted(self.coarse)]
        return ", ".join(parts) or "nothing"


@dataclass(frozen=True)
class RecordChanges(ChangeSet):
    """The change set of a registration: `id` is the activity, `execution_id` its live record (written by
    the call, or already there when the call changed nothing)."""

    execution_id: UUID | None = None

    @classmethod
    def made(cls, changes: ChangeSet, activity_id: UUID, execution_id: UUID | None) -> "RecordChanges":
        return cls(changes.ids, changes.periods, activity_id, changes.coarse, execution_id)


@dataclass(frozen=True)
class AssignmentChanges(ChangeSet):
    """The change set of an assignment: `id` is the assignment; `warning` says when the teacher will have no
    protocol target (domain/rules/assignment.py, level_warning): the assignment is made all the same."""

    warning: str | None = None

    @classmethod
    def made(cls, changes: ChangeSet, assignment_id: UUID, warning: str | None) -> "AssignmentChanges":
        return cls(changes.ids, changes.periods, assignment_id, changes.coarse, warning)

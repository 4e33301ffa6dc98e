"""The facts each check reads, one row type per storage query (storage/quality_queries.py).

Plain named tuples: a national year gives tens of thousands of them, and a tuple is the cheapest row.
Queries may leave out rows that cannot matter (a cheap filter in SQL); the checks decide.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple
from uuid import UUID


class Registration(NamedTuple):
    """An execution registered by a person: when it was done and when it entered the system."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    executed_on: date
    registered_at: datetime  # UTC


class ReopenedRegistration(NamedTuple):
    """An execution registered by a person in a month whose closing was later reopened."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    registered_at: datetime
    closed_at: datetime  # when the month was first closed


class Execution(NamedTuple):
    """An executed activity with its day (visits and GIA, for the days off)."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    executed_on: date


class RatedVisit(NamedTuple):
    """An executed visit with its rubric levels (None: desempeño not rated), and how many executed visits
    its coach has in the year and in its month."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    teacher_id: UUID
    levels: tuple[int | None, ...]
    coach_visits: int
    month_visits: int


class Route(NamedTuple):
    """An executed ruta: assigned and spent viáticos (céntimos) and how many IIEE it visited."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    assigned_cents: int | None
    spent_cents: int | None
    schools: int


class Assignment(NamedTuple):
    """A live assignment of the year with the teacher's school level, and the months in which the teacher has
    a live planned visit of the intervention (any coach): bit m set for month m."""

    assignment_id: UUID
    teacher_id: UUID
    ugel_id: UUID
    coach_id: UUID
    intervention_id: UUID
    school_level: str
    no_plan: bool
    months_mask: int = 0


class Person(NamedTuple):
    teacher_id: UUID
    ugel_id: UUID
    school_id: UUID
    dni: str
    first_names: str
    last_name_1: str
    last_name_2: str | None


class SharedDni(NamedTuple):
    dni: str
    teacher_id: UUID
    teacher_ugel_id: UUID
    coach_id: UUID
    coach_ugel_id: UUID


class Pending(NamedTuple):
    """An executed record waiting for validation."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    executed_on: date


class Observation(NamedTuple):
    """An executed record the Gestor Local observed, not corrected since."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    observed_at: datetime


class NonExecution(NamedTuple):
    """A non-execution and how many non-executions its coach has in the year (the query may send only
    those whose motivo matters: `coach_non_executions` still counts them all)."""

    execution_id: UUID
    ugel_id: UUID
    coach_id: UUID
    month: int
    reason_code: str | None
    coach_non_executions: int

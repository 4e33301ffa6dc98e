"""Every check, in the order the module lists them: kind → pure function (facts, context) → findings.

A new check is a function in checks/, a query in storage/quality_queries.py and one line here and in
services/quality.py's FACTS."""
from __future__ import annotations

from typing import Callable, Iterable

from .checks.assignments import level_mismatch, no_planned_visit, over_ratio
from .checks.people import duplicate_people, shared_dni
from .checks.registration import days_off, late_registrations, reopened_month_registrations
from .checks.review import open_observations, other_reason_share, pending_validations
from .checks.routes import allowance_over, routes_without_schools
from .checks.rubric import flat_rubric, same_rubric
from .kinds import Kind
from .model import CheckContext, Finding

Check = Callable[[Iterable, CheckContext], list[Finding]]

CHECKS: dict[Kind, Check] = {
    Kind.LATE: late_registrations,
    Kind.REOPENED_MONTH: reopened_month_registrations,
    Kind.DAY_OFF: days_off,
    Kind.FLAT_RUBRIC: flat_rubric,
    Kind.SAME_RUBRIC: same_rubric,
    Kind.ALLOWANCE_OVER: allowance_over,
    Kind.ROUTE_NO_SCHOOLS: routes_without_schools,
    Kind.LEVEL_MISMATCH: level_mismatch,
    Kind.NO_PLANNED_VISIT: no_planned_visit,
    Kind.OVER_RATIO: over_ratio,
    Kind.DUPLICATE_PERSON: duplicate_people,
    Kind.DNI_BOTH_ROLES: shared_dni,
    Kind.PENDING_VALIDATION: pending_validations,
    Kind.OPEN_OBSERVATION: open_observations,
    Kind.OTHER_REASON: other_reason_share,
}

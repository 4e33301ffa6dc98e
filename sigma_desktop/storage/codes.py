"""The stored codes the queries compare in SQL, as the plain strings the columns hold (domain/enums.py owns
them; an enum member in a statement would also work, at the cost of an attribute lookup each time a
statement is built and of a str subclass handed to the driver)."""
from __future__ import annotations

from ..domain.enums import ActivityKind, Outcome, ValidationState, VisitType

KINDS = tuple(kind.value for kind in ActivityKind)
VISIT = ActivityKind.VISIT.value
GIA = ActivityKind.GROUP_SESSION.value
WORKSHOP = ActivityKind.WORKSHOP.value
COMMUNITY = ActivityKind.COMMUNITY_VISIT.value
ROUTE = ActivityKind.ROUTE.value
MATERIALS = ActivityKind.MATERIAL_DELIVERY.value
DIAGNOSTIC = VisitType.DIAGNOSTIC.value
EXECUTED, NOT_EXECUTED = Outcome.EXECUTED.value, Outcome.NOT_EXECUTED.value
PENDING = ValidationState.PENDING.value
OBSERVED = ValidationState.OBSERVED.value
VALIDATED = ValidationState.VALIDATED.value

"""Spanish labels for stored codes, for display only."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..domain.dates import MONTHS
from ..domain.enums import KIND_LABELS, STATUS_LABELS, VALIDATION_LABELS, VISIT_TYPE_LABELS, ActivityKind, VisitType

# a record's status and its validation state share one column in some lists: their codes never collide
_STATES = {**VALIDATION_LABELS, **STATUS_LABELS}
_OPS = {"insert": "Creación", "update": "Modificación", "delete": "Eliminación", "restore": "Restauración"}


def tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def kind(code: str) -> str:
    return tr(KIND_LABELS[ActivityKind(code)])


def visit_type(code: str | None) -> str:
    return tr(VISIT_TYPE_LABELS[VisitType(code)]) if code else ""


def state(code: str | None) -> str:
    return tr(_STATES.get(code or "", code or ""))


def operation(code: str) -> str:
    return tr(_OPS.get(code, code))


def month(number: int) -> str:
    return tr(MONTHS[number - 1].capitalize())

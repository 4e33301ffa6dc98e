"""The records behind a finding, as a person reads them (the drill-down and the export)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from ..catalogues import SKIP_REASONS
from ..dates import format_date, format_datetime, month_name
from ..enums import KIND_LABELS, ActivityKind, Outcome
from ..money import format_soles, from_cents

_REASONS = {r.code: r.name for r in SKIP_REASONS}
_WHAT = {"asignacion": "Asignación", "docente": "Docente", "acompanante": "Acompañante"}


@dataclass(frozen=True)
class RecordLine:
    entity: str                      # execution | assignment | teacher | coach (its history is the change log's)
    record_id: UUID
    what: str                        # activity kind, or asignacion / docente / acompanante
    coach: str                       # the coach's name (executions, assignments)
    dni: str                         # the coach's DNI, or the person's own
    subject: str                     # teacher, IE or topic; for people, name and school
    month: int | None = None
    day: date | None = None          # executed on
    outcome: str | None = None
    validation_state: str | None = None
    reason_code: str | None = None
    registered_at: datetime | None = None
    deleted: bool = False
    assigned_cents: int | None = None
    spent_cents: int | None = None
    status: str | None = None        # of an assignment

    @property
    def what_label(self) -> str:
        try:
            return KIND_LABELS[ActivityKind(self.what)]
        except ValueError:
            return _WHAT.get(self.what, self.what)

    @property
    def month_label(self) -> str:
        return month_name(self.month).capitalize() if self.month else ""

    @property
    def state_label(self) -> str:
        """Outcome and validation («Ejecutada, observada»; «No ejecutada: Otro»), or an assignment's status."""
        if self.deleted:
            return "Eliminado"
        if self.outcome == Outcome.NOT_EXECUTED:
            return "No ejecutada: " + _REASONS.get(self.reason_code or "", self.reason_code or "sin motivo")
        if self.outcome == Outcome.EXECUTED:
            return f"Ejecutada, {self.validation_state or 'pendiente'}"
        if self.status == "no_planificar":
            return "Asignado, «no planificar»"
        return {"asignado": "Asignado"}.get(self.status or "", "")

    @property
    def money_label(self) -> str:
        if self.assigned_cents is None and self.spent_cents is None:
            return ""
        return (f"asignado {format_soles(from_cents(self.assigned_cents))}, "
                f"rendido {format_soles(from_cents(self.spent_cents))}")

    @property
    def day_label(self) -> str:
        return format_date(self.day)

    @property
    def registered_label(self) -> str:
        return format_datetime(self.registered_at)

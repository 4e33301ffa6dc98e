"""Filters and results of the Módulo de Control and the Módulo de Reportes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from .dates import today_lima
from .indicator_catalogue import BY_CODE, IndicatorDef

LEVEL_LABELS = {"total": "Total", "dre": "DRE", "ugel": "UGEL", "intervencion": "Intervención",
                "acompanante": "Acompañante", "mes": "Mes"}


@dataclass(frozen=True)
class ReportFilter:
    year: int
    month: int | None = None
    ugel_code: str | None = None
    dre_code: str | None = None
    intervention: str | None = None
    coach_dni: str | None = None

    def describe(self) -> str:
        from .dates import month_name

        parts = [f"Año {self.year}"]
        if self.month:
            parts.append(f"mes {month_name(self.month)}")
        if self.dre_code:
            parts.append(f"DRE {self.dre_code}")
        if self.ugel_code:
            parts.append(f"UGEL {self.ugel_code}")
        if self.intervention:
            parts.append(f"intervención {self.intervention}")
        if self.coach_dni:
            parts.append(f"acompañante {self.coach_dni}")
        return ", ".join(parts)


def in_progress(f: ReportFilter, today: date) -> bool:
    """Whether the reported period has not ended on `today` (the current month, or the current year
    without a month, or a later one): its plans are then counted up to today."""
    return (f.year, f.month or 12) >= (today.year, today.month)


def planned_up_to(f: ReportFilter) -> date | None:
    """Today (Lima), when the reported period is in progress: its plans then count up to today; None for a
    finished one. Control and the indicators judge the same day."""
    today = today_lima()
    return today if in_progress(f, today) else None


def progress_text(as_of: date | None) -> str:
    """«en curso, al 05/12» for a period in progress, else empty."""
    return f"en curso, al {as_of:%d/%m}" if as_of else ""


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    level: str  # total, dre, ugel, intervencion, acompanante, mes
    key: str
    label: str
    numerator: float
    denominator: float | None
    value: float | None  # None when the denominator is zero

    @property
    def definition(self) -> IndicatorDef:
        return BY_CODE[self.code]


@dataclass(frozen=True)
class IndicatorReport:
    filter: ReportFilter
    cutoff: int
    generated_at: datetime
    values: list[IndicatorValue] = field(default_factory=list)
    # indicators that do not apply to the year (a desempeño its rubric lacks): computed, never printed
    absent: frozenset[str] = frozenset()
    # the codes and names behind each group (level, key), for other programs: DRE, UGEL, intervention, coach DNI
    groups: dict[tuple[str, str], dict] = field(default_factory=dict)
    as_of: date | None = None  # the period is in progress: planned means planned up to this day

    def total(self, code: str) -> IndicatorValue:
        return next(v for v in self.values if v.code == code and v.level == "total")

    def shown(self) -> list[IndicatorValue]:
        """The values a screen or a print shows: those of indicators that apply to the year."""
        return [v for v in self.values if v.code not in self.absent] if self.absent else list(self.values)


@dataclass(frozen=True)
class ControlRow:
    """One coach in one month: planned vs executed per activity kind, motivos, validation."""

    coach_id: UUID | None
    coach_dni: str
    coach_name: str
    ugel_code: str
    dre_code: str
    intervention: str  # key (eib, multigrado…)
    month: int
    counts: dict[str, int]  # "visita.planned", "visita.not_executed.huelga", …
    ugel_name: str = ""
    dre_name: str = ""
    intervention_name: str = ""

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)


@dataclass(frozen=True)
class ControlGrid:
    filter: ReportFilter
    generated_at: datetime
    rows: list[ControlRow]
    totals: dict[tuple[str, str], dict[str, int]]  # (level, key) → counts, levels ugel/dre/total
    as_of: date | None = None  # the period is in progress: planned means planned up to this day
    closed_mark: str = ""      # «Mes cerrado el dd/mm/aaaa por …» (one UGEL's closed month)


@dataclass(frozen=True)
class RecordRow:
    """A record behind a number (drill-down): an activity, or a teacher for teacher-based indicators."""

    record_id: UUID
    kind: str  # activity kind, or "docente"
    coach: str
    subject: str
    month: int | None
    status: str
    executed_on: object = None
    validation_state: str | None = None
    skip_reason: str | None = None

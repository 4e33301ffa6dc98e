"""Default catalogues loaded into the database on `sigma init` (editable afterwards by the administrator)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InterventionDef:
    key: str
    name: str
    multi_coach: bool  # EIB: a teacher may have several coaches
    has_community_visits: bool


INTERVENTIONS: tuple[InterventionDef, ...] = (
    InterventionDef("multigrado", "Multigrado", False, False),
    InterventionDef("soporte_primaria", "Soporte Primaria", False, False),
    InterventionDef("eib", "EIB", True, True),
    InterventionDef("jec_ingles", "JEC Inglés", False, False),
    InterventionDef("spsr", "Secundaria Rural (SPSR)", False, False),
)


@dataclass(frozen=True)
class SkipReasonDef:
    code: str
    name: str
    requires_text: bool = False


SKIP_REASONS: tuple[SkipReasonDef, ...] = (
    SkipReasonDef("huelga", "Huelga o paro"),
    SkipReasonDef("suspension", "Suspensión de clases (feriado, actividad cívica o comunal, emergencia)"),
    SkipReasonDef("docente_ausente", "Docente ausente (licencia, salud, capacitación, comisión)"),
    SkipReasonDef("ie_cerrada", "IE cerrada o sin estudiantes"),
    SkipReasonDef("clima", "Clima o desastre natural (lluvias, huaicos, friaje, heladas)"),
    SkipReasonDef("via_inaccesible", "Vía inaccesible o falta de transporte"),
    SkipReasonDef("ap_licencia", "AP con licencia o enfermo"),
    SkipReasonDef("ap_convocado", "AP convocado por UGEL/DRE"),
    SkipReasonDef("sin_viaticos", "Falta de viáticos o recursos"),
    SkipReasonDef("docente_retirado", "Docente retirado o reasignado"),
    SkipReasonDef("reprogramada", "Reprogramada"),
    SkipReasonDef("otro", "Otro", requires_text=True),
)


@dataclass(frozen=True)
class RubricItemDef:
    number: int
    name: str


_ITEMS = {
    1: "Involucra activamente a los estudiantes en el proceso de aprendizaje",
    2: "Maximiza el tiempo dedicado al aprendizaje",
    3: "Promueve el razonamiento, la creatividad y/o el pensamiento crítico",
    4: "Evalúa el progreso de los aprendizajes para retroalimentar a los estudiantes y adecuar su enseñanza",
    5: "Propicia un ambiente de respeto y proximidad",
    6: "Regula positivamente el comportamiento de los estudiantes",
}

# Rubric versions: (code, first year, last year or None, item numbers). 2017 has 6 desempeños, from 2018 on 5.
RUBRIC_VERSIONS: tuple[tuple[str, int, int | None, tuple[RubricItemDef, ...]], ...] = (
    ("2017", 2017, 2017, tuple(RubricItemDef(n, _ITEMS[n]) for n in (1, 2, 3, 4, 5, 6))),
    ("2018", 2018, None, tuple(RubricItemDef(n, _ITEMS[n]) for n in (1, 3, 4, 5, 6))),
)

RUBRIC_LEVELS = (1, 2, 3, 4)
LEVEL_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def rubric_items_for_year(year: int) -> tuple[RubricItemDef, ...]:
    """The desempeños of the rubric version in force in `year` (2017 rules for earlier years)."""
    chosen = RUBRIC_VERSIONS[0][3]
    for _code, first, last, items in RUBRIC_VERSIONS:
        if year >= first and (last is None or year <= last):
            chosen = items
    return chosen


@dataclass(frozen=True)
class ProtocolDef:
    intervention: str
    level: str
    visits: int
    visit_days: int
    group_sessions: int
    group_session_hours: int
    workshops: int
    workshop_days: int
    community_visits: int
    teachers_per_coach: int
    first_month: int = 3
    last_month: int = 12


# Order-of-magnitude defaults from DOMAIN.md; the administrator edits them per year.
DEFAULT_PROTOCOLS: tuple[ProtocolDef, ...] = (
    ProtocolDef("multigrado", "primaria", 9, 1, 7, 4, 3, 2, 0, 8),
    ProtocolDef("soporte_primaria", "primaria", 7, 1, 5, 4, 2, 2, 0, 12),
    ProtocolDef("eib", "primaria", 9, 1, 7, 4, 3, 2, 3, 8),
    ProtocolDef("eib", "inicial", 9, 1, 7, 4, 3, 2, 3, 8),
    ProtocolDef("jec_ingles", "secundaria", 6, 1, 4, 4, 2, 2, 0, 12),
    ProtocolDef("spsr", "secundaria", 7, 1, 4, 4, 3, 2, 0, 10),
)

SCHOOL_LEVELS = ("inicial", "primaria", "secundaria")
SCHOOL_CHARACTERISTICS = ("unidocente", "polidocente_multigrado", "polidocente_completo")

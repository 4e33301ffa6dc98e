"""Enumerations of the domain. Values are stable codes stored in the database."""
from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    def __str__(self) -> str:  # so f-strings and CSV show the code
        return self.value


class Role(StrEnum):
    COACH = "ap"
    LOCAL_MANAGER = "gestor_local"
    REGIONAL_MANAGER = "gestor_regional"
    DATA_QUALITY = "rci"
    QUALITY_COORDINATOR = "coordinador_calidad"
    ADMIN = "administrador"


ROLE_LABELS = {
    Role.COACH: "Acompañante pedagógico",
    Role.LOCAL_MANAGER: "Gestor Local",
    Role.REGIONAL_MANAGER: "Gestor Regional",
    Role.DATA_QUALITY: "Responsable de la Calidad de la Información",
    Role.QUALITY_COORDINATOR: "Coordinador de Calidad de la Información",
    Role.ADMIN: "Administrador",
}


class ScopeLevel(StrEnum):
    UGEL = "ugel"
    DRE = "dre"
    NATION = "nacional"


class ActivityKind(StrEnum):
    VISIT = "visita"
    GROUP_SESSION = "gia"
    WORKSHOP = "taller"
    COMMUNITY_VISIT = "visita_social"
    ROUTE = "ruta"
    MATERIAL_DELIVERY = "materiales"


KIND_LABELS = {
    ActivityKind.VISIT: "Visita en aula",
    ActivityKind.GROUP_SESSION: "GIA",
    ActivityKind.WORKSHOP: "Taller",
    ActivityKind.COMMUNITY_VISIT: "Visita social comunitaria",
    ActivityKind.ROUTE: "Ruta",
    ActivityKind.MATERIAL_DELIVERY: "Entrega de materiales",
}

# Execution records the RCI may delete and restore (SIGMA 2.0).
RCI_DELETABLE_KINDS = frozenset(
    {ActivityKind.VISIT, ActivityKind.GROUP_SESSION, ActivityKind.ROUTE, ActivityKind.WORKSHOP}
)


class VisitType(StrEnum):
    DIAGNOSTIC = "diagnostica"
    DEVELOPMENT = "desarrollo"
    CLOSING = "cierre"


VISIT_TYPE_LABELS = {
    VisitType.DIAGNOSTIC: "Diagnóstica",
    VisitType.DEVELOPMENT: "Desarrollo",
    VisitType.CLOSING: "Cierre",
}


class Outcome(StrEnum):
    EXECUTED = "ejecutada"
    NOT_EXECUTED = "no_ejecutada"


class ValidationState(StrEnum):
    PENDING = "pendiente"
    VALIDATED = "validada"
    OBSERVED = "observada"


VALIDATION_LABELS = {
    ValidationState.PENDING: "Pendiente",
    ValidationState.VALIDATED: "Validada",
    ValidationState.OBSERVED: "Observada",
}


class ActivityStatus(StrEnum):
    """Derived status of a planned activity: its record's outcome, or planned while it has none."""

    PLANNED = "planificada"
    EXECUTED = "ejecutada"
    NOT_EXECUTED = "no_ejecutada"


# SIGMA 2.0's life of an activity: planificada → ejecutada | no ejecutada. Screen, PDF and xlsx say these words
# (docs/decisions.md); «Sin registro» is only the control grid's count of planned activities without a record.
STATUS_LABELS = {
    ActivityStatus.PLANNED: "Planificada",
    ActivityStatus.EXECUTED: "Ejecutada",
    ActivityStatus.NOT_EXECUTED: "No ejecutada",
}
OUTCOME_LABELS = {o: STATUS_LABELS[ActivityStatus(o.value)] for o in Outcome}



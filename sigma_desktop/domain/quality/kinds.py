"""What the quality-of-information module looks for (the kinds of finding) and the review states."""
from __future__ import annotations

from dataclasses import dataclass

from ..enums import StrEnum


class Kind(StrEnum):
    LATE = "registro_tardio"
    REOPENED_MONTH = "mes_reabierto"
    DAY_OFF = "dia_no_laborable"
    FLAT_RUBRIC = "rubrica_plana"
    SAME_RUBRIC = "rubrica_repetida"
    ALLOWANCE_OVER = "viaticos_excedidos"
    ROUTE_NO_SCHOOLS = "ruta_sin_iiee"
    LEVEL_MISMATCH = "nivel_no_corresponde"
    NO_PLANNED_VISIT = "docente_sin_visita"
    OVER_RATIO = "exceso_docentes"
    DUPLICATE_PERSON = "persona_duplicada"
    DNI_BOTH_ROLES = "dni_docente_y_ap"
    PENDING_VALIDATION = "validacion_pendiente"
    OPEN_OBSERVATION = "observacion_sin_corregir"
    OTHER_REASON = "motivo_otro"


@dataclass(frozen=True)
class KindInfo:
    label: str        # short, for lists and chart bars
    description: str  # what the check looks for, for the help text and the export
    who: str          # who usually corrects it


KINDS: dict[Kind, KindInfo] = {
    Kind.LATE: KindInfo(
        "Registro tardío", "Ejecuciones registradas muchos días después de la fecha en que se hicieron.", "AP"),
    Kind.REOPENED_MONTH: KindInfo(
        "Registro en mes reabierto", "Ejecuciones registradas después de que la UGEL cerró el mes (mes cerrado y "
        "luego reabierto).", "Gestor Local"),
    Kind.DAY_OFF: KindInfo(
        "Visita en domingo o feriado", "Visitas en aula y GIA ejecutadas un domingo o un feriado nacional.", "AP"),
    Kind.FLAT_RUBRIC: KindInfo(
        "Rúbrica con el mismo nivel", "Acompañantes que ponen el mismo nivel en todos los desempeños de cada visita.",
        "AP"),
    Kind.SAME_RUBRIC: KindInfo(
        "Rúbrica igual para todos", "Acompañantes que ponen los mismos niveles a todos sus docentes en un mes.", "AP"),
    Kind.ALLOWANCE_OVER: KindInfo(
        "Viáticos sobre lo asignado", "Rutas cuyo monto rendido supera el monto de viáticos asignado.", "AP"),
    Kind.ROUTE_NO_SCHOOLS: KindInfo(
        "Ruta sin IIEE visitadas", "Rutas registradas como ejecutadas sin ninguna institución educativa visitada.",
        "AP"),
    Kind.LEVEL_MISMATCH: KindInfo(
        "Nivel de IE no corresponde", "Docentes asignados cuya IE tiene un nivel que la intervención no atiende "
        "(sin protocolo para ese nivel).", "RCI"),
    Kind.NO_PLANNED_VISIT: KindInfo(
        "Docente sin visita planificada", "Docentes asignados sin visita planificada en más meses abiertos de los que "
        "su protocolo permite.", "AP"),
    Kind.OVER_RATIO: KindInfo(
        "Exceso de docentes por AP", "Acompañantes con más docentes asignados que los que fija el protocolo de su "
        "intervención.", "RCI"),
    Kind.DUPLICATE_PERSON: KindInfo(
        "Persona duplicada", "El mismo nombre completo en la misma IE con DNI distintos.", "RCI"),
    Kind.DNI_BOTH_ROLES: KindInfo(
        "DNI de docente y AP", "Un mismo DNI registrado como docente y como acompañante.", "RCI"),
    Kind.PENDING_VALIDATION: KindInfo(
        "Validación pendiente antigua", "Ejecuciones pendientes de validación desde hace más días de los "
        "permitidos.", "Gestor Local"),
    Kind.OPEN_OBSERVATION: KindInfo(
        "Observación sin corregir", "Ejecuciones observadas por el Gestor Local que siguen sin corregir.", "AP"),
    Kind.OTHER_REASON: KindInfo(
        "Uso excesivo de «Otro»", "Acompañantes cuyas no ejecuciones usan el motivo «Otro» por encima del "
        "porcentaje fijado.", "AP"),
}


class State(StrEnum):
    NEW = "nueva"
    REVIEWED = "revisada"
    CORRECTED = "corregida"
    JUSTIFIED = "justificada"


STATE_LABELS = {State.NEW: "Nueva", State.REVIEWED: "Revisada", State.CORRECTED: "Corregida",
                State.JUSTIFIED: "Justificada"}
OPEN_STATES = frozenset({State.NEW, State.REVIEWED})
# a state that needs a note (why the finding is not a mistake)
NOTE_REQUIRED = frozenset({State.JUSTIFIED})
NOTE_MAX = 1000

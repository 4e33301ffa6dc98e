"""The indicator catalogue of the Módulo de Reportes, as data: 123 indicators in 8 categories, plus
the teacher-performance, data-quality and non-execution-review categories beyond them.

An indicator is numerator / denominator × factor over named *measures* (see domain/measures.py for
what each measure counts). Disaggregations say which breakdowns are meaningful: additive counts
break down by month too; measures over distinct teachers or coaches do not (a teacher visited in
April and in May is one teacher, not two), so they break down by DRE, UGEL, intervention and coach
and are computed for the cut-off month. Per-motivo lines are separate indicators, as users read them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogues import SKIP_REASONS

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("visitas", "Visitas en aula"),
    ("gia", "Grupos de Inter-Aprendizaje (GIA)"),
    ("taller", "Talleres"),
    ("visita_social", "Visita social comunitaria"),
    ("avance", "Avance de protocolo"),
    ("cumplimiento", "Cumplimiento de protocolo"),
    ("viaticos", "Viáticos"),
    ("materiales", "Materiales"),
    ("desempeno", "Desempeño docente (rúbricas)"),
    ("calidad", "Calidad de los datos"),
    ("revision", "Revisión de las no ejecuciones"),
)
CORE_CATEGORIES = tuple(code for code, _ in CATEGORIES[:8])

ALL_LEVELS = ("dre", "ugel", "intervencion", "acompanante", "mes")
NO_MONTH = ("dre", "ugel", "intervencion", "acompanante")


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    category: str
    name: str
    definition: str
    numerator: str
    denominator: str | None = None
    unit: str = "n"
    factor: float = 1.0
    disaggregations: tuple[str, ...] = ALL_LEVELS
    numerator_label: str = ""
    denominator_label: str = ""


def _count(code, cat, name, measure, definition, label=None, levels=ALL_LEVELS):
    return IndicatorDef(code, cat, name, definition, measure, None, "n", 1.0, levels, label or name)


def _pct(code, cat, name, num, den, definition, num_label, den_label, levels=ALL_LEVELS):
    return IndicatorDef(code, cat, name, definition, num, den, "%", 100.0, levels, num_label, den_label)


def _avg(code, cat, name, num, den, definition, num_label, den_label, unit="prom", levels=ALL_LEVELS):
    return IndicatorDef(code, cat, name, definition, num, den, unit, 1.0, levels, num_label, den_label)


def _agree(text: str, feminine: bool) -> str:
    """Shared wording is written in the feminine (visitas); GIA and talleres take the masculine."""
    if feminine:
        return text
    for fem, masc in (("planificadas", "planificados"), ("ejecutadas", "ejecutados"),
                      ("validadas", "validados"), ("observadas", "observados")):
        text = text.replace(fem, masc)
    return text


def _activity_block(prefix: str, cat: str, kind: str, noun: str, plural: str, feminine: bool = True
                    ) -> list[IndicatorDef]:
    """The lines every activity kind shares: planned, executed, not executed, validation."""
    k = kind
    lines = [
        _count(f"{prefix}01", cat, f"{plural} planificadas", f"{k}.planned",
               f"Número de {noun} planificadas (vigentes) en el periodo."),
        _count(f"{prefix}02", cat, f"{plural} ejecutadas", f"{k}.executed",
               f"Número de {noun} planificadas cuyo registro vigente es «ejecutada»."),
        _pct(f"{prefix}03", cat, f"Porcentaje de {noun} ejecutadas", f"{k}.executed", f"{k}.planned",
             f"{plural} ejecutadas entre {noun} planificadas, por cien.",
             f"{plural} ejecutadas", f"{plural} planificadas"),
        _count(f"{prefix}04", cat, f"{plural} no ejecutadas", f"{k}.not_executed",
               f"Número de {noun} planificadas registradas como no ejecutadas (con motivo)."),
        _pct(f"{prefix}05", cat, f"Porcentaje de {noun} no ejecutadas", f"{k}.not_executed", f"{k}.planned",
             f"{plural} no ejecutadas entre {noun} planificadas, por cien.",
             f"{plural} no ejecutadas", f"{plural} planificadas"),
        _count(f"{prefix}06", cat, f"{plural} validadas", f"{k}.validated",
               f"{plural} ejecutadas validadas por el Gestor Local."),
        _pct(f"{prefix}07", cat, f"Porcentaje de {noun} validadas", f"{k}.validated", f"{k}.executed",
             f"{plural} validadas entre {noun} ejecutadas, por cien.",
             f"{plural} validadas", f"{plural} ejecutadas"),
        _count(f"{prefix}08", cat, f"{plural} observadas", f"{k}.observed",
               f"{plural} ejecutadas que el Gestor Local observó y aún no se corrigen."),
        _count(f"{prefix}09", cat, f"{plural} pendientes de validación", f"{k}.pending",
               f"{plural} ejecutadas que esperan la revisión del Gestor Local."),
    ]
    return [IndicatorDef(d.code, d.category, _agree(d.name, feminine), _agree(d.definition, feminine),
                         d.numerator, d.denominator, d.unit, d.factor, d.disaggregations,
                         _agree(d.numerator_label, feminine), _agree(d.denominator_label, feminine))
            for d in lines]


def _visits() -> list[IndicatorDef]:
    c = "visitas"
    items = [d for d in _activity_block("V", c, "visita", "visitas", "Visitas")]
    items.append(_count("V10", c, "Visitas sin registro de ejecución", "visita.unregistered",
                        "Visitas planificadas sin registro vigente de ejecución ni de no ejecución."))
    for i, reason in enumerate(SKIP_REASONS, start=11):
        items.append(_count(f"V{i:02d}", c, f"Visitas no ejecutadas por motivo: {reason.name}",
                            f"visita.not_executed.{reason.code}",
                            f"Visitas registradas como no ejecutadas con el motivo «{reason.name}»."))
    n = 11 + len(SKIP_REASONS)  # 23
    items += [
        _count(f"V{n:02d}", c, "Visitas diagnósticas ejecutadas", "visita.executed.diagnostica",
               "Visitas de tipo diagnóstica ejecutadas."),
        _count(f"V{n + 1:02d}", c, "Visitas de desarrollo ejecutadas", "visita.executed.desarrollo",
               "Visitas de tipo desarrollo ejecutadas."),
        _count(f"V{n + 2:02d}", c, "Visitas de cierre ejecutadas", "visita.executed.cierre",
               "Visitas de tipo cierre ejecutadas."),
        _count(f"V{n + 3:02d}", c, "Docentes asignados", "teachers.assigned",
               "Docentes distintos con asignación vigente a un acompañante en el año, sin marca «no planificar».",
               levels=NO_MONTH),
        _pct(f"V{n + 4:02d}", c, "Porcentaje de docentes con visita diagnóstica", "teachers.with_diagnostic",
             "teachers.assigned", "Docentes asignados con su visita diagnóstica ejecutada hasta el corte, "
             "entre docentes asignados, por cien.", "Docentes con diagnóstica ejecutada", "Docentes asignados",
             NO_MONTH),
        _count(f"V{n + 5:02d}", c, "Docentes acompañados (con al menos una visita ejecutada)",
               "teachers.visited", "Docentes asignados con al menos una visita ejecutada hasta el corte.",
               levels=NO_MONTH),
        _pct(f"V{n + 6:02d}", c, "Porcentaje de docentes acompañados", "teachers.visited", "teachers.assigned",
             "Docentes con al menos una visita ejecutada hasta el corte entre docentes asignados, por cien.",
             "Docentes con visita", "Docentes asignados", NO_MONTH),
        _pct(f"V{n + 7:02d}", c, "Porcentaje de docentes visitados en el mes de corte",
             "teachers.visited_in_month", "teachers.assigned",
             "Docentes con al menos una visita ejecutada en el mes de corte entre docentes asignados, por cien.",
             "Docentes visitados en el mes", "Docentes asignados", NO_MONTH),
        _avg(f"V{n + 8:02d}", c, "Promedio de visitas ejecutadas por docente", "teachers.visits_done",
             "teachers.assigned", "Visitas ejecutadas a docentes asignados hasta el corte entre docentes "
             "asignados.", "Visitas ejecutadas a docentes asignados", "Docentes asignados", levels=NO_MONTH),
        _avg(f"V{n + 9:02d}", c, "Promedio de visitas ejecutadas por acompañante", "visita.executed",
             "coaches.active", "Visitas ejecutadas entre acompañantes con docentes asignados.",
             "Visitas ejecutadas", "Acompañantes con docentes asignados", levels=NO_MONTH),
        _avg(f"V{n + 10:02d}", c, "Promedio de días entre dos visitas al mismo docente", "teachers.visit_gap_days",
             "teachers.visit_gaps", "Suma de los días entre visitas ejecutadas consecutivas a un mismo docente "
             "entre el número de esos intervalos (docentes con dos o más visitas).",
             "Días entre visitas consecutivas", "Intervalos entre visitas", "dias", NO_MONTH),
        _count(f"V{n + 11:02d}", c, "Docentes asignados sin ninguna visita ejecutada", "teachers.not_visited",
               "Docentes asignados sin visita ejecutada hasta el corte.", levels=NO_MONTH),
    ]
    return items  # 34


def _group_sessions() -> list[IndicatorDef]:
    c, k = "gia", "gia"
    items = _activity_block("G", c, k, "GIA", "GIA", feminine=False)
    items += [
        _count("G10", c, "GIA sin registro de ejecución", "gia.unregistered",
               "GIA planificados sin registro vigente de ejecución ni de no ejecución."),
        _count("G11", c, "Docentes convocados a GIA ejecutados", "gia.convened",
               "Suma de docentes registrados en la asistencia de los GIA ejecutados."),
        _count("G12", c, "Asistencias de docentes a GIA", "gia.attended",
               "Suma de docentes que asistieron a los GIA ejecutados."),
        _pct("G13", c, "Porcentaje de asistencia a GIA", "gia.attended", "gia.convened",
             "Asistencias entre convocados de los GIA ejecutados, por cien.", "Asistencias", "Convocados"),
        _avg("G14", c, "Promedio de asistentes por GIA", "gia.attended", "gia.executed",
             "Asistencias entre GIA ejecutados.", "Asistencias", "GIA ejecutados"),
        _count("G15", c, "Horas de GIA ejecutadas", "gia.hours", "Suma de horas de los GIA ejecutados."),
        _avg("G16", c, "Promedio de horas por GIA", "gia.hours", "gia.executed",
             "Horas de GIA ejecutados entre GIA ejecutados.", "Horas", "GIA ejecutados"),
        _avg("G17", c, "GIA ejecutados por acompañante", "gia.executed", "coaches.active",
             "GIA ejecutados entre acompañantes con docentes asignados.", "GIA ejecutados", "Acompañantes",
             levels=NO_MONTH),
        _pct("G18", c, "Porcentaje de docentes con al menos un GIA", "teachers.with_gia", "teachers.assigned",
             "Docentes asignados que asistieron a uno o más GIA hasta el corte, entre docentes asignados, por cien.",
             "Docentes con GIA", "Docentes asignados", NO_MONTH),
        _count("G19", c, "Docentes asignados sin ningún GIA", "teachers.without_gia",
               "Docentes asignados que no asistieron a ningún GIA hasta el corte.", levels=NO_MONTH),
        _count("G20", c, "GIA reprogramados", "gia.not_executed.reprogramada",
               "GIA registrados como no ejecutados con el motivo «Reprogramada»."),
    ]
    return items  # 20


def _workshops() -> list[IndicatorDef]:
    c, k = "taller", "taller"
    items = _activity_block("T", c, k, "talleres", "Talleres", feminine=False)
    items += [
        _count("T10", c, "Docentes convocados a talleres ejecutados", "taller.convened",
               "Suma de docentes registrados en la asistencia de los talleres ejecutados."),
        _count("T11", c, "Asistencias de docentes a talleres", "taller.attended",
               "Suma de docentes que asistieron a los talleres ejecutados."),
        _pct("T12", c, "Porcentaje de asistencia a talleres", "taller.attended", "taller.convened",
             "Asistencias entre convocados de los talleres ejecutados, por cien.", "Asistencias", "Convocados"),
        _pct("T13", c, "Porcentaje de docentes acompañados que asistieron a un taller", "teachers.with_workshop",
             "teachers.assigned", "Docentes asignados que asistieron a uno o más talleres hasta el corte, entre "
             "docentes asignados, por cien.", "Docentes con taller", "Docentes asignados", NO_MONTH),
        _count("T14", c, "Horas de taller ejecutadas", "taller.hours", "Suma de horas de los talleres ejecutados."),
        _count("T15", c, "Días de taller ejecutados", "taller.days", "Suma de días de los talleres ejecutados."),
        _count("T16", c, "Talleres sin registro de ejecución", "taller.unregistered",
               "Talleres planificados sin registro vigente de ejecución ni de no ejecución."),
    ]
    return items  # 16


def _community() -> list[IndicatorDef]:
    c, k = "visita_social", "visita_social"
    block = _activity_block("S", c, k, "visitas sociales", "Visitas sociales")
    items = block[:7]  # planned … % validated
    items += [
        _pct("S08", c, "Porcentaje de IIEE EIB con al menos una visita social", "schools.eib_with_visit",
             "schools.eib", "IIEE de docentes asignados a acompañantes EIB con al menos una visita social "
             "ejecutada hasta el corte, entre esas IIEE, por cien.", "IIEE EIB con visita social", "IIEE EIB",
             NO_MONTH),
        _count("S09", c, "Participantes en visitas sociales", "visita_social.participants",
               "Suma de padres de familia, sabios y autoridades en visitas sociales ejecutadas."),
        _count("S10", c, "Padres de familia participantes", "visita_social.parents",
               "Suma de padres de familia en visitas sociales ejecutadas."),
        _count("S11", c, "Sabios participantes", "visita_social.elders",
               "Suma de sabios de la comunidad en visitas sociales ejecutadas."),
        _count("S12", c, "Autoridades participantes", "visita_social.authorities",
               "Suma de autoridades comunales en visitas sociales ejecutadas."),
    ]
    return items  # 12


_BANDS = (("A06", "menor de 50 %", "lt50"), ("A07", "de 50 % a menos de 75 %", "50to75"),
          ("A08", "de 75 % a menos de 100 %", "75to100"), ("A09", "de 100 % o más", "ge100"))


def _progress() -> list[IndicatorDef]:
    c = "avance"
    expected = ("La meta al corte de un docente es la meta anual del protocolo de su intervención, año y "
                "nivel, multiplicada por los meses transcurridos de trabajo de campo hasta el mes de corte "
                "entre los meses del protocolo, redondeada hacia arriba.")
    items = [
        _avg("A01", c, "Avance promedio de visitas por docente (%)", "progress.visits_ratio_sum",
             "progress.teachers", "Promedio, entre docentes con meta al corte, de visitas ejecutadas entre su "
             "meta de visitas al corte, por cien. " + expected, "Suma de avances individuales (%)",
             "Docentes con meta", levels=NO_MONTH),
        _avg("A02", c, "Avance promedio de GIA por docente (%)", "progress.gia_ratio_sum", "progress.teachers_gia",
             "Promedio, entre docentes con meta de GIA al corte, de GIA asistidos entre su meta al corte, por "
             "cien.", "Suma de avances individuales (%)", "Docentes con meta de GIA", levels=NO_MONTH),
        _avg("A03", c, "Avance promedio de talleres por docente (%)", "progress.workshop_ratio_sum",
             "progress.teachers_workshop", "Promedio, entre docentes con meta de talleres al corte, de talleres "
             "asistidos entre su meta al corte, por cien.", "Suma de avances individuales (%)",
             "Docentes con meta de talleres", levels=NO_MONTH),
        _pct("A04", c, "Avance global de visitas", "progress.visits_done", "progress.visits_expected",
             "Visitas ejecutadas a docentes con meta entre la suma de sus metas al corte, por cien.",
             "Visitas ejecutadas", "Meta de visitas al corte", NO_MONTH),
        _pct("A05", c, "Avance global de visitas sociales (EIB)", "progress.community_done",
             "progress.community_expected", "Visitas sociales ejecutadas por acompañantes EIB entre su meta al "
             "corte (meta anual por acompañante del protocolo EIB), por cien.", "Visitas sociales ejecutadas",
             "Meta de visitas sociales al corte", NO_MONTH),
    ]
    for code, label, band in _BANDS:
        items.append(_pct(code, c, f"Docentes con avance de visitas {label}", f"progress.band.{band}",
                          "progress.teachers", f"Docentes con meta al corte cuyo avance de visitas es {label}, "
                          "entre docentes con meta, por cien.", "Docentes en el rango", "Docentes con meta",
                          NO_MONTH))
    items += [
        _pct("A10", c, "Avance global de GIA", "progress.gia_done", "progress.gia_expected",
             "GIA asistidos por docentes con meta entre la suma de sus metas al corte, por cien.",
             "GIA asistidos", "Meta de GIA al corte", NO_MONTH),
        _pct("A11", c, "Avance global de talleres", "progress.workshop_done", "progress.workshop_expected",
             "Talleres asistidos por docentes con meta entre la suma de sus metas al corte, por cien.",
             "Talleres asistidos", "Meta de talleres al corte", NO_MONTH),
        _avg("A12", c, "Avance promedio de visitas por acompañante (%)", "progress.coach_ratio_sum",
             "progress.coaches", "Promedio, entre acompañantes con meta, de las visitas ejecutadas a sus "
             "docentes entre la suma de sus metas al corte, por cien.", "Suma de avances por acompañante (%)",
             "Acompañantes con meta", levels=NO_MONTH),
    ]
    return items  # 12


def _compliance() -> list[IndicatorDef]:
    c = "cumplimiento"
    t, co = "progress.teachers", "progress.coaches"
    return [
        _pct("C01", c, "Docentes que alcanzaron la meta de visitas al corte", "compliance.visits", t,
             "Docentes con meta cuyas visitas ejecutadas igualan o superan su meta al corte, por cien.",
             "Docentes que alcanzaron la meta", "Docentes con meta", NO_MONTH),
        _pct("C02", c, "Docentes que alcanzaron la meta de GIA al corte", "compliance.gia",
             "progress.teachers_gia", "Docentes con meta de GIA cuyos GIA asistidos igualan o superan su meta "
             "al corte, por cien.", "Docentes que alcanzaron la meta", "Docentes con meta de GIA", NO_MONTH),
        _pct("C03", c, "Docentes que alcanzaron la meta de talleres al corte", "compliance.workshops",
             "progress.teachers_workshop", "Docentes con meta de talleres cuyos talleres asistidos igualan o "
             "superan su meta al corte, por cien.", "Docentes que alcanzaron la meta",
             "Docentes con meta de talleres", NO_MONTH),
        _pct("C04", c, "Docentes que alcanzaron las metas de visitas, GIA y talleres al corte", "compliance.all",
             t, "Docentes con meta que alcanzaron a la vez sus metas al corte de visitas, GIA y talleres, por "
             "cien.", "Docentes que alcanzaron las tres metas", "Docentes con meta", NO_MONTH),
        _pct("C05", c, "Acompañantes que alcanzaron la meta de visitas al corte", "compliance.coach_visits", co,
             "Acompañantes cuyas visitas ejecutadas a sus docentes igualan o superan la suma de sus metas al "
             "corte, por cien.", "Acompañantes que alcanzaron la meta", "Acompañantes con meta", NO_MONTH),
        _pct("C06", c, "Acompañantes que alcanzaron la meta de GIA al corte", "compliance.coach_gia", co,
             "Acompañantes cuyos GIA ejecutados igualan o superan la meta de GIA del protocolo al corte, por "
             "cien.", "Acompañantes que alcanzaron la meta", "Acompañantes con meta", NO_MONTH),
        _pct("C07", c, "Acompañantes que alcanzaron la meta de talleres al corte", "compliance.coach_workshops",
             co, "Acompañantes cuyos talleres ejecutados igualan o superan la meta de talleres del protocolo al "
             "corte, por cien.", "Acompañantes que alcanzaron la meta", "Acompañantes con meta", NO_MONTH),
        _pct("C08", c, "Acompañantes EIB que alcanzaron la meta de visitas sociales al corte",
             "compliance.coach_community", "progress.coaches_eib", "Acompañantes EIB cuyas visitas sociales "
             "ejecutadas igualan o superan su meta al corte, por cien.", "Acompañantes que alcanzaron la meta",
             "Acompañantes EIB con meta", NO_MONTH),
        _pct("C09", c, "Docentes que completaron la meta anual de visitas", "compliance.annual_visits", t,
             "Docentes con meta cuyas visitas ejecutadas igualan o superan la meta anual del protocolo, por cien.",
             "Docentes con la meta anual cumplida", "Docentes con meta", NO_MONTH),
        _pct("C10", c, "Docentes que completaron el protocolo anual", "compliance.annual_all", t,
             "Docentes con meta que alcanzaron las metas anuales de visitas, GIA y talleres, por cien.",
             "Docentes con el protocolo anual cumplido", "Docentes con meta", NO_MONTH),
    ]


def _soles(code, cat, name, num, den, definition, num_label, den_label="", levels=ALL_LEVELS):
    """Money is counted in céntimos (exact integers); the factor turns it into soles."""
    return IndicatorDef(code, cat, name, definition, num, den, "S/", 0.01, levels, num_label, den_label)


def _allowances() -> list[IndicatorDef]:
    c = "viaticos"
    return [
        _soles("W01", c, "Viáticos asignados", "ruta.assigned_cents", None,
               "Suma de viáticos asignados a las rutas planificadas, en soles.", "Viáticos asignados"),
        _soles("W02", c, "Viáticos rendidos", "ruta.spent_cents", None,
               "Suma de viáticos rendidos en las rutas ejecutadas, en soles.", "Viáticos rendidos"),
        _pct("W03", c, "Porcentaje de viáticos rendidos", "ruta.spent_cents", "ruta.assigned_cents",
             "Viáticos rendidos entre viáticos asignados, por cien.", "Viáticos rendidos", "Viáticos asignados"),
        _count("W04", c, "Rutas planificadas", "ruta.planned", "Número de rutas planificadas."),
        _count("W05", c, "Rutas ejecutadas", "ruta.executed", "Número de rutas ejecutadas."),
        _pct("W06", c, "Porcentaje de rutas ejecutadas", "ruta.executed", "ruta.planned",
             "Rutas ejecutadas entre rutas planificadas, por cien.", "Rutas ejecutadas", "Rutas planificadas"),
        _count("W07", c, "Días de viático ejecutados", "ruta.days", "Suma de días de las rutas ejecutadas."),
        _soles("W08", c, "Costo en viáticos por visita ejecutada", "ruta.spent_cents", "visita.executed",
               "Viáticos rendidos entre visitas ejecutadas, en soles.", "Viáticos rendidos", "Visitas ejecutadas"),
        _soles("W09", c, "Viático rendido promedio por acompañante", "ruta.spent_cents", "coaches.active",
               "Viáticos rendidos entre acompañantes con docentes asignados, en soles.", "Viáticos rendidos",
               "Acompañantes", NO_MONTH),
        _soles("W10", c, "Costo promedio por día de viático", "ruta.spent_cents", "ruta.days",
               "Viáticos rendidos entre días de viático ejecutados, en soles.", "Viáticos rendidos",
               "Días de viático"),
    ]


def _materials() -> list[IndicatorDef]:
    c = "materiales"
    return [
        _count("M01", c, "Entregas de materiales planificadas", "materiales.planned",
               "Número de entregas de materiales planificadas."),
        _count("M02", c, "Entregas de materiales ejecutadas", "materiales.executed",
               "Número de entregas de materiales registradas como ejecutadas."),
        _pct("M03", c, "Porcentaje de entregas ejecutadas", "materiales.executed", "materiales.planned",
             "Entregas ejecutadas entre entregas planificadas, por cien.", "Entregas ejecutadas",
             "Entregas planificadas"),
        _count("M04", c, "Kits planificados", "materiales.qty_planned",
               "Suma de cantidades planificadas de kits."),
        _count("M05", c, "Kits entregados", "materiales.qty_delivered",
               "Suma de cantidades entregadas en entregas ejecutadas."),
        _pct("M06", c, "Porcentaje de kits entregados", "materiales.qty_delivered", "materiales.qty_planned",
             "Kits entregados entre kits planificados, por cien.", "Kits entregados", "Kits planificados"),
        _pct("M07", c, "Porcentaje de docentes que recibieron los kits planificados", "materials.teachers_done",
             "materials.teachers", "Docentes con entregas planificadas a su nombre que recibieron todas (cantidad "
             "entregada igual o mayor a la planificada), por cien.", "Docentes que recibieron",
             "Docentes con entregas planificadas", NO_MONTH),
        _pct("M08", c, "Porcentaje de IIEE que recibieron los kits planificados", "materials.schools_done",
             "materials.schools", "IIEE con entregas planificadas a la institución que recibieron todas, por "
             "cien.", "IIEE que recibieron", "IIEE con entregas planificadas", NO_MONTH),
        _avg("M09", c, "Días promedio de entrega respecto a la fecha programada", "materiales.delay_days",
             "materiales.dated", "Promedio de días entre la fecha programada y la fecha de entrega de las "
             "entregas ejecutadas con fecha programada (negativo: antes de lo programado).",
             "Días de diferencia", "Entregas con fecha programada", "dias"),
    ]


def _performance() -> list[IndicatorDef]:
    c = "desempeno"
    items = []
    for n in range(1, 7):
        items.append(_pct(f"P{n:02d}", c, f"Docentes en nivel III–IV en el desempeño {n} (última visita)",
                          f"rubric.satisfactory.{n}", f"rubric.rated.{n}",
                          f"Docentes cuya última visita ejecutada hasta el corte tiene nivel III o IV en el "
                          f"desempeño {n}, entre docentes con ese desempeño calificado, por cien. No aplica en "
                          f"años cuya rúbrica no incluye el desempeño.", "Docentes en III–IV",
                          "Docentes calificados", NO_MONTH))
    items += [
        _pct("P07", c, "Docentes que mejoraron al menos un nivel desde la diagnóstica", "rubric.improved",
             "rubric.compared", "Docentes con diagnóstica y al menos otra visita ejecutada hasta el corte que "
             "subieron al menos un nivel en algún desempeño entre la diagnóstica y la última visita, por cien.",
             "Docentes que mejoraron", "Docentes con diagnóstica y otra visita", NO_MONTH),
        _pct("P08", c, "Docentes con todos los desempeños en nivel III–IV (última visita)",
             "rubric.all_satisfactory", "rubric.rated_teachers", "Docentes cuya última visita ejecutada tiene "
             "nivel III o IV en todos los desempeños calificados, por cien.", "Docentes en III–IV en todo",
             "Docentes calificados", NO_MONTH),
    ]
    return items


def _data_quality() -> list[IndicatorDef]:
    return [
        _count("Q01", "calidad", "Docentes asignados sin meta de protocolo", "teachers.without_target",
               "Docentes asignados (por planificar) cuyo protocolo no tiene metas para el nivel de su IE en la "
               "intervención y el año (por ejemplo, un docente de secundaria en Soporte Primaria): no cuentan en "
               "el avance ni en el cumplimiento de protocolo.", levels=NO_MONTH),
    ]


def _non_execution_review() -> list[IndicatorDef]:
    """The Gestor Local's review of the motivos of non-executions (issue 15): beside the eight categories,
    which keep their 123 indicators."""
    return [
        _count("N01", "revision", "No ejecuciones registradas", "ne.total",
               "Actividades planificadas de todo tipo registradas como no ejecutadas (con motivo)."),
        _count("N02", "revision", "No ejecuciones con motivo validado", "ne.validated",
               "No ejecuciones cuyo motivo validó el Gestor Local."),
        _count("N03", "revision", "No ejecuciones con motivo observado", "ne.observed",
               "No ejecuciones cuyo motivo observó el Gestor Local y el acompañante aún no corrige."),
        _count("N04", "revision", "No ejecuciones pendientes de validación", "ne.pending",
               "No ejecuciones cuyo motivo espera la revisión del Gestor Local."),
        _pct("N05", "revision", "Porcentaje de no ejecuciones con motivo validado", "ne.validated", "ne.total",
             "No ejecuciones con motivo validado entre no ejecuciones registradas, por cien.",
             "No ejecuciones con motivo validado", "No ejecuciones registradas"),
        _count("N06", "revision", "Visitas no ejecutadas con motivo validado", "visita.ne_validated",
               "Visitas en aula no ejecutadas cuyo motivo validó el Gestor Local."),
        _count("N07", "revision", "Visitas no ejecutadas con motivo observado", "visita.ne_observed",
               "Visitas en aula no ejecutadas cuyo motivo observó el Gestor Local y aún no se corrige."),
    ]


def build() -> tuple[IndicatorDef, ...]:
    items = (_visits() + _group_sessions() + _workshops() + _community() + _progress() + _compliance()
             + _allowances() + _materials() + _performance() + _data_quality() + _non_execution_review())
    return tuple(items)


INDICATORS: tuple[IndicatorDef, ...] = build()
BY_CODE = {d.code: d for d in INDICATORS}


# --- what a value is: of the period (the month filtered, or the year) or accumulated to the cut-off -----

# Measures counted over the activities of the period: a count, an amount or an average of the month (or of
# the year when no month is filtered). The others (teachers, coaches and schools, the protocol targets, the
# rubric) look at everything done from the start of the year up to the cut-off month.
PERIOD_MEASURE_PREFIXES = ("visita.", "gia.", "taller.", "visita_social.", "ruta.", "materiales.")
PERIOD_MEASURES = frozenset({"teachers.visited_in_month"})


def of_period(d: IndicatorDef) -> bool:
    """True when the indicator's value is of the period (month or year), False when it accumulates from
    January to the cut-off month. Decided by the numerator: V32 (visits of the month per active coach)
    is of the month, A04 (visits to date against the target to date) accumulates."""
    return d.numerator.startswith(PERIOD_MEASURE_PREFIXES) or d.numerator in PERIOD_MEASURES


def period_label(d: IndicatorDef, month: int | None) -> str:
    """The words that tag a value wherever it is shown: «Del mes» (or «Del año») or «Acumulado al corte»."""
    if of_period(d):
        return "Del mes" if month else "Del año"
    return "Acumulado al corte"


# What the engine does beyond the one-line definition, said once for the ficha técnica, the screen and
# docs/indicadores.md (checked against independent computations: tests/services/indicator_oracle.py).
_JULY = ("Todos los meses del protocolo cuentan como meses de trabajo de campo, julio incluido: con 9 visitas "
         "de marzo a diciembre, la meta es 1 en marzo, 5 en julio y 9 en diciembre.")
_OVER_100 = "Puede pasar de 100 % cuando se ejecuta más de lo que la meta pide a la fecha."
_PER_ACTIVE_COACH = ("Con un mes, divide la cifra de ese mes entre todos los acompañantes con docentes por "
                     "planificar en el año, hayan trabajado o no ese mes.")
_WITH_TARGET = ("Cuenta solo las visitas a los docentes del acompañante que tienen meta de protocolo al corte "
                "(hay protocolo para su intervención, año y nivel), como A04.")
_ALL_DELIVERED = ("Cuenta solo si cada entrega planificada a su nombre se ejecutó con la cantidad completa "
                  "(entregada igual o mayor a la planificada): una entrega parcial o sin registro lo deja fuera.")
_TEACHER_DIAGNOSTIC = ("La diagnóstica es una por docente, intervención y año, la haga quien la haga: en EIB, "
                       "un docente con dos acompañantes cuenta con diagnóstica para los dos (también en el nivel "
                       "«acompañante») cuando cualquiera de ellos la ejecutó.")
ENGINE_NOTES: dict[str, str] = {
    "A01": _JULY + " " + _OVER_100,
    "A02": _JULY,
    "A03": _JULY,
    "A04": _JULY + " " + _OVER_100,
    "A05": ("La meta es la del protocolo EIB por acompañante (no por comunidad ni por IE), prorrateada al corte; "
            "las visitas sociales se cuentan desde enero hasta el corte. Pasa de 100 % cuando el acompañante "
            "visita varias comunidades (por ejemplo, una o más visitas por cada IE EIB): el valor dice cuántas "
            "veces se cubrió la meta del protocolo. " + _JULY),
    "A10": _JULY + " " + _OVER_100,
    "A11": _JULY + " " + _OVER_100,
    "A12": _WITH_TARGET + " " + _JULY,
    "C01": _JULY,
    "C05": _WITH_TARGET + " " + _JULY,
    "C06": _JULY,
    "C07": _JULY,
    "C08": "Meta de visitas sociales por acompañante EIB, prorrateada al corte. " + _JULY,
    "G17": _PER_ACTIVE_COACH,
    "M07": _ALL_DELIVERED,
    "M08": _ALL_DELIVERED,
    "V27": _TEACHER_DIAGNOSTIC,
    "V30": "El numerador es del mes de corte; el denominador, los docentes asignados en el año.",
    "P07": ("Compara la última visita ejecutada (en el nivel «acompañante», la última de ese acompañante) con la "
            "diagnóstica del docente. " + _TEACHER_DIAGNOSTIC),
    "Q01": ("Un docente sin meta no aparece en los indicadores de avance (A) ni de cumplimiento (C); corríjalo "
            "agregando el protocolo de ese nivel (Catálogos y protocolos) o revisando la asignación."),
    "V32": _PER_ACTIVE_COACH,
    "W09": _PER_ACTIVE_COACH,
}


def engine_note(d: IndicatorDef) -> str:
    """The ficha's «Cómo se calcula»: what the value covers in time, then what the engine does."""
    if of_period(d):
        when = ("Valor del periodo: del mes filtrado (o del año, sin mes); se puede desagregar por mes."
                if "mes" in d.disaggregations else
                "Valor del periodo: el numerador es del mes filtrado (o del año, sin mes).")
    else:
        when = ("Valor acumulado al corte: todo lo ejecutado desde enero hasta el mes de corte; no se desagrega "
                "por mes.")
    note = ENGINE_NOTES.get(d.code)
    return f"{when} {note}" if note else when

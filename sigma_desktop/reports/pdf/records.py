"""Single-record prints on A4 portrait: the record of one activity (a visit with its rubric, a GIA with its
attendance, a ruta with its IIEE…) and the ficha del docente (data, coaches, the year's activities, the
rubric levels visit by visit)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ...domain.dates import format_date, month_name
from ...domain.enums import VISIT_TYPE_LABELS, VisitType
from ...domain.ficha import TeacherFicha
from ...domain.master_rules import school_kind_text
from ...domain.record_detail import RecordDetail
from ..formatting import ReportMeta
from .template import MM, build, content_width, data_tables, finish, heading, note, title_block

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KIND = {"visita": "Visita en aula", "gia": "GIA", "taller": "Taller", "visita_social": "Visita social",
        "ruta": "Ruta", "materiales": "Materiales"}
STATUS = {"planificada": "Sin registro", "ejecutada": "Ejecutada", "no_ejecutada": "No ejecutada"}
def _visit_type(code: str | None) -> str:
    return VISIT_TYPE_LABELS[VisitType(code)] if code else ""


VALIDATION = {"pendiente": "Pendiente", "validada": "Validada", "observada": "Observada", None: ""}


def _pairs(lines, width: float) -> list:
    rows = [[label, value] for label, value in lines]
    return data_tables([["Dato", "Registrado"]], rows, [width * 0.36, width * 0.64], font_size=8.5,
                       align_right_from=99, wrap_cols=frozenset({0, 1}), rows_per_table=40)


def write_record_pdf(detail: RecordDetail, meta: ReportMeta, path: str | Path) -> Path:
    width = content_width(False)
    story = title_block(meta)
    if detail.closed_mark:
        story.append(note(detail.closed_mark + "."))
    for n, section in enumerate(detail.sections, start=1):
        story += heading(f"{n}. {section.title}")
        story += _pairs(section.lines, width)
    return build(path, meta, finish(story, meta))


def write_ficha_pdf(ficha: TeacherFicha, meta: ReportMeta, path: str | Path) -> Path:
    width = content_width(False)
    t = ficha.teacher
    story = title_block(meta)
    story += heading("1. Datos del docente")
    story += _pairs([("Docente", f"{t.name} (DNI {t.dni})"),
                     ("Institución educativa", f"{t.school_name} (cód. modular {t.school_code})"),
                     ("Nivel y área", school_kind_text(t.school_level, t.school_area, t.school_characteristic)),
                     ("Ubicación", t.district), ("UGEL", f"{t.ugel_name} ({t.ugel_code})")], width)
    story += heading("2. Acompañamiento")
    if ficha.assignments:
        rows = [[a.coach_name, a.coach_dni, a.intervention,
                 ("No planificar: " + (a.no_plan_reason or "")) if a.no_plan else "—"] for a in ficha.assignments]
        story += data_tables([["Acompañante", "DNI", "Intervención", "Observación"]], rows,
                             [width * 0.36, width * 0.14, width * 0.2, width * 0.3], font_size=8,
                             align_right_from=99, wrap_cols=frozenset({0, 3}))
    else:
        story.append(note(f"El docente no tiene acompañante asignado en {ficha.year}."))
    story += heading(f"3. Actividades de {ficha.year}")
    if ficha.activities:
        rows = []
        for a in sorted(ficha.activities, key=lambda a: (a.month, a.planned_date or a.executed_on or date.max,
                                                        a.activity_id.int)):
            what = KIND.get(a.kind, a.kind) + (f" ({_visit_type(a.visit_type)})" if a.visit_type else "")
            if a.topic:
                what += f": {a.topic}"
            status = STATUS.get(a.status, a.status)
            if a.status == "no_ejecutada" and a.skip_reason:
                status += f" ({a.skip_reason})"
            if a.attended is not None:
                status += ", asistió" if a.attended else ", no asistió"
            rows.append([month_name(a.month).capitalize(), what, format_date(a.planned_date),
                         format_date(a.executed_on), status, VALIDATION.get(a.validation_state, "")])
        story += data_tables([["Mes", "Actividad", "Programada", "Ejecutada", "Resultado", "Validación"]], rows,
                             [width * 0.1, width * 0.34, width * 0.12, width * 0.12, width * 0.2, width * 0.12],
                             font_size=7.5, align_right_from=99, wrap_cols=frozenset({1, 4}))
    else:
        story.append(note(f"No hay actividades del docente en {ficha.year}."))
    story += heading("4. Niveles de la rúbrica, visita por visita")
    visits = ficha.rated_visits()
    if visits and ficha.rubric_items:
        numbers = [i.number for i in ficha.rubric_items]
        rows = [[format_date(v.executed_on), _visit_type(v.visit_type)] + [ROMAN.get(v.levels.get(n), "—") for n in numbers]
                for v in visits]
        first = width * 0.16
        col = (width - first * 2) / max(len(numbers), 1)
        story += data_tables([["Fecha", "Tipo"] + [f"D{n}" for n in numbers]], rows,
                             [first, first] + [col] * len(numbers), font_size=8, align_right_from=2)
        story.append(note("Desempeños: " + "; ".join(f"D{i.number}: {i.name}" for i in ficha.rubric_items)
                          + ". Niveles III y IV son satisfactorios."))
        change = ficha.improvement()
        if change:
            story.append(note(f"Mejoró en {change[0]} de {change[1]} desempeños entre la primera y la última "
                              "visita calificada."))
    else:
        story.append(note("Sin visitas calificadas en el año."))
    return build(path, meta, finish(story, meta))


__all__ = ["write_ficha_pdf", "write_record_pdf", "MM"]

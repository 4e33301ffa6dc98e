"""Screen texts for the codes of activities (kind, visit type, status, validation, levels), through tr()."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from ...domain.catalogues import LEVEL_LABELS
from ...domain.coach_work import PlanRow
from ...domain.dates import format_date, month_name
from ...domain.enums import (
    KIND_LABELS, STATUS_LABELS, VALIDATION_LABELS, VISIT_TYPE_LABELS, ActivityKind, ActivityStatus, ValidationState,
    VisitType,
)
from ...domain.money import format_soles


def tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def kind_label(kind: str) -> str:
    try:
        return tr(KIND_LABELS[ActivityKind(kind)])
    except ValueError:
        return kind


def visit_type_label(visit_type: str | None) -> str:
    if not visit_type:
        return ""
    try:
        return tr(VISIT_TYPE_LABELS[VisitType(visit_type)])
    except ValueError:
        return visit_type


def status_label(status: str) -> str:
    return tr(STATUS_LABELS.get(status, status))


def validation_label(state: str | None, status: str) -> str:
    """Records (executions and non-executions) go through validation; a plan without record shows a dash."""
    if status == ActivityStatus.PLANNED or not state:
        return "—"
    return tr(VALIDATION_LABELS.get(state, state))


def level_label(level: int | None) -> str:
    return LEVEL_LABELS.get(level, "") if level else ""


def month_title(month: int) -> str:
    return tr(month_name(month).capitalize())


def subject(row: PlanRow) -> str:
    """Who or what the activity is about: the teacher, the topic and convened count, the route's IIEE…"""
    if row.kind == ActivityKind.VISIT:
        return f"{row.teacher_name} ({row.teacher_dni})" if row.teacher_name else ""
    if row.kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
        return tr("{0} — {1} docentes convocados").format(row.topic or "", row.teachers_convened)
    if row.kind == ActivityKind.ROUTE:
        return tr("{0} IIEE — viáticos asignados {1}").format(row.schools_in_route,
                                                               format_soles(row.allowance_assigned))
    if row.kind == ActivityKind.MATERIAL_DELIVERY:
        whom = row.teacher_name or (f"{row.school_code} {row.school_name}" if row.school_name else "")
        return tr("{0} × {1} — {2}").format(row.quantity_planned or 0, row.kit or "", whom)
    return f"{row.school_code} {row.school_name}" if row.school_name else ""


def detail(row: PlanRow) -> str:
    """Type of visit, or hours and days planned."""
    if row.kind == ActivityKind.VISIT:
        return visit_type_label(row.visit_type)
    parts = []
    if row.planned_hours:
        parts.append(tr("{0} h").format(row.planned_hours))
    if row.planned_days:
        parts.append(tr("{0} días").format(row.planned_days) if row.planned_days != 1 else tr("1 día"))
    return ", ".join(parts)


def record_text(status: str, on: date | None, reason: str | None, note: str | None) -> str:
    """The state with the record's date, and the motivo of a non-execution."""
    if status == ActivityStatus.NOT_EXECUTED:
        text = tr("No ejecutada ({0}): {1}").format(format_date(on), reason or "")
        if note:
            text += f" — {note}"
        return text
    if status == ActivityStatus.EXECUTED:
        return tr("Ejecutada el {0}").format(format_date(on))
    return status_label(status)


def outcome_text(row: PlanRow) -> str:
    return record_text(row.status, row.executed_on, row.skip_reason_name, row.skip_note)


def validation_text(state: str | None, status: str, comment: str | None) -> str:
    """The validation state; an observed record carries the Gestor Local's comment."""
    text = validation_label(state, status)
    if status != ActivityStatus.PLANNED and state == ValidationState.OBSERVED and comment:
        text = tr("{0}: {1}").format(text, comment)
    return text


def activity_title(row: PlanRow) -> str:
    """One line that names the activity in a form's summary."""
    what = kind_label(row.kind)
    if row.kind == ActivityKind.VISIT and row.visit_type:
        what = tr("{0} ({1})").format(what, visit_type_label(row.visit_type).lower())
    when = f"{month_title(row.month)} {row.year}"
    if row.planned_date:
        when = tr("{0} (programada el {1})").format(when, format_date(row.planned_date))
    return tr("{0} — {1}").format(what, when)

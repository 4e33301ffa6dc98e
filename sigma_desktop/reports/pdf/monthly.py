"""Monthly reports: per coach (plan vs executed with reasons, the records, progress so far) and per UGEL
(consolidated: summary, every coach, motivos, key indicators)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...domain.dates import format_date
from ...domain.enums import KIND_LABELS, STATUS_LABELS, VALIDATION_LABELS, ActivityStatus
from ...domain.reporting import ControlGrid, IndicatorValue, RecordRow
from ..formatting import CONTROL_KINDS, MOTIVOS, ReportMeta, execution_rate, total_lines
from . import charts
from .control import KIND_LABEL as KIND_TITLE, SECTIONS, amounts_table, field_legend, motivo_table, section_tables, summary_table
from .indicators import indicator_table, period_legend
from .template import MM, build, content_width, data_tables, finish, heading, legend_text, note, title_block

# The indicators a monthly report shows (progress up to the month for one coach or one UGEL).
COACH_INDICATORS = ("V26", "V27", "V29", "V30", "V31", "V33", "A01", "A04", "C01", "C04", "G18", "T13")
UGEL_INDICATORS = ("V03", "V07", "V26", "V27", "V29", "V30", "V31", "G03", "G13", "T03", "S03", "A01", "A04",
                   "C01", "C04", "C05", "W03", "W08", "M03")


@dataclass(frozen=True)
class CoachMonth:
    """What the monthly report of one coach prints."""

    coach_dni: str
    coach_name: str
    counts: dict[str, int]  # the control counts of the month (zeros when nothing was planned)
    records: list[RecordRow] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)  # total level, coach filter
    month: int = 1


@dataclass(frozen=True)
class UgelMonth:
    grid: ControlGrid
    indicators: list[IndicatorValue]  # total level of the UGEL
    names: dict = field(default_factory=dict)  # ("ugel", code) → «UGEL Huaraz (020001)»


def _indicator_table(values: list[IndicatorValue], codes: tuple[str, ...], width: float, month: int) -> list:
    by_code = {v.code: v for v in values}
    chosen = [by_code[c] for c in codes if c in by_code]
    return indicator_table(chosen, width, month) + [note(period_legend(month))]


def _motivo_records(records: list[RecordRow], width: float) -> list:
    rows = [[KIND_LABELS.get(r.kind, r.kind), r.subject or "—", dict(MOTIVOS).get(r.skip_reason or "", "—")]
            for r in records if r.status == ActivityStatus.NOT_EXECUTED]
    if not rows:
        return [note("Todas las actividades con registro del mes se ejecutaron.")]
    widths = [30 * MM, 70 * MM, width - 100 * MM]
    from reportlab.platypus import Spacer

    return [Spacer(1, 3 * MM), note("Actividades del mes registradas como no ejecutadas:")] + data_tables([["Actividad", "Docente, IE o tema", "Motivo de no ejecución"]], rows, widths,
                       font_size=7.5, align_right_from=99, wrap_cols=frozenset({0, 2}))


def _record_table(records: list[RecordRow], width: float) -> list:
    rows = [[KIND_LABELS.get(r.kind, r.kind), r.subject or "—", STATUS_LABELS.get(r.status, r.status),
             format_date(r.executed_on) if r.status == ActivityStatus.EXECUTED else "",
             VALIDATION_LABELS.get(r.validation_state or "", "") if r.status == ActivityStatus.EXECUTED else "",
             dict(MOTIVOS).get(r.skip_reason or "", "") if r.status == ActivityStatus.NOT_EXECUTED else ""]
            for r in records]
    widths = [24 * MM, 52 * MM, 21 * MM, 20 * MM, 19 * MM, width - 136 * MM]
    from reportlab.lib import colors

    def paint(r, row, _i):
        if row[2] == STATUS_LABELS[ActivityStatus.NOT_EXECUTED]:
            return [("TEXTCOLOR", (2, r), (2, r), colors.HexColor("#A0302A"))]
        if row[2] == STATUS_LABELS[ActivityStatus.PLANNED]:
            return [("TEXTCOLOR", (2, r), (2, r), colors.HexColor("#806000"))]
        return []

    return data_tables([["Actividad", "Docente, IE o tema", "Estado", "Ejecutada el", "Validación", "Motivo"]],
                       rows, widths, align_right_from=99, row_styles=paint, rows_per_table=45,
                       wrap_cols=frozenset({0, 5}))


def write_coach_month_pdf(data: CoachMonth, meta: ReportMeta, path: str | Path) -> Path:
    width = content_width(False)
    month = data.month
    kinds = [k for k, _ in CONTROL_KINDS if data.counts.get(f"{k}.planned")] or ["visita"]
    story = title_block(meta)
    story += heading("1. Plan y ejecución del mes")
    story += summary_table(data.counts, width, kinds)
    story.append(note(legend_text() + " Sin reg.: planificadas sin registro de ejecución ni de no ejecución."))
    rates = [execution_rate(data.counts, k) for k in kinds]
    if any(r is not None for r in rates):
        story.append(charts.bar_chart("Porcentaje de ejecución del mes", [KIND_TITLE[k] for k in kinds], rates,
                                      width=width * 0.6, height=55 * MM))
    story += heading("2. Actividades no ejecutadas y sus motivos")
    story += motivo_table(data.counts, width, kinds)
    story += _motivo_records(data.records, width)
    story += heading("3. Avance acumulado al mes")
    story.append(note("Indicadores del acompañante: los del mes y los acumulados desde enero hasta el mes del "
                      "reporte, cada uno con su periodo."))
    story += _indicator_table(data.indicators, COACH_INDICATORS, width, month)
    story += heading("4. Detalle de las actividades planificadas del mes")
    if data.records:
        story += _record_table(data.records, width)
    else:
        story.append(note("El acompañante no tiene actividades planificadas en el mes."))
    return build(path, meta, finish(story, meta))


def write_ugel_month_pdf(data: UgelMonth, meta: ReportMeta, path: str | Path) -> Path:
    width = content_width(True)
    grid = data.grid
    total = grid.totals.get(("total", "total"), {})
    story = title_block(meta, landscape=True)
    story += heading("1. Resumen de la UGEL")
    from reportlab.platypus import Spacer

    story += summary_table(total, width)
    story += [Spacer(1, 3 * MM), *amounts_table(total, width)]
    story.append(note(legend_text() + " Sin registro: planificadas sin registro de ejecución ni de no ejecución."))
    story += heading("2. Ejecución por acompañante")
    if grid.rows:
        totals = total_lines(grid, data.names)
        for n, kinds in enumerate(SECTIONS, start=1):
            if not any(r.get(f"{k}.planned") for r in grid.rows for k in kinds):
                continue
            story += heading(f"2.{n}. {' y '.join(KIND_TITLE[k] for k in kinds)}", 2)
            story += section_tables(grid.rows, totals, kinds, width, show_month=False, show_ugel=False)
            story.append(note(field_legend(kinds)))
        rows = [r for r in grid.rows if r.get("visita.planned")]
        if rows:
            story.append(charts.horizontal_bars(
                "Porcentaje de visitas ejecutadas por acompañante", [r.coach_name for r in rows[:60]],
                [execution_rate(r.counts, "visita") for r in rows[:60]], width=width, label_width=70 * MM,
                bar_height=3.6 * MM))
    else:
        story.append(note("No hay actividades planificadas en la UGEL en el mes."))
    story += heading("3. Actividades no ejecutadas por motivo")
    story += motivo_table(total, width)
    story += heading("4. Indicadores clave de la UGEL al mes")
    story += _indicator_table(data.indicators, UGEL_INDICATORS, width, grid.filter.month)
    return build(path, meta, finish(story, meta, landscape=True), landscape=True)

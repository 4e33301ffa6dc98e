"""Exports people print and share: the indicator report and the control grid (JSON, Excel, PDF), the
monthly reports per coach and per UGEL (PDF), and the raw activity records for analysts (Excel).

Each call reads what it needs in one read-only unit, scoped to the signed-in user like the screens,
and hands DTOs to the writers in sigma_desktop/reports (which never see a session).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..domain.dates import month_name
from ..domain.enums import (
    KIND_LABELS, OUTCOME_LABELS, ROLE_LABELS, STATUS_LABELS, VALIDATION_LABELS, VISIT_TYPE_LABELS, ActivityStatus, Outcome,
    Role, ScopeLevel,
)
from ..domain.errors import ValidationError
from ..domain.permissions import Action
from ..domain.reporting import ControlGrid, IndicatorReport, ReportFilter
from ..storage.ids import utcnow
from .context import Context
from ..storage import record_queries as rec

FORMATS = ("json", "xlsx", "pdf")
_VALUES, _GRID_ROWS = "valores de indicadores", "filas (acompañante y mes)"


@dataclass(frozen=True)
class ExportResult:
    format: str
    path: Path | None  # None for JSON returned in memory
    rows: int  # indicator values, grid rows, records or activity rows written
    checksum: str | None = None
    data: dict | None = None  # the JSON document when format == "json"
    unit: str = "filas"  # what `rows` counts, in words


def _with_subtitle(meta, subtitle: str):
    import dataclasses

    return dataclasses.replace(meta, subtitle=subtitle)


def default_filename(kind: str, f: ReportFilter, fmt: str) -> str:
    """«indicadores_2017-05_UGEL-020001.pdf»: what, when, where."""
    period = f"{f.year}-{f.month:02d}" if f.month else str(f.year)
    where = f"_UGEL-{f.ugel_code}" if f.ugel_code else (f"_DRE-{f.dre_code}" if f.dre_code else "")
    who = f"_AP-{f.coach_dni}" if f.coach_dni else ""
    extra = f"_{f.intervention}" if f.intervention else ""
    return f"{kind}_{period}{where}{extra}{who}.{fmt}"


def _check_format(fmt: str, allowed=FORMATS) -> str:
    fmt = (fmt or "").lower()
    if fmt not in allowed:
        raise ValidationError(f"Formato: «{fmt}» no es válido (use {', '.join(allowed)}).", "formato")
    return fmt


_OUTCOME = {**OUTCOME_LABELS, None: STATUS_LABELS[ActivityStatus.PLANNED]}


def raw_row(r: tuple) -> tuple:
    """A stored row (storage/export_queries.RAW_FIELDS) as the analyst reads it (labels, soles)."""
    recorded = r[18] is not None  # executions and non-executions are validated (issue 15)
    return (str(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], KIND_LABELS.get(r[9], r[9]),
            VISIT_TYPE_LABELS.get(r[10]) if r[10] else None, r[11], r[12], r[13], r[14], r[15], r[16], r[17],
            _OUTCOME.get(r[18], r[18]), r[19], r[20], r[21], VALIDATION_LABELS.get(r[22]) if recorded else None,
            r[23], r[24], r[25], r[26], r[27], None if r[28] is None else r[28] / 100,
            None if r[29] is None else r[29] / 100, r[30], r[31], r[32], r[33], r[34], r[35], r[36], r[37], r[38])


class ExportService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def filter_options(self) -> "FilterOptions":
        """Years, DREs, UGELs, interventions and coaches the user may filter by."""
        return filter_options(self._ctx)

    # --- shared ------------------------------------------------------------------------------------
    def _actor(self):
        return self._ctx.current()

    def _prepared_by(self, u) -> tuple[str, str]:
        """The signed-in user's name and post («Gestor Local, UGEL Ocros») for «Elaborado por»."""
        from ..storage import export_queries as eq

        actor = self._actor()
        if actor.is_system:
            return "", ""
        post = ROLE_LABELS[actor.role]
        if actor.ugel_id is not None and actor.scope is ScopeLevel.UGEL:
            office = eq.ugel_label(u, ugel_id=actor.ugel_id)
            if office and office[1]:
                post += f", {office[1]}"
        elif actor.dre_id is not None and actor.scope is ScopeLevel.DRE:
            office = eq.dre_label(u, dre_id=actor.dre_id)
            if office:
                post += f", {office}"
        return actor.name, post

    def _signatures(self, u, f: ReportFilter, prepared: tuple[str, str] | None = None):
        """Elaborado por (who generates it, or `prepared`), Revisado por (the Gestor Local) and V°B° (the
        director): the names configured for the report's UGEL (services/signatories.py); for a DRE or the
        whole country, the posts with the names left to write by hand."""
        from ..storage import export_queries as eq

        name, post = prepared or self._prepared_by(u)
        ugel_code = f.ugel_code or self._own_ugel_code(u)
        if ugel_code:
            found = eq.ugel_signatories(u, ugel_code)
            if found is not None:
                from .signatories import DEFAULT_DIRECTOR_POST, DEFAULT_REVIEWER_POST

                r_name, r_post, d_name, d_post = found
                return (("Elaborado por", name, post),
                        ("Revisado por", r_name or "", r_post or DEFAULT_REVIEWER_POST),
                        ("V°B°", d_name or "", d_post or DEFAULT_DIRECTOR_POST))
        if f.dre_code or self._actor().scope is ScopeLevel.DRE:
            return (("Elaborado por", name, post), ("Revisado por", "", "Gestor(a) Regional"),
                    ("V°B°", "", "Director(a) Regional de Educación"))
        return (("Elaborado por", name, post), ("Revisado por", "", "Especialista de monitoreo"),
                ("V°B°", "", "Jefe(a) de la oficina de monitoreo"))

    def _own_ugel_code(self, u) -> str | None:
        from ..storage import export_queries as eq

        actor = self._actor()
        if actor.ugel_id is not None and actor.scope is ScopeLevel.UGEL:
            return eq.ugel_code(u, actor.ugel_id)
        return None

    def _meta(self, u, f: ReportFilter, title: str, *, cutoff: int | None = None, checksum: str | None = None,
              signatures=None, stamp: str | None = None):
        from ..reports.formatting import ReportMeta, institution_lines, office_label, period_text
        from ..storage import export_queries as eq

        actor = self._actor()
        dre = ugel = None
        if f.ugel_code:
            found = eq.ugel_label(u, code=f.ugel_code)
            dre, ugel = found if found else (None, f"UGEL {f.ugel_code}")
        elif f.dre_code:
            dre = eq.dre_label(u, code=f.dre_code) or f"DRE {f.dre_code}"
        elif actor.ugel_id is not None and actor.scope is ScopeLevel.UGEL:
            dre, ugel = eq.ugel_label(u, ugel_id=actor.ugel_id) or (None, None)
        elif actor.dre_id is not None and actor.scope is ScopeLevel.DRE:
            dre = eq.dre_label(u, dre_id=actor.dre_id)
        if f.ugel_code:
            where = office_label("UGEL", f.ugel_code, ugel)
        elif f.dre_code:
            where = office_label("DRE", f.dre_code, dre)
        else:
            where = ugel or dre or "Nacional"
        filters = [("Periodo", period_text(f)), ("Ámbito", where)]
        filters.append(("Intervención", (eq.intervention_label(u, f.intervention) or f.intervention)
                        if f.intervention else "Todas"))
        if f.coach_dni:
            coach = eq.coach_label(u, f.coach_dni)
            filters.append(("Acompañante", f"{coach[1]} (DNI {f.coach_dni})" if coach else f.coach_dni))
        if cutoff:
            filters.append(("Mes de corte", f"{month_name(cutoff).capitalize()} (indicadores acumulados hasta "
                                            "ese mes)"))
        final, closing = self._month_closing(u, f)
        if closing:
            filters.append(("Cierre del mes", closing))
        if not final:  # figures that can still change: the title says so
            title = f"{title} (preliminar)"
        return ReportMeta(title=title, institution=institution_lines(dre, ugel or None) if (dre or ugel)
                          else ("Ministerio de Educación", "Ámbito nacional"),
                          filters=tuple(filters), generated_at=utcnow(),
                          prepared_by="" if actor.is_system else actor.name, subtitle=period_text(f),
                          signatures=signatures or self._signatures(u, f),
                          extra={"checksum": checksum, "stamp": stamp})

    def _month_closing(self, u, f: ReportFilter) -> tuple[bool, str]:
        """(whether the report's figures are final, the closing line to print). A month is final once every
        UGEL of the report closed it («Mes cerrado el … por …» for one UGEL, «cerrado en N de M UGEL»
        for several); a year without a month once it has ended."""
        from ..domain.dates import today_lima
        from ..domain.reporting import in_progress, progress_text
        from ..domain.rules.common import closed_mark
        from ..storage import closing_queries as cq
        from ..storage import indicator_queries as iq
        from .context import scope_ugels

        today = today_lima()
        if not f.month:
            running = in_progress(f, today)
            return not running, (f"Año {progress_text(today)}" if running else "")
        ugel_code = f.ugel_code or self._own_ugel_code(u)
        ids = iq.ugel_ids_for(u, ugel_code, None if ugel_code else f.dre_code)
        if ids is None:
            ids = scope_ugels(self._actor(), u)
        ugels = cq.ugels(u, ids)
        if len(ugels) == 1:
            closed = rec.is_month_closed(u, ugels[0][0], f.year, f.month)
            if closed:
                return True, closed_mark(closed)
            note = "Mes abierto"
            if in_progress(f, today):
                note += f" ({progress_text(today)})"
            return False, note + ": las cifras pueden cambiar hasta que el Gestor Local cierre el mes"
        done = sum(1 for _g, _c, _n, month, closed, *_r in cq.closings(u, [g for g, _c, _n in ugels], f.year)
                   if month == f.month and closed)
        if done == len(ugels):
            return True, f"Mes cerrado en las {done} UGEL"
        return False, f"Mes cerrado en {done} de {len(ugels)} UGEL: las cifras pueden cambiar"

    def _read(self):
        return self._ctx.unit(write=False, action=Action.READ)

    def _names(self, u, f: ReportFilter) -> dict:
        from .report_scope import group_labels, resolve

        from ..reports.formatting import office_label

        _scope, dims = resolve(u, self._actor(), f)
        labels = group_labels(u, dims)  # («dre», code) → «code name»
        return {k: office_label(k[0].upper(), k[1], v.split(" ", 1)[1] if " " in v else None)
                if k[0] in ("dre", "ugel") else v for k, v in labels.items()}

    @staticmethod
    def _target(path, kind: str, f: ReportFilter, fmt: str) -> Path:
        return Path(path) if path else Path.cwd() / default_filename(kind, f, fmt)

    # --- indicators --------------------------------------------------------------------------------
    def indicators(self, f: ReportFilter, fmt: str = "json", path: str | Path | None = None, *,
                   annex: bool = False) -> ExportResult:
        """Computes the indicator report for the filter and writes it (JSON is returned when no path);
        `annex` adds the fichas técnicas (an annex of the PDF, a sheet of the workbook)."""
        from .indicators import IndicatorService

        fmt = _check_format(fmt)
        report = IndicatorService(self._ctx).compute(f)
        return self.write_indicators(report, fmt, path, annex=annex)

    def write_indicators(self, report: IndicatorReport, fmt: str, path: str | Path | None = None, *,
                         annex: bool = False) -> ExportResult:
        """Writes an indicator report already computed (the panel's) as JSON, Excel or PDF."""
        from ..reports.formatting import checksum, indicator_payload, verification_stamp

        fmt = _check_format(fmt)
        f = report.filter
        digest = checksum(indicator_payload(report))
        if fmt == "json":
            from .report_json import indicators_to_json

            return self._json(indicators_to_json(report), path, len(report.values), digest, _VALUES)
        with self._read() as u:
            meta = self._meta(u, f, "Reporte de indicadores del acompañamiento pedagógico", cutoff=report.cutoff,
                              checksum=digest, stamp=verification_stamp("indicadores", f, digest))
        target = self._target(path, "indicadores", f, fmt)
        if fmt == "xlsx":
            from ..reports.xlsx.indicators import write_indicator_workbook

            write_indicator_workbook(report, meta, target, fichas=annex)
        else:
            from ..reports.pdf.indicators import write_indicator_pdf

            write_indicator_pdf(report, meta, target, annex_fichas=annex)
        return ExportResult(fmt, target, len(report.values), digest, unit=_VALUES)

    # --- control -----------------------------------------------------------------------------------
    def control(self, f: ReportFilter, fmt: str = "json", path: str | Path | None = None) -> ExportResult:
        from .control import ControlService

        fmt = _check_format(fmt)
        return self.write_control(ControlService(self._ctx).grid(f), fmt, path)

    def write_control(self, grid: ControlGrid, fmt: str, path: str | Path | None = None) -> ExportResult:
        from ..reports.formatting import checksum, control_payload, verification_stamp

        fmt = _check_format(fmt)
        f = grid.filter
        digest = checksum(control_payload(grid))
        if fmt == "json":
            from .report_json import control_to_json

            return self._json(control_to_json(grid), path, len(grid.rows), digest, _GRID_ROWS)
        with self._read() as u:
            meta = self._meta(u, f, "Módulo de Control: plan y ejecución por acompañante", checksum=digest,
                              stamp=verification_stamp("control", f, digest))
            names = self._names(u, f)
        target = self._target(path, "control", f, fmt)
        if fmt == "xlsx":
            from ..reports.xlsx.control import write_control_workbook

            write_control_workbook(grid, meta, target, names)
        else:
            from ..reports.pdf.control import write_control_pdf

            write_control_pdf(grid, meta, target, names)
        return ExportResult(fmt, target, len(grid.rows), digest, unit=_GRID_ROWS)

    def _json(self, data: dict, path, rows: int, digest: str, unit: str) -> ExportResult:
        if path is None:
            return ExportResult("json", None, rows, digest, data, unit)
        target = Path(path)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return ExportResult("json", target, rows, digest, data, unit)

    # --- monthly reports ---------------------------------------------------------------------------
    def _monthly_data(self, year: int, month: int, ugel_code: str, coach_dni: str | None):
        """(the data a monthly report prints, its checksum): shared by the writer and `verify`."""
        from ..reports.formatting import checksum, control_payload
        from ..reports.pdf.monthly import COACH_INDICATORS, UGEL_INDICATORS, CoachMonth, UgelMonth
        from ..storage import export_queries as eq
        from .control import KINDS, ControlService
        from .indicators import IndicatorService

        if not ugel_code:
            raise ValidationError("UGEL: indique el código de la UGEL del reporte mensual.", "ugel")
        actor = self._actor()
        if actor.role is Role.COACH and not actor.is_system:  # an AP's monthly report is their own
            with self._read() as u:
                own = eq.coach_dni(u, actor.coach_id) if actor.coach_id else None
            if own is None or (coach_dni and coach_dni != own):
                raise ValidationError("Acompañante: solo puede imprimir su propio reporte mensual.", "acompanante")
            coach_dni = own
        f = ReportFilter(year, month, ugel_code=ugel_code, coach_dni=coach_dni)
        control = ControlService(self._ctx)
        grid = control.grid(f)  # checks the month, the UGEL and the user's scope
        codes = set(COACH_INDICATORS if coach_dni else UGEL_INDICATORS)
        report = IndicatorService(self._ctx).compute(f, codes=codes, by_month=False)
        totals = [v for v in report.shown() if v.level == "total"]
        if coach_dni:
            with self._read() as u:
                coach = eq.coach_label(u, coach_dni)
            if coach is None:
                raise ValidationError(f"Acompañante: el DNI {coach_dni} no está registrado.", "acompanante")
            if coach[2] != ugel_code:
                raise ValidationError(f"Acompañante: {coach[1]} no pertenece a la UGEL {ugel_code}.", "acompanante")
            row = next((r for r in grid.rows if r.coach_dni == coach_dni), None)
            records = []
            for kind in KINDS:
                records += control.records(f, f"{kind}.planned", coach_id=coach[0], month=month)
            data = CoachMonth(coach_dni, coach[1], dict(row.counts) if row else {}, records, totals, month)
            digest = checksum({"filtro": [year, month, ugel_code, coach_dni], "conteos": data.counts,
                               "registros": [[str(r.record_id), r.status, r.validation_state, r.skip_reason]
                                             for r in records],
                               "indicadores": [[v.code, v.numerator, v.denominator, v.value] for v in totals]})
            return f, data, digest
        digest = checksum({"control": control_payload(grid),
                           "indicadores": [[v.code, v.numerator, v.denominator, v.value] for v in totals]})
        with self._read() as u:
            names = self._names(u, f)
        return f, UgelMonth(grid, totals, names), digest

    def monthly(self, year: int, month: int, ugel_code: str, coach_dni: str | None = None,
                path: str | Path | None = None) -> ExportResult:
        """The monthly PDF of one coach (with `coach_dni`) or the consolidated one of the UGEL."""
        from ..reports.formatting import verification_stamp
        from ..reports.pdf.monthly import write_coach_month_pdf, write_ugel_month_pdf

        f, data, digest = self._monthly_data(year, month, ugel_code, coach_dni)
        target = self._target(path, "mensual", f, "pdf")
        stamp = verification_stamp("mensual", f, digest)
        if coach_dni:
            with self._read() as u:
                signatures = self._signatures(u, f, prepared=(data.coach_name, "Acompañante pedagógico"))
                meta = self._meta(u, f, "Reporte mensual del acompañante pedagógico", checksum=digest,
                                  signatures=signatures, stamp=stamp)
            write_coach_month_pdf(data, meta, target)
            return ExportResult("pdf", target, len(data.records), digest, unit="actividades del mes")
        with self._read() as u:
            meta = self._meta(u, f, "Reporte mensual consolidado de la UGEL", checksum=digest, stamp=stamp)
        write_ugel_month_pdf(data, meta, target)
        return ExportResult("pdf", target, len(data.grid.rows), digest, unit="acompañantes")

    # --- single records (A4 portrait) -----------------------------------------------------------------
    def record_pdf(self, activity_id, path: str | Path | None = None) -> ExportResult:
        """The record of one activity (a visit with its rubric, a GIA with its attendance…) as a PDF."""
        from ..reports.pdf.records import write_record_pdf
        from .record_detail import RecordDetailService

        detail = RecordDetailService(self._ctx).of_activity(activity_id)
        f = ReportFilter(detail.year, detail.month, ugel_code=detail.ugel_code, coach_dni=detail.coach_dni)
        target = Path(path) if path else Path.cwd() / f"registro_{detail.year}-{detail.month:02d}_{detail.coach_dni}.pdf"
        with self._read() as u:
            meta = self._meta(u, f, "Registro de la actividad", signatures=(
                ("Elaborado por", *self._prepared_by(u)), ("Revisado por", "", "Gestor(a) Local")))
        meta = _with_subtitle(meta, detail.title)
        write_record_pdf(detail, meta, target)
        return ExportResult("pdf", target, 1, unit="registro")

    def ficha_pdf(self, teacher_id, year: int, path: str | Path | None = None) -> ExportResult:
        """The ficha del docente of a year as a PDF."""
        from ..reports.pdf.records import write_ficha_pdf
        from .ficha import FichaService

        ficha = FichaService(self._ctx).teacher(teacher_id, year)
        t = ficha.teacher
        f = ReportFilter(year, ugel_code=t.ugel_code)
        target = Path(path) if path else Path.cwd() / f"ficha_docente_{t.dni}_{year}.pdf"
        with self._read() as u:
            meta = self._meta(u, f, "Ficha del docente", signatures=(
                ("Elaborado por", *self._prepared_by(u)), ("Revisado por", "", "Gestor(a) Local")))
        meta = _with_subtitle(meta, f"{t.name} (DNI {t.dni}) — {year}")
        write_ficha_pdf(ficha, meta, target)
        return ExportResult("pdf", target, len(ficha.activities), unit="actividades")

    # --- verification of a printed report ------------------------------------------------------------
    def verify(self, path: str | Path) -> "Verification":
        """Recomputes, from the database and with the signed-in user's scope, the figures of a PDF or
        workbook written by SIGMA and compares their checksum with the one the file carries."""
        from ..reports.formatting import read_stamp, verification_code

        target = Path(path)
        if target.suffix.lower() not in (".pdf", ".xlsx"):
            raise ValidationError(f"Archivo: {target.name} no es un PDF ni un libro Excel de SIGMA.", "archivo")
        try:
            raw = _stamp_bytes(target)
        except OSError as exc:
            raise ValidationError(f"Archivo: no se pudo leer {target.name} ({exc.strerror or exc}).",
                                  "archivo") from None
        stamp = read_stamp(raw)
        if stamp is None:
            raise ValidationError(f"Archivo: {target.name} no lleva el código de verificación de SIGMA (¿lo "
                                  "generó otra versión o se editó?).", "archivo")
        fl = stamp.get("filtro") or {}
        f = ReportFilter(int(fl["anio"]), fl.get("mes"), ugel_code=fl.get("ugel"), dre_code=fl.get("dre"),
                         intervention=fl.get("intervencion"), coach_dni=fl.get("acompanante"))
        kind = stamp.get("reporte")
        if kind == "indicadores":
            from ..reports.formatting import checksum, indicator_payload
            from .indicators import IndicatorService

            digest = checksum(indicator_payload(IndicatorService(self._ctx).compute(f)))
        elif kind == "control":
            from ..reports.formatting import checksum, control_payload
            from .control import ControlService

            digest = checksum(control_payload(ControlService(self._ctx).grid(f)))
        elif kind == "mensual":
            digest = self._monthly_data(f.year, f.month, f.ugel_code, f.coach_dni)[2]
        else:
            raise ValidationError(f"Archivo: tipo de reporte desconocido («{kind}»).", "archivo")
        printed = stamp.get("sha256") or ""
        return Verification(target, kind, f, verification_code(printed), verification_code(digest),
                            printed == digest)

    # --- raw activity records ----------------------------------------------------------------------
    def iter_raw(self, f: ReportFilter, chunk_size: int = 5000) -> Iterator[list[tuple]]:
        """Every activity record in the filter (labels, soles), `chunk_size` rows at a time.

        One read transaction stays open while the caller consumes the chunks.
        """
        from ..storage import export_queries as eq
        from .report_scope import resolve

        with self._read() as u:
            scope, _dims = resolve(u, self._actor(), f)
            for chunk in eq.raw_activity_rows(u, scope, chunk_size):
                yield [raw_row(r) for r in chunk]

    def raw(self, f: ReportFilter, path: str | Path | None = None,
            progress: Callable[[int], None] | None = None) -> ExportResult:
        """Writes the raw activity export (xlsx) in constant memory; `progress(rows)` as it goes."""
        from ..reports.xlsx.raw import write_raw_workbook
        from ..storage import export_queries as eq
        from .report_scope import resolve

        target = self._target(path, "actividades", f, "xlsx")
        with self._read() as u:
            scope, _dims = resolve(u, self._actor(), f)
            meta = self._meta(u, f, "Registros de actividades (datos para análisis)")
            rows = (raw_row(r) for chunk in eq.raw_activity_rows(u, scope) for r in chunk)
            count = write_raw_workbook(rows, meta, target, progress)
        return ExportResult("xlsx", target, count, unit="actividades")


REPORT_NAMES = {"indicadores": "Reporte de indicadores", "control": "Módulo de Control",
                "mensual": "Reporte mensual"}


@dataclass(frozen=True)
class Verification:
    path: Path
    report: str  # indicadores, control, mensual
    filter: ReportFilter
    printed_code: str  # the code the file carries
    current_code: str  # the code of the figures in the database now
    matches: bool

    def message(self) -> str:
        what = f"{REPORT_NAMES.get(self.report, self.report)} ({self.filter.describe()})"
        if self.matches:
            return (f"Conforme: las cifras de {self.path.name} coinciden con las de la base de datos. {what}. "
                    f"Código de verificación: {self.printed_code}.")
        return (f"No coincide: las cifras de {self.path.name} (código {self.printed_code}) no son las de la base de "
                f"datos hoy (código {self.current_code}): el reporte se generó antes de un cambio en los datos, o "
                f"se modificó. {what}.")


def _stamp_bytes(path: Path) -> bytes:
    """The bytes where a file keeps its verification stamp: the PDF itself (reportlab writes the document
    information uncompressed), or the workbook's core properties."""
    if path.suffix.lower() == ".xlsx":
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                return z.read("docProps/core.xml")
        except (zipfile.BadZipFile, KeyError):
            return b""
    return path.read_bytes()


@dataclass(frozen=True)
class FilterOptions:
    """What the report panels offer in their filters, within the user's scope."""

    years: list[int]
    dres: list[tuple[str, str]]  # (code, name)
    ugels: list[tuple[str, str, str]]  # (code, name, DRE code)
    interventions: list[tuple[str, str]]  # (key, name)
    coaches: list[tuple[str, str, str, str]]  # (DNI, name, UGEL code, intervention key)
    coach_only: bool = False  # an AP: the filters are fixed to their own activities


def filter_options(ctx: Context) -> FilterOptions:
    from ..storage import export_queries as eq
    from .context import scope_ugels

    actor = ctx.current()
    with ctx.unit(write=False, action=Action.READ) as u:
        coach_id = actor.coach_id if actor.role is Role.COACH else None
        data = eq.filter_options(u, scope_ugels(actor, u), coach_id)
    return FilterOptions(data["years"], data["dres"], data["ugels"], data["interventions"], data["coaches"],
                         coach_only=actor.role is Role.COACH)

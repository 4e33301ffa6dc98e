"""Calidad de la información: runs the checks of domain/quality over the data of the actor's scope, lists
the findings with their review state, their records, and keeps what the RCI or the Coordinador de Calidad
decided about each one (a logged, synced row: storage.models.QualityFinding).

Each check reads its facts with one query of storage/quality_queries.py (FACTS below; checks that judge
the same rows share it) and judges them with its pure function (domain/quality/registry.py). A run is one
read transaction, so that every check sees the same data.
"""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable
from uuid import UUID

from ..domain.dates import MONTHS, today_lima
from ..domain.text import sort_key
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Action
from ..domain.quality.holidays import parse_holidays
from ..domain.quality.kinds import KINDS, NOTE_MAX, NOTE_REQUIRED, STATE_LABELS, Kind, State
from ..domain.quality.model import CheckContext, Finding
from ..domain.quality.params import Params, params_from
from ..domain.quality.records import RecordLine
from ..domain.quality.registry import CHECKS
from ..domain.quality.review import QualityReport, ReviewedFinding, StoredState, effective_state
from ..storage import models as m
from ..storage import quality_queries as qq
from .activity_access import actor_of
from .context import Context, check_ugel_scope, scope_ugels

HOLIDAYS_FILE = "feriados_peru.csv"


@lru_cache(maxsize=1)
def holidays() -> dict[date, str]:
    """Peru's national holidays of every year shipped (resources/data/feriados_peru.csv)."""
    from ..paths import resources

    path = resources() / "data" / HOLIDAYS_FILE
    with open(path, encoding="utf-8") as fh:
        return parse_holidays(fh, HOLIDAYS_FILE)


# The query behind each check: (unit, year, scope, context) → facts. Checks that judge the same rows name
# the same query (its name is the cache key of a run).
FactQuery = Callable[..., list]
FACTS: dict[Kind, tuple[str, FactQuery]] = {
    Kind.LATE: ("late", lambda u, y, s, c: qq.late_registrations(u, y, s, c.params.late_days)),
    Kind.REOPENED_MONTH: ("reopened", lambda u, y, s, c: qq.reopened_month_registrations(u, y, s)),
    Kind.DAY_OFF: ("days_off", lambda u, y, s, c: qq.executions_on_days_off(u, y, s, c.holidays)),
    Kind.FLAT_RUBRIC: ("rubric", lambda u, y, s, c: qq.rated_visits(u, y, s, c.params.flat_min_visits,
                                                                    c.params.same_min_teachers)),
    Kind.SAME_RUBRIC: ("rubric", lambda u, y, s, c: qq.rated_visits(u, y, s, c.params.flat_min_visits,
                                                                    c.params.same_min_teachers)),
    Kind.ALLOWANCE_OVER: ("routes", lambda u, y, s, c: qq.suspicious_routes(u, y, s)),
    Kind.ROUTE_NO_SCHOOLS: ("routes", lambda u, y, s, c: qq.suspicious_routes(u, y, s)),
    Kind.LEVEL_MISMATCH: ("assignments", lambda u, y, s, c: qq.assignments(u, y, s)),
    Kind.NO_PLANNED_VISIT: ("assignments", lambda u, y, s, c: qq.assignments(u, y, s)),
    Kind.OVER_RATIO: ("assignments", lambda u, y, s, c: qq.assignments(u, y, s)),
    Kind.DUPLICATE_PERSON: ("people", lambda u, y, s, c: qq.people(u, s)),
    Kind.DNI_BOTH_ROLES: ("shared_dnis", lambda u, y, s, c: qq.shared_dnis(u, s)),
    Kind.PENDING_VALIDATION: ("pending", lambda u, y, s, c: qq.pending_validations(
        u, y, s, c.today - timedelta(days=c.params.validation_days))),
    Kind.OPEN_OBSERVATION: ("observations", lambda u, y, s, c: qq.open_observations(
        u, y, s, datetime.now(timezone.utc) - timedelta(days=c.params.observation_days - 1))),
    Kind.OTHER_REASON: ("non_executions", lambda u, y, s, c: qq.non_executions(u, y, s)),
}


class QualityService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    # --- scope ----------------------------------------------------------------------------------------
    def _scope(self, u, ugel_code: str | None) -> list[UUID] | None:
        actor = actor_of(self._ctx)
        scope = scope_ugels(actor, u)
        if not ugel_code:
            return scope
        found = qq.ugel_codes(u, [ugel_code.strip()])
        if not found:
            raise ValidationError(f"Código de UGEL: {ugel_code} no existe.", "ugel")
        ugel_id = found[ugel_code.strip()]
        check_ugel_scope(actor, u, ugel_id)
        return [ugel_id]

    def _read(self):
        return self._ctx.unit(write=False, action=Action.REVIEW_QUALITY)

    def years(self) -> list[int]:
        """Years with planned activities in the actor's scope, newest first (this year if none)."""
        with self._read() as u:
            found = qq.years(u, scope_ugels(actor_of(self._ctx), u))
        return found or [today_lima().year]

    def ugels(self) -> list[tuple[str, str]]:
        """(code, name) of the UGELs the actor reviews."""
        with self._read() as u:
            return [(code, name) for _id, code, name in qq.ugels_named(u, scope_ugels(actor_of(self._ctx), u))]

    # --- parameters -----------------------------------------------------------------------------------
    def params(self) -> Params:
        with self._read() as u:
            stored = qq.load_params(u)
        try:
            return params_from({k: v for k, v in stored.items()})
        except ValidationError:  # a value edited by hand in the file: the defaults, rather than no module
            return Params()

    def set_params(self, values: dict[str, object]) -> Params:
        """Changes thresholds of this database (each checked: a bad value changes nothing)."""
        params = params_from(values, self.params())
        with self._ctx.unit(write=True, action=Action.REVIEW_QUALITY) as u:
            qq.save_params(u, params.as_dict())
        return params

    # --- running the checks ---------------------------------------------------------------------------
    def run(self, year: int, ugel_code: str | None = None, kinds: Iterable[Kind] | None = None,
            params: Params | None = None) -> QualityReport:
        """Every check (or `kinds`) over the year's data of the scope (or of one UGEL in it)."""
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValidationError(f"Año: {year} no es un año válido.", "anio")
        params = params or self.params()
        wanted = list(CHECKS) if kinds is None else [Kind(k) for k in kinds]
        with self._read() as u:
            scope = self._scope(u, ugel_code)
            ctx = CheckContext(year, today_lima(), params, qq.protocols(u, year), qq.closed_months(u, year, scope),
                               holidays())
            facts: dict[str, list] = {}
            findings: list[Finding] = []
            seconds: dict[Kind, float] = {}
            for kind in wanted:
                started = time.perf_counter()
                name, query = FACTS[kind]
                if name not in facts:
                    facts[name] = query(u, year, scope, ctx)
                findings += CHECKS[kind](facts[name], ctx)
                seconds[kind] = time.perf_counter() - started
            rows = self._reviewed(u, year, scope, findings)
            label = self._scope_label(u, scope)
        order = {k: i for i, k in enumerate(CHECKS)}
        rows.sort(key=lambda r: (order[r.kind], r.ugel_label, r.finding.month or 0, sort_key(r.subject_label)))
        return QualityReport(year, label, tuple(rows), params, datetime.now(timezone.utc), seconds)

    def _reviewed(self, u, year: int, scope, findings: list[Finding]) -> list[ReviewedFinding]:
        stored = qq.states(u, year, scope)
        names = qq.names(u, {f.coach_id for f in findings if f.coach_id},
                         {f.teacher_id for f in findings if f.teacher_id}, {f.ugel_id for f in findings})
        authors = qq.state_authors(u, [f.state_id for f in findings if f.state_id in stored])
        out = []
        for f in findings:
            row = stored.get(f.state_id)
            state = None
            if row is not None:
                who = authors.get(row.id, (None, None))
                state = StoredState(State(row.state), row.note, row.records_count, *who)
            shown, superseded = effective_state(state, f.count)
            out.append(ReviewedFinding(f, shown, state, superseded, names.get(f.ugel_id, ""),
                                       subject_label(f, names)))
        return out

    def _scope_label(self, u, scope) -> str:
        if scope is None:
            return "Todo el país"
        named = qq.ugels_named(u, scope)
        if len(named) == 1:
            return named[0][2]
        return f"{len(named)} UGEL"

    # --- records and history --------------------------------------------------------------------------
    def records(self, finding: Finding | ReviewedFinding) -> list[RecordLine]:
        """The records behind a finding (its drill-down), as they are now."""
        f = finding.finding if isinstance(finding, ReviewedFinding) else finding
        with self._read() as u:
            check_ugel_scope(actor_of(self._ctx), u, f.ugel_id)
            return qq.record_lines(u, [(r.entity, r.id) for r in f.records])

    def records_of(self, findings: Iterable[ReviewedFinding]) -> dict[UUID, list[RecordLine]]:
        """The records of many findings in one transaction (the export)."""
        findings = list(findings)
        with self._read() as u:
            actor = actor_of(self._ctx)
            for ugel in {r.finding.ugel_id for r in findings}:
                check_ugel_scope(actor, u, ugel)
            refs = list(dict.fromkeys((ref.entity, ref.id) for r in findings for ref in r.finding.records))
            lines = {(line.entity, line.record_id): line for line in qq.record_lines(u, refs)}
        return {r.id: [lines[(ref.entity, ref.id)] for ref in r.finding.records if (ref.entity, ref.id) in lines]
                for r in findings}

    # --- the review state -----------------------------------------------------------------------------
    def mark(self, finding: ReviewedFinding | Finding, state: State | str, note: str | None = None) -> StoredState:
        """Sets a finding's state (nueva, revisada, corregida, justificada: the last with a note saying why).
        Logged and synced like any record; the author is the signed-in person."""
        f = finding.finding if isinstance(finding, ReviewedFinding) else finding
        try:
            state = State(state)
        except ValueError:
            valid = ", ".join(s.value for s in State)
            raise ValidationError(f"Estado: «{state}» no es válido (use: {valid}).", "estado") from None
        note = " ".join((note or "").split()) or None
        if state in NOTE_REQUIRED and (note is None or len(note) < 5):
            raise ValidationError(f"Nota: para marcar el hallazgo como «{STATE_LABELS[state].lower()}» explique "
                                  "por qué no es un error (al menos 5 caracteres).", "nota")
        if note is not None and len(note) > NOTE_MAX:
            raise ValidationError(f"Nota: admite hasta {NOTE_MAX} caracteres (tiene {len(note)}).", "nota")
        with self._ctx.unit(write=True, action=Action.REVIEW_QUALITY) as u:
            check_ugel_scope(actor_of(self._ctx), u, f.ugel_id)
            row = u.get(m.QualityFinding, f.state_id)
            if row is None:
                row = u.add(m.QualityFinding(id=f.state_id, ugel_id=f.ugel_id, year=f.year, kind=f.kind.value,
                                             finding_key=f.key, state=state.value, note=note,
                                             records_count=f.count))
            else:
                row.state, row.note, row.records_count = state.value, note, f.count
                if row.deleted_at is not None:
                    row.deleted_at = row.deleted_by = row.deleted_reason = None
            return StoredState(state, note, f.count, self._ctx.current().dni, u.now())

    def find(self, year: int, finding_id: str, ugel_code: str | None = None) -> ReviewedFinding:
        """A finding of the year by its id (or the id's first characters, when only one matches)."""
        report = self.run(year, ugel_code)
        found = report.find(finding_id.strip())
        if found is None:
            raise NotFound(f"No hay un hallazgo «{finding_id}» en {year} en su ámbito (o el código coincide con "
                           "varios: escriba más caracteres).")
        return found

    # --- export ---------------------------------------------------------------------------------------
    def export(self, report: QualityReport, path: str | Path, findings: Iterable[ReviewedFinding] | None = None
               ) -> Path:
        """An xlsx with the findings (sheet «Hallazgos») and their records (sheet «Registros»)."""
        from ..reports.formatting import ReportMeta
        from ..reports.xlsx.quality import write_quality_workbook

        rows = list(report.findings if findings is None else findings)
        lines = self.records_of(rows)
        actor = self._ctx.actor
        meta = ReportMeta(f"Calidad de la información {report.year}", ("Ministerio de Educación", report.scope_label),
                          (("Año", str(report.year)), ("Ámbito", report.scope_label)), report.ran_at,
                          prepared_by=f"{actor.name} (DNI {actor.dni})" if actor else "")
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise ValidationError(f"Archivo: «{target.name}» debe terminar en .xlsx.", "archivo")
        write_quality_workbook(rows, lines, report.params, meta, target)
        return target


def subject_label(f: Finding, names: dict) -> str:
    """Whom a finding concerns, as a person reads it («Quispe Ñahui, Rosa — junio»)."""
    if f.kind is Kind.DNI_BOTH_ROLES:
        who = f"DNI {f.subject.split(':', 1)[1]}"
        if f.coach_id in names:
            who += f": {names[f.coach_id]}"
        return who
    if f.teacher_id is not None and f.teacher_id in names:
        who = names[f.teacher_id]
    elif f.coach_id is not None and f.coach_id in names:
        who = names[f.coach_id]
    else:
        who = names.get(f.ugel_id, "")
    if f.month:
        who += f" — {MONTHS[f.month - 1]}"
    return who


__all__ = ["KINDS", "QualityService", "holidays", "subject_label"]

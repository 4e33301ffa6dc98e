"""Spreadsheet import of master data and field activities: all or nothing, idempotent, explained.

One call reads the file (`importing`), checks every row against the database and the user's rights,
and — only when no row has an error and it is not a dry run — writes everything in one transaction.
Rows are matched by their natural keys (DNI; código modular + anexo; teacher + coach + year; for
activities coach + type + month + teacher, school or topic + planned date), so loading the same file
twice changes nothing the second time.

Speed: the permission check is made once per file and the scope check once per UGEL; what the rows
refer to is loaded in a few set-wise queries; new rows go through `storage.bulk.insert_sync_rows` and
changed rows through `storage.bulk_update.update_sync_rows`, both of which write the change log (one
entry per row, with old and new values), so nothing escapes the audit trail or sync.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable
from uuid import UUID

from ..domain import activity_rules as rules
from ..domain import master_rules
from ..domain.assignment_rules import level_warning
from ..domain.dates import month_name, today_lima
from ..domain.enums import Role, ValidationState, VisitType
from ..domain.errors import StaleRecord, ValidationError
from ..domain.permissions import SYSTEM, Action, Actor, allowed, in_scope, require
from ..domain.text import fold
from ..importing import parse as p
from ..importing.problems import Problem, without_label
from ..importing.specs import KIND_TITLES, KINDS, spec
from ..storage import bulk
from ..storage import import_queries as q
from ..storage import models as m
from ..storage.bulk_update import RowUpdate, update_sync_rows
from ..storage.unit import is_integrity_error
from .context import Context

ACTIONS = {"ies": Action.MANAGE_MASTER_DATA, "docentes": Action.MANAGE_MASTER_DATA,
           "acompanantes": Action.MANAGE_MASTER_DATA, "asignaciones": Action.ASSIGN,
           "actividades": Action.IMPORT_ACTIVITIES}

Progress = Callable[[str, float], None]


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: int = 0                 # data rows in the file
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    offices: int = 0              # UGELs (and DREs) the file registers (IIEE import)
    skipped: int = 0              # rows left out on purpose (warned)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False         # True when the changes were saved
    seconds: float = 0.0
    table: object = field(default=None, repr=False, compare=False)  # importing.table.Table

    @property
    def errors(self) -> list[Problem]:
        return [x for x in self.problems if not x.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [x for x in self.problems if x.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        title = KIND_TITLES[self.kind].lower()
        head = f"{self.file_name}: {self.rows} filas de {title}"
        counts = f"por crear {self.created}, por actualizar {self.updated}, sin cambios {self.unchanged}"
        if self.applied:
            counts = f"creados {self.created}, actualizados {self.updated}, sin cambios {self.unchanged}"
        if self.offices:
            counts += f", {'registradas' if self.applied else 'por registrar'} {self.offices} UGEL/DRE nuevas"
        if self.skipped:
            counts += f", filas omitidas {self.skipped}"
        if self.errors:
            rows = len({x.row for x in self.errors}) or 1
            return (f"{head}. {_plural(len(self.errors), 'error', 'errores')} en "
                    f"{_plural(rows, 'fila', 'filas')}: no se guardó nada. Corrija el archivo y vuelva a cargarlo.")
        if self.dry_run:
            return f"{head}: {counts}. Prueba sin guardar: no se guardó nada."
        return f"{head}: {counts}."


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class _Rows:
    """Problems of the rows being checked, and the row outcome counters."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.bad: set[int] = set()

    def error(self, row: int, column: str | None, message: str) -> None:
        self.result.problems.append(Problem(row, column, message))
        self.bad.add(row)

    def from_exc(self, row: int, exc: ValidationError, default_column: str | None) -> None:
        column = exc.field or default_column
        if column and column.startswith("desempeno_"):
            column = "nivel_d" + column.removeprefix("desempeno_")
        if column in ("docente", "actividad", "tipo", "asistencia", "iiee"):
            column = default_column
        self.error(row, column, without_label(exc.message) if exc.field else exc.message)


class ImportService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _actor(self) -> Actor:
        return self._ctx.actor or SYSTEM

    # --- what the user may do ---------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """The kinds of import the signed-in user may run (all of them from the command line)."""
        actor = self._actor()
        return [k for k in KINDS if actor.is_system or allowed(actor.role, ACTIONS[k])]

    def _require(self, kind: str) -> Actor:
        spec(kind)
        if self._ctx.actor is None:
            return SYSTEM  # the command line, acting as the system (see Context.unit)
        actor = self._ctx.current()
        require(actor, ACTIONS[kind])
        return actor

    # --- templates ----------------------------------------------------------------------------------
    def write_template(self, kind: str, path: str | Path) -> Path:
        """Writes the template of `kind` with the valid codes of this database (UGELs of the user's scope)."""
        from ..importing.templates import Reference, write_template

        self._require(kind)
        actor = self._actor()
        with self._ctx.unit(write=False, action=Action.READ, allow_system=True) as u:
            ugels = [(code, name) for code, name, uid, dre in q.ugel_list(u) if in_scope(actor, uid, dre)]
            reference = Reference(
                interventions=[(i["key"], i["name"]) for i in q.interventions(u)],
                skip_reasons=[(r["code"], r["name"]) for r in q.skip_reasons(u) if r["active"]],
                ugels=ugels)
        return write_template(spec(kind), Path(path), reference)

    # --- import ---------------------------------------------------------------------------------------
    def run(self, kind: str, path: str | Path, *, dry_run: bool = False, progress: Progress | None = None
            ) -> ImportResult:
        """Checks the file and, if it has no errors and this is not a dry run, saves it (one transaction).

        A file that cannot be read as a table raises FileRejected; problems of rows come back in the
        result (and then nothing is saved)."""
        from ..importing.readers import open_workbook
        from ..importing.table import locate

        started = time.perf_counter()
        report = progress or (lambda _stage, _fraction: None)
        actor = self._require(kind)
        path = Path(path)
        report("Leyendo el archivo", 0.0)
        table = locate(open_workbook(path), spec(kind))
        report("Revisando las filas", 0.25)
        parsed = p.PARSERS[kind](table)
        result = ImportResult(kind, path.name, rows=len(table.data), skipped=parsed.skipped,
                              problems=list(parsed.problems), dry_run=dry_run, table=table)
        write = not dry_run and not result.errors
        planner = _PLANNERS[kind]
        with self._ctx.unit(write=write, action=ACTIONS[kind], allow_system=True) as u:
            plan = planner(u, actor, parsed.records, _Rows(result))
            report("Comparando con la base de datos", 0.5)
            if result.errors:
                result.created = result.updated = result.unchanged = 0
            else:
                result.created, result.updated, result.unchanged = plan.counts()
                result.offices = plan.offices
                if write:
                    report("Guardando", 0.6)
                    try:
                        with bulk.fast_load(u):
                            plan.apply(u)
                    except Exception as exc:
                        if not is_integrity_error(exc):
                            raise
                        raise StaleRecord("Otro usuario guardó algunos de estos registros mientras se importaba el "
                                          "archivo; no se guardó nada. Vuelva a intentarlo.") from exc
                    report("Confirmando", 0.95)
                    result.applied = True
        result.problems.sort(key=lambda x: (x.warning, x.row or 0))
        result.seconds = time.perf_counter() - started
        report("Listo", 1.0)
        return result

    def write_error_copy(self, result: ImportResult, path: str | Path | None = None) -> Path:
        """A copy of the file with an «errores» column and the bad cells marked (xlsx)."""
        from ..importing.error_copy import default_path, write_error_copy

        if result.table is None:
            raise ValidationError("No hay una tabla leída de la que hacer una copia con errores.")
        target = Path(path) if path else default_path(result.table.source)
        return write_error_copy(result.table, result.problems, target)


# --- plans: what a file changes, computed before anything is written --------------------------------

@dataclass
class _Plan:
    inserts: list[tuple[type, list[dict]]] = field(default_factory=list)
    updates: list[tuple[type, list[RowUpdate]]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    offices: int = 0

    def counts(self) -> tuple[int, int, int]:
        return self.created, self.updated, self.unchanged

    def apply(self, u) -> None:
        for model, rows in self.inserts:
            if rows:
                missing = [r for r in rows if r.get("id") is None]
                for r, new in zip(missing, bulk.new_ids(len(missing))):  # batched UUIDv7: 0.4 µs a key
                    r["id"] = new
                bulk.insert_sync_rows(u, model, rows)
        for model, rows in self.updates:
            if rows:
                update_sync_rows(u, model, rows)


class _Ids:
    """New keys for rows that children refer to before the insert, made in batches."""

    def __init__(self):
        self._pool: list[UUID] = []

    def __call__(self) -> UUID:
        if not self._pool:
            self._pool = bulk.new_ids(4096)
            self._pool.reverse()
        return self._pool.pop()


class _Scope:
    """in_scope() once per UGEL, with a message naming the UGEL."""

    def __init__(self, actor: Actor, ugels_by_id: dict[UUID, dict]):
        self.actor = actor
        self.ugels = ugels_by_id
        self._cache: dict[int, bool] = {}

    def ok(self, ugel_id: UUID) -> bool:
        key = ugel_id.int  # UUID.__hash__ is Python code: key by the integer
        found = self._cache.get(key)
        if found is None:
            ugel = self.ugels.get(ugel_id)
            found = self._cache[key] = ugel is not None and in_scope(self.actor, ugel_id, ugel["dre_id"])
        return found

    def name(self, ugel_id: UUID) -> str:
        ugel = self.ugels.get(ugel_id)
        return f"{ugel['code']} {ugel['name']}" if ugel else "desconocida"


def _ugels(u) -> tuple[dict[str, dict], dict[UUID, dict]]:
    by_code = q.ugels(u)
    return by_code, {r["id"]: r for r in by_code.values()}


def _diff(existing: dict, new: dict) -> dict[str, tuple]:
    """Fields whose stored value differs from the file's (None in the file: not given, keep)."""
    return {k: (existing[k], v) for k, v in new.items() if v is not None and existing[k] != v}


def _upsert(plan: _Plan, model, existing: dict | None, values: dict, always: dict, updates: list,
            inserts: list) -> None:
    """New row, or the changed fields of an existing one (a removed row comes back)."""
    if existing is None:
        inserts.append({**values, **always})
        plan.created += 1
        return
    changes = _diff(existing, values)
    for k, v in always.items():
        if existing[k] != v:
            changes[k] = (existing[k], v)
    if existing["deleted_at"] is not None:
        changes.update(deleted_at=(existing["deleted_at"], None), deleted_by=(existing["deleted_by"], None),
                       deleted_reason=(existing["deleted_reason"], None))
    if changes:
        updates.append(RowUpdate(existing["id"], existing["version"], changes))
        plan.updated += 1
    else:
        plan.unchanged += 1


class _NewOffices:
    """UGELs (and DREs) an IIEE file refers to that the database lacks: registered from the shipped catalogue
    (resources/data/dre_ugel_minedu.csv) or, failing that, from the file's own columns (nombre_ugel,
    codigo_dre, nombre_dre), with a warning that the dry run shows. Only whoever may edit the catalogues (the
    administrator, or the command line as the system) registers offices, and never on a replica."""

    def __init__(self, u, actor: Actor, by_code: dict, by_id: dict, plan: _Plan, rows: _Rows):
        from .replica_guard import is_replica

        self.by_code, self.by_id, self.plan, self.rows = by_code, by_id, plan, rows
        self.dres = q.dres(u)
        self.may = actor.is_system or allowed(actor.role, Action.MANAGE_CATALOGUES)
        self.replica = is_replica(u)
        self.failed: dict[str, str] = {}
        self.new_dres: list[dict] = []
        self.new_ugels: list[dict] = []
        plan.inserts += [(m.Dre, self.new_dres), (m.Ugel, self.new_ugels)]  # before the schools

    def resolve(self, r: p.SchoolIn) -> dict | None:
        code = r.ugel_code
        if code in self.failed:
            self.rows.error(r.row, "codigo_ugel", self.failed[code])
            return None
        try:
            return self._register(r)
        except ValidationError as exc:
            self.failed[code] = exc.message
            self.rows.error(r.row, exc.field or "codigo_ugel", exc.message)
            return None

    def _register(self, r: p.SchoolIn) -> dict:
        from ..domain.offices import dre_for
        from .offices import catalogue_dre, catalogue_entry

        code = r.ugel_code
        if not self.may:
            raise ValidationError(f"la UGEL {code} no está registrada en SIGMA; pida al administrador que la registre "
                                  "(Catálogos y protocolos → DRE y UGEL).", "codigo_ugel")
        if self.replica:
            raise ValidationError(f"la UGEL {code} no está registrada en esta PC: las UGEL se registran en el servidor "
                                  "y llegan con la sincronización.", "codigo_ugel")
        entry = catalogue_entry(code)
        if entry is not None:
            name, dre_code, dre_name, source = entry.ugel_name, entry.dre_code, entry.dre_name, "del catálogo de Minedu"
        elif r.ugel_name:
            name, dre_code, dre_name, source = r.ugel_name, r.dre_code, r.dre_name, "con el nombre de la columna nombre_ugel"
        else:
            raise ValidationError(f"la UGEL {code} no está registrada en SIGMA ni en el catálogo de Minedu: agregue la "
                                  "columna nombre_ugel (D_DREUGEL del Padrón) para registrarla, o regístrela en "
                                  "Catálogos y protocolos → DRE y UGEL.", "codigo_ugel")
        dre_code = dre_code or dre_for(code, self.dres)
        if dre_code is None:
            raise ValidationError(f"no se sabe de qué DRE es la UGEL {code}: agregue la columna codigo_dre.", "codigo_dre")
        dre = self.dres.get(dre_code)
        if dre is None:
            known = catalogue_dre(dre_code)
            dre_name = dre_name or (known.dre_name if known else None)
            if not dre_name:
                raise ValidationError(f"la DRE {dre_code} no está registrada: agregue la columna nombre_dre para "
                                      "registrarla.", "nombre_dre")
            dre = dict(id=bulk.new_ids(1)[0], code=dre_code, name=dre_name, department_code=dre_code[:2])
            self.dres[dre_code] = dre
            self.new_dres.append(dict(dre))
            self.plan.offices += 1
            self._warn(r.row, "codigo_dre", f"se registrará la DRE {dre_code} {dre_name}.")
        ugel = dict(id=bulk.new_ids(1)[0], code=code, name=name, dre_id=dre["id"])
        self.new_ugels.append(dict(ugel))
        self.by_code[code] = self.by_id[ugel["id"]] = ugel
        self.plan.offices += 1
        self._warn(r.row, "codigo_ugel", f"la UGEL {code} no está registrada: se registrará como «{name}» ({source}), "
                   f"en la {dre['name']}.")
        return ugel

    def _warn(self, row: int, column: str, message: str) -> None:
        self.rows.result.problems.append(Problem(row, column, message, warning=True))


def _plan_schools(u, actor: Actor, records: list[p.SchoolIn], rows: _Rows) -> _Plan:
    plan = _Plan()
    by_code, by_id = _ugels(u)
    scope = _Scope(actor, by_id)
    offices = _NewOffices(u, actor, by_code, by_id, plan, rows)
    ubigeos = q.ubigeo_codes(u)
    existing = q.schools_by_key(u, ((r.modular_code, r.annex) for r in records))
    inserts, updates = [], []
    for r in records:
        ugel = by_code.get(r.ugel_code) or offices.resolve(r)
        if ugel is None:
            continue
        if not scope.ok(ugel["id"]):
            rows.error(r.row, "codigo_ugel", f"la UGEL {r.ugel_code} está fuera de su ámbito.")
            continue
        if r.ubigeo not in ubigeos:
            rows.error(r.row, "ubigeo", f"{r.ubigeo} no es un distrito del INEI.")
            continue
        old = existing.get((r.modular_code, r.annex))
        if old is not None and not scope.ok(old["ugel_id"]):
            rows.error(r.row, "codigo_modular", f"la IE {r.modular_code}-{r.annex} pertenece a la UGEL "
                       f"{scope.name(old['ugel_id'])}, fuera de su ámbito.")
            continue
        values = dict(name=r.name, level=r.level, characteristic=r.characteristic, area=r.area,
                      ubigeo=r.ubigeo, ugel_id=ugel["id"], local_code=r.local_code, active=r.active)
        if old is None:
            values.update(modular_code=r.modular_code, annex=r.annex,
                          active=True if r.active is None else r.active)
        _upsert(plan, m.School, old, values, {}, updates, inserts)
    plan.inserts.append((m.School, inserts))
    plan.updates.append((m.School, updates))
    return plan


def _plan_teachers(u, actor: Actor, records: list[p.TeacherIn], rows: _Rows) -> _Plan:
    plan = _Plan()
    _by_code, by_id = _ugels(u)
    scope = _Scope(actor, by_id)
    schools = q.schools_by_key(u, ((r.modular_code, r.annex) for r in records))
    existing = q.by_dni(u, m.Teacher, (r.dni for r in records))
    inserts, updates = [], []
    for r in records:
        school = schools.get((r.modular_code, r.annex))
        if school is None or school["deleted_at"] is not None:
            rows.error(r.row, "codigo_modular", f"la IE {r.modular_code}-{r.annex} no está registrada; "
                       "cárguela antes con la importación de IIEE.")
            continue
        if not scope.ok(school["ugel_id"]):
            rows.error(r.row, "codigo_modular", f"la IE {r.modular_code}-{r.annex} es de la UGEL "
                       f"{scope.name(school['ugel_id'])}, fuera de su ámbito.")
            continue
        old = existing.get(r.dni)
        if old is not None and not scope.ok(old["ugel_id"]):
            rows.error(r.row, "dni", f"el docente {r.dni} está registrado en la UGEL "
                       f"{scope.name(old['ugel_id'])}, fuera de su ámbito.")
            continue
        values = dict(first_names=r.first_names, last_name_1=r.last_name_1, last_name_2=r.last_name_2,
                      school_id=school["id"], ugel_id=school["ugel_id"])
        if old is None:
            values["dni"] = r.dni
        _upsert(plan, m.Teacher, old, values, {}, updates, inserts)
    plan.inserts.append((m.Teacher, inserts))
    plan.updates.append((m.Teacher, updates))
    return plan


def _intervention_lookup(u) -> tuple[dict[str, dict], dict[UUID, dict]]:
    found: dict[str, dict] = {}
    by_id = {}
    for i in q.interventions(u):
        by_id[i["id"]] = i
        for spelling in (i["key"], i["name"], i["key"].replace("_", " ")):
            found[fold(spelling)] = i
    return found, by_id


def _plan_coaches(u, actor: Actor, records: list[p.CoachIn], rows: _Rows) -> _Plan:
    plan = _Plan()
    by_code, by_id = _ugels(u)
    scope = _Scope(actor, by_id)
    inters, inter_by_id = _intervention_lookup(u)
    existing = q.by_dni(u, m.Coach, (r.dni for r in records))
    current_years = q.assignment_years_of_coaches(u, (c["id"] for c in existing.values()), today_lima().year)
    inserts, updates = [], []
    for r in records:
        ugel = by_code.get(r.ugel_code)
        inter = inters.get(fold(r.intervention))
        if ugel is None:
            rows.error(r.row, "codigo_ugel", f"la UGEL {r.ugel_code} no está registrada en SIGMA.")
        elif not scope.ok(ugel["id"]):
            rows.error(r.row, "codigo_ugel", f"la UGEL {r.ugel_code} está fuera de su ámbito.")
        if inter is None:
            rows.error(r.row, "intervencion", f"«{r.intervention}» no es una intervención (use: "
                       f"{', '.join(i['key'] for i in inter_by_id.values())}).")
        if ugel is None or inter is None or not scope.ok(ugel["id"]):
            continue
        old = existing.get(r.dni)
        if old is not None:
            if not scope.ok(old["ugel_id"]):
                rows.error(r.row, "dni", f"el acompañante {r.dni} está registrado en la UGEL "
                           f"{scope.name(old['ugel_id'])}, fuera de su ámbito.")
                continue
            if old["intervention_id"] != inter["id"]:
                try:  # the same rule as the form (domain/master_rules.py)
                    master_rules.coach_intervention_change(
                        r.dni, inter_by_id[old["intervention_id"]]["name"], inter["name"],
                        current_years.get(old["id"], []))
                except ValidationError as exc:
                    rows.from_exc(r.row, exc, "intervencion")
                    continue
        values = dict(first_names=r.first_names, last_name_1=r.last_name_1, last_name_2=r.last_name_2,
                      ugel_id=ugel["id"], intervention_id=inter["id"], contract_start=r.contract_start,
                      contract_end=r.contract_end)
        if old is not None:
            try:
                master_rules.contract_dates(r.contract_start or old["contract_start"],
                                            r.contract_end or old["contract_end"])
            except ValidationError as exc:
                rows.from_exc(r.row, exc, "fin_contrato")
                continue
        else:
            values["dni"] = r.dni
        _upsert(plan, m.Coach, old, values, {}, updates, inserts)
    plan.inserts.append((m.Coach, inserts))
    plan.updates.append((m.Coach, updates))
    return plan


def _exclusive_key(inter: dict, teacher_id: UUID, year: int) -> str | None:
    """As services.assignments.exclusive_key: set only where one coach per teacher is the rule."""
    return None if inter["multi_coach"] else f"{teacher_id}:{inter['key']}:{year}"


def _plan_assignments(u, actor: Actor, records: list[p.AssignmentIn], rows: _Rows) -> _Plan:
    plan = _Plan()
    _by_code, by_id = _ugels(u)
    scope = _Scope(actor, by_id)
    _inters, inter_by_id = _intervention_lookup(u)
    teachers = q.by_dni(u, m.Teacher, (r.teacher_dni for r in records))
    coaches = q.by_dni(u, m.Coach, (r.coach_dni for r in records))
    coach_dni = {c["id"]: dni for dni, c in coaches.items()}
    levels_of_school = q.school_levels(u, {t["school_id"] for t in teachers.values()})
    protocol_levels = q.protocol_levels(u)
    existing = q.assignments_of_teachers(u, (t["id"] for t in teachers.values()), (r.year for r in records))
    rows_by_pair = {(a["teacher_id"], a["coach_id"], a["intervention_id"], a["year"]): a for a in existing}
    live_coaches: dict[tuple, set[UUID]] = {}
    for a in existing:
        if a["deleted_at"] is None:
            live_coaches.setdefault((a["teacher_id"], a["intervention_id"], a["year"]), set()).add(a["coach_id"])
    inserts, updates = [], []
    for r in records:
        teacher, coach = teachers.get(r.teacher_dni), coaches.get(r.coach_dni)
        if teacher is None or teacher["deleted_at"] is not None:
            rows.error(r.row, "dni_docente", f"el docente {r.teacher_dni} no está registrado.")
        if coach is None or coach["deleted_at"] is not None:
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} no está registrado.")
        if r.row in rows.bad:
            continue
        for person, label, column in ((teacher, "DNI del docente", "dni_docente"),
                                      (coach, "DNI del acompañante", "dni_acompanante")):
            if not person["active"]:
                rows.from_exc(r.row, master_rules.inactive(label, person["dni"], column), column)
        if r.row in rows.bad:
            continue
        if not scope.ok(coach["ugel_id"]):
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} es de la UGEL "
                       f"{scope.name(coach['ugel_id'])}, fuera de su ámbito.")
            continue
        if not scope.ok(teacher["ugel_id"]):
            rows.error(r.row, "dni_docente", f"el docente {r.teacher_dni} es de la UGEL "
                       f"{scope.name(teacher['ugel_id'])}, fuera de su ámbito.")
            continue
        inter = inter_by_id[coach["intervention_id"]]
        slot = (teacher["id"], inter["id"], r.year)
        live = live_coaches.setdefault(slot, set())
        if coach["id"] in live:
            plan.unchanged += 1
            continue
        if live and not inter["multi_coach"]:
            other = coach_dni.get(next(iter(live)), "otro")
            rows.error(r.row, "dni_acompanante",
                       f"el docente ya tiene asignado al acompañante {other} en {inter['name']} {r.year}; "
                       "solo en EIB un docente puede tener varios acompañantes (retire antes la asignación "
                       "anterior).")
            continue
        live.add(coach["id"])
        warning = level_warning(r.teacher_dni, levels_of_school.get(teacher["school_id"], ""), inter["name"], r.year,
                                protocol_levels.get((inter["id"], r.year), frozenset()))
        if warning:
            rows.result.problems.append(Problem(r.row, "dni_docente", warning, warning=True))
        key = _exclusive_key(inter, teacher["id"], r.year)
        old = rows_by_pair.get((teacher["id"], coach["id"], inter["id"], r.year))
        if old is not None:  # a removed assignment comes back instead of being duplicated
            changes = {"deleted_at": (old["deleted_at"], None), "deleted_by": (old["deleted_by"], None),
                       "deleted_reason": (old["deleted_reason"], None),
                       "exclusive_key": (old["exclusive_key"], key)}
            updates.append(RowUpdate(old["id"], old["version"], changes))
            plan.updated += 1
        else:
            inserts.append(dict(teacher_id=teacher["id"], coach_id=coach["id"], intervention_id=inter["id"],
                                year=r.year, exclusive_key=key))
            plan.created += 1
    plan.inserts.append((m.Assignment, inserts))
    plan.updates.append((m.Assignment, updates))
    return plan


# --- activities ------------------------------------------------------------------------------------------

_EXEC_FIELDS = ("outcome", "executed_on", "skip_reason_id", "skip_note", "hours", "days", "parents", "elders",
                "authorities", "allowance_spent_cents", "quantity_delivered", "notes",
                *(f"level_{n}" for n in m.RUBRIC_SLOTS))
_PENDING = ValidationState.PENDING.value  # enum attribute access is slow in loops over 100,000 rows
_VALIDATED = ValidationState.VALIDATED.value
_DIAGNOSTIC = VisitType.DIAGNOSTIC.value
_LEVEL_FIELD = {n: f"level_{n}" for n in m.RUBRIC_SLOTS}


class _ActivityPlanner:
    """Applies the planning and registration rules (domain.activity_rules) to the rows of a file, in
    date order, over what the database holds plus what earlier rows of the file add."""

    def __init__(self, u, actor: Actor, records: list[p.ActivityIn], rows: _Rows):
        self.u, self.actor, self.rows = u, actor, rows
        self.plan = _Plan()
        self.today = today_lima()
        _by_code, by_id = _ugels(u)
        self.scope = _Scope(actor, by_id)
        _inters, self.inters = _intervention_lookup(u)
        years = {r.year for r in records}
        self.coaches = q.by_dni(u, m.Coach, (r.coach_dni for r in records))
        dnis = set()
        for r in records:
            dnis.update(r.convened)
            dnis.update(r.attended)
            if r.teacher_dni:
                dnis.add(r.teacher_dni)
        self.teachers = q.by_dni(u, m.Teacher, dnis)
        teacher_ids = [t["id"] for t in self.teachers.values()]
        school_keys = {(r.modular_code, r.annex) for r in records if r.modular_code}
        for r in records:
            school_keys.update(r.schools)
            school_keys.update(r.visited)
        self.schools = q.schools_by_key(u, school_keys)
        self.assigned: dict[tuple, bool] = {}  # (teacher, coach, intervention, year) → no_plan
        for a in q.assignments_of_teachers(u, teacher_ids, years):
            if a["deleted_at"] is None:
                self.assigned[(a["teacher_id"].int, a["coach_id"].int, a["intervention_id"].int, a["year"])] = a["no_plan"]
        coach_ids = [c["id"] for c in self.coaches.values()]
        self.closed = {(g.int, y, mo) for g, y, mo in q.closed_months(u, {c["ugel_id"] for c in self.coaches.values()})}
        self.reasons: dict[str, dict] = {}
        for reason in q.skip_reasons(u):
            self.reasons[fold(reason["code"])] = reason
            self.reasons.setdefault(fold(reason["name"]), reason)
        self.rubrics = {y: q.rubric_items(u, y) for y in years}
        existing = q.activities_of_coaches(u, coach_ids, years)
        self.index: dict[tuple, list[dict]] = {}
        for a in existing:
            topic = a["kit"] if a["kind"] == "materiales" else a["topic"]
            self.index.setdefault(self._key(a["coach_id"], a["kind"], a["year"], a["month"], a["teacher_id"],
                                            a["school_id"], topic, a["planned_date"]), []).append(a)
        # visits of the teachers (any coach) for the diagnóstica-first and one-visit-a-day rules
        self.visits: dict[tuple, dict[UUID, int | str | None]] = {}   # (teacher, inter, year) → {activity: type}
        self.month_of: dict[UUID, int] = {}
        self.executed: dict[tuple, dict[UUID, str | None]] = {}       # (teacher, inter, year) → {activity: type}
        self.visit_days: dict[tuple, dict[UUID, date]] = {}           # (teacher, coach) → {activity: day}
        self.diagnostic_coach: dict[tuple, tuple] = {}  # (teacher, inter, year) → (coach, DNI) of the diagnóstica
        for v in q.visits_of_teachers(u, teacher_ids, years):
            slot = (v["teacher_id"].int, v["intervention_id"].int, v["year"])
            self.visits.setdefault(slot, {})[v["id"].int] = v["visit_type"]
            if v["visit_type"] == _DIAGNOSTIC:
                self.diagnostic_coach[slot] = (v["coach_id"].int, v["coach_dni"])
            self.month_of[v["id"].int] = v["month"]
            if v["outcome"] == "ejecutada":
                self.executed.setdefault(slot, {})[v["id"].int] = v["visit_type"]
                self.visit_days.setdefault((v["teacher_id"].int, v["coach_id"].int), {})[v["id"].int] = v["executed_on"]
        group_ids = [a["id"] for a in existing]
        self.executions = {k.int: e for k, e in q.live_executions(u, group_ids).items()} if group_ids else {}
        groups = [a["id"] for a in existing if a["kind"] in ("gia", "taller", "ruta")]
        self.convened: dict[UUID, set[UUID]] = {}      # GIA/taller → teachers convened; ruta → its schools
        for row in q.live_participants(u, m.ActivityParticipant, "activity_id", groups) if groups else []:
            member = row["teacher_id"] or row["school_id"]
            if member is not None:
                self.convened.setdefault(row["activity_id"], set()).add(member)
        exec_ids = [e["id"] for e in (self.executions.get(a.int) for a in groups) if e is not None]
        self.attendance: dict[UUID, list[dict]] = {}
        for row in q.live_participants(u, m.ExecutionParticipant, "execution_id", exec_ids) if exec_ids else []:
            self.attendance.setdefault(row["execution_id"], []).append(row)
        self.used: set[int] = set()  # hot keys are UUID.int: UUID.__hash__ is Python code
        self.new_activities: list[dict] = []
        self.new_participants: list[dict] = []
        self.new_executions: list[dict] = []
        self.new_attendance: list[dict] = []
        self.activity_updates: list[RowUpdate] = []
        self.execution_updates: list[RowUpdate] = []
        self.attendance_updates: list[RowUpdate] = []
        self.now = u.now()
        self.new_id = _Ids()
        self.coach_only = actor.role is Role.COACH and not actor.is_system

    @staticmethod
    def _key(coach_id, kind, year, month, teacher_id, school_id, topic, planned_date) -> tuple:
        if teacher_id is not None:  # a visit, or materials for a teacher: the teacher's school is derived
            school_id = None
        return (coach_id.int, kind, year, month, teacher_id and teacher_id.int, school_id and school_id.int,
                fold(topic) if topic else "", planned_date)

    # --- the rows -----------------------------------------------------------------------------------------
    def run(self, records: list[p.ActivityIn]) -> _Plan:
        order = sorted(records, key=lambda r: (r.year, r.month, r.executed_on or r.planned_date or date.max,
                                               r.visit_type != _DIAGNOSTIC, r.row))
        for r in order:
            try:
                self._one(r)
            except ValidationError as exc:
                self.rows.from_exc(r.row, exc, None)
        plan = self.plan
        plan.inserts += [(m.Activity, self.new_activities), (m.ActivityParticipant, self.new_participants),
                         (m.Execution, self.new_executions), (m.ExecutionParticipant, self.new_attendance)]
        plan.updates += [(m.Activity, self.activity_updates), (m.Execution, self.execution_updates),
                         (m.ExecutionParticipant, self.attendance_updates)]
        return plan

    def _teacher(self, r: p.ActivityIn, dni: str, coach: dict, column: str, *, for_plan: bool) -> dict | None:
        t = self.teachers.get(dni)
        if t is None or t["deleted_at"] is not None:
            self.rows.error(r.row, column, f"el docente {dni} no está registrado.")
            return None
        no_plan = self.assigned.get((t["id"].int, coach["id"].int, coach["intervention_id"].int, r.year))
        if no_plan is None:
            self.rows.error(r.row, column, f"el docente {dni} no está asignado a este acompañante en {r.year}.")
            return None
        if for_plan and no_plan:
            self.rows.error(r.row, column, f"el docente {dni} está marcado «no planificar».")
            return None
        return t

    def _one(self, r: p.ActivityIn) -> None:
        rows = self.rows
        coach = self.coaches.get(r.coach_dni)
        if coach is None or coach["deleted_at"] is not None:
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} no está registrado.")
            return
        if self.coach_only and self.actor.coach_id != coach["id"]:
            rows.error(r.row, "dni_acompanante", "solo puede importar sus propias actividades.")
            return
        if not self.scope.ok(coach["ugel_id"]):
            rows.error(r.row, "dni_acompanante", f"el acompañante {r.coach_dni} es de la UGEL "
                       f"{self.scope.name(coach['ugel_id'])}, fuera de su ámbito.")
            return
        inter = self.inters[coach["intervention_id"]]
        closed = (coach["ugel_id"].int, r.year, r.month) in self.closed
        teacher = school = None
        convened: list[UUID] = []
        if r.kind == "visita":
            teacher = self._teacher(r, r.teacher_dni, coach, "dni_docente", for_plan=False)
            if teacher is None:
                return
        elif r.kind in ("gia", "taller"):
            for dni in r.convened:
                t = self._teacher(r, dni, coach, "docentes_convocados", for_plan=False)
                if t is not None:
                    convened.append(t["id"])
        elif r.kind == "ruta":
            convened = self._school_ids(r, r.schools, "iiee")
            if convened is None:
                return
        elif r.kind == "materiales" and r.teacher_dni:
            teacher = self._teacher(r, r.teacher_dni, coach, "dni_docente", for_plan=False)
            if teacher is None:
                return
        else:
            if r.kind == "visita_social" and not inter["has_community_visits"]:
                rows.error(r.row, "tipo", "la visita social comunitaria solo corresponde a EIB.")
                return
            school = self.schools.get((r.modular_code, r.annex))
            if school is None or school["deleted_at"] is not None:
                rows.error(r.row, "codigo_modular", f"la IE {r.modular_code}-{r.annex} no está registrada.")
                return
        if r.row in rows.bad:
            return
        key = self._key(coach["id"], r.kind, r.year, r.month, teacher["id"] if teacher else None,
                        school["id"] if school else None, r.topic or r.kit, r.planned_date)
        activity = self._match(key, r)
        changed = False
        if activity is None:
            if closed:
                self._closed(r)
                return
            activity = self._new_activity(r, coach, inter, teacher, school, convened)
            if activity is None:
                return
            new = True
        else:
            new = False
            self.used.add(activity["id"].int)
            changed = self._planned_changes(r, activity, convened, closed)
            if changed is None:
                return
        if r.status is not None:
            outcome = self._execution(r, coach, inter, activity, teacher, new, closed)
            if outcome is None:
                return
            changed = changed or outcome
        if new:
            self.plan.created += 1
        elif changed:
            self.plan.updated += 1
        else:
            self.plan.unchanged += 1

    def _school_ids(self, r: p.ActivityIn, keys, column: str) -> list[UUID] | None:
        ids = []
        for key in keys:
            school = self.schools.get(key)
            if school is None or school["deleted_at"] is not None:
                self.rows.error(r.row, column, f"la IE {key[0]}-{key[1]} no está registrada.")
                return None
            ids.append(school["id"])
        return ids

    def _closed(self, r: p.ActivityIn) -> None:
        self.rows.error(r.row, "mes", f"el mes de {month_name(r.month)} {r.year} está cerrado por el Gestor "
                        "Local: no se puede modificar. Pida su reapertura.")

    def _match(self, key: tuple, r: p.ActivityIn) -> dict | None:
        candidates = [a for a in self.index.get(key, ()) if a["id"].int not in self.used]
        if r.visit_type:
            candidates = [a for a in candidates if a["visit_type"] == r.visit_type] or candidates
        if r.status is not None:
            candidates.sort(key=lambda a: a["id"].int in self.executions)  # free plans first
        return candidates[0] if candidates else None

    def _new_activity(self, r, coach, inter, teacher, school, convened) -> dict | None:
        values = dict(id=self.new_id(), kind=r.kind, coach_id=coach["id"], intervention_id=inter["id"],
                      ugel_id=coach["ugel_id"], year=r.year, month=r.month, planned_date=r.planned_date)
        if r.kind == "visita":
            if self.assigned[(teacher["id"].int, coach["id"].int, inter["id"].int, r.year)]:
                self.rows.error(r.row, "dni_docente", f"el docente {r.teacher_dni} está marcado «no planificar».")
                return None
            slot = (teacher["id"].int, inter["id"].int, r.year)
            earlier = self.visits.setdefault(slot, {})
            try:
                visit_type = rules.resolve_visit_type(
                    r.visit_type, [(self.month_of[a], t) for a, t in earlier.items()], r.month,
                    diagnostic_by=self._diagnostic_by(slot, coach))
            except ValidationError as exc:
                self.rows.from_exc(r.row, exc, "tipo_visita")
                return None
            if visit_type == _DIAGNOSTIC:
                self.diagnostic_coach[slot] = (coach["id"].int, coach["dni"])
            values.update(teacher_id=teacher["id"], school_id=teacher["school_id"], visit_type=visit_type)
            earlier[values["id"].int] = visit_type
            self.month_of[values["id"].int] = r.month
        elif r.kind in ("gia", "taller"):
            if len(set(convened)) < 2:
                self.rows.error(r.row, "docentes_convocados", "convoque al menos dos docentes.")
                return None
            values.update(topic=r.topic, planned_hours=r.planned_hours, planned_days=r.planned_days)
            for t in dict.fromkeys(convened):
                self.new_participants.append(dict(activity_id=values["id"], teacher_id=t))
            self.convened[values["id"]] = set(convened)
        elif r.kind == "ruta":
            values.update(allowance_assigned_cents=r.allowance_cents, planned_days=r.planned_days)
            for school_id in dict.fromkeys(convened):
                self.new_participants.append(dict(activity_id=values["id"], school_id=school_id))
            self.convened[values["id"]] = set(convened)
        elif r.kind == "materiales":
            values.update(kit=r.kit, quantity_planned=r.quantity,
                          teacher_id=teacher["id"] if teacher else None,
                          school_id=teacher["school_id"] if teacher else school["id"])
        else:
            values.update(school_id=school["id"])
        self.new_activities.append(values)
        return values

    def _diagnostic_by(self, slot: tuple, coach: dict) -> str | None:
        """The other coach who planned the teacher's diagnóstica (for the message), None if it was this one."""
        other = self.diagnostic_coach.get(slot)
        if other is None or other[0] == coach["id"].int:
            return None
        return f"DNI {other[1]}"

    def _planned_changes(self, r, activity: dict, convened: list[UUID], closed: bool) -> bool | None:
        """Changes to the plan of an existing activity (None: the row has an error)."""
        if r.kind == "visita" and r.visit_type and r.visit_type != activity["visit_type"]:
            self.rows.error(r.row, "tipo_visita", f"la visita ya está planificada como «{activity['visit_type']}»; "
                            "el tipo de una visita planificada no se cambia por importación.")
            return None
        if r.kind not in ("gia", "taller", "ruta", "materiales"):
            return False
        changes = {}
        for column, value in (("planned_hours", r.planned_hours), ("planned_days", r.planned_days),
                              ("allowance_assigned_cents", r.allowance_cents), ("quantity_planned", r.quantity)):
            if value is not None and activity[column] != value:
                changes[column] = (activity[column], value)
        have = self.convened.setdefault(activity["id"], set())
        added = [t for t in dict.fromkeys(convened) if t not in have]
        member = "school_id" if r.kind == "ruta" else "teacher_id"
        if not changes and not added:
            return False
        if closed:
            self._closed(r)
            return None
        if changes:
            self.activity_updates.append(RowUpdate(activity["id"], activity["version"], changes))
        for t in added:
            self.new_participants.append({"activity_id": activity["id"], member: t})
            have.add(t)
        return True

    def _execution(self, r, coach, inter, activity, teacher, new: bool, closed: bool) -> bool | None:
        """Registers the execution or non-execution of the row (None: error; True: something changes)."""
        rows = self.rows
        try:
            rules.check_execution_date(r.executed_on, r.year, r.month, self.today)
        except ValidationError as exc:
            rows.from_exc(r.row, exc, "fecha_ejecucion")
            return None
        values = dict.fromkeys(_EXEC_FIELDS)
        values.update(outcome=r.status, executed_on=r.executed_on)
        attended: set[UUID] = set()
        try:
            if r.status == "no_ejecutada":
                reason = self.reasons.get(fold(r.reason))
                code = reason["code"] if reason else r.reason
                rules.check_skip_reason(code, None if reason is None else
                                        (reason["name"], reason["requires_text"], reason["active"]), r.reason_note)
                values.update(skip_reason_id=reason["id"], skip_note=r.reason_note)
            elif r.kind == "visita":
                levels = rules.check_ratings(self.rubrics[r.year], r.levels, r.year)
                values.update({_LEVEL_FIELD[n]: level for n, level in levels.items()}, notes=r.notes)
            elif r.kind in ("gia", "taller"):
                for dni in r.attended:
                    t = self.teachers.get(dni)
                    if t is None or (t["id"].int, coach["id"].int, inter["id"].int, r.year) not in self.assigned:
                        rows.error(r.row, "asistentes", "hay docentes que no están asignados a este acompañante "
                                   f"({dni}).")
                        return None
                    attended.add(t["id"])
                if r.kind == "gia" and len(attended) < 2:
                    rows.error(r.row, "asistentes", "un GIA requiere al menos dos docentes asistentes del "
                               "acompañante.")
                    return None
                values.update(hours=r.hours, days=r.days)
            elif r.kind == "ruta":
                visited = self._school_ids(r, r.visited, "iiee_visitadas")
                if visited is None:
                    return None
                attended.update(visited)
                values.update(allowance_spent_cents=r.spent_cents, days=r.days)
            elif r.kind == "materiales":
                values.update(quantity_delivered=r.delivered)
            else:
                values.update(parents=r.parents, elders=r.elders, authorities=r.authorities)
        except ValidationError as exc:
            rows.from_exc(r.row, exc, "motivo_no_ejecucion" if r.status == "no_ejecutada" else None)
            return None
        existing = None if new else self.executions.get(activity["id"].int)
        participants = [] if existing is None else self.attendance.get(existing["id"], [])
        if existing is not None:
            changes = {k: (existing[k], v) for k, v in values.items() if existing[k] != v}
            old_attended = {x["teacher_id"] or x["school_id"]: x["attended"] for x in participants}
            new_attended = None
            if r.kind in ("gia", "taller") and r.status == "ejecutada":
                people = self.convened.get(activity["id"], set()) | attended
                new_attended = {t: t in attended for t in people}
            elif r.kind == "ruta" and r.status == "ejecutada":
                new_attended = {s: True for s in attended}
            if new_attended == old_attended:
                new_attended = None
            if not changes and new_attended is None:
                return False
            if existing["validation_state"] == _VALIDATED:
                rows.error(r.row, "estado", "el registro ya fue validado por el Gestor Local y no se puede "
                           "modificar.")
                return None
        if closed:
            self._closed(r)
            return None
        if r.kind == "visita" and r.status == "ejecutada":
            if not self._visit_rules(r, coach, inter, activity, teacher):
                return None
        elif r.kind == "visita":
            self._forget_execution(inter, activity, teacher, coach, r.year)
        if existing is None:
            execution_id = self.new_id()
            self.new_executions.append(dict(id=execution_id, activity_id=activity["id"],
                                            validation_state=_PENDING,
                                            **{k: v for k, v in values.items() if v is not None}))
        else:
            execution_id = existing["id"]
            if existing["validation_state"] != _PENDING:
                changes["validation_state"] = (existing["validation_state"], _PENDING)
            if changes:
                self.execution_updates.append(RowUpdate(existing["id"], existing["version"], changes))
            for x in participants:  # a correction replaces the attendance, as RegistrationService does
                self.attendance_updates.append(RowUpdate(x["id"], x["version"], {
                    "deleted_at": (None, self.now), "deleted_reason": (None, "corrección del registro")}))
        if r.kind in ("gia", "taller") and r.status == "ejecutada":
            people = self.convened.get(activity["id"], set()) | attended
            for t in sorted(people):
                self.new_attendance.append(dict(execution_id=execution_id, teacher_id=t, attended=t in attended))
        elif r.kind == "ruta" and r.status == "ejecutada":  # as RegistrationService.register_route
            for school_id in attended:
                self.new_attendance.append(dict(execution_id=execution_id, school_id=school_id, attended=True))
        return True

    def _visit_rules(self, r, coach, inter, activity, teacher) -> bool:
        slot = (teacher["id"].int, inter["id"].int, r.year)
        me = activity["id"].int
        days = self.visit_days.setdefault((teacher["id"].int, coach["id"].int), {})
        if r.executed_on in days.values() and any(d == r.executed_on and a != me for a, d in days.items()):
            self.rows.error(r.row, "fecha_ejecucion", "ya registró una visita a este docente ese día.")
            return False
        done = self.executed.setdefault(slot, {})
        if activity["visit_type"] != _DIAGNOSTIC:
            try:
                rules.check_first_executed_visit(activity["visit_type"],
                                                 [t for a, t in done.items() if a != me])
            except ValidationError as exc:
                self.rows.from_exc(r.row, exc, "tipo_visita")
                return False
        done[me] = activity["visit_type"]
        days[me] = r.executed_on
        return True

    def _forget_execution(self, inter, activity, teacher, coach, year) -> None:
        self.executed.get((teacher["id"].int, inter["id"].int, year), {}).pop(activity["id"].int, None)
        self.visit_days.get((teacher["id"].int, coach["id"].int), {}).pop(activity["id"].int, None)


def _plan_activities(u, actor: Actor, records: list[p.ActivityIn], rows: _Rows) -> _Plan:
    return _ActivityPlanner(u, actor, records, rows).run(records)


_PLANNERS = {"ies": _plan_schools, "docentes": _plan_teachers, "acompanantes": _plan_coaches,
             "asignaciones": _plan_assignments, "actividades": _plan_activities}

__all__ = ["ImportResult", "ImportService"]

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
from pathlib import Path
from typing import Callable
from uuid import UUID

from ..domain import master_rules
from ..domain.changes import ChangeSet
from ..domain.dates import today_lima
from ..domain.errors import StaleRecord, ValidationError
from ..domain.permissions import Action, Actor, allowed, in_scope, require
from ..domain.rules import assignment as assignment_rules
from ..domain.rules.facts import AssignmentFacts
from ..domain.rules.verdict import Refused, Unchanged
from ..domain.text import fold
from ..importing import parse as p
from ..importing.problems import Problem, without_label
from ..importing.specs import KIND_TITLES, KINDS, spec
from ..storage import bulk, ids
from ..storage import import_queries as q
from ..storage import models as m
from ..storage.bulk_update import RowUpdate, update_sync_rows
from ..storage.unit import is_integrity_error
from .context import Context
from .import_activities import plan_activities

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
    changes: ChangeSet = field(default_factory=ChangeSet, repr=False, compare=False)  # what was saved

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
        return self._ctx.current()

    # --- what the user may do ---------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """The kinds of import the signed-in user may run (all of them from the command line)."""
        actor = self._actor()
        return [k for k in KINDS if actor.is_system or allowed(actor.role, ACTIONS[k])]

    def _require(self, kind: str) -> Actor:
        spec(kind)
        actor = self._ctx.current()
        require(actor, ACTIONS[kind])
        return actor

    # --- templates ----------------------------------------------------------------------------------
    def write_template(self, kind: str, path: str | Path) -> Path:
        """Writes the template of `kind` with the valid codes of this database (UGELs of the user's scope)."""
        from ..importing.templates import Reference, write_template

        self._require(kind)
        actor = self._actor()
        with self._ctx.unit(write=False, action=Action.READ) as u:
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
        with self._ctx.unit(write=write, action=ACTIONS[kind]) as u:
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
        result.changes = u.changes
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
                for r, new in zip(missing, ids.new_ids(len(missing))):  # batched UUIDv7: 0.4 µs a key
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
            self._pool = ids.new_ids(4096)
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
            dre = dict(id=ids.new_ids(1)[0], code=dre_code, name=dre_name, department_code=dre_code[:2])
            self.dres[dre_code] = dre
            self.new_dres.append(dict(dre))
            self.plan.offices += 1
            self._warn(r.row, "codigo_dre", f"se registrará la DRE {dre_code} {dre_name}.")
        ugel = dict(id=ids.new_ids(1)[0], code=code, name=name, dre_id=dre["id"])
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
        old = rows_by_pair.get((teacher["id"], coach["id"], inter["id"], r.year))
        facts = AssignmentFacts(teacher["id"], coach["id"], inter["key"], inter["name"], inter["multi_coach"],
                                tuple(coach_dni.get(c, "otro") for c in live if c != coach["id"]),
                                coach["id"] in live, old["id"] if old is not None else None, r.teacher_dni,
                                r.coach_dni, teacher["active"], coach["active"],
                                levels_of_school.get(teacher["school_id"]),
                                protocol_levels.get((inter["id"], r.year), frozenset()))
        decision = assignment_rules.assign(facts, r.year)
        if decision.__class__ is Unchanged:  # a file loaded again: nothing to do
            plan.unchanged += 1
            continue
        if decision.__class__ is Refused:
            for column, message in decision.messages.items():
                rows.error(r.row, column, without_label(message))
            continue
        live.add(coach["id"])
        if decision.warning:
            rows.result.problems.append(Problem(r.row, "dni_docente", decision.warning, warning=True))
        if decision.__class__ is assignment_rules.BringBack:
            changes = {"deleted_at": (old["deleted_at"], None), "deleted_by": (old["deleted_by"], None),
                       "deleted_reason": (old["deleted_reason"], None),
                       "exclusive_key": (old["exclusive_key"], decision.exclusive_key)}
            updates.append(RowUpdate(old["id"], old["version"], changes))
            plan.updated += 1
        else:
            inserts.append(dict(teacher_id=teacher["id"], coach_id=coach["id"], intervention_id=inter["id"],
                                year=r.year, exclusive_key=decision.exclusive_key))
            plan.created += 1
    plan.inserts.append((m.Assignment, inserts))
    plan.updates.append((m.Assignment, updates))
    return plan


# --- activities: the rule book over the whole file (services/import_activities.py) -----------------------

def _plan_activities(u, actor: Actor, records: list[p.ActivityIn], rows: _Rows) -> _Plan:
    _inters, inter_by_id = _intervention_lookup(u)
    return plan_activities(u, actor, records, rows, _Plan(), _Scope(actor, _ugels(u)[1]), inter_by_id, _Ids())


_PLANNERS = {"ies": _plan_schools, "docentes": _plan_teachers, "acompanantes": _plan_coaches,
             "asignaciones": _plan_assignments, "actividades": _plan_activities}

__all__ = ["ImportResult", "ImportService"]

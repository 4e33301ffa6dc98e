"""Row-level validation: every data row becomes a record (DTO) or problems per row and column.

Only what can be judged from the file itself is checked here (formats, required values, closed
lists, duplicates inside the file, dates not in the future). Whether a school, coach or UGEL exists,
the user's scope and the rules that need the database are checked by the import service.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Callable

from ..domain import master_rules as rules
from ..domain.dates import today_lima
from ..domain.errors import ValidationError
from ..domain.money import to_cents
from ..domain.rules import limits as L
from ..domain.text import fold
from . import cells as c
from .problems import Problem, without_label
from .table import Table
from ..domain.enums import ActivityKind, ActivityStatus


@dataclass(slots=True)
class SchoolIn:
    row: int
    modular_code: str
    annex: str
    name: str
    level: str
    characteristic: str | None
    area: str
    ubigeo: str
    ugel_code: str
    local_code: str | None
    active: bool | None
    ugel_name: str | None = None   # a UGEL the database lacks is registered with these (services/imports.py)
    dre_code: str | None = None
    dre_name: str | None = None


@dataclass(slots=True)
class TeacherIn:
    row: int
    dni: str
    first_names: str
    last_name_1: str
    last_name_2: str | None
    modular_code: str
    annex: str


@dataclass(slots=True)
class CoachIn:
    row: int
    dni: str
    first_names: str
    last_name_1: str
    last_name_2: str | None
    ugel_code: str
    intervention: str
    contract_start: date | None
    contract_end: date | None


@dataclass(slots=True)
class AssignmentIn:
    row: int
    teacher_dni: str
    coach_dni: str
    year: int


@dataclass(slots=True)
class ActivityIn:
    row: int
    coach_dni: str
    kind: str
    year: int
    month: int
    teacher_dni: str | None = None
    modular_code: str | None = None
    annex: str = "0"
    visit_type: str | None = None
    planned_date: date | None = None
    topic: str | None = None
    convened: tuple[str, ...] = ()
    planned_hours: int | None = None
    planned_days: int | None = None
    status: str | None = None          # None (planned only), "ejecutada", "no_ejecutada"
    executed_on: date | None = None
    reason: str | None = None          # as written; the service resolves it against the catalogue
    reason_note: str | None = None
    levels: dict[int, int] = field(default_factory=dict)
    attended: tuple[str, ...] = ()
    hours: int | None = None
    days: int | None = None
    parents: int | None = None
    elders: int | None = None
    authorities: int | None = None
    notes: str | None = None
    schools: tuple[tuple[str, str], ...] = ()   # ruta: IIEE planned
    visited: tuple[tuple[str, str], ...] = ()   # ruta: IIEE visited
    allowance_cents: int | None = None          # ruta: viáticos asignados
    spent_cents: int | None = None              # ruta: viáticos rendidos
    kit: str | None = None                      # materiales
    quantity: int | None = None
    delivered: int | None = None


@dataclass
class Parsed:
    records: list
    problems: list[Problem]
    skipped: int = 0          # rows left out on purpose (with a warning), e.g. other modalities


class _Bad:
    __slots__ = ("message",)

    def __init__(self, message: str | None):
        self.message = message  # None: the cell is blank


_BLANK = _Bad(None)


class _Row:
    """Reads the cells of one row, collecting one problem per bad cell.

    Conversions are memoised per column and cell value: a column of 100,000 cells usually holds a few
    distinct values (types, months, levels, coach DNIs), each converted once."""

    __slots__ = ("n", "cells", "idx", "problems", "bad", "caches")

    def __init__(self, idx: dict[str, int], problems: list[Problem]):
        self.idx = idx
        self.problems = problems
        self.n = 0
        self.cells: list = []
        self.bad = False
        self.caches: dict[tuple, dict] = {}

    def reset(self, n: int, cells: list) -> None:
        self.n, self.cells, self.bad = n, cells, False

    def raw(self, col: str):
        i = self.idx.get(col)
        return None if i is None else self.cells[i]

    def error(self, col: str | None, message: str) -> None:
        self.problems.append(Problem(self.n, col, message))
        self.bad = True

    def get(self, col: str, fn: Callable, *args, required: bool = False, default=None):
        i = self.idx.get(col)
        if i is None:
            if required:
                self.error(col, "es obligatorio.")
            return default
        v = self.cells[i]
        # one column may be read with other bounds for another kind of row (args may be unhashable dicts)
        slot = (col, fn, *map(id, args)) if args else (col, fn)
        cache = self.caches.get(slot)
        if cache is None:
            cache = self.caches[slot] = {}
        key = v if v.__class__ is str else (v.__class__, v)
        try:
            r = cache[key]
        except KeyError:
            r = cache[key] = _convert(v, fn, args)
        except TypeError:  # an unhashable value (no reader gives one)
            r = _convert(v, fn, args)
        if r.__class__ is _Bad:
            if r.message is None:
                if required:
                    self.error(col, "es obligatorio.")
            else:
                self.error(col, r.message)
            return default
        return r


def _convert(v, fn: Callable, args: tuple):
    if v is None or v == "" or (v.__class__ is str and v.isspace()):
        return _BLANK
    try:
        return fn(v, *args)
    except c.CellError as exc:
        return _Bad(exc.message)


def _code(n: int, pad: bool):
    return lambda v: c.code(v, n, pad_text=pad)


_dni = _code(8, False)
_mod = _code(7, True)
_annex = _code(1, True)
_six = _code(6, True)


@lru_cache(maxsize=None)
def _txt(n: int):
    """The same converter object for the same bound: the cell memo is keyed by it."""
    return lambda v: c.text(v, max_len=n)


def _duplicate(seen: dict, key, row: _Row, col: str, what: str, hint: str = "") -> bool:
    first = seen.get(key)
    if first is not None:
        row.error(col, f"{what} ya aparece en la fila {first}.{hint}")
        return True
    seen[key] = row.n
    return False


# --- schools -------------------------------------------------------------------------------------------

LEVEL_NAMES = {"inicial": "inicial", "primaria": "primaria", "secundaria": "secundaria"}
OTHER_MODALITIES = ("basica alternativa", "basica especial", "tecnico productiva", "superior", "eba", "ebe",
                    "cetpro", "educacion superior", "escuela superior", "instituto", "arte", "ocupacional",
                    "programa no escolarizado de educacion basica alternativa")
_CHARACTERISTICS = c.spellings({
    "unidocente": "unidocente", "polidocente multigrado": "polidocente_multigrado",
    "multigrado": "polidocente_multigrado", "polidocente completo": "polidocente_completo",
    "completo": "polidocente_completo"})
_NOT_APPLICABLE = {"no aplica", "no corresponde", "-", "na", "n/a"}
_AREAS = c.spellings({"urbana": "urbana", "urbano": "urbana", "1": "urbana", "rural": "rural", "2": "rural"})
_ACTIVE = {"activa": True, "activo": True, "si": True, "1": True, "inactiva": False, "inactivo": False,
           "no": False, "2": False, "0": False}


class _Skip(Exception):
    pass


def _level(v) -> str:
    key = fold(c.shown(v))
    for prefix, level in LEVEL_NAMES.items():
        if key.startswith(prefix):
            return level
    if key.startswith(OTHER_MODALITIES):
        raise _Skip(key)
    raise c.CellError(f"«{c.shown(v)}» no es válido (use: inicial, primaria o secundaria).")


def _characteristic(v) -> str | None:
    if fold(c.shown(v)) in _NOT_APPLICABLE:
        return None
    return c.choice(v, _CHARACTERISTICS, "unidocente, polidocente_multigrado, polidocente_completo")


def _active(v) -> bool:
    found = _ACTIVE.get(fold(c.shown(v)))
    if found is None:
        raise c.CellError(f"«{c.shown(v)}» no es válido (use sí o no; en el Padrón, 1 activa o 2 inactiva).")
    return found


def parse_schools(t: Table) -> Parsed:
    problems: list[Problem] = list(t.warnings)
    out, seen, skipped = [], {}, 0
    r = _Row(t.columns, problems)
    for n, cells in t.data:
        r.reset(n, cells)
        try:
            level = r.get("nivel", _level, required=True)
        except _Skip:
            problems.append(Problem(n, "nivel", f"el nivel «{c.shown(r.raw('nivel'))}» no forma parte del "
                                    "acompañamiento pedagógico: la fila se omite.", warning=True))
            skipped += 1
            continue
        mod = r.get("codigo_modular", _mod, required=True)
        annex = r.get("anexo", _annex, default="0")
        name = r.get("nombre", _txt(rules.SCHOOL_NAME_MAX), required=True)
        characteristic = r.get("caracteristica", _characteristic)
        area = r.get("area", c.choice, _AREAS, "urbana o rural", required=True)
        ubigeo = r.get("ubigeo", _six, required=True)
        ugel = r.get("codigo_ugel", _six, required=True)
        local = r.get("codigo_local", _six)
        active = r.get("activa", _active)
        ugel_name = r.get("nombre_ugel", _txt(rules.OFFICE_NAME_MAX))
        dre_code = r.get("codigo_dre", _six)
        dre_name = r.get("nombre_dre", _txt(rules.OFFICE_NAME_MAX))
        if mod and annex and _duplicate(seen, (mod, annex), r, "codigo_modular", f"La IE {mod}-{annex}"):
            continue
        if not r.bad:
            out.append(SchoolIn(n, mod, annex, name, level, characteristic, area, ubigeo, ugel, local, active,
                                ugel_name, dre_code, dre_name))
    return Parsed(out, problems, skipped)


# --- people ----------------------------------------------------------------------------------------------

def _person(r: _Row):
    """The names, with the limits of domain/master_rules.py (the forms' limits)."""
    return (r.get("nombres", _txt(rules.FIRST_NAMES_MAX), required=True),
            r.get("apellido_paterno", _txt(rules.LAST_NAME_MAX), required=True),
            r.get("apellido_materno", _txt(rules.LAST_NAME_MAX)))


def parse_teachers(t: Table) -> Parsed:
    problems: list[Problem] = list(t.warnings)
    out, seen = [], {}
    r = _Row(t.columns, problems)
    for n, cells in t.data:
        r.reset(n, cells)
        dni = r.get("dni", _dni, required=True)
        first, last1, last2 = _person(r)
        mod = r.get("codigo_modular", _mod, required=True)
        annex = r.get("anexo", _annex, default="0")
        if dni and _duplicate(seen, dni, r, "dni", f"El DNI {dni}"):
            continue
        if not r.bad:
            out.append(TeacherIn(n, dni, first, last1, last2, mod, annex))
    return Parsed(out, problems)


def parse_coaches(t: Table) -> Parsed:
    problems: list[Problem] = list(t.warnings)
    out, seen = [], {}
    r = _Row(t.columns, problems)
    for n, cells in t.data:
        r.reset(n, cells)
        dni = r.get("dni", _dni, required=True)
        first, last1, last2 = _person(r)
        ugel = r.get("codigo_ugel", _six, required=True)
        inter = r.get("intervencion", _txt(80), required=True)
        start = r.get("inicio_contrato", c.day)
        end = r.get("fin_contrato", c.day)
        try:
            rules.contract_dates(start, end)
        except ValidationError as exc:
            r.error(exc.field, without_label(exc.message))
        if dni and _duplicate(seen, dni, r, "dni", f"El DNI {dni}"):
            continue
        if not r.bad:
            out.append(CoachIn(n, dni, first, last1, last2, ugel, inter, start, end))
    return Parsed(out, problems)


def parse_assignments(t: Table) -> Parsed:
    problems: list[Problem] = list(t.warnings)
    out, seen = [], {}
    r = _Row(t.columns, problems)
    top = today_lima().year + 1
    for n, cells in t.data:
        r.reset(n, cells)
        teacher = r.get("dni_docente", _dni, required=True)
        coach = r.get("dni_acompanante", _dni, required=True)
        year = r.get("anio", c.integer, 2000, top, required=True)
        if teacher and coach and year and _duplicate(
                seen, (teacher, coach, year), r, "dni_docente",
                f"La asignación del docente {teacher} al acompañante {coach} en {year}"):
            continue
        if not r.bad:
            out.append(AssignmentIn(n, teacher, coach, year))
    return Parsed(out, problems)


# --- activities ------------------------------------------------------------------------------------------

_KINDS = c.spellings({
    "visita": "visita", "visita en aula": "visita", "gia": "gia", "grupo de interaprendizaje": "gia",
    "grupo de inter aprendizaje": "gia", "taller": "taller", "visita social": "visita_social",
    "visita social comunitaria": "visita_social", "ruta": "ruta", "materiales": "materiales",
    "entrega de materiales": "materiales"})
_KIND_NAMES = "visita, gia, taller, visita_social, ruta, materiales"
_SCHOOL_CODE = re.compile(r"(\d{5,7})(?:-(\d))?")


def _school_list(v) -> tuple[tuple[str, str], ...]:
    """Códigos modulares separated by «;» (0512345 or 0512345-1 for an anexo); a number cell is one code."""
    if type(v) in (int, float):
        return ((c.code(v, 7, pad_text=True), "0"),)
    out = []
    for part in re.split(r"[;,\s/|]+", str(v).strip()):
        if not part:
            continue
        m = _SCHOOL_CODE.fullmatch(part)
        if not m:
            raise c.CellError(f"«{part}» no es un código modular (7 dígitos, o 0512345-1 para un anexo; "
                              "separe los códigos con «;»).")
        out.append((m.group(1).zfill(7), m.group(2) or "0"))
    return tuple(dict.fromkeys(out))


def _money(v) -> int:
    try:
        return to_cents(c.shown(v) if type(v) is not str else v, "viaticos", "Viáticos")
    except ValidationError as exc:
        raise c.CellError(without_label(exc.message)) from None


@lru_cache(maxsize=None)
def _whole(limit: L.Count):
    """A whole number; whether it is within the limit is the rule book's to say (with its message)."""
    def convert(v) -> int:
        try:
            return c.integer(v, -10**15, 10**15)
        except c.CellError:
            raise c.CellError(without_label(limit.not_whole(c.shown(v)))) from None
    return convert


def _free(v) -> str | None:
    """Free text, spaces collapsed; its length is the rule book's to judge (domain/rules/limits.py)."""
    return c.text(v, max_len=100_000)


def _rubric_level(v) -> int:
    """A rubric level I–IV or 1–4 as written; whether it is a valid level is the rule book's to say."""
    t = type(v)
    if t is int or (t is float and v.is_integer()):
        return int(v)
    key = fold(c.shown(v)).removeprefix("nivel ").strip()
    if key.isdigit():
        return int(key)
    found = c.ROMAN.get(key)
    if found is None:
        raise c.CellError(f"el nivel debe ser I, II, III o IV (o 1 a 4) (se recibió «{c.shown(v)}»).")
    return found


_VISIT_TYPES = c.spellings({"diagnostica": "diagnostica", "desarrollo": "desarrollo", "cierre": "cierre",
                            "de desarrollo": "desarrollo", "de cierre": "cierre"})
_STATUS = c.spellings({"planificada": "planificada", "programada": "planificada", "ejecutada": "ejecutada",
                       "no ejecutada": "no_ejecutada", "no realizada": "no_ejecutada"})
_LEVEL_COLUMNS = tuple((n, f"nivel_d{n}") for n in (1, 2, 3, 4, 5, 6))


def _dnis(v) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.dni_list(v)))


def parse_activities(t: Table) -> Parsed:
    """Formats only, and what only a file can get wrong (a state that contradicts the row, a row twice):
    every rule of planning and registration is the rule book's, applied by the import service."""
    problems: list[Problem] = list(t.warnings)
    out, seen = [], {}
    r = _Row(t.columns, problems)
    top = today_lima().year + 1
    has = t.columns.__contains__
    level_cols = [(n, col) for n, col in _LEVEL_COLUMNS if has(col)]
    for n, cells in t.data:
        r.reset(n, cells)
        coach = r.get("dni_acompanante", _dni, required=True)
        kind = r.get("tipo", c.choice, _KINDS, _KIND_NAMES, required=True)
        year = r.get("anio", c.integer, 2000, top, required=True)
        month = r.get("mes", c.month, required=True)
        a = ActivityIn(n, coach, kind, year, month)
        a.planned_date = r.get("fecha_programada", c.day)
        if kind == ActivityKind.VISIT:
            a.teacher_dni = r.get("dni_docente", _dni, required=True)
            a.visit_type = r.get("tipo_visita", c.choice, _VISIT_TYPES, "diagnostica, desarrollo, cierre")
        elif kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
            a.topic = r.get("tema", _free)
            a.convened = r.get("docentes_convocados", _dnis, default=())
            a.planned_hours = r.get("horas", _whole(L.PLANNED_HOURS))
            a.planned_days = r.get("dias", _whole(L.PLANNED_DAYS))
        elif kind == ActivityKind.COMMUNITY_VISIT:
            a.modular_code = r.get("codigo_modular", _mod, required=True)
            a.annex = r.get("anexo", _annex, default="0")
        elif kind == ActivityKind.ROUTE:
            a.schools = r.get("iiee", _school_list, default=())
            a.allowance_cents = r.get("viaticos_asignados", _money)
            a.planned_days = r.get("dias", _whole(L.ROUTE_DAYS))
        elif kind == ActivityKind.MATERIAL_DELIVERY:
            a.kit = r.get("kit", _free)
            a.quantity = r.get("cantidad", _whole(L.QUANTITY))
            a.teacher_dni = r.get("dni_docente", _dni)
            a.modular_code = r.get("codigo_modular", _mod)
            a.annex = r.get("anexo", _annex, default="0")
        status = r.get("estado", c.choice, _STATUS, "planificada, ejecutada, no_ejecutada")
        a.executed_on = r.get("fecha_ejecucion", c.day)
        a.reason = r.get("motivo_no_ejecucion", _free)
        a.reason_note = r.get("detalle_motivo", _free)
        if status is None:
            given = not c.is_blank(r.raw("fecha_ejecucion"))
            status = "no_ejecutada" if a.reason else ("ejecutada" if given else "planificada")
        if status == ActivityStatus.PLANNED:
            for col in ("fecha_ejecucion", "motivo_no_ejecucion"):
                if not c.is_blank(r.raw(col)):
                    r.error("estado", f"una actividad «planificada» no lleva {col}: cambie el estado o "
                            "borre ese dato.")
                    break
        elif status == ActivityStatus.NOT_EXECUTED:
            a.executed_on = a.executed_on or a.planned_date  # the day it was due
        else:  # ejecutada
            if a.reason:
                r.error("motivo_no_ejecucion", "una actividad ejecutada no lleva motivo de no ejecución.")
            if kind == ActivityKind.VISIT:
                for number, col in level_cols:
                    level = r.get(col, _rubric_level)
                    if level is not None:
                        a.levels[number] = level
                a.notes = r.get("observaciones", _free)
            elif kind in (ActivityKind.GROUP_SESSION, ActivityKind.WORKSHOP):
                a.attended = r.get("asistentes", _dnis, default=())
                a.hours = r.get("horas_ejecutadas", _whole(L.HOURS_DONE), default=a.planned_hours)
                days = L.WORKSHOP_DAYS_DONE if kind == ActivityKind.WORKSHOP else L.GIA_DAYS_DONE
                a.days = r.get("dias_ejecutados", _whole(days))
            elif kind == ActivityKind.ROUTE:
                a.visited = r.get("iiee_visitadas", _school_list, default=())
                a.spent_cents = r.get("viaticos_rendidos", _money)
                a.days = r.get("dias_ejecutados", _whole(L.ROUTE_DAYS_DONE))
            elif kind == ActivityKind.MATERIAL_DELIVERY:
                a.delivered = r.get("cantidad_entregada", _whole(L.DELIVERED))
            elif kind == ActivityKind.COMMUNITY_VISIT:
                a.parents = r.get("padres", _whole(L.PARENTS), default=0)
                a.elders = r.get("sabios", _whole(L.ELDERS), default=0)
                a.authorities = r.get("autoridades", _whole(L.AUTHORITIES), default=0)
        a.status = None if status == ActivityStatus.PLANNED else status
        if not r.bad:
            key = (coach, kind, year, month, a.teacher_dni, a.modular_code, a.annex, fold(a.topic or a.kit),
                   a.planned_date)
            if _duplicate(seen, key, r, "dni_acompanante", "La misma actividad (acompañante, tipo, mes, docente, IE "
                          "o tema, y fecha programada)", " Para dos actividades iguales en un mes, indique "
                          "fecha_programada distintas."):
                continue
            out.append(a)
    return Parsed(out, problems)


PARSERS: dict[str, Callable[[Table], Parsed]] = {
    "ies": parse_schools, "docentes": parse_teachers, "acompanantes": parse_coaches,
    "asignaciones": parse_assignments, "actividades": parse_activities,
}

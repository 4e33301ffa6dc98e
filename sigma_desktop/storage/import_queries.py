"""Queries of the spreadsheet import: everything one file refers to, loaded in a few set-wise queries
into plain dicts (the import then validates thousands of rows in Python without a query per row)."""
from __future__ import annotations

from typing import Iterable, Sequence
from uuid import UUID

from sqlalchemy import String, Uuid, and_, select, type_coerce

from ..domain.dates import LIMA
from ..domain.rules.facts import MonthClosed
from . import models as m
from .ids import uuid_from_hex
from .unit import Unit
from .codes import VISIT
from . import record_queries as rec

CHUNK = 900
_RAW = String()  # bound parameters per IN list (SQLite allows 32,766; PostgreSQL 65,535)


def _chunks(values: Sequence, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _rows(u: Unit, stmt, uuid_keys: frozenset[str] = frozenset()) -> list[dict]:
    result = u.execute(stmt)
    keys = list(result.keys())
    rows = [dict(zip(keys, row)) for row in result.fetchall()]  # one fetchall, not a fetchone a row
    if uuid_keys:  # raw values (hex text on SQLite, UUID on PostgreSQL) → UUID, once per distinct value
        memo: dict = {}
        for key in uuid_keys:
            for row in rows:
                raw = row[key]
                if raw is None or raw.__class__ is UUID:
                    continue
                found = memo.get(raw)
                if found is None:
                    found = memo[raw] = uuid_from_hex(raw)
                row[key] = found
    return rows


# audit columns the import never compares: leaving them out saves converting two timestamps a row
_SKIPPED = frozenset({"created_at", "created_by", "updated_at", "updated_by", "origin", "search_key"})


def _where_in(u: Unit, model, column: str, values: Iterable, *extra, live: bool = False) -> list[dict]:
    values = list(dict.fromkeys(v for v in values if v is not None))
    table = model.__table__
    # UUID columns come back raw and are converted once per distinct value (foreign keys repeat a lot):
    # SQLAlchemy's per-value conversion was a third of the time of loading 40,000 teachers
    uuids = frozenset(c.key for c in table.columns if c.key not in _SKIPPED and isinstance(c.type, Uuid))
    columns = [type_coerce(c, _RAW).label(c.key) if c.key in uuids else c
               for c in table.columns if c.key not in _SKIPPED]
    out: list[dict] = []
    for chunk in _chunks(values):
        stmt = select(*columns).where(table.c[column].in_(chunk), *extra)
        if live:
            stmt = stmt.where(table.c.deleted_at.is_(None))
        out.extend(_rows(u, stmt, uuids))
    return out


# --- organisation and catalogues --------------------------------------------------------------------

def ugels(u: Unit) -> dict[str, dict]:
    """Live UGELs by code: id, dre_id, name."""
    t = m.Ugel.__table__
    return {r["code"]: r for r in _rows(u, select(t.c.id, t.c.code, t.c.name, t.c.dre_id)
                                         .where(t.c.deleted_at.is_(None)))}


def dres(u: Unit) -> dict[str, dict]:
    """Live DREs by code: id, code, name."""
    t = m.Dre.__table__
    return {r["code"]: r for r in _rows(u, select(t.c.id, t.c.code, t.c.name).where(t.c.deleted_at.is_(None)))}


def ugel_list(u: Unit) -> list[tuple[str, str, UUID, UUID]]:
    t = m.Ugel.__table__
    return [(r["code"], r["name"], r["id"], r["dre_id"]) for r in _rows(
        u, select(t.c.code, t.c.name, t.c.id, t.c.dre_id).where(t.c.deleted_at.is_(None)).order_by(t.c.code))]


def ubigeo_codes(u: Unit) -> set[str]:
    return set(u.scalars(select(m.Ubigeo.code)))  # noqa: SLF001


def interventions(u: Unit) -> list[dict]:
    t = m.Intervention.__table__
    return _rows(u, select(t.c.id, t.c.key, t.c.name, t.c.multi_coach, t.c.has_community_visits)
                 .where(t.c.deleted_at.is_(None)).order_by(t.c.name))


def skip_reasons(u: Unit) -> list[dict]:
    t = m.SkipReason.__table__
    return _rows(u, select(t.c.id, t.c.code, t.c.name, t.c.requires_text, t.c.active)
                 .where(t.c.deleted_at.is_(None)).order_by(t.c.position, t.c.name))


def closed_months(u: Unit, ugel_ids: Iterable[UUID]) -> dict[tuple[UUID, int, int], MonthClosed]:
    """(UGEL, year, month) → who closed it and when, for the rows' «Mes cerrado el … por …» (a handful of
    rows: read through the ORM)."""
    mc = m.MonthClosing
    ids = list(dict.fromkeys(g for g in ugel_ids if g is not None))
    rows = u.execute(select(mc.ugel_id, mc.year, mc.month, mc.updated_at, mc.updated_by).where(
        mc.ugel_id.in_(ids), mc.closed.is_(True), mc.deleted_at.is_(None))).all() if ids else []
    names = {by: rec.user_name(u, by) for by in {r[4] for r in rows}}
    return {(g, y, mo): MonthClosed(at.astimezone(LIMA).date(), names[by]) for g, y, mo, at, by in rows}


def rubric_items(u: Unit, year: int) -> dict[int, str]:
    return {i.number: i.name for i in rec.rubric_items_for_year(u, year)}


# --- master data by natural key ---------------------------------------------------------------------

def schools_by_key(u: Unit, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    keys = set(keys)
    rows = _where_in(u, m.School, "modular_code", [k[0] for k in keys])
    return {(r["modular_code"], r["annex"]): r for r in rows if (r["modular_code"], r["annex"]) in keys}


def by_dni(u: Unit, model, dnis: Iterable[str]) -> dict[str, dict]:
    return {r["dni"]: r for r in _where_in(u, model, "dni", dnis)}


def assignment_years_of_coaches(u: Unit, coach_ids: Iterable[UUID], from_year: int) -> dict[UUID, list[int]]:
    """Years (from `from_year` on) in which each coach has live assignments."""
    t = m.Assignment.__table__
    out: dict[UUID, set[int]] = {}
    for r in _where_in(u, m.Assignment, "coach_id", coach_ids, t.c.year >= from_year, live=True):
        out.setdefault(r["coach_id"], set()).add(r["year"])
    return {k: sorted(v) for k, v in out.items()}


def school_levels(u: Unit, school_ids: Iterable[UUID]) -> dict[UUID, str]:
    return {r["id"]: r["level"] for r in _where_in(u, m.School, "id", school_ids)}


def protocol_levels(u: Unit) -> dict[tuple[UUID, int], frozenset[str]]:
    """(intervention, year) → the school levels its protocol has targets for."""
    t = m.Protocol.__table__
    out: dict[tuple, set[str]] = {}
    for r in _rows(u, select(t.c.intervention_id, t.c.year, t.c.level).where(t.c.deleted_at.is_(None))):
        out.setdefault((r["intervention_id"], r["year"]), set()).add(r["level"])
    return {k: frozenset(v) for k, v in out.items()}


def assignments_of_teachers(u: Unit, teacher_ids: Iterable[UUID], years: Iterable[int]) -> list[dict]:
    """Every assignment (live or removed) of these teachers in these years."""
    t = m.Assignment.__table__
    return _where_in(u, m.Assignment, "teacher_id", teacher_ids, t.c.year.in_(sorted(set(years))))


# --- activities ------------------------------------------------------------------------------------------

def activities_of_coaches(u: Unit, coach_ids: Iterable[UUID], years: Iterable[int]) -> list[dict]:
    t = m.Activity.__table__
    return _where_in(u, m.Activity, "coach_id", coach_ids, t.c.year.in_(sorted(set(years))), live=True)


def visits_of_teachers(u: Unit, teacher_ids: Iterable[UUID], years: Iterable[int]) -> list[dict]:
    """Live planned visits of these teachers (any coach, with the coach's DNI and names: a diagnóstica names
    who planned it), with their live execution's outcome and date."""
    a, e, c = m.Activity.__table__, m.Execution.__table__, m.Coach.__table__
    ids = list(dict.fromkeys(teacher_ids))
    years = sorted(set(years))
    out: list[dict] = []
    for chunk in _chunks(ids):
        stmt = (select(a.c.id, a.c.teacher_id, a.c.coach_id, a.c.intervention_id, a.c.year, a.c.month,
                       a.c.visit_type, e.c.outcome, e.c.executed_on, c.c.dni.label("coach_dni"),
                       c.c.first_names.label("coach_first_names"), c.c.last_name_1.label("coach_last_name_1"))
                .select_from(a.outerjoin(e, and_(e.c.activity_id == a.c.id, e.c.deleted_at.is_(None)))
                             .join(c, c.c.id == a.c.coach_id))
                .where(a.c.teacher_id.in_(chunk), a.c.kind == VISIT, a.c.year.in_(years),
                       a.c.deleted_at.is_(None)))
        out.extend(_rows(u, stmt))
    return out


def live_executions(u: Unit, activity_ids: Sequence[UUID]) -> dict[UUID, dict]:
    return {r["activity_id"]: r for r in _where_in(u, m.Execution, "activity_id", activity_ids, live=True)}


def live_participants(u: Unit, model, parent_field: str, parent_ids: Sequence[UUID]) -> list[dict]:
    return _where_in(u, model, parent_field, parent_ids, live=True)

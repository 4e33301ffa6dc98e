"""Queries behind the national-size master lists: filtered, sorted and paged in SQL, scope in the WHERE.

Each list is one query for the count and one for a page; the coaches of a page of teachers come from
one more query for the whole page (never one per row). Text search uses the accent- and case-folded
`search_key` column with LIKE, which behaves the same on SQLite and PostgreSQL.
"""
from __future__ import annotations

from typing import Iterable, Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..domain.browse import (COACHES, SCHOOLS, TEACHERS, CoachAssignmentRow, CoachListRow, CoachRef,
                             InterventionRow, ListFilter, OfficeRow, ProtocolRow, RubricVersionRow,
                             SchoolListRow, SkipReasonRow, TeacherListRow)
from ..domain.enums import Role, ScopeLevel
from ..domain.permissions import Actor
from ..domain.text import fold
from . import models as m
from .unit import Unit

T, S, C, A, U, I = m.Teacher, m.School, m.Coach, m.Assignment, m.Ugel, m.Intervention

SCHOOL_WORD_MIN = 3  # a teacher search word this long also matches the teacher's school


# --- shared pieces ---------------------------------------------------------------------------------

def _person(model) -> ColumnElement:
    """"Apellido1 Apellido2, Nombres" (" " || NULL is NULL on both engines: no stray space)."""
    return (model.last_name_1 + func.coalesce(literal(" ") + model.last_name_2, literal("")) +
            literal(", ") + model.first_names)


def _pattern(word: str) -> str:
    """A LIKE pattern for a folded word, with the wildcards of the user's text escaped."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _patterns(text: str) -> list[str]:
    """One LIKE pattern per word of the text, folded like `search_key` (lower case, no accents)."""
    return [_pattern(word) for word in fold(text).split()]


def _words(columns: Sequence, text: str) -> list[ColumnElement]:
    """Every word must appear in one of the search-key columns."""
    clauses = []
    for pattern in _patterns(text):
        likes = [col.like(pattern, escape="\\") for col in columns]
        clauses.append(likes[0] if len(likes) == 1 else or_(*likes))
    return clauses


def _ugels_of_dre(dre_id: UUID | None):
    return select(U.id).where(U.dre_id == dre_id).scalar_subquery()


def _live_assignment(year: int | None):
    clause = A.deleted_at.is_(None)
    return and_(clause, A.year == year) if year is not None else clause


def _intervention_id(key: str):
    return select(I.id).where(I.key == key).scalar_subquery()


def _sorted(stmt: Select, keys: Sequence, descending: bool, tiebreak) -> Select:
    terms = [*keys, tiebreak]
    return stmt.order_by(*(t.desc() if descending else t.asc() for t in terms))


def _text(expr) -> ColumnElement:
    """A nullable text column made sortable the same way on both engines (NULL as empty text)."""
    return func.coalesce(expr, literal(""))


# --- scope: enforced in every list query -----------------------------------------------------------

def _teacher_scope(actor: Actor, year: int | None) -> ColumnElement | None:
    if actor.scope is ScopeLevel.NATION:
        return None
    if actor.scope is ScopeLevel.DRE:
        return T.ugel_id.in_(_ugels_of_dre(actor.dre_id))
    if actor.role is Role.COACH:
        if actor.coach_id is None:
            return false()
        a2 = aliased(m.Assignment)  # aliased: callers may have `assignment` in their own FROM
        return exists().where(a2.teacher_id == T.id, a2.coach_id == actor.coach_id, a2.deleted_at.is_(None),
                              *([a2.year == year] if year is not None else []))
    return T.ugel_id == actor.ugel_id


def _school_scope(actor: Actor, year: int | None) -> ColumnElement | None:
    if actor.scope is ScopeLevel.NATION:
        return None
    if actor.scope is ScopeLevel.DRE:
        return S.ugel_id.in_(_ugels_of_dre(actor.dre_id))
    if actor.role is Role.COACH:
        if actor.coach_id is None:
            return false()
        t2, a2 = aliased(m.Teacher), aliased(m.Assignment)
        return S.id.in_(select(t2.school_id).join(a2, a2.teacher_id == t2.id).where(
            a2.coach_id == actor.coach_id, a2.deleted_at.is_(None),
            *([a2.year == year] if year is not None else [])))
    return S.ugel_id == actor.ugel_id


def _coach_scope(actor: Actor) -> ColumnElement | None:
    if actor.scope is ScopeLevel.NATION:
        return None
    if actor.scope is ScopeLevel.DRE:
        return C.ugel_id.in_(_ugels_of_dre(actor.dre_id))
    if actor.role is Role.COACH:
        return C.id == actor.coach_id if actor.coach_id is not None else false()
    return C.ugel_id == actor.ugel_id


# --- paging: sort and cut the ids first, read the page's details after -----------------------------

def _page_ids(u: Unit, inner: Select, key_col, terms: Sequence, descending: bool, offset: int,
              limit: int) -> list[UUID]:
    """The ids of one page, in order.

    SQLite sorts whatever the FROM clause produces: joining schools and UGELs to 40,000 teachers before
    a top-N sort costs several times the sort itself, and a join to a LIMITed subquery is sometimes
    materialised the slow way. So only what filters or orders is joined here; the details of the
    page's rows are read afterwards by id (`_in_order`).
    """
    stmt = _sorted(inner.with_only_columns(key_col, maintain_column_froms=True), terms, descending, key_col)
    return list(u.scalars(stmt.offset(offset).limit(limit)))


def _in_order(ids: Sequence[UUID], rows: Iterable, key=lambda r: r[0]) -> list:
    by_id = {key(r): r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


# --- teachers --------------------------------------------------------------------------------------

def _teacher_where(actor: Actor, flt: ListFilter) -> list[ColumnElement]:
    where: list[ColumnElement] = [T.deleted_at.is_(None)]
    if flt.active_only:
        where.append(T.active.is_(True))
    scope = _teacher_scope(actor, flt.year)
    if scope is not None:
        where.append(scope)
    if flt.intervention:
        a2 = aliased(m.Assignment)
        where.append(exists().where(a2.teacher_id == T.id, a2.deleted_at.is_(None),
                                    *([a2.year == flt.year] if flt.year is not None else []),
                                    a2.intervention_id == _intervention_id(flt.intervention)))
    for word in fold(flt.text).split():
        pattern = _pattern(word)
        # The word is in the teacher's key, or in their school's (code or name). The matching schools are
        # one uncorrelated subquery, cheaper than joining every teacher to its school; it is left out for
        # fragments shorter than SCHOOL_WORD_MIN (two letters of a school name find nothing useful and
        # would cost the first keystrokes, the broadest and slowest queries, a second probe per row).
        own = T.search_key.like(pattern, escape="\\")
        if len(word) < SCHOOL_WORD_MIN:
            where.append(own)
            continue
        s2 = aliased(m.School)
        where.append(or_(own, T.school_id.in_(select(s2.id).where(s2.search_key.like(pattern, escape="\\")))))
    return where


def count_teachers(u: Unit, actor: Actor, flt: ListFilter) -> int:
    return u.scalar(select(func.count()).select_from(T).where(*_teacher_where(actor, flt))) or 0


def _teacher_sort(stmt: Select, key: str, year: int | None) -> tuple[Select, list]:
    """Joins `stmt` needs to order by a teacher list column, and the ORDER BY terms (ties: by name)."""
    name = [T.search_key]  # folded names first: alphabetical with accents and ñ (see models.Searchable)
    if key == "dni":
        return stmt, [T.dni]
    if key in ("school", "school_name"):
        stmt = stmt.join(S, S.id == T.school_id)
        return stmt, ([S.modular_code, S.annex] if key == "school" else [S.name, S.modular_code]) + name
    if key == "ugel":
        return stmt.join(U, U.id == T.ugel_id), [U.name, *name]
    if key in ("coaches", "intervention"):
        # the first coach (or intervention) of the year, by a subquery per teacher through the
        # assignment index: measured faster on SQLite than grouping all assignments in a derived table
        a2, c2, i2 = aliased(m.Assignment), aliased(m.Coach), aliased(m.Intervention)
        if key == "coaches":
            value = c2.last_name_1 + literal(" ") + _text(c2.last_name_2) + literal(" ") + c2.first_names
            first = select(func.min(value)).join(a2, a2.coach_id == c2.id)
        else:
            first = select(func.min(i2.name)).join(a2, a2.intervention_id == i2.id)
        first = first.where(a2.teacher_id == T.id, a2.deleted_at.is_(None),
                            *([a2.year == year] if year is not None else [])).scalar_subquery()
        return stmt, [_text(first), *name]
    return stmt, name


def page_teachers(u: Unit, actor: Actor, flt: ListFilter, sort: str, descending: bool, offset: int,
                  limit: int) -> list[TeacherListRow]:
    inner, terms = _teacher_sort(select(T.id).select_from(T).where(*_teacher_where(actor, flt)), sort, flt.year)
    ids = _page_ids(u, inner, T.id, terms, descending, offset, limit)
    if not ids:
        return []
    stmt = (select(T.id, T.dni, _person(T), S.id, S.modular_code, S.annex, S.name, U.code, U.name, S.level,
                   T.active)
            .join(S, S.id == T.school_id).join(U, U.id == T.ugel_id).where(T.id.in_(ids)))
    rows = _in_order(ids, u.execute(stmt))
    coaches = coach_refs(u, ids, flt.year)
    return [TeacherListRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], coaches.get(r[0], ()), r[9],
                           bool(r[10])) for r in rows]


def coach_refs(u: Unit, teacher_ids: Iterable[UUID], year: int | None, *, actor: Actor | None = None
               ) -> dict[UUID, tuple[CoachRef, ...]]:
    """The live coaches of each teacher in `year`, for a whole page of teachers in one query.

    With `actor`, teachers outside the actor's scope are left out (the page queries are scoped already).
    """
    ids = list(teacher_ids)
    if not ids:
        return {}
    stmt = (select(A.teacher_id, C.id, C.dni, _person(C), I.name)
            .join(C, C.id == A.coach_id).join(I, I.id == A.intervention_id)
            .where(A.teacher_id.in_(ids), _live_assignment(year))
            .order_by(A.teacher_id, C.search_key, C.id))
    if actor is not None:
        scope = _teacher_scope(actor, year)
        if scope is not None:
            stmt = stmt.join(T, T.id == A.teacher_id).where(scope)
    out: dict[UUID, list[CoachRef]] = {}
    for teacher_id, coach_id, dni, name, inter in u.execute(stmt):
        out.setdefault(teacher_id, []).append(CoachRef(coach_id, dni, name, inter))
    return {k: tuple(v) for k, v in out.items()}


# --- schools ---------------------------------------------------------------------------------------

def _school_where(actor: Actor, flt: ListFilter) -> list[ColumnElement]:
    where: list[ColumnElement] = [S.deleted_at.is_(None)]
    if flt.active_only:
        where.append(S.active.is_(True))
    scope = _school_scope(actor, flt.year)
    if scope is not None:
        where.append(scope)
    return where + _words((S.search_key,), flt.text)


def count_schools(u: Unit, actor: Actor, flt: ListFilter) -> int:
    return u.scalar(select(func.count()).select_from(S).where(*_school_where(actor, flt))) or 0


_SCHOOL_SORT = {
    "modular_code": lambda: [S.modular_code, S.annex],
    "annex": lambda: [S.annex, S.modular_code],
    "local_code": lambda: [_text(S.local_code), S.modular_code],
    "level": lambda: [S.level, S.name],
    "characteristic": lambda: [_text(S.characteristic), S.name],
    "area": lambda: [S.area, S.name],
    "district": lambda: [m.Ubigeo.district, S.name],
    "province": lambda: [m.Ubigeo.province, m.Ubigeo.district, S.name],
    "department": lambda: [m.Ubigeo.department, m.Ubigeo.province, m.Ubigeo.district, S.name],
    "ugel": lambda: [U.name, S.name],
}


def page_schools(u: Unit, actor: Actor, flt: ListFilter, sort: str, descending: bool, offset: int,
                 limit: int) -> list[SchoolListRow]:
    Ub = m.Ubigeo
    inner = select(S.id).select_from(S).where(*_school_where(actor, flt))
    if sort in ("district", "province", "department"):
        inner = inner.join(Ub, Ub.code == S.ubigeo)
    elif sort == "ugel":
        inner = inner.join(U, U.id == S.ugel_id)
    ids = _page_ids(u, inner, S.id, _SCHOOL_SORT.get(sort, lambda: [S.search_key])(), descending, offset, limit)
    if not ids:
        return []
    stmt = (select(S.id, S.modular_code, S.annex, S.local_code, S.name, S.level, S.characteristic, S.area,
                   S.ubigeo, Ub.district, Ub.province, Ub.department, U.code, U.name, S.active)
            .join(U, U.id == S.ugel_id).join(Ub, Ub.code == S.ubigeo).where(S.id.in_(ids)))
    return [SchoolListRow(*r) for r in _in_order(ids, u.execute(stmt))]


# --- coaches ---------------------------------------------------------------------------------------

def _coach_where(actor: Actor, flt: ListFilter) -> list[ColumnElement]:
    where: list[ColumnElement] = [C.deleted_at.is_(None)]
    if flt.active_only:
        where.append(C.active.is_(True))
    scope = _coach_scope(actor)
    if scope is not None:
        where.append(scope)
    if flt.intervention:
        where.append(C.intervention_id == _intervention_id(flt.intervention))
    return where + _words((C.search_key,), flt.text)


def count_coaches(u: Unit, actor: Actor, flt: ListFilter) -> int:
    return u.scalar(select(func.count()).select_from(C).where(*_coach_where(actor, flt))) or 0


def _teacher_count(year: int | None):
    a2 = aliased(m.Assignment)
    return (select(func.count(a2.id))
            .where(a2.coach_id == C.id, a2.deleted_at.is_(None),
                   *([a2.year == year] if year is not None else []))
            .scalar_subquery())


def page_coaches(u: Unit, actor: Actor, flt: ListFilter, sort: str, descending: bool, offset: int,
                 limit: int) -> list[CoachListRow]:
    count = _teacher_count(flt.year)
    stmt = (select(C.id, C.dni, _person(C), U.code, U.name, I.key, I.name, C.contract_start,
                   C.contract_end, count, C.active)
            .join(U, U.id == C.ugel_id).join(I, I.id == C.intervention_id)
            .where(*_coach_where(actor, flt)))
    keys = {
        "dni": [C.dni],
        "ugel": [U.name, C.search_key],
        "intervention": [I.name, C.search_key],
        # coaches without a contract date last (asc) on both engines
        "contract": [C.contract_start.is_(None), C.contract_start, C.contract_end],
        "teachers": [count, C.search_key],
    }.get(sort, [C.search_key])
    stmt = _sorted(stmt, keys, descending, C.id).offset(offset).limit(limit)
    return [CoachListRow(*r[:9], int(r[9] or 0), bool(r[10])) for r in u.execute(stmt)]


COUNTS = {TEACHERS: count_teachers, SCHOOLS: count_schools, COACHES: count_coaches}
PAGES = {TEACHERS: page_teachers, SCHOOLS: page_schools, COACHES: page_coaches}


# --- assignments of one coach ----------------------------------------------------------------------

def coach_ugel(u: Unit, coach_id: UUID) -> UUID | None:
    return u.scalar(select(C.ugel_id).where(C.id == coach_id, C.deleted_at.is_(None)))


def coach_assignments(u: Unit, coach_id: UUID, year: int) -> list[CoachAssignmentRow]:
    stmt = (select(A.id, T.id, T.dni, _person(T), S.modular_code, S.annex, S.name, I.name, A.no_plan,
                   A.no_plan_reason)
            .join(T, T.id == A.teacher_id).join(S, S.id == T.school_id).join(I, I.id == A.intervention_id)
            .where(A.coach_id == coach_id, A.year == year, A.deleted_at.is_(None))
            .order_by(T.search_key, T.id))
    rows = u.execute(stmt).all()
    others = coach_refs(u, [r[1] for r in rows], year)
    return [CoachAssignmentRow(r[0], r[1], r[2], r[3], f"{r[4]}-{r[5]}", r[6], r[7], bool(r[8]), r[9],
                               tuple(c for c in others.get(r[1], ()) if c.coach_id != coach_id))
            for r in rows]


def assignment_years(u: Unit) -> list[int]:
    return [int(y) for y in u.scalars(
        select(A.year).where(A.deleted_at.is_(None)).distinct().order_by(A.year.desc()))]


# --- catalogues and offices ------------------------------------------------------------------------

def interventions(u: Unit) -> list[InterventionRow]:
    stmt = select(I.id, I.key, I.name, I.multi_coach, I.has_community_visits).where(
        I.deleted_at.is_(None)).order_by(I.name)
    return [InterventionRow(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in u.execute(stmt)]


def skip_reasons(u: Unit) -> list[SkipReasonRow]:
    R = m.SkipReason
    stmt = select(R.id, R.code, R.name, R.requires_text, R.active, R.position).where(
        R.deleted_at.is_(None)).order_by(R.position, R.name)
    return [SkipReasonRow(r[0], r[1], r[2], bool(r[3]), bool(r[4]), int(r[5] or 0)) for r in u.execute(stmt)]


def rubric_versions(u: Unit) -> list[RubricVersionRow]:
    V, Item = m.RubricVersion, m.RubricItem
    versions = u.execute(select(V.id, V.code, V.first_year, V.last_year)
                            .where(V.deleted_at.is_(None)).order_by(V.first_year)).all()
    items: dict[UUID, list[tuple[int, str]]] = {}
    for vid, number, name in u.execute(select(Item.version_id, Item.number, Item.name)
                                          .where(Item.deleted_at.is_(None)).order_by(Item.number)):
        items.setdefault(vid, []).append((int(number), name))
    return [RubricVersionRow(v[0], v[1], int(v[2]), v[3], tuple(items.get(v[0], ()))) for v in versions]


def protocols(u: Unit, year: int) -> list[ProtocolRow]:
    P = m.Protocol
    stmt = (select(P.id, I.name, P.year, P.level, P.visits, P.visit_days, P.group_sessions,
                   P.group_session_hours, P.workshops, P.workshop_days, P.community_visits,
                   P.teachers_per_coach, P.first_month, P.last_month, I.key, P.version)
            .join(I, I.id == P.intervention_id)
            .where(P.year == year, P.deleted_at.is_(None)).order_by(I.name, P.level))
    return [ProtocolRow(*r) for r in u.execute(stmt)]


def protocol_years(u: Unit) -> list[int]:
    P = m.Protocol
    return [int(y) for y in u.scalars(
        select(P.year).where(P.deleted_at.is_(None)).distinct().order_by(P.year.desc()))]


def offices(u: Unit) -> list[OfficeRow]:
    D = m.Dre
    dres = [OfficeRow(r[0], "dre", r[1], r[2], r[1]) for r in u.execute(
        select(D.id, D.code, D.name).where(D.deleted_at.is_(None)).order_by(D.code))]
    ugels = [OfficeRow(r[0], "ugel", r[1], r[2], r[3]) for r in u.execute(
        select(U.id, U.code, U.name, D.code).join(D, D.id == U.dre_id)
        .where(U.deleted_at.is_(None)).order_by(U.code))]
    return dres + ugels


def office_overview(u: Unit) -> list[tuple]:
    """(id, kind, code, name, DRE code, DRE name, schools, coaches) of every live DRE, then UGEL."""
    D, S, C = m.Dre, m.School, m.Coach
    dres = [(r[0], "dre", r[1], r[2], r[1], r[2], 0, 0) for r in u.execute(
        select(D.id, D.code, D.name).where(D.deleted_at.is_(None)).order_by(D.code))]
    schools = (select(func.count()).where(S.ugel_id == U.id, S.deleted_at.is_(None)).scalar_subquery())
    coaches = (select(func.count()).where(C.ugel_id == U.id, C.deleted_at.is_(None)).scalar_subquery())
    ugels = [(r[0], "ugel", r[1], r[2], r[3], r[4], r[5] or 0, r[6] or 0) for r in u.execute(
        select(U.id, U.code, U.name, D.code, D.name, schools, coaches).join(D, D.id == U.dre_id)
        .where(U.deleted_at.is_(None)).order_by(U.code))]
    return dres + ugels


def districts(u: Unit) -> list[tuple[str, str, str, str]]:
    """(ubigeo, department, province, district) of every INEI district, by code."""
    Ub = m.Ubigeo
    return [tuple(r) for r in u.execute(select(Ub.code, Ub.department, Ub.province, Ub.district).order_by(Ub.code))]

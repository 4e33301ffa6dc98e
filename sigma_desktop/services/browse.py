"""Paged, filtered and sorted master lists (docentes, IIEE, acompañantes) in the actor's scope, and
read-only catalogues.

A national list has 40,000 teachers: the screen asks for the count and then for the pages it shows;
filtering and sorting happen in SQL (storage/browse_queries.py), scope is part of every query.
"""
from __future__ import annotations

from uuid import UUID

from ..domain.browse import (KINDS, MAX_PAGE, SORT_KEYS, CoachAssignmentRow, CoachRef, InterventionRow,
                             ListFilter, OfficeRow, ProtocolRow, RubricVersionRow, SkipReasonRow)
from ..domain.dates import today_lima
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Action
from ..storage import browse_queries as q
from .activity_access import check_own_coach
from .context import Context, check_ugel_scope


class BrowseService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _read(self):
        return self._ctx.unit(write=False, action=Action.READ)

    def _actor(self):
        return self._ctx.current()

    @staticmethod
    def _filter(flt: ListFilter | None) -> ListFilter:
        flt = flt or ListFilter()
        if flt.year is None:  # coach and intervention columns always speak of one school year
            flt = ListFilter(flt.text, today_lima().year, flt.intervention)
        return flt

    @staticmethod
    def _kind(kind: str) -> str:
        if kind not in KINDS:
            raise ValidationError(f"Lista: «{kind}» no existe (use: {', '.join(KINDS)}).", "lista")
        return kind

    # --- lists ------------------------------------------------------------------------------------
    def count(self, kind: str, flt: ListFilter | None = None) -> int:
        """How many rows of `kind` ("teachers", "schools", "coaches") the actor sees with `flt`."""
        kind = self._kind(kind)
        with self._read() as u:
            return q.COUNTS[kind](u, self._actor(), self._filter(flt))

    def page(self, kind: str, flt: ListFilter | None = None, sort_column: str | None = None,
             descending: bool = False, offset: int = 0, limit: int = 100) -> list:
        """One page of rows, sorted in SQL by `sort_column` (see domain.browse.SORT_KEYS)."""
        kind = self._kind(kind)
        keys = SORT_KEYS[kind]
        sort = sort_column if sort_column in keys else keys[0]
        offset = max(0, int(offset))
        limit = max(0, min(int(limit), MAX_PAGE))
        with self._read() as u:
            return q.PAGES[kind](u, self._actor(), self._filter(flt), sort, bool(descending), offset, limit)

    def coach_names(self, teacher_ids: list[UUID], year: int) -> dict[UUID, tuple[CoachRef, ...]]:
        """Coaches of a page of teachers in `year`, in one query; teachers outside scope get nothing."""
        with self._read() as u:
            return q.coach_refs(u, teacher_ids, int(year), actor=self._actor())

    def assignment_years(self) -> list[int]:
        """Years with assignments, newest first (at least the current year)."""
        with self._read() as u:
            years = q.assignment_years(u)
        this = today_lima().year
        return years if years else [this]

    def coach_assignments(self, coach_id: UUID, year: int) -> list[CoachAssignmentRow]:
        """The teachers assigned to a coach in a year, with "no planificar" and their other coaches."""
        with self._read() as u:
            ugel_id = q.coach_ugel(u, coach_id)
            if ugel_id is None:
                raise NotFound("No se encontró el acompañante.")
            check_ugel_scope(self._actor(), u, ugel_id)
            check_own_coach(self._actor(), coach_id)
            return q.coach_assignments(u, coach_id, int(year))

    # --- catalogues -------------------------------------------------------------------------------
    def interventions(self) -> list[InterventionRow]:
        with self._read() as u:
            return q.interventions(u)

    def skip_reasons(self) -> list[SkipReasonRow]:
        with self._read() as u:
            return q.skip_reasons(u)

    def rubric_versions(self) -> list[RubricVersionRow]:
        with self._read() as u:
            return q.rubric_versions(u)

    def protocols(self, year: int) -> list[ProtocolRow]:
        with self._read() as u:
            return q.protocols(u, int(year))

    def protocol_years(self) -> list[int]:
        with self._read() as u:
            return q.protocol_years(u)

    def districts(self) -> list[tuple[str, str, str, str]]:
        """The INEI districts (ubigeo, departamento, provincia, distrito), for the school form."""
        with self._read() as u:
            return q.districts(u)

    def offices(self) -> list[OfficeRow]:
        """DREs then UGELs, by code."""
        with self._read() as u:
            return q.offices(u)

"""Catalogues as the forms read them: motivos de no ejecución and the desempeños of a year's rubric.

They come from the database (the administrator may edit them), never from the defaults in code.
"""
from __future__ import annotations

from ..domain.coach_work import RubricItemRow, SkipReasonRow
from ..domain.permissions import Action
from ..storage import activity_queries as q
from .context import Context


class CatalogueReadService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def skip_reasons(self) -> list[SkipReasonRow]:
        """Active motivos de no ejecución in the catalogue's order."""
        with self._ctx.unit(write=False, action=Action.READ) as u:
            return q.skip_reasons(u)

    def rubric_items(self, year: int) -> list[RubricItemRow]:
        """The desempeños of the rubric version in force in `year` (2017: 6; from 2018: 5)."""
        with self._ctx.unit(write=False, action=Action.READ) as u:
            return q.rubric_items(u, year)

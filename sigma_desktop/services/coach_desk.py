"""The coach's desk: their profile, their teachers, the schools they reach, the month's plan and one
activity in detail, with names resolved in a few queries (never one per row)."""
from __future__ import annotations

from uuid import UUID

from ..domain.coach_work import ActivityDetail, CoachProfile, MyTeacherRow, PlanRow, SchoolOption
from ..domain.dates import check_month
from ..domain.errors import NotFound
from ..domain.permissions import Action
from ..storage import activity_queries as q
from ..storage import models as m
from .activity_access import actor_of, check_own_coach
from .context import Context, check_ugel_scope, get_or_fail
from ..storage import record_queries as rec


class CoachDeskService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _read(self):
        return self._ctx.unit(write=False, action=Action.READ)

    def _coach(self, u, coach_id: UUID, *, own_work: bool = True) -> m.Coach:
        """The coach, in the actor's scope; for their work (`own_work`), an AP's own only."""
        coach = get_or_fail(u, m.Coach, coach_id, "el acompañante")
        check_ugel_scope(actor_of(self._ctx), u, coach.ugel_id)
        if own_work:
            check_own_coach(actor_of(self._ctx), coach.id)
        return coach

    def profile(self, coach_id: UUID) -> CoachProfile:
        """Name, intervention and UGEL of a coach (what the UGEL's coach list shows anyway)."""
        with self._read() as u:
            self._coach(u, coach_id, own_work=False)
            return q.coach_profile(u, coach_id)

    def my_teachers(self, coach_id: UUID, year: int) -> list[MyTeacherRow]:
        """The coach's teachers in a year with visits planned and executed so far and the last rubric."""
        check_month(year, 1, "anio")
        with self._read() as u:
            coach = self._coach(u, coach_id)
            return q.coach_teachers(u, coach.id, coach.intervention_id, year)

    def schools(self, coach_id: UUID, year: int) -> list[SchoolOption]:
        """The schools of the coach's teachers: the choices for routes, community visits and kits."""
        with self._read() as u:
            self._coach(u, coach_id)
            return q.coach_schools(u, coach_id, year)

    def month_plan(self, coach_id: UUID, year: int, month: int) -> list[PlanRow]:
        check_month(year, month)
        with self._read() as u:
            self._coach(u, coach_id)
            return q.month_plan(u, coach_id, year, month)

    def month_mark(self, coach_id: UUID, year: int, month: int) -> str:
        """«Mes cerrado el dd/mm/aaaa por …» when the coach's UGEL closed the month, else empty."""
        from ..domain.rules.common import closed_mark

        check_month(year, month)
        with self._read() as u:
            coach = self._coach(u, coach_id)
            closed = rec.is_month_closed(u, coach.ugel_id, year, month)
            return closed_mark(closed) if closed else ""

    def activity_detail(self, activity_id: UUID) -> ActivityDetail:
        with self._read() as u:
            a = get_or_fail(u, m.Activity, activity_id, "la actividad planificada")
            check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
            check_own_coach(actor_of(self._ctx), a.coach_id)
            detail = q.activity_detail(u, activity_id)
            if detail is None:
                raise NotFound("No se encontró la actividad planificada.")
            return detail

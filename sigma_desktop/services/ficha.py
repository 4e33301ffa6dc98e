"""The teacher's ficha: data, assignments (several coaches in EIB), activities and rubric levels of a year."""
from __future__ import annotations

from uuid import UUID

from ..domain.enums import Role
from ..domain.errors import NotFound, PermissionDenied
from ..domain.ficha import TeacherFicha
from ..domain.permissions import Action, in_scope
from ..storage import activity_queries as q
from ..storage import models as m
from .activity_access import actor_of
from .context import Context, get_or_fail
from ..storage import record_queries as rec


class FichaService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def teacher(self, teacher_id: UUID, year: int) -> TeacherFicha:
        with self._ctx.unit(write=False, action=Action.READ) as u:
            teacher = get_or_fail(u, m.Teacher, teacher_id, "el docente")
            actor = actor_of(self._ctx)
            ids = rec.ugel_dre_ids(u, teacher.ugel_id)
            assignments = q.ficha_assignments(u, teacher.id, year)
            own = actor.role is Role.COACH and any(a.coach_id == actor.coach_id for a in assignments)
            if not own and not (ids and in_scope(actor, ids[0], ids[1])):
                raise PermissionDenied("El docente está fuera de su ámbito (UGEL/DRE).")
            info = q.ficha_teacher(u, teacher.id)
            if info is None:
                raise NotFound("No se encontró el docente.")
            return TeacherFicha(info, year, tuple(assignments), tuple(q.ficha_activities(u, teacher.id, year)),
                                tuple(q.rubric_items(u, year)))

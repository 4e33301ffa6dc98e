"""Papelera: the RCI deletes execution records with a reason and restores those deleted by mistake."""
from __future__ import annotations

from uuid import UUID

from ..domain.enums import RCI_DELETABLE_KINDS, ActivityKind
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Action
from ..domain.review import DeletedRow
from ..storage import review_queries as rq
from ..storage import models as m
from .activity_access import actor_of, check_open_month
from .context import Context, check_ugel_scope, scope_ugels


class TrashService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _load(self, u, execution_id: UUID) -> tuple[m.Execution, m.Activity]:
        e = u.get(m.Execution, execution_id)
        if e is None:
            raise NotFound("No se encontró el registro de ejecución.")
        a = u.get(m.Activity, e.activity_id)
        check_ugel_scope(actor_of(self._ctx), u, a.ugel_id)
        if ActivityKind(a.kind) not in RCI_DELETABLE_KINDS:
            raise ValidationError("Solo se eliminan ejecuciones de visitas, GIA, rutas y talleres.", "registro")
        check_open_month(u, a.ugel_id, a.year, a.month)
        return e, a

    def delete_execution(self, execution_id: UUID, reason: str) -> None:
        reason = " ".join((reason or "").split())
        if len(reason) < 5:
            raise ValidationError("Motivo de eliminación: explique por qué se elimina el registro.", "motivo")
        with self._ctx.unit(write=True, action=Action.DELETE_EXECUTION) as u:
            e, _a = self._load(u, execution_id)
            if e.deleted_at is not None:
                raise ValidationError("El registro ya está en la papelera.", "registro")
            e.deleted_at = u.now()
            e.deleted_by = self._ctx.current().user_id
            e.deleted_reason = reason

    def restore_execution(self, execution_id: UUID) -> None:
        with self._ctx.unit(write=True, action=Action.RESTORE_EXECUTION) as u:
            e, a = self._load(u, execution_id)
            if e.deleted_at is None:
                raise ValidationError("El registro no está en la papelera.", "registro")
            if u.live_execution(a.id) is not None:
                raise ValidationError("La actividad ya tiene otro registro de ejecución vigente; "
                                      "elimínelo antes de restaurar este.", "registro")
            e.deleted_at = e.deleted_by = e.deleted_reason = None

    def list_deleted(self) -> list[DeletedRow]:
        """Deleted execution records in the actor's scope, newest first."""
        with self._ctx.unit(write=False, action=Action.RESTORE_EXECUTION) as u:
            scope = scope_ugels(self._ctx.current(), u)
            return rq.deleted_executions(u, scope)

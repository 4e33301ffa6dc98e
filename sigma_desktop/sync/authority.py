"""Whether the author of a pushed change may make it: the role × action table the services use
(domain/permissions.py), applied on the hub to each change a replica sends.

A replica is a file its owner can edit, so its services' checks prove nothing to the hub. The hub knows
who may act through a node (its binding, services/hub/service.py) and asks here, for each change, which action
it is and whether that person's role and scope allow it. The answer is a Spanish reason to refuse, or
None.

| change | action |
|---|---|
| school, teacher, coach | gestionar_maestros |
| assignment: only `no_plan` / `no_plan_reason` | marcar_no_planificar (an AP: their own) |
| assignment: anything else | asignar_docentes |
| activity, its participants | planificar (an AP: their own) |
| execution: a validation (state other than pendiente, comment, validated by/at) | validar_observar |
| execution: a deletion / a restoration | eliminar_ejecucion / restaurar_ejecucion |
| execution: anything else; attendance | registrar_ejecucion (an AP: their own) |
| month_closing | cerrar_reabrir_mes |
| quality_finding (the review state of a finding) | revisar_calidad |
| catalogues, user accounts, conflict records | never from a replica |

A person named in a value (`validated_by`, `deleted_by`) must be the author: nobody validates or
deletes in another's name.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Mapping
from uuid import UUID

from ..domain.enums import ROLE_LABELS, Role, ValidationState
from ..domain.permissions import ACTION_LABELS, Action, Actor, allowed, in_scope
from .merge import TOMBSTONE, VALIDATION_FIELDS
from .scope import GLOBAL, Attribution

NO_PLAN_FIELDS = frozenset({"no_plan", "no_plan_reason"})
# what a correction by the coach may set among the validation fields (the record goes back to the queue)
NEUTRAL_VALIDATION = {"validation_state": ValidationState.PENDING.value, "validation_comment": None,
                      "validated_by": None,
                      "validated_at": None}
OWN_WORK = frozenset({"assignment", "activity", "activity_participant", "execution", "execution_participant"})
MASTER_DATA = frozenset({"school", "teacher", "coach"})
NAMED_PEOPLE = ("validated_by", "deleted_by")

CATALOGUES_REFUSED = "Los catálogos y protocolos se mantienen en el servidor central; una réplica no los modifica."
ACCOUNTS_REFUSED = ("Las cuentas de usuario (contraseñas, roles, ámbitos) son del servidor central: una réplica no "
                    "las modifica. Para cambiar su contraseña en una réplica, hágalo con conexión al servidor.")


def action_of(entity: str, op: str, changes: Mapping[str, list]) -> Action | None:
    """The action a change is (None: no replica may make it)."""
    if entity in MASTER_DATA:
        return Action.MANAGE_MASTER_DATA
    if entity == "assignment":
        return Action.MARK_NO_PLAN if changes and set(changes) <= NO_PLAN_FIELDS and op == "update" \
            else Action.ASSIGN
    if entity in ("activity", "activity_participant"):
        return Action.PLAN
    if entity == "execution":
        if any(k in changes for k in TOMBSTONE) and op in ("delete", "restore"):
            return Action.DELETE_EXECUTION if op == "delete" else Action.RESTORE_EXECUTION
        if any(k in VALIDATION_FIELDS and v[1] != NEUTRAL_VALIDATION[k] for k, v in changes.items()):
            return Action.VALIDATE
        return Action.REGISTER
    if entity == "execution_participant":
        return Action.REGISTER
    if entity == "month_closing":
        return Action.CLOSE_MONTH
    if entity == "quality_finding":
        return Action.REVIEW_QUALITY
    return None


def refusal(author: Actor, entity: str, op: str, changes: Mapping[str, list], where: Attribution,
            dre_of: Callable[[str], str | None]) -> str | None:
    """Why `author` may not make this change of a row placed at `where` (None: they may)."""
    if entity == "user_account":
        return ACCOUNTS_REFUSED
    if entity in GLOBAL or entity == "sync_conflict":
        return CATALOGUES_REFUSED
    action = action_of(entity, op, changes)
    if action is None:
        return "Una réplica no puede modificar ese tipo de registro."
    if not allowed(author.role, action):
        return f"{_who(author)} no tiene permiso para: {ACTION_LABELS[action].lower()}. El servidor central no lo aplicó."
    if action is Action.VALIDATE and any(k not in VALIDATION_FIELDS for k in changes):
        return (f"Una validación no puede cambiar otros datos del registro a la vez; el servidor central no "
                f"aplicó el cambio de {_who(author)}.")
    ugel = where.ugel_id
    if ugel is not None and not _in_scope(author, ugel, dre_of(ugel)):
        return f"El registro está fuera del ámbito de {_who(author)}."
    if author.role is Role.COACH and entity in OWN_WORK and where.coach_id != _s(author.coach_id):
        return f"{_who(author)} solo puede registrar o planificar sus propias actividades y docentes."
    for name in NAMED_PEOPLE:
        pair = changes.get(name)
        if pair is not None and pair[1] is not None and pair[1] != _s(author.user_id):
            return (f"El cambio pone a otra persona como autora («{name}»): nadie valida ni elimina en nombre "
                    "de otro. El servidor central no lo aplicó.")
    return None


def _who(author: Actor) -> str:
    return f"{author.name} (DNI {author.dni}, {ROLE_LABELS[author.role]})"


@lru_cache(maxsize=4096)
def _in_scope(author: Actor, ugel: str, dre: str | None) -> bool:
    """domain.permissions.in_scope, once per person and place (a batch asks it for thousands of rows)."""
    return in_scope(author, UUID(ugel), UUID(dre) if dre else None)


def _s(value) -> str | None:
    return None if value is None else str(value)

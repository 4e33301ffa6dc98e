"""Who may do what: the role × action table used by services, tests and docs/security.md."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from .enums import Role, ScopeLevel
from .errors import PermissionDenied


class Action(str, Enum):
    READ = "leer"
    PLAN = "planificar"
    REGISTER = "registrar_ejecucion"
    MARK_NO_PLAN = "marcar_no_planificar"
    VALIDATE = "validar_observar"
    CLOSE_MONTH = "cerrar_reabrir_mes"
    DELETE_EXECUTION = "eliminar_ejecucion"
    RESTORE_EXECUTION = "restaurar_ejecucion"
    ASSIGN = "asignar_docentes"
    MANAGE_MASTER_DATA = "gestionar_maestros"
    MANAGE_USERS = "gestionar_usuarios"
    MANAGE_CATALOGUES = "gestionar_catalogos"
    READ_HISTORY = "ver_historial"
    EXPORT_AUDIT = "exportar_auditoria"
    BACKUP = "copia_de_seguridad"
    RESTORE_BACKUP = "restaurar_copia"
    IMPORT_ACTIVITIES = "importar_actividades"
    EDIT_SIGNATORIES = "configurar_firmantes"
    REVIEW_QUALITY = "revisar_calidad"


ACTION_LABELS = {
    Action.READ: "Consultar datos de su ámbito",
    Action.PLAN: "Planificar actividades",
    Action.REGISTER: "Registrar ejecución o no ejecución",
    Action.MARK_NO_PLAN: "Marcar docente «no planificar»",
    Action.VALIDATE: "Validar u observar actividades",
    Action.CLOSE_MONTH: "Cerrar y reabrir el mes",
    Action.DELETE_EXECUTION: "Eliminar registros de ejecución",
    Action.RESTORE_EXECUTION: "Restaurar registros eliminados",
    Action.ASSIGN: "Asignar docentes a acompañantes",
    Action.MANAGE_MASTER_DATA: "Gestionar IIEE, docentes y acompañantes",
    Action.MANAGE_USERS: "Gestionar usuarios",
    Action.MANAGE_CATALOGUES: "Gestionar catálogos y protocolos",
    Action.READ_HISTORY: "Ver el historial de un registro",
    Action.EXPORT_AUDIT: "Exportar la bitácora de cambios",
    Action.BACKUP: "Hacer copias de seguridad de la base local",
    Action.RESTORE_BACKUP: "Restaurar una copia de seguridad",
    Action.IMPORT_ACTIVITIES: "Importar actividades desde una hoja de cálculo",
    Action.EDIT_SIGNATORIES: "Configurar quién firma los reportes de la UGEL",
    Action.REVIEW_QUALITY: "Revisar la calidad de la información (hallazgos y su estado)",
}

_ALL_READERS = frozenset(Role)

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ: _ALL_READERS,
    Action.READ_HISTORY: _ALL_READERS,
    Action.PLAN: frozenset({Role.COACH}),
    Action.REGISTER: frozenset({Role.COACH}),
    Action.MARK_NO_PLAN: frozenset({Role.COACH, Role.DATA_QUALITY}),
    Action.VALIDATE: frozenset({Role.LOCAL_MANAGER}),
    Action.CLOSE_MONTH: frozenset({Role.LOCAL_MANAGER}),
    Action.DELETE_EXECUTION: frozenset({Role.DATA_QUALITY}),
    Action.RESTORE_EXECUTION: frozenset({Role.DATA_QUALITY}),
    Action.ASSIGN: frozenset({Role.DATA_QUALITY, Role.ADMIN}),
    Action.MANAGE_MASTER_DATA: frozenset({Role.DATA_QUALITY, Role.ADMIN}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.MANAGE_CATALOGUES: frozenset({Role.ADMIN}),
    Action.EXPORT_AUDIT: frozenset({Role.ADMIN}),
    # automatic copies are made for everyone; a manual copy holds the whole file, every scope included
    Action.BACKUP: frozenset({Role.DATA_QUALITY, Role.ADMIN}),
    Action.RESTORE_BACKUP: frozenset({Role.ADMIN}),
    # an AP loads their own sheet; the RCI loads the sheets that APs without connection send the office
    Action.IMPORT_ACTIVITIES: frozenset({Role.COACH, Role.DATA_QUALITY}),
    # the names printed under «Revisado por» and «V°B°» of the UGEL's reports
    Action.EDIT_SIGNATORIES: frozenset({Role.LOCAL_MANAGER, Role.ADMIN}),
    # the quality module (issue 18): the RCI of a UGEL and the Coordinador de Calidad of their scope
    Action.REVIEW_QUALITY: frozenset({Role.DATA_QUALITY, Role.QUALITY_COORDINATOR}),
}

# The scope each role works in: an AP and the UGEL roles see one UGEL, the regional ones one DRE.
ROLE_SCOPE: dict[Role, ScopeLevel] = {
    Role.COACH: ScopeLevel.UGEL,
    Role.LOCAL_MANAGER: ScopeLevel.UGEL,
    Role.DATA_QUALITY: ScopeLevel.UGEL,
    Role.QUALITY_COORDINATOR: ScopeLevel.UGEL,
    Role.REGIONAL_MANAGER: ScopeLevel.DRE,
    Role.ADMIN: ScopeLevel.NATION,
}

# Roles that may hold a DRE scope although their default is the UGEL.
ROLES_WITH_OPTIONAL_DRE_SCOPE = frozenset({Role.QUALITY_COORDINATOR})


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in user, or the system for init and demo loading."""

    user_id: UUID | None
    dni: str
    name: str
    role: Role
    scope: ScopeLevel
    ugel_id: UUID | None = None
    dre_id: UUID | None = None
    coach_id: UUID | None = None
    # signed in with a temporary password (after `reset-password`): nothing else until it is changed
    must_change_password: bool = False

    @property
    def is_system(self) -> bool:
        return self.user_id is None


SYSTEM = Actor(None, "00000000", "Sistema", Role.ADMIN, ScopeLevel.NATION)


def allowed(role: Role, action: Action) -> bool:
    return role in PERMISSIONS[action]


def require(actor: Actor, action: Action) -> None:
    """Raise PermissionDenied unless the actor's role may perform `action`."""
    if actor.is_system or allowed(actor.role, action):
        return
    from .enums import ROLE_LABELS

    raise PermissionDenied(
        f"Su rol ({ROLE_LABELS[actor.role]}) no permite: {ACTION_LABELS[action].lower()}."
    )


def in_scope(actor: Actor, ugel_id: UUID | None, dre_id: UUID | None) -> bool:
    """True if a record of (ugel, dre) lies inside the actor's scope."""
    if actor.scope is ScopeLevel.NATION:
        return True
    if actor.scope is ScopeLevel.DRE:
        return dre_id is not None and dre_id == actor.dre_id
    return ugel_id is not None and ugel_id == actor.ugel_id


def require_scope(actor: Actor, ugel_id: UUID | None, dre_id: UUID | None) -> None:
    if not in_scope(actor, ugel_id, dre_id):
        raise PermissionDenied("El registro está fuera de su ámbito (UGEL/DRE) y no puede modificarlo.")

"""What synchronisation reports to the GUI and the command line (frozen DTOs, Spanish labels)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

MODE_LABELS = {
    "local": "local (SQLite)",
    "shared": "compartida (PostgreSQL)",
    "hub": "servidor central (PostgreSQL)",
    "replica": "réplica",
}

CONFLICT_KIND_LABELS = {
    "campo": "Mismo dato cambiado en ambos lados",
    "eliminado": "Edición de un registro eliminado",
    "eliminacion": "Eliminación de un registro modificado",
    "validado": "Cambio a un registro validado",
    "mes_cerrado": "Cambio en un mes cerrado",
    "rechazado": "Cambio rechazado por el servidor",
    "no_autorizado": "Cambio no autorizado (autor o permiso)",
}

ENTITY_LABELS = {
    "dre": "DRE", "ugel": "UGEL", "intervention": "intervención", "skip_reason": "motivo de no ejecución",
    "rubric_version": "versión de rúbrica", "rubric_item": "desempeño de rúbrica", "protocol": "protocolo",
    "school": "institución educativa", "teacher": "docente", "coach": "acompañante", "assignment": "asignación",
    "activity": "actividad planificada", "activity_participant": "convocado de actividad",
    "execution": "registro de ejecución", "execution_participant": "asistencia", "month_closing": "cierre de mes",
    "quality_finding": "hallazgo de calidad", "user_account": "usuario", "sync_conflict": "conflicto",
}

# Choices when resolving a conflict: keep the hub's value, or take the replica's.
KEEP_HUB = "servidor"
TAKE_NODE = "replica"


@dataclass(frozen=True)
class SyncStatus:
    mode: str                       # local | shared | hub | replica
    hub_id: str | None = None
    hub_url: str | None = None
    node_id: str | None = None
    node_name: str | None = None
    scope_text: str | None = None
    pending: int = 0                # local changes not yet acknowledged by the hub
    last_success: datetime | None = None
    open_conflicts: int = 0
    cursor: int = 0
    replicas: int = 0               # on a hub: registered replicas

    @property
    def mode_label(self) -> str:
        return MODE_LABELS.get(self.mode, self.mode)

    @property
    def is_replica(self) -> bool:
        return self.mode == "replica"


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0                 # changes sent (duplicates included)
    duplicates: int = 0             # already applied by the hub before (acknowledged again)
    outcomes: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0              # conflict records made by this push
    retired: int = 0                # local rows the hub refused, now held in conflict records
    pulled_entries: int = 0         # hub changes added to the local change log
    pulled_rows: int = 0            # rows written from the hub
    cursor: int = 0
    open_conflicts: int = 0
    skipped_pull: bool = False      # a sync file's hub data was older than what this replica has
    reply_path: str | None = None   # a file written for the other side
    elapsed: float = 0.0
    refused: tuple[str, ...] = ()   # the hub's reasons for the changes it refused (as it gave them)

    def received_summary(self) -> str:
        """What the hub did with a replica's sync file (the hub's side of `summary`)."""
        refused = self.outcomes.get("rechazado", 0)
        applied = sum(self.outcomes.values()) - refused
        text = (f"Recibidos {self.pushed} cambios de la réplica: {applied} aplicados, {refused} rechazados "
                f"({self.duplicates} ya estaban; {self.conflicts} conflictos nuevos).")
        if self.refused:
            text += " Motivos: " + " / ".join(self.refused[:5])
        return text

    def summary(self) -> str:
        parts = [f"Enviados: {self.pushed} cambios"]
        if self.duplicates:
            parts.append(f"{self.duplicates} ya estaban en el servidor")
        if self.conflicts:
            parts.append(f"{self.conflicts} conflictos nuevos")
        if self.retired:
            parts.append(f"{self.retired} registros retirados a conflictos")
        parts.append(f"recibidos: {self.pulled_entries} cambios ({self.pulled_rows} registros)")
        if self.skipped_pull:
            parts.append("los datos del servidor del archivo eran más antiguos que los de esta réplica "
                         "y se omitieron")
        parts.append(f"conflictos abiertos: {self.open_conflicts}")
        text = "; ".join(parts) + "."
        if self.refused:
            more = f" (y {len(self.refused) - 3} motivos más)" if len(self.refused) > 3 else ""
            text += " El servidor central rechazó cambios: " + " / ".join(self.refused[:3]) + more
        return text


@dataclass(frozen=True)
class ConflictRow:
    id: UUID
    kind: str
    entity: str
    entity_id: UUID
    field: str
    base_value: Any
    hub_value: Any
    node_value: Any
    change_op: str
    node_id: str
    node_user_dni: str
    node_at: datetime
    hub_user_dni: str | None
    hub_at: datetime | None
    resolver_role: str
    message: str
    status: str
    resolution: str | None
    ugel: str | None
    created_at: datetime

    @property
    def kind_label(self) -> str:
        return CONFLICT_KIND_LABELS.get(self.kind, self.kind)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def is_field(self) -> bool:
        return bool(self.field)

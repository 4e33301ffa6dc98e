"""A record's history from the change log: who changed what, when, old and new values."""
from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableView, QVBoxLayout

from ...domain.dates import format_datetime
from .. import labels
from ..models.rows_model import Col, RowsModel, configure_view

# Column names in the change log → what a user reads.
FIELD_LABELS = {
    "validation_state": "Estado de validación", "validation_comment": "Observación",
    "executed_on": "Fecha de ejecución", "outcome": "Resultado", "skip_reason_id": "Motivo de no ejecución",
    "skip_note": "Detalle del motivo", "deleted_at": "Eliminado el", "deleted_reason": "Motivo de eliminación",
    "deleted_by": "Eliminado por", "month": "Mes", "year": "Año", "planned_date": "Fecha programada",
    "visit_type": "Tipo de visita", "kind": "Tipo de actividad", "hours": "Horas", "days": "Días",
    "notes": "Notas", "validated_at": "Validado el", "validated_by": "Validado por", "attended": "Asistió",
    **{f"level_{n}": f"Nivel desempeño {n}" for n in range(1, 7)},
    # master data and catalogues (issue 16)
    "name": "Nombre", "code": "Código", "active": "Activo", "level": "Nivel", "area": "Área",
    "characteristic": "Característica", "ubigeo": "Ubigeo", "local_code": "Código de local",
    "modular_code": "Código modular", "annex": "Anexo", "dni": "DNI", "first_names": "Nombres",
    "last_name_1": "Apellido paterno", "last_name_2": "Apellido materno", "school_id": "Institución educativa",
    "ugel_id": "UGEL", "dre_id": "DRE", "intervention_id": "Intervención", "contract_start": "Inicio de contrato",
    "contract_end": "Fin de contrato", "department_code": "Departamento", "requires_text": "Requiere detalle",
    "position": "Orden", "role": "Rol", "scope": "Ámbito",
    "visits": "Visitas al año", "visit_days": "Días por visita", "group_sessions": "GIA al año",
    "group_session_hours": "Horas por GIA", "workshops": "Talleres al año", "workshop_days": "Días por taller",
    "community_visits": "Visitas sociales al año", "teachers_per_coach": "Docentes por acompañante",
    "first_month": "Primer mes de campo", "last_month": "Último mes de campo",
    # a quality finding's review state (issue 18)
    "state": "Estado", "note": "Nota", "records_count": "Registros al marcarlo",
}
# what a person does not read: a finding's key, kind and year say which finding it is, as the list does
HIDDEN_FIELDS = {"quality_finding": frozenset({"id", "finding_key", "kind", "year"})}
ENTITY_LABELS = {"activity": "Planificación", "execution": "Ejecución", "activity_participant": "Convocado",
                 "execution_participant": "Asistencia / IE visitada", "school": "Institución educativa",
                 "teacher": "Docente", "coach": "Acompañante", "dre": "DRE", "ugel": "UGEL",
                 "skip_reason": "Motivo de no ejecución", "protocol": "Protocolo", "user_account": "Usuario",
                 "quality_finding": "Hallazgo de calidad"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value) -> str:
    """A logged value as people read it: dates dd/mm/aaaa, yes/no, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    text = str(value)
    if _ISO_DATE.match(text):
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


@dataclass(frozen=True)
class _Line:
    when: str
    user: str
    op: str
    entity: str
    field: str
    old: str
    new: str
    seq: int


def _lines(entries, names: dict[str, str] | None = None) -> list[_Line]:
    """One line per changed field; `names` turns ids (UGEL, DRE, intervention) into what people read."""
    names = names or {}
    lines = []
    for e in entries:
        when, op = format_datetime(e.at), labels.operation(e.op)
        entity = ENTITY_LABELS.get(e.entity, e.entity)
        for field, (old, new) in sorted(e.changes.items()):
            if field == "id" or field in HIDDEN_FIELDS.get(e.entity, ()) or field.endswith("_id") and e.op == "insert":
                continue
            lines.append(_Line(when, e.user_dni, op, entity, FIELD_LABELS.get(field, field),
                               names.get(str(old), _shown(old)), names.get(str(new), _shown(new)), e.seq))
    return lines


class HistoryDialog(QDialog):
    def __init__(self, sigma, record_id: UUID, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Historial del registro"))
        self.resize(980, 520)
        self.model = RowsModel([
            Col(self.tr("Fecha y hora"), lambda r: r.when, lambda r: r.seq, 130),
            Col(self.tr("Usuario (DNI)"), lambda r: r.user, width=110),
            Col(self.tr("Operación"), lambda r: r.op, width=110),
            Col(self.tr("Registro"), lambda r: r.entity, width=170),
            Col(self.tr("Campo"), lambda r: r.field, width=190),
            Col(self.tr("Valor anterior"), lambda r: r.old, width=120),
            Col(self.tr("Valor nuevo"), lambda r: r.new, width=120),
        ], self)
        self.model.set_rows(_lines(sigma.history.of_record(record_id), _names(sigma)))
        self.view = QTableView()
        configure_view(self.view, self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)


def _names(sigma) -> dict[str, str]:
    """Ids of the offices and interventions → their names (a moved school shows «UGEL Grau», not a UUID)."""
    try:
        names = {str(o.id): f"{o.code} {o.name}" for o in sigma.browse.offices()}
        names.update({str(i.id): i.name for i in sigma.browse.interventions()})
    except Exception:  # noqa: BLE001 - the names only make the history easier to read
        return {}
    return names

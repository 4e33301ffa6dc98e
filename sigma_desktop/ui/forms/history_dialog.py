"""A record's history from the change log: who changed what, when, old and new values."""
from __future__ import annotations

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
    "state": "Estado", "note": "Nota", "records_count": "Registros al marcarlo",
}
# what a person does not read: a finding's key, kind and year say which finding it is, as the list does
HIDDEN_FIELDS = {"quality_finding": frozenset({"id", "finding_key", "kind", "year"})}
ENTITY_LABELS = {"activity": "Planificación", "execution": "Ejecución", "activity_participant": "Convocado",
                 "execution_participant": "Asistencia / IE visitada", "quality_finding": "Hallazgo de calidad"}


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


def _lines(entries) -> list[_Line]:
    lines = []
    for e in entries:
        when, op = format_datetime(e.at), labels.operation(e.op)
        entity = ENTITY_LABELS.get(e.entity, e.entity)
        for field, (old, new) in sorted(e.changes.items()):
            if field == "id" or field in HIDDEN_FIELDS.get(e.entity, ()) or field.endswith("_id") and e.op == "insert":
                continue
            lines.append(_Line(when, e.user_dni, op, entity, FIELD_LABELS.get(field, field),
                               "" if old is None else str(old), "" if new is None else str(new), e.seq))
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
        self.model.set_rows(_lines(sigma.history.of_record(record_id)))
        self.view = QTableView()
        configure_view(self.view, self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

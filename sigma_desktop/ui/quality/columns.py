"""The columns of the findings list and of a finding's records."""
from __future__ import annotations

from ..models.rows_model import Col


def finding_columns(tr, show_ugel: bool, show_kind: bool = True) -> list[Col]:
    cols = [
        Col(tr("Tipo de hallazgo"), lambda r: r.kind_label, width=190),
        Col(tr("Asunto"), lambda r: r.subject_label, width=250),
        Col(tr("Registros"), lambda r: str(r.count), lambda r: r.count, 86, align_right=True),
        Col(tr("Estado"), lambda r: r.state_label, width=110),
        Col(tr("Detalle"), lambda r: r.finding.detail, width=430),
        Col(tr("Nota"), lambda r: r.note, width=220),
    ]
    if show_ugel:
        cols.insert(2, Col(tr("UGEL"), lambda r: r.ugel_label, width=150))
    if not show_kind:
        cols.pop(0)
    return cols


def record_columns(tr) -> list[Col]:
    return [
        Col(tr("Registro"), lambda r: r.what_label, width=175),
        Col(tr("Acompañante"), lambda r: r.coach, width=200),
        Col(tr("DNI"), lambda r: r.dni, width=76),
        Col(tr("Docente / IE / tema"), lambda r: r.subject or "—", width=260),
        Col(tr("Mes"), lambda r: r.month_label, lambda r: r.month or 0, 80),
        Col(tr("Fecha"), lambda r: r.day_label, lambda r: r.day, 86),
        Col(tr("Estado del registro"), lambda r: r.state_label, width=170),
        Col(tr("Registrado el"), lambda r: r.registered_label, lambda r: r.registered_at, 132),
        Col(tr("Viáticos"), lambda r: r.money_label, width=230),
    ]

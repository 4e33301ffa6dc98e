"""Registrar no ejecución: motivo del catálogo, detalle (obligatorio para «Otro») y fecha."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...domain.coach_work import ActivityDetail
from ...domain.rules import limits as L
from ...domain.rules.facts import SkipReasonFacts
from ...domain.rules.registration import skip_fields
from ..widgets import DateField
from .form_base import FormDialog, default_day, record_checks, tr
from .labels import activity_title, subject
from ...domain.enums import Outcome, ValidationState


class NonExecutionForm(FormDialog):
    def __init__(self, sigma, detail: ActivityDetail, parent: QWidget | None = None):
        row = detail.row
        title = tr("Corregir no ejecución") if row.execution_id else tr("Registrar no ejecución")
        super().__init__(sigma, title, parent, intro=tr("Indique por qué no se realizó la actividad. Enter guarda."))
        self.detail = detail
        self.summary([activity_title(row), subject(row)],
                     row.validation_comment if row.validation_state == ValidationState.OBSERVED else None)
        self.reasons = sigma.catalogue_reads.skip_reasons()
        self.reason = QComboBox()
        self.reason.addItem(tr("— elija el motivo —"), None)
        for r in self.reasons:
            self.reason.addItem(r.name, r.code)
        current = row.skip_reason_code if detail.outcome == Outcome.NOT_EXECUTED else None
        if current:
            self.reason.setCurrentIndex(max(0, self.reason.findData(current)))
        self.add_field("motivo_no_ejecucion", tr("Motivo:"), self.reason)
        self.note = QLineEdit((row.skip_note or "") if detail.outcome == Outcome.NOT_EXECUTED else "")
        self.note.setMaxLength(L.SKIP_NOTE.max_len)
        self.add_field("detalle_motivo", tr("Detalle:"), self.note)
        self.reason.currentIndexChanged.connect(self._update_note_hint)
        self._update_note_hint()
        start = row.executed_on if detail.outcome == Outcome.NOT_EXECUTED else None
        self.date = DateField(value=start or default_day(row.year, row.month, row.planned_date))
        self.add_field("fecha_ejecucion", tr("Fecha:"), self.date,
                       hint=tr("Día en que debía realizarse (dentro del mes planificado)."))
        self.mark_clean()

    def _chosen(self):
        code = self.reason.currentData()
        return next((r for r in self.reasons if r.code == code), None)

    def _update_note_hint(self) -> None:
        reason = self._chosen()
        required = reason is not None and reason.requires_text
        self.note.setPlaceholderText(tr("Obligatorio: explique el motivo") if required else tr("Opcional"))

    def state(self) -> object:
        return (self.reason.currentData(), self.note.text().strip(), self.date.value())

    def check(self) -> dict[str, str]:
        row = self.detail.row
        p = record_checks(self.date.value(), row.year, row.month)
        reason = self._chosen()  # the catalogue offered here holds only active motivos
        facts = None if reason is None else SkipReasonFacts(None, reason.code, reason.name, reason.requires_text)
        skip_fields(p, self.reason.currentData(), facts, self.note.text())
        return p.found

    def submit(self):
        return self.sigma.registration.register_not_executed(
            self.detail.row.id, self.reason.currentData(), self.date.value(), note=self.note.text())

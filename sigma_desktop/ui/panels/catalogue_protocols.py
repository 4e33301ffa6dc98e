"""Catálogos y protocolos → Protocolos: the physical targets of each intervention and school level in a year.

Select a row to edit its targets; add the targets of a level an intervention lacks (a teacher of that level
then has a target); create the next year's protocol from the year shown. The indicators read the protocol
at every computation, so a change counts from the next report."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QWidget)

from ...domain import master_rules
from ...domain.catalogue_rules import PROTOCOL_FIELDS
from ...domain.dates import today_lima
from ...domain.errors import SigmaError
from .. import labels
from ..forms.master_forms import compact
from ..models.rows_model import Col
from .catalogue_tab import CatalogueTab
from .master_list import YearCombo, hint, level_label

SHORT = {"visits": ("Visitas", 65), "visit_days": ("Días/vis.", 78), "group_sessions": ("GIA", 50),
         "group_session_hours": ("Horas/GIA", 90), "workshops": ("Talleres", 72), "workshop_days": ("Días/tall.", 84),
         "community_visits": ("Vis. soc.", 78), "teachers_per_coach": ("Doc./AP", 72)}
PER_ROW = 3  # label and number pairs per row of the form: it fits 1366 px


class ProtocolsTab(CatalogueTab):
    def __init__(self, sigma, changed, parent: QWidget | None = None):
        super().__init__(sigma, changed, parent)
        self.model, self.view = self.table([
            Col(self.tr("Intervención"), lambda r: r.intervention, width=175),
            Col(self.tr("Nivel"), lambda r: level_label(r.level), lambda r: r.level, width=90),
            *(Col(self.tr(header), (lambda k: lambda r: str(getattr(r, k)))(f),
                  (lambda k: lambda r: getattr(r, k))(f), width=width, align_right=True)
              for f, (header, width) in SHORT.items()),
            Col(self.tr("Meses de campo"), lambda r: self.tr("{0} a {1}").format(
                labels.month(r.first_month).lower(), labels.month(r.last_month).lower()),
                lambda r: (r.first_month, r.last_month), width=150),
        ], "protocolList")
        self.year = YearCombo(self._years())
        self.year.setObjectName("protocolYear")
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyYear")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Año:")))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self._edit_box())
        self.layout_.addWidget(hint(self.tr(
            "Metas por docente en el año. Días/vis.: días por visita; Horas/GIA: horas por GIA; Días/tall.: días por "
            "taller; Vis. soc.: visitas sociales comunitarias (EIB); Doc./AP: docentes por acompañante. Un cambio "
            "cuenta desde el siguiente reporte.")))
        self.layout_.addWidget(self.general)
        self.layout_.addWidget(self.ok)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selected_changed())
        self.copy_button.clicked.connect(lambda: self.copy_to_next_year())
        self.refresh()

    def _years(self) -> list[int]:
        try:
            years = self.sigma.browse.protocol_years()
        except SigmaError:
            years = []
        this = today_lima().year
        return [y for y in years if y <= this] or years or [this]

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Metas del protocolo seleccionado (o de un nivel nuevo)"))
        self.spins: dict[str, QSpinBox] = {}
        grid = QGridLayout(box)
        for i, f in enumerate(PROTOCOL_FIELDS):
            spin = QSpinBox()
            spin.setObjectName(f.name)
            spin.setRange(f.low, f.high)
            self.spins[f.name] = spin
            label = QLabel(self.tr(f.label) + ":")
            grid.addWidget(label, i // PER_ROW, (i % PER_ROW) * 2)
            grid.addWidget(self.field(f.name, spin), i // PER_ROW, (i % PER_ROW) * 2 + 1)
        self.save_button = QPushButton(self.tr("Guardar metas"))
        self.save_button.setObjectName("primary")
        self.intervention = compact(QComboBox(), 16)
        self.intervention.setObjectName("newIntervention")
        for row in self.sigma.browse.interventions():
            self.intervention.addItem(row.name, row.key)
        self.level = QComboBox()
        self.level.setObjectName("newLevel")
        for code, label in master_rules.LEVEL_LABELS.items():
            self.level.addItem(label, code)
        self.add_button = QPushButton(self.tr("Agregar nivel con estas metas"))
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Nivel nuevo:")))
        buttons.addWidget(self.field("intervencion", self.intervention))
        buttons.addWidget(self.field("nivel", self.level))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        grid.addLayout(buttons, len(PROTOCOL_FIELDS) // PER_ROW + 1, 0, 1, PER_ROW * 2)
        self.save_button.clicked.connect(lambda: self.save_selected())
        self.add_button.clicked.connect(lambda: self.add_level())
        return box

    def refresh(self) -> None:
        year = self.year.value()
        self.copy_button.setText(self.tr("Crear protocolo {0} con las metas de {1}").format(year + 1, year))
        try:
            self.model.set_rows(self.sigma.browse.protocols(year))
        except SigmaError as exc:
            self.errors.show(exc)
        self._selected_changed()

    def select(self, intervention_key: str, level: str) -> bool:
        return self.select_where(lambda r: (r.intervention_key, r.level) == (intervention_key, level))

    def _selected_changed(self) -> None:
        row = self.selected()
        self.save_button.setEnabled(row is not None)
        if row is not None:
            for name, spin in self.spins.items():
                spin.setValue(getattr(row, name))
            self.intervention.setCurrentIndex(max(0, self.intervention.findData(row.intervention_key)))

    def _values(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.spins.items()}

    def save_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return self.failed(self.tr("Seleccione un protocolo de la lista."))
        try:
            self.sigma.catalogues.update_protocol(row.id, self._values(), version=row.version)
        except SigmaError as exc:
            return self.failed(exc)
        self.done(self.tr("Metas de {0} ({1}) {2} guardadas.").format(
            row.intervention, level_label(row.level).lower(), row.year), "protocol")
        self.select(row.intervention_key, row.level)
        return True

    def add_level(self) -> bool:
        key, level = self.intervention.currentData(), self.level.currentData()
        try:
            self.sigma.catalogues.add_protocol(key, self.year.value(), level, self._values())
        except SigmaError as exc:
            return self.failed(exc)
        self.done(self.tr("{0} {1}: metas para {2} agregadas.").format(
            self.intervention.currentText(), self.year.value(), level_label(level).lower()), "protocol")
        self.select(key, level)
        return True

    def copy_to_next_year(self) -> bool:
        try:
            result = self.sigma.catalogues.copy_year(self.year.value())
        except SigmaError as exc:
            return self.failed(exc)
        text = self.tr("Protocolo {0}: {1} filas copiadas de {2}").format(result.to_year, result.created,
                                                                         result.from_year)
        if result.kept:
            text += self.tr("; {0} ya existían y se mantienen").format(result.kept)
        self.done(text + ".", "protocol")
        return True

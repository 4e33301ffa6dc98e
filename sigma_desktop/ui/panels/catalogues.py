"""Catálogos y protocolos (administrador): interventions, motivos de no ejecución, rubric versions
with their desempeños and the protocol (physical targets) of each year. Read-only for now."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from ...domain.browse import RubricVersionRow
from ...domain.dates import today_lima
from ...domain.errors import SigmaError
from .. import labels
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .master_list import FieldErrors, YearCombo, hint, level_label


class CataloguesPanel(Panel):
    watches = frozenset({"intervention", "skip_reason", "rubric_version", "rubric_item", "protocol"})

    def title(self) -> str:
        return self.tr("Catálogos y protocolos")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.general = FieldErrors.label()
        self.layout_.addWidget(hint(self.tr(
            "Consulta de los catálogos vigentes. La edición de catálogos y protocolos estará disponible "
            "en una próxima versión.")))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._interventions_tab(), self.tr("Intervenciones"))
        self.tabs.addTab(self._reasons_tab(), self.tr("Motivos de no ejecución"))
        self.tabs.addTab(self._rubrics_tab(), self.tr("Rúbricas de observación"))
        self.tabs.addTab(self._protocols_tab(), self.tr("Protocolos"))
        self.layout_.addWidget(self.tabs, 1)
        self.layout_.addWidget(self.general)
        self.refresh()

    def _yes_no(self, value: bool) -> str:
        return self.tr("Sí") if value else self.tr("No")

    def _table(self, columns: list[Col], name: str) -> tuple[RowsModel, QTableView]:
        model = RowsModel(columns, self)
        view = QTableView()
        view.setObjectName(name)
        configure_view(view, model)
        view.setWordWrap(False)
        return model, view

    def _interventions_tab(self) -> QWidget:
        self.interventions, view = self._table([
            Col(self.tr("Intervención"), lambda r: r.name, width=230),
            Col(self.tr("Clave"), lambda r: r.key, width=150),
            Col(self.tr("Varios acompañantes por docente"), lambda r: self._yes_no(r.multi_coach),
                lambda r: r.multi_coach, width=250),
            Col(self.tr("Visitas sociales comunitarias"), lambda r: self._yes_no(r.has_community_visits),
                lambda r: r.has_community_visits, width=230),
        ], "interventionList")
        return self._tab(view)

    def _reasons_tab(self) -> QWidget:
        self.reasons, view = self._table([
            Col(self.tr("N°"), lambda r: str(r.position), lambda r: r.position, width=50, align_right=True),
            Col(self.tr("Motivo de no ejecución"), lambda r: r.name, width=520),
            Col(self.tr("Código"), lambda r: r.code, width=140),
            Col(self.tr("Requiere detalle"), lambda r: self._yes_no(r.requires_text), lambda r: r.requires_text,
                width=150),
            Col(self.tr("Activo"), lambda r: self._yes_no(r.active), lambda r: r.active, width=70),
        ], "reasonList")
        return self._tab(view)

    def _rubrics_tab(self) -> QWidget:
        self.versions, versions_view = self._table([
            Col(self.tr("Versión"), lambda r: r.code, width=80),
            Col(self.tr("Desde"), lambda r: str(r.first_year), lambda r: r.first_year, width=70),
            Col(self.tr("Hasta"), lambda r: str(r.last_year) if r.last_year else self.tr("vigente"),
                lambda r: r.last_year or 9999, width=80),
            Col(self.tr("Desempeños"), lambda r: str(len(r.items)), lambda r: len(r.items), width=100,
                align_right=True),
        ], "rubricVersionList")
        self.items, items_view = self._table([
            Col(self.tr("N°"), lambda r: str(r[0]), lambda r: r[0], width=45, align_right=True),
            Col(self.tr("Desempeño"), lambda r: r[1], width=600),
        ], "rubricItemList")
        self.versions_view = versions_view
        items_view.setWordWrap(True)  # six rows at most: rows may grow to show a whole desempeño
        items_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        versions_view.selectionModel().currentRowChanged.connect(self._version_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(versions_view)
        splitter.addWidget(items_view)
        splitter.setSizes([340, 660])
        splitter.setChildrenCollapsible(False)
        return self._tab(splitter, hint(self.tr(
            "Niveles I y II: insatisfactorio; III y IV: satisfactorio. Desde 2018 la rúbrica no incluye "
            "«Maximiza el tiempo dedicado al aprendizaje».")))

    def _protocols_tab(self) -> QWidget:
        self.protocols, view = self._table([
            Col(self.tr("Intervención"), lambda r: r.intervention, width=175),
            Col(self.tr("Nivel"), lambda r: level_label(r.level), lambda r: r.level, width=90),
            *(Col(header, (lambda f: lambda r: str(getattr(r, f)))(field),
                  (lambda f: lambda r: getattr(r, f))(field), width=width, align_right=True)
              for header, field, width in (
                  (self.tr("Visitas"), "visits", 65),
                  (self.tr("Días/vis."), "visit_days", 78),
                  (self.tr("GIA"), "group_sessions", 50),
                  (self.tr("Horas/GIA"), "group_session_hours", 88),
                  (self.tr("Talleres"), "workshops", 72),
                  (self.tr("Días/tall."), "workshop_days", 82),
                  (self.tr("Vis. soc."), "community_visits", 78),
                  (self.tr("Doc./AP"), "teachers_per_coach", 72))),
            Col(self.tr("Meses de campo"), lambda r: self.tr("{0} a {1}").format(
                labels.month(r.first_month).lower(), labels.month(r.last_month).lower()),
                lambda r: (r.first_month, r.last_month), width=150),
        ], "protocolList")
        self.protocol_year = YearCombo(self._protocol_years())
        self.protocol_year.setObjectName("protocolYear")
        self.protocol_year.currentIndexChanged.connect(lambda _i: self._load_protocols())
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Año:")))
        row.addWidget(self.protocol_year)
        row.addStretch(1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(view, 1)
        layout.addWidget(hint(self.tr(
            "Metas físicas por docente en el año. Días/vis.: días por visita; Horas/GIA: horas por GIA; "
            "Días/tall.: días por taller; Vis. soc.: visitas sociales comunitarias (EIB); Doc./AP: docentes "
            "por acompañante.")))
        return tab

    @staticmethod
    def _tab(*widgets: QWidget) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        for i, widget in enumerate(widgets):
            layout.addWidget(widget, 1 if i == 0 else 0)
        return tab

    def _protocol_years(self) -> list[int]:
        try:
            years = self.sigma.browse.protocol_years()
        except SigmaError:
            years = []
        this = today_lima().year
        return [y for y in years if y <= this] or years or [this]

    def refresh(self) -> None:
        try:
            self.interventions.set_rows(self.sigma.browse.interventions())
            self.reasons.set_rows(self.sigma.browse.skip_reasons())
            self.versions.set_rows(self.sigma.browse.rubric_versions())
        except SigmaError as exc:
            self.general.setText(str(exc))
            self.general.show()
        if self.versions.rows:
            self.versions_view.selectRow(len(self.versions.rows) - 1)  # the version in force
        self._load_protocols()

    def _version_changed(self, current, _previous) -> None:
        version: RubricVersionRow | None = self.versions.row(current) if current.isValid() else None
        self.items.set_rows(list(version.items) if version else [])

    def _load_protocols(self) -> None:
        try:
            self.protocols.set_rows(self.sigma.browse.protocols(self.protocol_year.value()))
        except SigmaError as exc:
            self.general.setText(str(exc))
            self.general.show()


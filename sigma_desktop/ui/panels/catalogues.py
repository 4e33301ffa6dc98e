"""Catálogos y protocolos (administrador): DRE y UGEL, interventions, motivos de no ejecución, rubric
versions with their desempeños and the protocol (physical targets) of each year.

The administrator registers and corrects offices, edits motivos and protocol targets (tabs in their own
modules); interventions and rubric versions are read here. Every edit is a service call that checks the role
and writes the change log; the panel tells the window which catalogue changed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from ...domain.browse import RubricVersionRow
from ...domain.errors import SigmaError
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel
from .catalogue_offices import OfficesTab
from .catalogue_protocols import ProtocolsTab
from .catalogue_reasons import ReasonsTab
from .master_list import FieldErrors, hint


class CataloguesPanel(Panel):
    watches = frozenset({"intervention", "skip_reason", "rubric_version", "rubric_item", "protocol", "dre", "ugel"})

    def title(self) -> str:
        return self.tr("Catálogos y protocolos")

    def __init__(self, sigma, parent=None):
        super().__init__(sigma, parent)
        self.general = FieldErrors.label()
        self.tabs = QTabWidget()
        self.offices_tab = OfficesTab(sigma, self.notify)
        self.reasons_tab = ReasonsTab(sigma, self.notify)
        self.protocols_tab = ProtocolsTab(sigma, self.notify)
        self.reasons, self.protocols = self.reasons_tab.model, self.protocols_tab.model
        self.protocol_year = self.protocols_tab.year
        self.tabs.addTab(self.offices_tab, self.tr("DRE y UGEL"))
        self.tabs.addTab(self._interventions_tab(), self.tr("Intervenciones"))
        self.tabs.addTab(self.reasons_tab, self.tr("Motivos de no ejecución"))
        self.tabs.addTab(self._rubrics_tab(), self.tr("Rúbricas de observación"))
        self.tabs.addTab(self.protocols_tab, self.tr("Protocolos"))
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
            Col(self.tr("Intervención"), lambda r: r.name, width=260),
            Col(self.tr("Varios acompañantes por docente"), lambda r: self._yes_no(r.multi_coach),
                lambda r: r.multi_coach, width=250),
            Col(self.tr("Visitas sociales comunitarias"), lambda r: self._yes_no(r.has_community_visits),
                lambda r: r.has_community_visits, width=230),
        ], "interventionList")
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

    @staticmethod
    def _tab(*widgets: QWidget) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        for i, widget in enumerate(widgets):
            layout.addWidget(widget, 1 if i == 0 else 0)
        return tab

    def refresh(self) -> None:
        try:
            self.interventions.set_rows(self.sigma.browse.interventions())
            self.versions.set_rows(self.sigma.browse.rubric_versions())
        except SigmaError as exc:
            self.general.setText(str(exc))
            self.general.show()
        if self.versions.rows:
            self.versions_view.selectRow(len(self.versions.rows) - 1)  # the version in force
        for tab in (self.offices_tab, self.reasons_tab, self.protocols_tab):
            tab.refresh()

    def _version_changed(self, current, _previous) -> None:
        version: RubricVersionRow | None = self.versions.row(current) if current.isValid() else None
        self.items.set_rows(list(version.items) if version else [])

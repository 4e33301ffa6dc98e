"""The modules each role sees, as data: the main window builds its navigation from this table."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from PySide6.QtCore import QCoreApplication

from ..domain.enums import Role

ALL = frozenset(Role)


@dataclass(frozen=True)
class Module:
    key: str
    label: str  # translated at display time (context "navigation")
    roles: frozenset[Role]
    target: str  # "module:Class" of the panel, imported when first opened

    def title(self) -> str:
        return QCoreApplication.translate("navigation", self.label)

    def panel_class(self):
        module, cls = self.target.split(":")
        return getattr(import_module(module), cls)


MODULES: tuple[Module, ...] = (
    # each role's Inicio is its dashboard (issue 18); the administrator's is the plain welcome
    Module("home", "Inicio", frozenset({Role.ADMIN}), "sigma_desktop.ui.panels.home:HomePanel"),
    Module("home", "Inicio", frozenset({Role.COACH}), "sigma_desktop.ui.home.coach:CoachHomePanel"),
    Module("home", "Inicio", frozenset({Role.LOCAL_MANAGER, Role.REGIONAL_MANAGER, Role.QUALITY_COORDINATOR}),
           "sigma_desktop.ui.home.manager:ManagerHomePanel"),
    Module("home", "Inicio", frozenset({Role.DATA_QUALITY}), "sigma_desktop.ui.home.rci:RciHomePanel"),
    Module("quality", "Calidad de la información", frozenset({Role.DATA_QUALITY, Role.QUALITY_COORDINATOR}),
           "sigma_desktop.ui.panels.quality:QualityPanel"),
    Module("my_teachers", "Mis docentes", frozenset({Role.COACH}),
           "sigma_desktop.ui.panels.my_teachers:MyTeachersPanel"),
    Module("planning", "Planificación y registro", frozenset({Role.COACH}),
           "sigma_desktop.ui.panels.planning:PlanningPanel"),
    Module("validation", "Validación", frozenset({Role.LOCAL_MANAGER}),
           "sigma_desktop.ui.panels.validation:ValidationPanel"),
    Module("control", "Módulo de Control", ALL, "sigma_desktop.ui.panels.control:ControlPanel"),
    # an AP's Reportes hold their own work only (the services limit the scope)
    Module("reports", "Reportes", ALL, "sigma_desktop.ui.panels.reports:ReportsPanel"),
    Module("teachers", "Docentes", ALL - {Role.COACH}, "sigma_desktop.ui.panels.teachers:TeachersPanel"),
    Module("schools", "Instituciones educativas", ALL - {Role.COACH},
           "sigma_desktop.ui.panels.schools:SchoolsPanel"),
    Module("coaches", "Acompañantes", ALL - {Role.COACH}, "sigma_desktop.ui.panels.coaches:CoachesPanel"),
    Module("assignments", "Asignaciones", frozenset({Role.DATA_QUALITY, Role.ADMIN}),
           "sigma_desktop.ui.panels.assignments:AssignmentsPanel"),
    Module("trash", "Papelera", frozenset({Role.DATA_QUALITY}), "sigma_desktop.ui.panels.trash:TrashPanel"),
    Module("users", "Usuarios", frozenset({Role.ADMIN}), "sigma_desktop.ui.panels.users:UsersPanel"),
    Module("catalogues", "Catálogos y protocolos", frozenset({Role.ADMIN}),
           "sigma_desktop.ui.panels.catalogues:CataloguesPanel"),
    Module("sync", "Sincronización", ALL, "sigma_desktop.ui.panels.sync:SyncPanel"),
)


def modules_for(role: Role) -> list[Module]:
    return [m for m in MODULES if role in m.roles]

"""The main window: composes the navigation, the panels and the status bar. It holds no logic."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget,
                               QWidget)

from ..domain.enums import ROLE_LABELS, Role, ScopeLevel

# Short role names for the status bar (the full name is in the tooltip).
ROLE_SHORT = {Role.DATA_QUALITY: "RCI", Role.QUALITY_COORDINATOR: "Coordinador de Calidad",
              Role.COACH: "Acompañante (AP)"}
from ..services import Sigma
from .icons import app_icon, module_icon
from .navigation import Module, modules_for
from .panels.base import Panel


class MainWindow(QMainWindow):
    sig_sign_out = Signal()

    def __init__(self, sigma: Sigma, database_label: str, mode_label: str):
        super().__init__()
        self.sigma = sigma
        self.mode_label = mode_label
        actor = sigma.actor
        self.setWindowTitle(self.tr("SIGMA Desktop — {0}").format(actor.name))
        self.setWindowIcon(app_icon())
        self.modules = modules_for(actor.role)
        self.panels: dict[str, Panel] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(240)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for module in self.modules:
            item = QListWidgetItem(module_icon(module.key), module.title())
            item.setData(Qt.ItemDataRole.UserRole, module.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._status(actor, database_label, mode_label)
        from .panels.sync import initial_status_text  # replica: pending changes, last sync, open conflicts
        self.set_sync_status(initial_status_text(sigma))
        self._menus()
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)
        self._restore_geometry()

    def _status(self, actor, database_label: str, mode_label: str) -> None:
        scope = actor.scope.value.upper() if actor.scope is not ScopeLevel.NATION else "Nacional"
        user = QLabel(self.tr("Usuario: {0} ({1})").format(actor.name, actor.dni))
        role = QLabel(self.tr("Rol: {0} — Ámbito: {1}").format(ROLE_SHORT.get(actor.role, ROLE_LABELS[actor.role]),
                                                               scope))
        role.setToolTip(ROLE_LABELS[actor.role])
        db = QLabel(self.tr("Base de datos: {0}").format(mode_label))
        db.setToolTip(database_label)  # the full location fits in a tooltip, not in the status bar
        self.sync_label = QLabel(self.tr("Sincronización: no configurada"))
        for w in (user, role, db):
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.sync_label)

    def set_sync_status(self, text: str) -> None:
        """The status bar's synchronisation text (the sync panel keeps it current: sig_sync_status)."""
        self.sync_label.setText(text)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Archivo"))
        from .forms.import_wizard import install_menu as install_imports  # import wizard and templates
        install_imports(self, file_menu)
        from .safety_menu import install as install_safety  # backups, restore, audit export, idle lock
        install_safety(self, file_menu)
        from .report_menu import install as install_reports  # verify a printed report, its signatories
        self.report_actions = install_reports(self, file_menu)
        from .forms.change_password import install_menu as install_password  # «Cambiar mi contraseña…»
        install_password(self, file_menu)
        sign_out = QAction(self.tr("Cerrar sesión"), self)
        sign_out.triggered.connect(self.sig_sign_out.emit)
        quit_action = QAction(self.tr("Salir"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(sign_out)
        file_menu.addAction(quit_action)
        from .help_menu import install as install_help  # user guide, «Acerca de»
        self.help_actions = install_help(self, self.mode_label)

    def panel(self, key: str) -> Panel:
        """The panel of a module, created on first use (imports stay lazy)."""
        if key not in self.panels:
            module: Module = next(m for m in self.modules if m.key == key)
            panel = module.panel_class()(self.sigma, self)
            panel.sig_changed.connect(lambda changes, sender=panel: self.publish_changes(changes, sender))
            if hasattr(panel, "sig_sync_status"):
                panel.sig_sync_status.connect(self.set_sync_status)
            if hasattr(panel, "sig_open_module"):  # a dashboard's link to the module behind a figure
                panel.sig_open_module.connect(self.show_module)
            self.panels[key] = panel
            self._restore_columns(key, panel)
            self.stack.addWidget(panel)
        return self.panels[key]

    def show_module(self, key: str) -> Panel | None:
        row = next((i for i, m in enumerate(self.modules) if m.key == key), None)
        if row is None:  # not a module of this role
            return None
        self.nav.setCurrentRow(row)
        return self.panels[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        panel = self.panel(self.modules[row].key)
        self.stack.setCurrentWidget(panel)

    def publish_changes(self, changes, sender: Panel | None = None) -> None:
        """Passes a write's ChangeSet to every open panel but the one that made it (menus and wizards that
        write call this too); each panel refreshes only if the change touches what it shows."""
        for panel in self.panels.values():
            if panel is not sender:
                panel.on_data_changed(changes)

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def _tables(self, panel: Panel) -> list:
        from PySide6.QtWidgets import QTableView

        return panel.findChildren(QTableView)

    @staticmethod
    def _columns_key(key: str, i: int, view) -> str:
        """Per panel, table (by its object name when it has one: a panel that gains a table does not hand one
        table's widths and hidden columns to another) and number of columns: a table whose columns changed
        (a new version, another view of the control grid) never gets the widths of other columns."""
        model = view.model()
        return f"columns/{key}/{view.objectName() or i}/{model.columnCount() if model is not None else 0}"

    def _restore_columns(self, key: str, panel: Panel) -> None:
        """Column widths and order as the user left them (per panel and table)."""
        settings = QSettings()
        for i, view in enumerate(self._tables(panel)):
            state = settings.value(self._columns_key(key, i, view))
            if state is not None:
                view.horizontalHeader().restoreState(state)

    def _save_columns(self) -> None:
        settings = QSettings()
        for key, panel in self.panels.items():
            for i, view in enumerate(self._tables(panel)):
                settings.setValue(self._columns_key(key, i, view), view.horizontalHeader().saveState())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._save_columns()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)

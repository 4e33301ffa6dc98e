"""Archivo menu entries for data safety: backups, restore, change-log export, idle lock; the idle lock
itself is attached here too. Installed by the main window with one call (`install`)."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QMainWindow, QMenu, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..domain.dates import LIMA, format_datetime, today_lima
from ..domain.enums import Role
from ..domain.permissions import Action, allowed
from ..domain.session_policy import IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES
from . import runner
from .idle_lock import IdleLock, configured_minutes, set_configured_minutes
from .messages import confirm, show_error


def tr(text: str) -> str:
    return QCoreApplication.translate("safety", text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """An information box (a module function so that tests can replace it)."""
    QMessageBox.information(parent, title, text)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


KIND_LABELS = {"manual": "manual", "diaria": "automática (diaria)",
               "antes-de-migrar": "automática (antes de actualizar)"}


class BackupDialog(QDialog):
    """Lists the copies; makes one now (here or in another folder) or, in restore mode, restores one."""

    sig_restored = Signal(object)  # RestoreResult

    def __init__(self, sigma, parent: QWidget | None = None, *, restore_mode: bool = False):
        super().__init__(parent)
        self.sigma = sigma
        self.restore_mode = restore_mode
        self.setWindowTitle(tr("Restaurar copia de seguridad") if restore_mode else tr("Copias de seguridad"))
        self.setMinimumSize(860, 420)
        folder = sigma.backup.folder()
        info = QLabel(tr("Carpeta de copias: {0}\nAl primer inicio de cada día y antes de cada actualización se "
                         "hace una copia automática verificada; se conservan las más recientes. Lleve de vez en "
                         "cuando una copia a otro disco o a una memoria USB.").format(folder))
        info.setWordWrap(True)
        info.setObjectName("hint")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels([tr("Fecha y hora"), tr("Clase"), tr("Tamaño"), tr("Archivo")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):  # a handful of rows: sizing to the contents is cheap here
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        if restore_mode:
            self.primary = QPushButton(tr("Restaurar la copia seleccionada"))
            self.primary.clicked.connect(self.restore_selected)
            self.secondary = QPushButton(tr("Restaurar desde otro archivo…"))
            self.secondary.clicked.connect(self._restore_other)
        else:
            self.primary = QPushButton(tr("Hacer copia ahora"))
            self.primary.clicked.connect(lambda: self.backup_now())
            self.secondary = QPushButton(tr("Hacer copia en otra carpeta…"))
            self.secondary.clicked.connect(self._backup_elsewhere)
        close = QPushButton(tr("Cerrar"))
        close.clicked.connect(self.accept)
        for b in (self.primary, self.secondary):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.backups = self.sigma.backup.list()
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            for col, text in enumerate((format_datetime(b.taken_at), KIND_LABELS.get(b.kind, b.kind),
                                        _size(b.size), b.name)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(b.path))
                self.table.setItem(row, col, item)
        if self.backups:
            self.table.selectRow(0)
        self.primary.setEnabled(bool(self.backups) or not self.restore_mode)
        if not self.backups:
            self.status.setText(tr("Aún no hay copias en esta carpeta."))

    def _busy(self, busy: bool) -> None:
        self.primary.setEnabled(not busy)
        self.secondary.setEnabled(not busy)

    # --- backup -----------------------------------------------------------------------------------
    def backup_now(self, folder: str | None = None) -> None:
        self._busy(True)
        self.status.setText(tr("Haciendo la copia y verificándola…"))
        runner.run(self, lambda: self.sigma.backup.create(folder), self._backed_up, self._failed,
                   busy_text=tr("Haciendo la copia de seguridad…"))

    def _backed_up(self, made) -> None:
        self._busy(False)
        self.refresh()
        self.status.setText(tr("Copia verificada: {0} ({1})").format(made.path, _size(made.size)))

    def _backup_elsewhere(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Carpeta para la copia (por ejemplo, una memoria USB)"))
        if folder:
            self.backup_now(folder)

    # --- restore ----------------------------------------------------------------------------------
    def selected_path(self) -> str | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        return self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path:
            self.restore_file(path)

    def _restore_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Copia de seguridad a restaurar"),
                                              str(self.sigma.backup.folder() or ""),
                                              tr("Copias de SIGMA (*.sqlite3);;Todos los archivos (*)"))
        if path:
            self.restore_file(path)

    def restore_file(self, path: str, *, ask: bool = True) -> None:
        if ask and not confirm(self, tr("Restaurar copia de seguridad"), tr(
                "Se reemplazarán TODOS los datos actuales por los de la copia:\n{0}\n\nLa base actual se guardará "
                "aparte y todos deberán iniciar sesión de nuevo. ¿Continuar?").format(Path(path).name)):
            return
        self._busy(True)
        self.status.setText(tr("Verificando y restaurando la copia…"))
        runner.run(self, lambda: self.sigma.backup.restore(path), self._restored, self._failed,
                   busy_text=tr("Restaurando la copia de seguridad…"))

    def _restored(self, result) -> None:
        self._busy(False)
        aside = tr("\nLa base anterior quedó guardada como:\n{0}").format(result.kept_aside) if result.kept_aside else ""
        if result.repaired:
            aside += tr("\n\nLa copia había perdido protecciones de la bitácora de cambios ({0}); se "
                        "volvieron a crear.").format(", ".join(result.repaired))
        inform(self, tr("Copia restaurada"), tr("Se restauró la copia {0}.{1}\n\nInicie sesión de nuevo.").format(
            Path(result.restored_from).name, aside))
        self.sig_restored.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText("")
        show_error(self, exc)


class SafetyActions(QObject):
    """The menu actions a role may use, plus the idle lock of the window."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.sigma = window.sigma
        role = self.sigma.actor.role
        local = self.sigma.backup.available
        self.backup_action = self._add(menu, tr("Copia de seguridad…"), self.open_backups,
                                       local and allowed(role, Action.BACKUP))
        self.restore_action = self._add(menu, tr("Restaurar copia…"), self.open_restore,
                                        local and allowed(role, Action.RESTORE_BACKUP))
        self.audit_action = self._add(menu, tr("Exportar bitácora de cambios…"), self.export_audit,
                                      allowed(role, Action.EXPORT_AUDIT))
        self.idle_action = self._add(menu, tr("Bloqueo por inactividad…"), self.configure_idle,
                                     role is Role.ADMIN)
        if any(a is not None for a in (self.backup_action, self.restore_action, self.audit_action, self.idle_action)):
            menu.addSeparator()
        self.idle_lock = IdleLock(window, self.sigma)
        self.dialog: BackupDialog | None = None
        self._warn_if_no_copy_today()

    def _add(self, menu: QMenu, text: str, slot, visible: bool) -> QAction | None:
        if not visible:
            return None
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _warn_if_no_copy_today(self) -> None:
        try:
            status = self.sigma.backup.status()
        except Exception:  # noqa: BLE001 - a warning must never stop the window from opening
            return
        if not status.available:
            return
        latest = status.latest
        if latest is None:
            text = tr("Aviso: no hay copias de seguridad de esta base. Revise el espacio en disco y los permisos "
                      "de su carpeta.")
        elif datetime.now(LIMA) - latest.taken_at > timedelta(hours=30):
            text = tr("Aviso: la última copia de seguridad es del {0}. Revise el espacio en disco y haga una "
                      "copia desde Archivo → Copia de seguridad…").format(format_datetime(latest.taken_at))
        else:
            return
        self.window.statusBar().showMessage(text)

    def open_backups(self) -> BackupDialog:
        self.dialog = BackupDialog(self.sigma, self.window)
        self.dialog.open()
        return self.dialog

    def open_restore(self) -> BackupDialog:
        self.dialog = BackupDialog(self.sigma, self.window, restore_mode=True)
        self.dialog.sig_restored.connect(lambda _r: self.window.sig_sign_out.emit())
        self.dialog.open()
        return self.dialog

    def export_audit(self, path: str | None = None) -> None:
        if not path:
            default = Path.home() / f"bitacora-sigma-{today_lima():%Y%m%d}.csv"
            path, _ = QFileDialog.getSaveFileName(self.window, tr("Exportar bitácora de cambios"), str(default),
                                                  tr("CSV (*.csv);;JSON (*.json)"))
            if not path:
                return
        runner.run(self.window, lambda: self.sigma.audit.export(path),
                   lambda done: inform(self.window, tr("Bitácora exportada"),
                                       tr("Se exportaron {0} cambios a:\n{1}").format(done.rows, done.path)),
                   busy_text=tr("Exportando la bitácora de cambios…"))

    def configure_idle(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window, tr("Bloqueo por inactividad"),
            tr("Minutos sin uso antes de bloquear la sesión en este equipo:"), configured_minutes(),
            IDLE_LOCK_MIN_MINUTES, IDLE_LOCK_MAX_MINUTES)
        if ok:
            self.idle_lock.set_timeout_minutes(set_configured_minutes(minutes))


def install(window: QMainWindow, file_menu: QMenu) -> SafetyActions:
    window.safety = SafetyActions(window, file_menu)
    return window.safety

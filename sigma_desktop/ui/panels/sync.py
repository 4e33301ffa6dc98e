"""Sincronización: what this database is (local, shared, hub, replica), pending changes, the last
successful sync, open conflicts; «Sincronizar ahora» with a progress bar; the sync file for a USB
stick; the connection dialog; and, where the hub's data is, the RCI's conflict resolution.

The status bar's synchronisation text comes from here too (`status_text`, `sig_sync_status`).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QProgressBar,
                               QPushButton, QTableView)

from ...domain.dates import format_datetime
from ...domain.enums import Role
from ...domain.sync import ConflictRow, SyncStatus
from .. import runner
from ..messages import show_error
from ..models.rows_model import Col, RowsModel, configure_view
from .base import Panel

FILE_FILTER = "Archivo de sincronización (*.sigmasync)"
RESOLVERS = frozenset({Role.DATA_QUALITY, Role.LOCAL_MANAGER, Role.ADMIN})


def status_text(status: SyncStatus) -> str:
    """One line for the status bar."""
    if status.is_replica:
        last = format_datetime(status.last_success) if status.last_success else "nunca"
        text = f"Réplica: {status.pending} cambios por enviar · última sincronización: {last}"
        if status.open_conflicts:
            text += f" · conflictos abiertos: {status.open_conflicts}"
        return text
    if status.mode == "hub":
        return (f"Servidor central · réplicas registradas: {status.replicas} · "
                f"conflictos abiertos: {status.open_conflicts}")
    return "Sincronización: no configurada"


def initial_status_text(sigma) -> str:
    """The status bar's text when the main window opens (one small query)."""
    try:
        return status_text(sigma.sync.status())
    except Exception:  # noqa: BLE001 - the status bar never stops the window from opening
        return "Sincronización: estado desconocido"


def _value(v) -> str:
    from ..forms.conflict_dialog import value_text

    return value_text(v)


class SyncPanel(Panel):
    sig_sync_status = Signal(str)
    watches = frozenset({"sync_conflict"})

    def title(self) -> str:
        return self.tr("Sincronización")

    def __init__(self, sigma, parent=None, hub_client: Callable | None = None):
        super().__init__(sigma, parent)
        self.hub_client = hub_client  # tests give an in-process hub; the app uses the saved address
        self.status: SyncStatus | None = None
        self.busy = False

        box = QGroupBox(self.tr("Estado"))
        form = QFormLayout(box)
        self.mode_label, self.hub_label, self.scope_label = QLabel(), QLabel(), QLabel()
        self.pending_label, self.last_label, self.conflicts_label = QLabel(), QLabel(), QLabel()
        for label, widget in ((self.tr("Base de datos"), self.mode_label),
                              (self.tr("Servidor central"), self.hub_label),
                              (self.tr("Ámbito"), self.scope_label),
                              (self.tr("Cambios por enviar"), self.pending_label),
                              (self.tr("Última sincronización"), self.last_label),
                              (self.tr("Conflictos abiertos"), self.conflicts_label)):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label + ":", widget)
        self.layout_.addWidget(box)

        actions = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Sincronizar ahora"))
        self.sync_button.setObjectName("primary")
        self.export_button = QPushButton(self.tr("Exportar archivo…"))
        self.import_button = QPushButton(self.tr("Importar archivo…"))
        self.connection_button = QPushButton(self.tr("Conexión…"))
        for b in (self.sync_button, self.export_button, self.import_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.connection_button)
        self.layout_.addLayout(actions)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.stage = QLabel()
        self.stage.setObjectName("hint")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("okMessage")
        self.layout_.addWidget(self.stage)
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.message)

        self.layout_.addWidget(QLabel(self.tr("Conflictos abiertos de su ámbito")))
        self.model = RowsModel(self._columns(), self)
        self.view = QTableView()
        self.view.setObjectName("conflicts")
        configure_view(self.view, self.model)
        self.layout_.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.resolve_button = QPushButton(self.tr("Resolver…"))
        row.addWidget(self.hint, 1)
        row.addWidget(self.resolve_button)
        self.layout_.addLayout(row)

        self._progress = runner.ProgressRelay(self)
        self._progress.sig.connect(self._show_progress)
        self.sync_button.clicked.connect(lambda: self.sync_now())
        self.export_button.clicked.connect(lambda: self.export_file())
        self.import_button.clicked.connect(lambda: self.import_file())
        self.connection_button.clicked.connect(self.open_connection)
        self.resolve_button.clicked.connect(lambda: self.resolve_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def _columns(self) -> list[Col[ConflictRow]]:
        from ..forms.conflict_dialog import field_label

        tr = self.tr
        return [
            Col(tr("Detectado"), lambda c: format_datetime(c.created_at), lambda c: c.created_at, 120),
            Col(tr("Tipo"), lambda c: c.kind_label, width=210),
            Col(tr("Registro"), lambda c: c.entity_label, width=150),
            Col(tr("Dato"), lambda c: field_label(c.field) if c.field else tr("(todo el cambio)"), width=150),
            Col(tr("Servidor"), lambda c: _value(c.hub_value) if c.field else "", width=110),
            Col(tr("Réplica"), lambda c: _value(c.node_value) if c.field else "", width=110),
            Col(tr("Hecho en la réplica por"), lambda c: f"{c.node_user_dni} ({format_datetime(c.node_at)})",
                width=200),
            Col(tr("UGEL"), lambda c: c.ugel or "", width=150),
        ]

    # --- state ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            status = self.sigma.sync.status()
            conflicts = self.sigma.sync.conflicts()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.status = status
        self.mode_label.setText(status.mode_label)
        self.hub_label.setText(status.hub_url or status.hub_id or "—")
        self.scope_label.setText(status.scope_text or ("—" if status.mode != "hub" else
                                                       self.tr("réplicas registradas: {0}").format(status.replicas)))
        self.pending_label.setText(str(status.pending) if status.is_replica else "—")
        self.last_label.setText(format_datetime(status.last_success) if status.last_success else
                                (self.tr("nunca") if status.is_replica else "—"))
        self.conflicts_label.setText(str(status.open_conflicts if status.is_replica else len(conflicts)))
        self.model.set_rows(conflicts)
        if status.mode == "hub":
            self.hint.setText(self.tr("Elija un conflicto y pulse «Resolver…»: decida dato por dato qué valor "
                                      "se conserva. La decisión llega a las réplicas en su próxima sincronización."))
        elif status.is_replica:
            self.hint.setText(self.tr("Los conflictos los resuelve el RCI (o el Gestor Local, si son de un mes "
                                      "cerrado) en la base compartida de la oficina; esta réplica recibirá la "
                                      "decisión al sincronizar."))
        else:
            self.hint.setText(self.tr("Esta base no sincroniza. Para trabajar sin conexión con los datos de la "
                                      "oficina, use «Conexión…» → Réplica."))
        self._update_buttons()
        self.sig_sync_status.emit(status_text(status))

    def _update_buttons(self) -> None:
        status = self.status
        replica = bool(status and status.is_replica)
        hub = bool(status and status.mode == "hub")
        self.sync_button.setEnabled(replica and not self.busy)
        self.export_button.setEnabled(replica and not self.busy)
        self.import_button.setEnabled((replica or hub) and not self.busy)
        actor = self.sigma.actor
        self.resolve_button.setEnabled(hub and actor is not None and actor.role in RESOLVERS
                                       and bool(self.view.selectionModel().selectedRows()))

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(f"{stage}: {done} de {total}" if total else stage)
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    # --- actions -------------------------------------------------------------------------------------
    def _run(self, fn, done_text: Callable) -> None:
        self.busy = True
        self.message.clear()
        self._update_buttons()

        def finished(report) -> None:
            self.busy = False
            self.progress.setVisible(False)
            self.stage.clear()
            self.message.setText(done_text(report))
            self.refresh()
            self.notify("sync_conflict", "activity", "execution", "teacher", "school", "coach", "assignment")

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.progress.setVisible(False)
            self.stage.clear()
            self.refresh()
            show_error(self, exc, self.tr("La sincronización no terminó"))

        runner.run(self, fn, finished, failed)

    def sync_now(self) -> None:
        hub = self.hub_client() if self.hub_client else None
        self._run(lambda: self.sigma.sync.sync(hub=hub, progress=self._progress),
                  lambda r: self.tr("Sincronización terminada. {0}").format(r.summary()))

    def export_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar archivo de sincronización"),
                                                  "cambios.sigmasync", self.tr(FILE_FILTER))
            if not path:
                return
        self._run(lambda: self.sigma.sync.export_file(path),
                  lambda r: self.tr("Archivo guardado: {0} ({1} cambios). Llévelo a la oficina e impórtelo en "
                                    "la base compartida; luego importe aquí el archivo de respuesta.")
                  .format(r.reply_path, r.pushed))

    def import_file(self, path: str | None = None, reply: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Archivo de sincronización"), "",
                                                  self.tr(FILE_FILTER))
            if not path:
                return

        def done(report) -> str:
            if self.status and self.status.mode == "hub":
                return self.tr("{0} Respuesta para la réplica: {1}").format(report.received_summary(),
                                                                            report.reply_path)
            return self.tr("Archivo aplicado. {0}").format(report.summary())

        self._run(lambda: self.sigma.sync.import_file(path, reply), done)

    def selected_conflicts(self) -> list[ConflictRow]:
        """The open conflicts of the record of the selected row (they are resolved together)."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return []
        chosen = self.model.row(rows[0])
        return [c for c in self.model.rows if c.entity_id == chosen.entity_id]

    def resolve_selected(self, dialog_factory=None) -> bool:
        conflicts = self.selected_conflicts()
        if not conflicts:
            return False
        from ..forms.conflict_dialog import ConflictDialog

        dialog = (dialog_factory or ConflictDialog)(self.sigma, conflicts, self)
        accepted = dialog.exec() == ConflictDialog.DialogCode.Accepted
        if accepted:
            self.refresh()
            self.notify("sync_conflict", conflicts[0].entity)
        return accepted

    def open_connection(self) -> None:
        from ..forms.connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(self)
        if dialog.exec() == ConnectionDialog.DialogCode.Accepted:
            QMessageBox.information(self, self.tr("Conexión guardada"), self.tr(
                "SIGMA Desktop usará esta base de datos la próxima vez que se abra:\n{0}").format(dialog.saved_label))

    def on_data_changed(self, entities: frozenset[str]) -> None:
        # a local write changes the number of pending changes: refresh soon, once
        if not self.busy:
            QTimer.singleShot(0, self.refresh)

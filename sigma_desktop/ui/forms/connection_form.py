"""The choice of database as a widget: local file, the office's shared PostgreSQL, or a replica.

Used by the connection dialog (Sincronización → Conexión…, and «Conexión…» on the sign-in window) and
by the first-run wizard. Each choice can be tried before it is kept («Probar conexión»); a replica is
created here from the hub with the credential the administrator gave («Crear réplica», with a progress
bar). `remember()` saves the choice in the user's data folder (config.save_connection); a server
password goes to the system's credential store when there is one, never to a file.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QRadioButton, QSpinBox, QStackedWidget, QVBoxLayout,
                               QWidget)

from ... import credentials
from ...config import data_dir, describe_url, save_connection, saved_connection
from .. import runner
from ..messages import describe

LOCAL, SHARED, REPLICA = 0, 1, 2
MODES = {LOCAL: "local", SHARED: "shared", REPLICA: "replica"}


def postgres_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return f"postgresql+psycopg://{auth}@{host}:{port}/{quote(database, safe='')}"


def _path_field(default: str) -> tuple[QWidget, QLineEdit, QPushButton]:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    edit = QLineEdit(default)
    browse = QPushButton(QCoreApplication.translate("ConnectionForm", "Examinar…"))
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row, edit, browse


def _new_file_check(path: Path) -> tuple[bool, str]:
    tr = lambda text: QCoreApplication.translate("ConnectionForm", text)  # noqa: E731
    folder = path.parent
    if not folder.is_dir():
        return False, tr("Archivo: la carpeta {0} no existe. Elija otra con «Examinar…» o créela primero.").format(
            folder)
    if not os.access(folder, os.W_OK):
        return False, tr("Archivo: no se puede escribir en la carpeta {0} (es de solo lectura o de otro usuario). "
                         "Elija una carpeta suya, por ejemplo la carpeta de datos de SIGMA Desktop.").format(folder)
    return True, tr("Conexión correcta: el archivo aún no existe; SIGMA Desktop lo creará al abrirlo en "
                    "{0}.").format(folder)


class ConnectionForm(QWidget):
    """Mode buttons, one page of fields per mode, «Probar conexión», and the result line."""

    sig_busy = Signal(bool)          # a test or a replica creation is running
    sig_replica_created = Signal(object)  # SyncReport

    def __init__(self, parent=None, *, start_from_saved: bool = True):
        super().__init__(parent)
        self.replica_ready = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode = QButtonGroup(self)
        for value, text in ((LOCAL, self.tr("Local: un archivo en esta computadora")),
                            (SHARED, self.tr("Compartida: el servidor PostgreSQL de la oficina (varias "
                                             "computadoras a la vez)")),
                            (REPLICA, self.tr("Réplica: una copia local de su ámbito que se sincroniza con el "
                                              "servidor central cuando hay conexión"))):
            button = QRadioButton(text)
            self.mode.addButton(button, value)
            layout.addWidget(button)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._local_page())
        self.pages.addWidget(self._shared_page())
        self.pages.addWidget(self._replica_page())
        layout.addWidget(self.pages, 1)
        self.test_button = QPushButton(self.tr("Probar conexión"))
        self.test_button.clicked.connect(lambda: self.test())
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout.addLayout(test_row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.result_label)
        layout.addWidget(self.progress)
        self._progress = runner.ProgressRelay(self)
        self._progress.sig.connect(self._show_progress)
        self.mode.idToggled.connect(self._mode_changed)
        saved = saved_connection() if start_from_saved else {}
        start = {"replica": REPLICA, "shared": SHARED}.get(saved.get("mode", ""), LOCAL)
        if start == SHARED and saved.get("url"):
            self._fill_shared(saved["url"])
        self.mode.button(start).setChecked(True)
        self._mode_changed(start, True)

    # --- pages --------------------------------------------------------------------------------------
    def _local_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        row, self.local_path, browse = _path_field(str(data_dir() / "sigma.sqlite3"))
        browse.clicked.connect(lambda: self._browse(self.local_path))
        form.addRow(self.tr("Archivo:"), row)
        return page

    def _shared_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.host = QLineEdit()
        self.host.setPlaceholderText("servidor.ugel.gob.pe")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("sigma")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_password = QCheckBox(self.tr("Recordar la contraseña en el almacén de credenciales del "
                                                   "sistema"))
        store = credentials.store_available()  # asks keyring for its backend
        self.remember_password.setChecked(store)
        self.remember_password.setEnabled(store)
        for label, widget in ((self.tr("Servidor:"), self.host), (self.tr("Puerto:"), self.port),
                              (self.tr("Base de datos:"), self.database), (self.tr("Usuario:"), self.user),
                              (self.tr("Contraseña:"), self.password), ("", self.remember_password)):
            form.addRow(label, widget)
        return page

    def _replica_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.hub_url = QLineEdit()
        self.hub_url.setPlaceholderText("http://servidor:8765")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("la credencial que le dio el administrador"))
        row, self.replica_path, browse = _path_field(str(data_dir() / "replica.sqlite3"))
        browse.clicked.connect(lambda: self._browse(self.replica_path))
        self.create_button = QPushButton(self.tr("Crear réplica"))
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(lambda: self.create_replica())
        form.addRow(self.tr("Servidor central:"), self.hub_url)
        form.addRow(self.tr("Credencial:"), self.token)
        form.addRow(self.tr("Archivo de la réplica:"), row)
        form.addRow("", self.create_button)
        hint = QLabel(self.tr("La réplica se crea descargando del servidor central los datos de su ámbito. "
                              "Después podrá trabajar sin conexión y sincronizar desde «Sincronización»."))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        form.addRow(hint)
        return page

    def _fill_shared(self, url: str) -> None:
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        self.host.setText(parts.hostname or "")
        self.port.setValue(parts.port or 5432)
        self.database.setText(unquote(parts.path.lstrip("/")))
        self.user.setText(unquote(parts.username or ""))

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Archivo de la base de datos"), edit.text(),
                                              self.tr("Base SQLite (*.sqlite3)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            edit.setText(path)

    def _mode_changed(self, mode_id: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(mode_id)
            self.result_label.clear()

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.result_label.setText(f"{stage}: {done} de {total}")

    # --- what is chosen -----------------------------------------------------------------------------
    def current_mode(self) -> int:
        return self.mode.checkedId()

    def mode_name(self) -> str:
        return MODES[self.current_mode()]

    def url(self, with_password: bool = True) -> str:
        mode = self.current_mode()
        if mode == SHARED:
            return postgres_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                                self.user.text().strip(), self.password.text() if with_password else "")
        path = (self.local_path if mode == LOCAL else self.replica_path).text().strip()
        return f"sqlite:///{path}"

    def check(self) -> str | None:
        """What is missing, as a message naming the field; None when the fields are complete."""
        mode = self.current_mode()
        if mode == SHARED:
            for label, edit in ((self.tr("Servidor"), self.host), (self.tr("Base de datos"), self.database),
                                (self.tr("Usuario"), self.user)):
                if not edit.text().strip():
                    return self.tr("{0}: escriba el dato que le dio el administrador del servidor (complete el "
                                   "servidor, la base de datos y el usuario).").format(label)
        if mode == REPLICA:
            if not self.hub_url.text().strip():
                return self.tr("Servidor central: escriba la dirección del servidor central (por ejemplo "
                               "http://servidor:8765).")
            if not self.token.text().strip():
                return self.tr("Credencial: escriba la credencial de esta réplica que le dio el administrador.")
        if mode in (LOCAL, REPLICA) and not self.url().removeprefix("sqlite:///"):
            return self.tr("Archivo: indique el archivo de la base de datos.")
        return None

    # --- actions ------------------------------------------------------------------------------------
    def working(self, on: bool) -> None:
        for w in (self.test_button, self.create_button):
            w.setEnabled(not on)
        self.sig_busy.emit(on)

    def show_result(self, text: str, ok: bool) -> None:
        self.progress.setVisible(False)
        self.result_label.setObjectName("okMessage" if ok else "error")
        self.result_label.setText(text)
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)

    def test(self) -> None:
        problem = self.check()
        if problem:
            self.show_result(problem, False)
            return
        local = Path(self.local_path.text().strip())
        if self.current_mode() == LOCAL and not local.exists():
            # opening a missing SQLite file would create it: check its folder instead, and leave no file behind
            ok, text = _new_file_check(local)
            self.show_result(text, ok)
            return
        from ...services import sync as sync_service

        if self.current_mode() == REPLICA:
            url, token = self.hub_url.text().strip(), self.token.text().strip()
            job = lambda: sync_service.probe_hub(url, token)  # noqa: E731
        else:
            url = self.url()
            job = lambda: sync_service.probe_database(url)  # noqa: E731
        self.working(True)
        self.result_label.setText(self.tr("Probando la conexión…"))
        runner.run(self, job, lambda text: (self.working(False), self.show_result(text, True)), self._failed)

    def create_replica(self) -> None:
        problem = self.check()
        if problem:
            self.show_result(problem, False)
            return
        from ...services.sync import create_replica

        target, hub, token = self.url(), self.hub_url.text().strip(), self.token.text().strip()
        self.working(True)

        def done(report) -> None:
            self.working(False)
            self.replica_ready = True
            self.show_result(self.tr("Réplica creada: {0} cambios recibidos del servidor central.")
                             .format(report.pulled_entries), True)
            self.sig_replica_created.emit(report)

        runner.run(self, lambda: create_replica(target, hub, token, progress=self._progress), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.working(False)
        self.show_result(describe(exc), False)

    def ready_problem(self) -> str | None:
        """Why the choice cannot be kept yet (a missing field, a replica not created), or None."""
        problem = self.check()
        if problem:
            return problem
        if self.current_mode() == REPLICA and not self.replica_ready:
            return self.tr("Primero cree la réplica con «Crear réplica».")
        return None

    def remember(self) -> str:
        """Saves the choice for the next start (no password in the file); returns it without password."""
        plain = self.url(with_password=False)
        if self.current_mode() == SHARED and self.password.text() and self.remember_password.isChecked():
            credentials.remember(plain, self.password.text())
        save_connection(plain, self.mode_name())
        return describe_url(plain)

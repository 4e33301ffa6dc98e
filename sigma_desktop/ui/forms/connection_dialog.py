"""Where SIGMA Desktop keeps its data: a local file, the office's shared PostgreSQL, or a replica.

Each choice can be tried before it is saved («Probar conexión»); a replica is created here from the
hub with the credential the administrator gave («Crear réplica», with a progress bar). The choice is
saved in the user's data folder (config.save_connection) and used the next time the app opens; a
server password goes to the system's credential store when there is one, never to a file.
"""
from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton, QSpinBox,
                               QStackedWidget, QVBoxLayout, QWidget)

from ... import credentials
from ...config import data_dir, describe_url, save_connection, saved_connection
from .. import runner
from ..messages import describe

LOCAL, SHARED, REPLICA = 0, 1, 2
MODES = {LOCAL: "local", SHARED: "shared", REPLICA: "replica"}


class _Progress(QObject):
    sig = Signal(str, int, int)

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.sig.emit(stage, int(done), int(total))


def postgres_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    auth = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    return f"postgresql+psycopg://{auth}@{host}:{port}/{quote(database, safe='')}"


def _path_field(default: str) -> tuple[QWidget, QLineEdit, QPushButton]:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    edit = QLineEdit(default)
    browse = QPushButton(QCoreApplication.translate("ConnectionDialog", "Examinar…"))
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row, edit, browse


class ConnectionDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conexión a la base de datos"))
        self.resize(620, 420)
        self.saved_label = ""
        self.replica_ready = False
        layout = QVBoxLayout(self)
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
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.result_label)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.test_button = self.buttons.addButton(self.tr("Probar conexión"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(lambda: self.test())
        layout.addWidget(self.buttons)
        self._progress = _Progress(self)
        self._progress.sig.connect(self._show_progress)
        self.mode.idToggled.connect(self._mode_changed)
        saved = saved_connection()
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
        self.remember = QCheckBox(self.tr("Recordar la contraseña en el almacén de credenciales del sistema"))
        self.remember.setChecked(credentials.store_available())
        self.remember.setEnabled(credentials.store_available())
        for label, widget in ((self.tr("Servidor:"), self.host), (self.tr("Puerto:"), self.port),
                              (self.tr("Base de datos:"), self.database), (self.tr("Usuario:"), self.user),
                              (self.tr("Contraseña:"), self.password), ("", self.remember)):
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

    def url(self, with_password: bool = True) -> str:
        mode = self.current_mode()
        if mode == SHARED:
            return postgres_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                                self.user.text().strip(), self.password.text() if with_password else "")
        path = (self.local_path if mode == LOCAL else self.replica_path).text().strip()
        return f"sqlite:///{path}"

    def _check(self) -> str | None:
        mode = self.current_mode()
        if mode == SHARED and not (self.host.text().strip() and self.database.text().strip()
                                   and self.user.text().strip()):
            return self.tr("Complete el servidor, la base de datos y el usuario.")
        if mode == REPLICA and not (self.hub_url.text().strip() and self.token.text().strip()):
            return self.tr("Escriba la dirección del servidor central y la credencial de esta réplica.")
        if mode in (LOCAL, REPLICA) and not self.url().removeprefix("sqlite:///"):
            return self.tr("Indique el archivo.")
        return None

    # --- actions ------------------------------------------------------------------------------------
    def _working(self, on: bool) -> None:
        for w in (self.test_button, self.buttons.button(QDialogButtonBox.StandardButton.Save), self.create_button):
            w.setEnabled(not on)

    def _show(self, text: str, ok: bool) -> None:
        self.progress.setVisible(False)
        self.result_label.setObjectName("okMessage" if ok else "error")
        self.result_label.setText(text)
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)

    def test(self, wait: bool = False) -> None:
        problem = self._check()
        if problem:
            self._show(problem, False)
            return
        from ...services import sync as sync_service

        if self.current_mode() == REPLICA:
            url, token = self.hub_url.text().strip(), self.token.text().strip()
            job = lambda: sync_service.probe_hub(url, token)  # noqa: E731
        else:
            url = self.url()
            job = lambda: sync_service.probe_database(url)  # noqa: E731
        self._working(True)
        self.result_label.setText(self.tr("Probando la conexión…"))
        runner.run(self, job, lambda text: (self._working(False), self._show(text, True)),
                   lambda exc: (self._working(False), self._show(describe(exc), False)))

    def create_replica(self) -> None:
        problem = self._check()
        if problem:
            self._show(problem, False)
            return
        from ...services.sync import create_replica

        target, hub, token = self.url(), self.hub_url.text().strip(), self.token.text().strip()
        self._working(True)

        def done(report) -> None:
            self._working(False)
            self.replica_ready = True
            self._show(self.tr("Réplica creada: {0} cambios recibidos del servidor central.")
                       .format(report.pulled_entries), True)

        runner.run(self, lambda: create_replica(target, hub, token, progress=self._progress), done,
                   lambda exc: (self._working(False), self._show(describe(exc), False)))

    def save(self) -> bool:
        problem = self._check()
        if problem:
            self._show(problem, False)
            return False
        mode = self.current_mode()
        if mode == REPLICA and not self.replica_ready:
            self._show(self.tr("Primero cree la réplica con «Crear réplica»."), False)
            return False
        plain = self.url(with_password=False)
        if mode == SHARED and self.password.text() and self.remember.isChecked():
            credentials.remember(plain, self.password.text())
        save_connection(plain, MODES[mode])
        self.saved_label = describe_url(plain)
        self.accept()
        return True

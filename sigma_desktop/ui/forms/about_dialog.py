"""Ayuda → Acerca de SIGMA Desktop: version, libraries, database (mode, location without password, schema
revision, rows) and data folder, with «Copiar información» so that a user can paste it to support.

The database part is read in the background (the schema revision imports alembic, 0.4 s): the dialog
shows at once and fills it in when it arrives.
"""
from __future__ import annotations

import platform
from importlib import metadata

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from ... import __version__
from ...reports.formatting import fmt_int
from .. import runner
from ..messages import describe


def tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return tr("no instalado")


def program_rows() -> list[tuple[str, str]]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from ...config import data_dir

    return [(tr("Versión"), __version__),
            (tr("Python"), platform.python_version()),
            (tr("Qt / PySide6"), f"{qVersion()} / {pyside_version}"),
            (tr("SQLAlchemy"), _version("sqlalchemy")),
            (tr("Sistema"), platform.platform(terse=True)),
            (tr("Carpeta de datos"), str(data_dir()))]


def database_rows(info, mode_label: str, backups: str | None) -> list[tuple[str, str]]:
    if info.revision == info.head:
        schema = tr("{0} (al día)").format(info.revision)
    else:
        schema = tr("{0} (esta versión llega hasta {1})").format(info.revision or tr("vacía"), info.head)
    rows = [(tr("Base de datos"), f"{mode_label} — {info.engine}"),
            (tr("Ubicación"), info.location),
            (tr("Revisión del esquema"), schema),
            (tr("Nodo"), info.node)]
    if backups:
        rows.append((tr("Copias de seguridad"), backups))
    rows += [(tr("Registros — {0}").format(label.lower()), fmt_int(n)) for label, n in info.records]
    return rows


def as_text(rows: list[tuple[str, str]]) -> str:
    return "\n".join([f"SIGMA Desktop {__version__}"] + [f"{k}: {v}" for k, v in rows])


class AboutDialog(QDialog):
    def __init__(self, sigma, mode_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Acerca de SIGMA Desktop"))
        self.setMinimumWidth(640)
        self.rows = program_rows()
        title = QLabel(self.tr("SIGMA Desktop {0}").format(__version__))
        title.setObjectName("panelTitle")
        blurb = QLabel(self.tr("Planificación, registro, validación, control y reportes del acompañamiento "
                               "pedagógico. Ministerio de Educación del Perú."))
        blurb.setWordWrap(True)
        blurb.setObjectName("hint")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, value in self.rows:
            self._add(label, value)
        self.pending = QLabel(self.tr("Leyendo la base de datos…"))
        self.pending.setObjectName("hint")
        self.pending.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        self.copy_button = QPushButton(self.tr("Copiar información"))
        self.copy_button.setToolTip(self.tr("Copia estos datos para pegarlos en un mensaje al soporte"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(self.form)
        layout.addWidget(self.pending)
        layout.addWidget(buttons)
        backups = sigma.backup.folder()

        def read():
            return sigma.setup.database_info()

        def show(info) -> None:
            extra = database_rows(info, mode_label, str(backups) if backups else None)
            for label, value in extra:
                self._add(label, value)
            self.rows += extra
            self.pending.hide()
            self.adjustSize()  # the rows came after the dialog was laid out: nothing may stay cut off

        def failed(exc: BaseException) -> None:
            self.pending.setObjectName("error")
            self.pending.setText(self.tr("No se pudo leer la base de datos: {0}").format(describe(exc)))
            self.rows.append((self.tr("Base de datos"), describe(exc)))

        runner.run(self, read, show, failed)

    def _add(self, label: str, value: str) -> None:
        field = QLabel(value)
        field.setWordWrap(True)
        field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(label + ":", field)

    def text(self) -> str:
        return as_text(self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.copy_button.setText(self.tr("Copiado"))

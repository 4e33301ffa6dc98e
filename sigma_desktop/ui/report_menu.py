"""Report actions of the Archivo menu (and of the Reportes panel): verify a printed report against the
database, and say who signs a UGEL's reports. The same services as `sigma verify` and `sigma firmantes`."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit,
                               QMessageBox, QVBoxLayout, QWidget)

from ..domain.permissions import Action, allowed
from . import runner
from .messages import show_error


def tr(text: str) -> str:
    return QCoreApplication.translate("report_menu", text)


def verify_report(parent: QWidget, sigma, path: str | None = None, on_done=None) -> bool:
    """Asks for a PDF or workbook made by SIGMA (unless `path`) and says whether its figures are still those
    of the database. False when cancelled."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, tr("Verificar un reporte"), "",
                                              tr("Reportes de SIGMA (*.pdf *.xlsx)"))
        if not path:
            return False

    def done(result) -> None:
        box = QMessageBox.information if result.matches else QMessageBox.warning
        box(parent, tr("Reporte conforme") if result.matches else tr("El reporte no coincide"), result.message())
        if on_done is not None:
            on_done(result)

    runner.run(parent, lambda: sigma.exports.verify(path), done, lambda exc: show_error(parent, exc),
               busy_text=tr("Recalculando las cifras del reporte…"))
    return True


class SignatoriesDialog(QDialog):
    """Revisado por (the Gestor Local) and V°B° (the director) of a UGEL's printed reports."""

    def __init__(self, sigma, parent: QWidget | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.setWindowTitle(tr("Firmantes de los reportes"))
        self.setMinimumWidth(480)
        self.ugel = QComboBox()
        for code, name, _dre in sigma.exports.filter_options().ugels:
            self.ugel.addItem(f"{name} ({code})", code)
        self.reviewer_name, self.reviewer_post = QLineEdit(), QLineEdit()
        self.director_name, self.director_post = QLineEdit(), QLineEdit()
        for edit in (self.reviewer_name, self.reviewer_post, self.director_name, self.director_post):
            edit.setMaxLength(120)
        form = QFormLayout()
        form.addRow(tr("UGEL:"), self.ugel)
        form.addRow(tr("Revisado por (nombre):"), self.reviewer_name)
        form.addRow(tr("Revisado por (cargo):"), self.reviewer_post)
        form.addRow(tr("V°B° (nombre):"), self.director_name)
        form.addRow(tr("V°B° (cargo):"), self.director_post)
        hint = QLabel(tr("«Elaborado por» es siempre quien genera el reporte, con su cargo. Un cargo vacío vuelve "
                         "al de siempre."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.ugel.currentIndexChanged.connect(self.load)
        self.load()

    def load(self) -> None:
        code = self.ugel.currentData()
        if code is None:
            return
        try:
            s = self.sigma.signatories.get(code)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        self.reviewer_name.setText(s.reviewer_name)
        self.reviewer_post.setText(s.reviewer_post)
        self.director_name.setText(s.director_name)
        self.director_post.setText(s.director_post)

    def save(self) -> bool:
        try:
            self.sigma.signatories.set(self.ugel.currentData(), reviewer_name=self.reviewer_name.text(),
                                       reviewer_post=self.reviewer_post.text(),
                                       director_name=self.director_name.text(),
                                       director_post=self.director_post.text())
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was saved
            show_error(self, exc)
            return False
        self.accept()
        return True


def install(window, menu) -> dict[str, QAction]:
    """Adds the report actions the signed-in role may use to the menu."""
    actions = {}
    verify = QAction(tr("Verificar un reporte impreso…"), window)
    verify.triggered.connect(lambda: verify_report(window, window.sigma))
    menu.addAction(verify)
    actions["verify"] = verify
    if allowed(window.sigma.actor.role, Action.EDIT_SIGNATORIES):
        signers = QAction(tr("Firmantes de los reportes…"), window)
        signers.triggered.connect(lambda: SignatoriesDialog(window.sigma, window).open())
        menu.addAction(signers)
        actions["signatories"] = signers
    menu.addSeparator()
    return actions

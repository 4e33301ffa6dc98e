"""Import wizard: choose the file → preview (what would be created, updated, left unchanged; errors per
row and column) → confirm → progress bar → summary. Plus «Descargar plantilla…».

The checks and the import run in the window's background runner through the same service as `sigma import`
(`sigma.imports`); the window stays responsive and nothing is saved until the user confirms a file
without errors. A file with errors offers a copy with the errors marked, to fix and load again.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QMessageBox, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget, QWizard, QWizardPage)

from .. import runner
from ..messages import describe

TITLES = {
    "ies": "Instituciones educativas (o Padrón de IIEE)",
    "docentes": "Docentes",
    "acompanantes": "Acompañantes pedagógicos",
    "asignaciones": "Asignaciones docente – acompañante",
    "actividades": "Actividades planificadas y ejecutadas",
}
FILE_FILTER = "Hojas de cálculo (*.xlsx *.xlsm *.xls *.ods *.csv *.dbf);;Todos los archivos (*)"


# --- pages ------------------------------------------------------------------------------------------------

class ChoosePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Elegir el archivo"))
        self.setSubTitle(self.tr("Elija qué va a importar y el archivo (xlsx, csv o dbf del Padrón). Las columnas "
                                 "deben llevar los nombres de la plantilla; pueden ir en cualquier orden."))
        self.kind = QComboBox()
        for kind in wizard.kinds:
            self.kind.addItem(self.tr(TITLES[kind]), kind)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Ruta del archivo"))
        browse = QPushButton(self.tr("Examinar…"))
        browse.clicked.connect(self._browse)
        self.template_button = QPushButton(self.tr("Descargar plantilla…"))
        self.template_button.clicked.connect(lambda: wizard.save_template(self.current_kind()))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Datos a importar:"), self.kind)
        form.addRow(self.tr("Archivo:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(self.tr("La importación es todo o nada: si alguna fila tiene un error no se guarda ninguna, "
                              "y podrá descargar una copia del archivo con los errores marcados. Cargar dos veces el "
                              "mismo archivo no duplica nada."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def current_kind(self) -> str:
        return self.kind.currentData()

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Archivo a importar"), "", self.tr(FILE_FILTER))
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802 - Qt name
        return Path(self.path.text().strip()).is_file()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Vista previa"))
        self.setSubTitle(self.tr("SIGMA revisó el archivo sin guardar nada. Revise el resultado y confirme."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("previewStatus")
        self.counts = QLabel()
        self.problems = QTableWidget(0, 4)
        self.problems.setHorizontalHeaderLabels([self.tr("Fila"), self.tr("Columna"), self.tr("Tipo"),
                                                 self.tr("Problema")])
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 60), (1, 150), (2, 70)):
            self.problems.setColumnWidth(col, width)
        self.error_copy_button = QPushButton(self.tr("Guardar copia con los errores marcados…"))
        self.error_copy_button.clicked.connect(wizard.save_error_copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.error_copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result = None
        self.busy = False
        self.setCommitPage(True)  # «Importar»: there is no going back once the import ran

    def initializePage(self) -> None:  # noqa: N802 - Qt name
        self.result = None
        self.busy = True
        self.problems.setRowCount(0)
        self.counts.clear()
        self.error_copy_button.setVisible(False)
        self.status.setText(self.tr("Revisando el archivo…"))
        kind, path = self.w.choose.current_kind(), self.w.choose.path.text().strip()
        sigma = self.w.sigma
        runner.run(self, lambda progress: sigma.imports.run(kind, path, dry_run=True, progress=progress),
                   self._done, self._failed, on_progress=lambda stage, _fraction: self.status.setText(
                       self.tr("Revisando el archivo… {0}").format(stage)))
        self.completeChanged.emit()

    def _done(self, result) -> None:
        self.busy = False
        self.result = result
        self.w.preview_result = result
        if result.errors:
            self.status.setText(self.tr("El archivo tiene {0} errores: no se puede importar. Corríjalos (la copia con "
                                        "los errores marcados ayuda) y vuelva a cargarlo.").format(len(result.errors)))
            self.status.setStyleSheet("color: #9c0006; font-weight: bold;")
            self.error_copy_button.setVisible(True)
        else:
            self.status.setText(self.tr("El archivo no tiene errores. Pulse «Importar» para guardar los cambios."))
            self.status.setStyleSheet("color: #006100; font-weight: bold;")
        self.counts.setText(self.tr("Filas leídas: {0}   ·   Por crear: {1}   ·   Por actualizar: {2}   ·   "
                                    "Sin cambios: {3}   ·   Omitidas: {4}").format(
            result.rows, result.created, result.updated, result.unchanged, result.skipped))
        shown = result.problems[:5000]
        self.problems.setRowCount(len(shown))
        for i, problem in enumerate(shown):
            values = ("" if problem.row is None else str(problem.row), problem.column or "",
                      self.tr("Aviso") if problem.warning else self.tr("Error"), problem.message)
            for j, value in enumerate(values):
                self.problems.setItem(i, j, QTableWidgetItem(value))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.result = None
        self.status.setText(describe(exc))
        self.status.setStyleSheet("color: #9c0006; font-weight: bold;")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt name
        return not self.busy and self.result is not None and not self.result.errors and \
            (self.result.created + self.result.updated) > 0


class RunPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Importando"))
        self.setSubTitle(self.tr("Se guarda todo en una sola transacción: si algo falla, no se guarda nada."))
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSummary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.result = None
        self.busy = False
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802 - Qt name
        self.busy = True
        self.result = None
        self.bar.setValue(0)
        self.summary.clear()
        kind, path = self.w.choose.current_kind(), self.w.choose.path.text().strip()
        sigma = self.w.sigma
        runner.run(self, lambda progress: sigma.imports.run(kind, path, progress=progress), self._done,
                   self._failed, on_progress=self._progress)
        self.completeChanged.emit()

    def _progress(self, stage: str, fraction: float) -> None:
        self.stage.setText(stage)
        self.bar.setValue(int(fraction * 100))

    def _done(self, result) -> None:
        self.busy = False
        self.result = result
        self.bar.setValue(100)
        if result.applied:
            self.stage.setText(self.tr("Importación terminada."))
            self.summary.setText(self.tr("{0}\nCada cambio quedó en el historial de su registro.").format(
                result.summary()))
            self.w.sig_changed.emit(result.changes)
        else:  # the data changed between the preview and the import
            self.stage.setText(self.tr("No se guardó nada."))
            self.summary.setText(result.summary())
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.stage.setText(self.tr("No se guardó nada."))
        self.summary.setText(describe(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt name
        return not self.busy


class ImportWizard(QWizard):
    sig_changed = Signal(object)  # the ChangeSet of the rows the import saved

    def __init__(self, sigma, parent: QWidget | None = None, kind: str | None = None, path: str | None = None):
        super().__init__(parent)
        self.sigma = sigma
        self.kinds = sigma.imports.kinds()
        self.preview_result = None
        self.setWindowTitle(self.tr("Importar datos"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Importar"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Siguiente >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Atrás"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Terminar"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancelar"))
        self.choose = ChoosePage(self)
        self.preview = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.choose, self.preview, self.run_page):
            self.addPage(page)
        if kind is not None and kind in self.kinds:
            self.choose.kind.setCurrentIndex(self.kinds.index(kind))
        if path:
            self.choose.path.setText(path)
        self.resize(900, 600)

    def save_template(self, kind: str, target: str | None = None) -> Path | None:
        if target is None:
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar plantilla"), f"plantilla-{kind}.xlsx",
                                                    self.tr("Libro de Excel (*.xlsx)"))
        if not target:
            return None
        try:
            path = self.sigma.imports.write_template(kind, target)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            QMessageBox.warning(self, self.tr("No se pudo guardar la plantilla"), describe(exc))
            return None
        return path

    def save_error_copy(self, _checked: bool = False, target: str | None = None) -> Path | None:
        result = self.preview_result
        if result is None or result.table is None:
            return None
        if target is None:
            source = Path(self.choose.path.text().strip())
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Guardar copia con errores"),
                                                    str(source.with_name(f"{source.stem}-errores.xlsx")),
                                                    self.tr("Libro de Excel (*.xlsx)"))
        if not target:
            return None
        try:
            return self.sigma.imports.write_error_copy(result, target)
        except Exception as exc:  # noqa: BLE001
            QMessageBox.warning(self, self.tr("No se pudo guardar la copia"), describe(exc))
            return None


def install_menu(window, file_menu: QMenu) -> list[QAction]:
    """Adds «Importar datos…» and «Descargar plantilla…» to the Archivo menu, for roles that may import."""
    sigma = window.sigma
    kinds = sigma.imports.kinds()
    if not kinds:
        return []
    import_action = QAction(window.tr("Importar datos…"), window)
    template_action = QAction(window.tr("Descargar plantilla…"), window)

    def open_wizard() -> None:
        wizard = ImportWizard(sigma, window)
        wizard.sig_changed.connect(window.publish_changes)
        wizard.exec()

    def template() -> None:
        wizard = ImportWizard(sigma, window)
        menu = QMenu(window)
        for kind in kinds:
            menu.addAction(window.tr(TITLES[kind])).setData(kind)
        chosen = menu.exec(window.cursor().pos())
        if chosen is not None:
            wizard.save_template(chosen.data())

    import_action.triggered.connect(open_wizard)
    template_action.triggered.connect(template)
    file_menu.addAction(import_action)
    file_menu.addAction(template_action)
    file_menu.addSeparator()
    return [import_action, template_action]


"""The pages of the first-run wizard: where the data lives, the first administrator, initial data, the UGEL(s)
the office serves (when it starts with its own data), summary.

Slow steps (opening and creating the database, loading the demo) run in the background runner; while
they run, the page returns False from validatePage and moves on by itself when the work is done, so the
window never freezes.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QProgressBar, QRadioButton, QTextBrowser, QVBoxLayout, QWizard, QWizardPage)

from .. import runner
from ..forms.connection_form import ConnectionForm
from ..forms.first_admin import FirstAdminForm
from ..messages import describe

MODE_PAGE, ADMIN_PAGE, DATA_PAGE, SUMMARY_PAGE, OFFICE_PAGE = range(5)
DEMO_SCALE = "ugel"  # 40 acompañantes, about 400 docentes: loads in a few seconds on an office PC
IMPORT, DEMO, EMPTY = 0, 1, 2


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    return label


class _Relay(QObject):
    """Carries progress from the worker thread to the page (queued across threads)."""
    sig = Signal(str, float)

    def __call__(self, stage: str, fraction: float) -> None:
        self.sig.emit(stage, float(fraction))


class _BackgroundPage(QWizardPage):
    """A page whose «Siguiente» may start background work and move on when it has finished."""

    def __init__(self):
        super().__init__()
        self.busy = False
        self._done = False

    def isComplete(self) -> bool:  # noqa: N802 - Qt name
        return not self.busy and super().isComplete()

    def _set_busy(self, on: bool) -> None:
        self.busy = on
        self.completeChanged.emit()
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.wizard().button(which) if self.wizard() else None
            if button is not None:
                button.setEnabled(not on)

    def _run(self, job, on_done, on_error) -> None:
        self._set_busy(True)

        def done(result) -> None:
            self._set_busy(False)
            on_done(result)
            self._done = True
            self.wizard().next()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            on_error(exc)

        runner.run(self, job, done, failed)


class ModePage(_BackgroundPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Bienvenido a SIGMA Desktop"))
        self.setSubTitle(self.tr("Primero elija dónde se guardarán los datos. Si no sabe qué elegir, deje «Local»: "
                                 "podrá cambiarlo después desde «Conexión…»."))
        self.form = ConnectionForm(self, start_from_saved=False)
        self.form.sig_busy.connect(lambda on: self._set_busy(on))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def initializePage(self) -> None:  # noqa: N802 - Qt name
        self._done = False

    def validatePage(self) -> bool:  # noqa: N802 - Qt name
        wizard = self.wizard()
        url, mode = self.form.url(), self.form.mode_name()
        if self._done and wizard.prepared is not None and wizard.prepared.url == url:
            return True
        problem = self.form.ready_problem()
        if problem:
            self.form.show_result(problem, False)
            return False
        from .prepare import prepare

        self.form.show_result(self.tr("Preparando la base de datos…"), True)
        self._run(lambda: prepare(url, mode), wizard.use_database,
                  lambda exc: self.form.show_result(describe(exc), False))
        return False

    def nextId(self) -> int:  # noqa: N802 - Qt name
        prepared = self.wizard().prepared
        if prepared is not None and not prepared.is_new:
            return SUMMARY_PAGE  # a server or replica already set up: its users sign in as usual
        return ADMIN_PAGE


class AdminPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Primer administrador"))
        self.setSubTitle(self.tr("La base de datos no tiene usuarios. Cree la cuenta del administrador: con ella "
                                 "podrá crear las cuentas de los demás usuarios. No hay contraseña por defecto."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Crear administrador"))
        self.form = FirstAdminForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def validatePage(self) -> bool:  # noqa: N802 - Qt name
        wizard = self.wizard()
        row = self.form.create(wizard.prepared.sigma)
        if row is None:
            return False
        wizard.admin_created(row, self.form.password.text())
        return True


class DataPage(_BackgroundPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Datos iniciales"))
        self.setSubTitle(self.tr("¿Con qué datos quiere empezar?"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Continuar >"))
        self.choice = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for value, text, hint in (
                (IMPORT, self.tr("Importar padrón de IIEE y hojas de maestros"),
                 self.tr("Abre el asistente de importación: el Padrón de IIEE, docentes, acompañantes y "
                         "asignaciones desde hojas de cálculo. Puede importar más después desde Archivo → "
                         "Importar datos…")),
                (DEMO, self.tr("Cargar datos de demostración"),
                 self.tr("Una UGEL ficticia con acompañantes, docentes y actividades, para conocer el sistema "
                         "antes de usarlo. Tarda unos segundos.")),
                (EMPTY, self.tr("Empezar vacío"),
                 self.tr("Sin datos: los cargará después."))):
            button = QRadioButton(text)
            self.choice.addButton(button, value)
            layout.addWidget(button)
            layout.addWidget(_hint(hint))
        self.choice.button(DEMO).setChecked(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        self._relay = _Relay(self)
        self._relay.sig.connect(self._show_progress)

    def _show_progress(self, stage: str, fraction: float) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(int(fraction * 100))
        self.status.setText(stage + "…")

    def _error(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.status.setObjectName("error")
        self.status.setText(describe(exc))
        self.status.style().polish(self.status)

    def validatePage(self) -> bool:  # noqa: N802 - Qt name
        if self._done:
            return True
        wizard = self.wizard()
        choice = self.choice.checkedId()
        wizard.wants_import = choice == IMPORT
        if choice in (IMPORT, EMPTY):  # the office page comes next
            if choice == EMPTY:
                wizard.data_note = self.tr("Base vacía: cargue los datos desde Archivo → Importar datos…")
            return True
        sigma = wizard.prepared.sigma
        from ...domain.dates import today_lima

        year = today_lima().year
        self.status.setObjectName("")
        self._show_progress(self.tr("Cargando los datos de demostración"), 0.0)
        self._run(lambda: sigma.demo.generate(DEMO_SCALE, 1, year, progress=self._relay), wizard.demo_loaded,
                  self._error)
        return False


    def nextId(self) -> int:  # noqa: N802 - Qt name
        return OFFICE_PAGE if self.choice.checkedId() in (IMPORT, EMPTY) else SUMMARY_PAGE


class OfficePage(QWizardPage):
    """Which UGEL(s) the office serves: registered, with their DRE, from Minedu's catalogue shipped with SIGMA
    (services/offices.py). An office missing from it is added later in Catálogos y protocolos → DRE y UGEL,
    or by the Padrón import."""

    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("La oficina"))
        self.setSubTitle(self.tr("¿Qué UGEL atiende esta oficina? Se registran con su DRE y los códigos de Minedu. "
                                 "Una DRE que trabaja con varias UGEL puede marcarlas todas."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Registrar y continuar >"))
        self.chosen: dict[str, str] = {}  # UGEL code → name, across DREs
        self.dre = QComboBox()
        self.dre.setObjectName("officeDre")
        self.dre.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dre.setMinimumContentsLength(30)
        self.ugels = QListWidget()
        self.ugels.setObjectName("officeUgels")
        self.status = QLabel()
        self.status.setObjectName("error")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("DRE:")))
        row.addWidget(self.dre, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.ugels, 1)
        layout.addWidget(_hint(self.tr("¿Su UGEL no está en la lista? Continúe con otra y agréguela después en "
                                       "Catálogos y protocolos → DRE y UGEL (o la registra la importación del "
                                       "Padrón de IIEE).")))
        layout.addWidget(self.status)
        self.dre.currentIndexChanged.connect(lambda _i: self._fill_ugels())
        self.ugels.itemChanged.connect(self._item_changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt name
        if self.dre.count():
            return
        sigma = self.wizard().prepared.sigma
        self._entries = sigma.offices.catalogue()
        for code, name in dict((e.dre_code, e.dre_name) for e in self._entries).items():
            self.dre.addItem(f"{name} ({code})", code)

    def _fill_ugels(self) -> None:
        code = self.dre.currentData()
        self.ugels.blockSignals(True)
        self.ugels.clear()
        for e in self._entries:
            if e.dre_code == code:
                item = QListWidgetItem(f"{e.ugel_name} ({e.ugel_code})")
                item.setData(Qt.ItemDataRole.UserRole, e.ugel_code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if e.ugel_code in self.chosen else Qt.CheckState.Unchecked)
                self.ugels.addItem(item)
        self.ugels.blockSignals(False)

    def _item_changed(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[code] = item.text()
        else:
            self.chosen.pop(code, None)

    def choose(self, dre_code: str, *ugel_codes: str) -> None:
        """Picks a DRE and ticks UGELs of it (tests, screenshots)."""
        self.dre.setCurrentIndex(self.dre.findData(dre_code))
        for i in range(self.ugels.count()):
            item = self.ugels.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in ugel_codes:
                item.setCheckState(Qt.CheckState.Checked)

    def validatePage(self) -> bool:  # noqa: N802 - Qt name
        wizard = self.wizard()
        if not self.chosen:
            self.status.setText(self.tr("UGEL: marque al menos la UGEL que atiende esta oficina."))
            return False
        try:
            wizard.prepared.sigma.offices.register(list(self.chosen))
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was saved
            self.status.setText(describe(exc))
            return False
        wizard.offices = sorted(self.chosen.values())
        if wizard.wants_import:
            wizard.open_import()
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt name
        return SUMMARY_PAGE


class SummaryPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(self.tr("Todo listo"))
        self.setSubTitle(self.tr("Esto es lo que se preparó. Anótelo si lo necesita y abra SIGMA Desktop."))
        self.setFinalPage(True)
        self.text = QTextBrowser()
        self.text.setObjectName("summary")
        self.text.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)

    def initializePage(self) -> None:  # noqa: N802 - Qt name
        self.text.setHtml(self.wizard().summary_html())

"""First start of SIGMA Desktop: choose where the data lives (local, shared PostgreSQL, replica), create
the first administrator, load initial data (import, demo, or nothing), then go straight to work.

The session shows this wizard instead of the sign-in window when `is_first_run` says so
(ui/session.py). When it is accepted the session takes over its open database (`prepared`) and,
if an administrator was created here, opens the main window signed in as them. Cancelled, it leaves
nothing behind: a database it made with no users yet is removed, and no connection is saved.
"""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWizard

from ...config import describe_url
from ...reports.formatting import fmt_int
from .pages import (ADMIN_PAGE, DATA_PAGE, MODE_PAGE, OFFICE_PAGE, SUMMARY_PAGE, AdminPage, DataPage, ModePage,
                    OfficePage, SummaryPage)
from .prepare import Prepared, discard

MODE_TEXT = {"local": "local (un archivo en esta computadora)", "shared": "compartida (servidor PostgreSQL)",
             "replica": "réplica (se sincroniza con el servidor central)"}


class FirstRunWizard(QWizard):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("SIGMA Desktop — Primer inicio"))
        from ..icons import app_icon

        self.setWindowIcon(app_icon())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)  # the same look on every system
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # all is made by then
        self.resize(760, 600)
        self.prepared: Prepared | None = None
        self.admin = None
        self.demo = None
        self.data_note = ""
        self.wants_import = False
        self.offices: list[str] = []  # the UGELs registered on the office page
        self.connection_saved = False
        self.mode_page, self.admin_page = ModePage(), AdminPage()
        self.data_page, self.summary_page, self.office_page = DataPage(), SummaryPage(), OfficePage()
        for page_id, page in ((MODE_PAGE, self.mode_page), (ADMIN_PAGE, self.admin_page),
                              (DATA_PAGE, self.data_page), (OFFICE_PAGE, self.office_page),
                              (SUMMARY_PAGE, self.summary_page)):
            self.setPage(page_id, page)
        self.setStartId(MODE_PAGE)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Siguiente >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Atrás"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancelar"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Abrir SIGMA Desktop"))

    # --- steps (called by the pages) -----------------------------------------------------------------
    def use_database(self, prepared: Prepared) -> None:
        if self.prepared is not None and self.prepared is not prepared:
            discard(self.prepared)  # the user went back and chose another database
        self.prepared = prepared

    def admin_created(self, row, password: str) -> None:
        self.admin = row
        self.prepared.sigma.auth.sign_in(row.dni, password)
        self._save_connection()  # someone can sign in now: the next start must find this database

    def open_import(self) -> None:
        from ..forms.import_wizard import ImportWizard

        ImportWizard(self.prepared.sigma, self).exec()
        self.data_note = self.tr("Para importar más hojas (docentes, acompañantes, asignaciones), use "
                                 "Archivo → Importar datos…")

    def demo_loaded(self, report) -> None:
        self.demo = report

    def _save_connection(self) -> None:
        if not self.connection_saved:
            self.mode_page.form.remember()
            self.connection_saved = True

    # --- outcome -------------------------------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self.prepared is not None and self.prepared.sigma.actor is not None

    def accept(self) -> None:
        self._save_connection()
        super().accept()

    def reject(self) -> None:
        if self.prepared is not None:
            discard(self.prepared)
            self.prepared = None
        super().reject()

    def summary_html(self) -> str:
        p = self.prepared
        rows = [(self.tr("Base de datos"), MODE_TEXT.get(p.mode, p.mode)),
                (self.tr("Ubicación"), describe_url(p.url))]
        if self.admin is not None:
            rows.append((self.tr("Administrador"), f"{self.admin.name} (DNI {self.admin.dni})"))
        if self.offices:
            rows.append((self.tr("Oficina"), "; ".join(self.offices)))
        else:
            rows.append((self.tr("Usuarios"), self.tr("la base ya tiene {0} usuarios: inicie sesión con su "
                                                      "cuenta").format(p.users)))
        parts = ["<table cellpadding='3'>"]
        parts += [f"<tr><td><b>{escape(k)}:</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        if self.demo is not None:
            from ...domain.enums import ROLE_LABELS, Role
            from ..main_window import ROLE_SHORT  # the status bar's role names (the main window opens next)

            d = self.demo
            parts.append("<p>" + escape(self.tr(
                "Datos de demostración cargados: {0} docentes, {1} acompañantes y {2} actividades del {3}.").format(
                *(fmt_int(d.counts.get(k, 0)) for k in ("teacher", "coach", "activity")), d.year)) + "</p>")
            parts.append("<p>" + escape(self.tr("Para probar otros roles, inicie sesión con estos usuarios de "
                                                "demostración (contraseña de todos: {0}):").format(d.password))
                         + "</p><ul>")
            for role, dnis in d.users.items():
                if dnis:
                    name = ROLE_SHORT.get(Role(role), ROLE_LABELS[Role(role)])
                    parts.append(f"<li>{escape(name)}: {escape(', '.join(dnis[:2]))}</li>")
            parts.append("</ul>")
        if self.data_note:
            parts.append(f"<p>{escape(self.data_note)}</p>")
        parts.append("<p>" + escape(self.tr("La guía del usuario está en el menú Ayuda → Guía del usuario.")) + "</p>")
        return "".join(parts)

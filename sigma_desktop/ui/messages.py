"""Error and confirmation dialogs in Spanish: a user always learns what happened and what to do."""
from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import SigmaError
from ..domain.file_errors import file_problem

log = logging.getLogger("sigma.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def describe(exc: BaseException) -> str:
    if isinstance(exc, SigmaError):
        return exc.message
    problem = file_problem(exc) if isinstance(exc, OSError) else None
    if problem is not None:  # a file the user chose is locked (open in Excel), read-only or in a missing folder
        return problem.message
    log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
    return tr("Ocurrió un error inesperado y no se guardó nada. Intente de nuevo; si el problema "
              "continúa, comuníquelo al soporte con la hora en que ocurrió y los datos de Ayuda → Acerca de "
              "SIGMA Desktop → «Copiar información».")


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("No se pudo completar la acción"), describe(exc))


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

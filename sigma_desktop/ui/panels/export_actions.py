"""Export buttons of the report panels: ask where to save, write in the background, open the file."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from .. import runner

FILTERS = {"pdf": "PDF (*.pdf)", "xlsx": "Excel (*.xlsx)", "json": "JSON (*.json)"}


def tr(text: str) -> str:
    return QCoreApplication.translate("export_actions", text)


def ask_path(parent: QWidget, suggested: str, fmt: str) -> Path | None:
    settings = QSettings()
    folder = settings.value("exports/folder") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(parent, tr("Guardar como"), str(Path(folder) / suggested),
                                          FILTERS[fmt])
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != f".{fmt}":
        target = target.with_suffix(f".{fmt}")
    settings.setValue("exports/folder", str(target.parent))
    return target


def open_file(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def export(parent: QWidget, suggested: str, fmt: str, write: Callable[[Path], object],
           on_done: Callable[[object], None] | None = None, *, open_after: bool = True) -> bool:
    """Asks for the file, runs `write(path)` off the GUI thread, then opens the file. False if cancelled."""
    target = ask_path(parent, suggested, fmt)
    if target is None:
        return False

    def done(result) -> None:
        if open_after:
            open_file(target)
        if on_done is not None:
            on_done(result)

    runner.run(parent, lambda: write(target), done, busy_text=tr("Generando {0}…").format(target.name))
    return True

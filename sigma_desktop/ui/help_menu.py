"""The Ayuda menu: «Guía del usuario» (F1) and «Acerca de SIGMA Desktop». Installed by the main window with
one call (`install`).

The guide is docs/guia-usuario.md with its screenshots in docs/screenshots/guia/, shown inside the app
(an office PC may have no Markdown viewer). It is looked for in resources/help/ and then in docs/ under the
program's folder (a checkout, or a PyInstaller bundle that carries docs/guia-usuario.md and
docs/screenshots/guia/).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from ..paths import project_root, resources

GUIDE = "guia-usuario.md"


def tr(text: str) -> str:
    return QCoreApplication.translate("help", text)


def guide_path() -> Path | None:
    for folder in (resources() / "help", project_root() / "docs"):
        if (folder / GUIDE).is_file():
            return folder / GUIDE
    return None


class GuideBrowser(QTextBrowser):
    """Shows the guide's screenshots no wider than the page (they are 1366 px wide: a laptop's screen)."""

    MAX_IMAGE_WIDTH = 860

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt name
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = url.toLocalFile() or str(Path(self.source().toLocalFile()).parent / url.toString())
            image = QImage(path)
            if not image.isNull():
                if image.width() > self.MAX_IMAGE_WIDTH:
                    image = image.scaledToWidth(self.MAX_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
                return image
        return super().loadResource(kind, url)


class GuideDialog(QDialog):
    """The user guide, rendered from Markdown with its screenshots; links to the web open outside."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Guía del usuario — SIGMA Desktop"))
        self.resize(980, 760)
        self.browser = GuideBrowser()
        self.browser.setObjectName("guide")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)


def open_guide(parent: QWidget | None) -> GuideDialog | None:
    path = guide_path()
    if path is None:
        QMessageBox.warning(parent, tr("Guía del usuario"), tr(
            "No se encontró la guía del usuario en esta instalación. Reinstale SIGMA Desktop o consulte la "
            "guía en la carpeta docs del programa (guia-usuario.md)."))
        return None
    dialog = GuideDialog(path, parent)
    dialog.show()  # not modal: the user can follow the guide while working
    return dialog


def open_about(window: QMainWindow, mode_label: str):
    from .forms.about_dialog import AboutDialog

    dialog = AboutDialog(window.sigma, mode_label, window)
    dialog.exec()
    return dialog


def install(window: QMainWindow, mode_label: str) -> dict[str, QAction]:
    menu = window.menuBar().addMenu(window.tr("A&yuda"))
    guide = QAction(tr("Guía del usuario"), window)
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(lambda: open_guide(window))
    about = QAction(tr("Acerca de SIGMA Desktop"), window)
    about.triggered.connect(lambda: open_about(window, mode_label))
    menu.addAction(guide)
    menu.addSeparator()
    menu.addAction(about)
    return {"guide": guide, "about": about}

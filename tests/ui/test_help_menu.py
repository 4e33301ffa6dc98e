"""Ayuda menu: the user guide opens inside the app with every screenshot it names, and «Acerca de» opens
from the menu; the guide's pictures exist and are the size of a laptop screen or a dialog."""
from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from sigma_desktop.paths import project_root
from sigma_desktop.ui import help_menu
from sigma_desktop.ui.main_window import MainWindow
from tests.world import GESTOR

GUIDE = project_root() / "docs" / "guia-usuario.md"


def _images() -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", GUIDE.read_text(encoding="utf-8"))


def test_guide_names_only_pictures_that_exist_and_render():
    names = _images()
    assert len(names) >= 12 and all(n.startswith("screenshots/guia/") for n in names)
    for name in names:
        image = QImage(str(GUIDE.parent / name))
        assert not image.isNull(), name
        assert 300 <= image.width() <= 1366 and image.height() >= 150, name


def test_help_menu_opens_the_guide_with_its_pictures(qtbot, ui_world):
    ui_world.sign_in(GESTOR)
    window = MainWindow(ui_world.sigma, "x", "local (SQLite)")
    qtbot.addWidget(window)
    menu = window.menuBar().actions()[-1]
    assert menu.text() == "A&yuda"
    assert [a.text() for a in menu.menu().actions() if a.text()] == ["Guía del usuario", "Acerca de SIGMA Desktop"]
    assert help_menu.guide_path() is not None
    window.help_actions["guide"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, help_menu.GuideDialog))
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Guía del usuario de SIGMA Desktop" in text and "Planificar y registrar una visita" in text
    for name in _images():
        image = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name))
        assert isinstance(image, QImage) and not image.isNull(), name
        assert image.width() <= help_menu.GuideBrowser.MAX_IMAGE_WIDTH


def test_about_opens_from_the_menu(qtbot, ui_world, monkeypatch):
    from sigma_desktop.ui.forms.about_dialog import AboutDialog

    ui_world.sign_in(GESTOR)
    window = MainWindow(ui_world.sigma, "x", "compartida (PostgreSQL)")
    qtbot.addWidget(window)
    opened = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: opened.append(self) or 0)
    window.help_actions["about"].trigger()
    assert opened and opened[0].windowTitle() == "Acerca de SIGMA Desktop"
    qtbot.waitUntil(lambda: opened[0].pending.isHidden(), timeout=30000)
    assert "compartida (PostgreSQL)" in opened[0].text()

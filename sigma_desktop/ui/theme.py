"""Fonts, style sheet and Qt's own Spanish strings: the look is bundled, never taken from the host."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..paths import resources

FONT_FAMILY = "DejaVu Sans"
# the classes Qt's platform theme sets a font for (QPlatformTheme::Font, see QApplication::setFont)
WINDOWS_THEMED = ("QAbstractItemView", "QListView", "QHeaderView", "QMenu", "QMenuBar", "QMessageBox", "QLabel",
                  "QTipLabel", "QStatusBar", "QPushButton", "QCheckBox", "QRadioButton", "QToolButton",
                  "QComboMenuItem", "QComboLineEdit", "QDockWidgetTitle", "QMdiSubWindowTitleBar")


def apply(app: QApplication) -> None:
    for ttf in sorted((resources() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(ttf))
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(9.5)
    app.setFont(font)
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Peru))
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Spanish), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    qss = resources() / "qss" / "sigma.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    # Windows' platform theme gives tables, menus, the status bar and message boxes their own font (MS Shell
    # Dlg 8.25 pt), which a plain setFont keeps and setting the style sheet restores: set after it
    for widget_class in WINDOWS_THEMED:
        app.setFont(font, widget_class)

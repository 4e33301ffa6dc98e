"""Icons: the app's own mark (resources/icons) and, for the navigation, Qt's built-in standard icons,
which render the same on every platform without shipping an icon theme."""
from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from ..paths import resources

SP = QStyle.StandardPixmap
MODULE_ICONS = {
    "home": SP.SP_DirHomeIcon,
    "quality": SP.SP_MessageBoxWarning,
    "my_teachers": SP.SP_FileDialogContentsView,
    "planning": SP.SP_FileDialogDetailedView,
    "validation": SP.SP_DialogApplyButton,
    "control": SP.SP_FileDialogInfoView,
    "reports": SP.SP_FileIcon,
    "teachers": SP.SP_DirIcon,
    "schools": SP.SP_DirIcon,
    "coaches": SP.SP_DirIcon,
    "assignments": SP.SP_DirLinkIcon,
    "trash": SP.SP_TrashIcon,
    "users": SP.SP_DialogYesButton,
    "catalogues": SP.SP_FileDialogListView,
    "sync": SP.SP_BrowserReload,
}


def module_icon(key: str) -> QIcon:
    return QApplication.style().standardIcon(MODULE_ICONS.get(key, SP.SP_FileIcon))


def app_icon() -> QIcon:
    return QIcon(str(resources() / "icons" / "sigma.svg"))

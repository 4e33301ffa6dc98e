"""Where the app's bundled files are, from a checkout, an installed wheel or a PyInstaller bundle."""
from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller unpack folder
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return project_root() / "resources"


def migrations() -> Path:
    return project_root() / "migrations"

"""Dialogs the user guide shows (docs/guia-usuario.md), captured by `sigma-desktop --screenshots DIR` next to
the module screens: planning and registering a visit (Acompañante), the findings of one kind (RCI), backups,
«Acerca de» and the guide itself (Administrador). Each one is opened as the user would open it, grabbed, and closed."""
from __future__ import annotations

from pathlib import Path
from typing import Callable


def capture_dialogs(window, out: Path, settle: Callable[[], None]) -> int:
    role = window.sigma.actor.role.value
    written = 0

    def save(dialog, name: str) -> None:
        nonlocal written
        if dialog is None:
            return
        dialog.show()
        settle()
        dialog.grab().save(str(out / f"{role}-{name}.png"))
        dialog.close()
        written += 1

    if role == "ap":
        panel = window.show_module("planning")
        settle()
        save(panel.plan_visit(), "planificar-visita")
        row = next((r for r, a in enumerate(panel.model.rows) if a.kind == "visita" and a.status == "planificada"),
                   None)
        if row is not None:
            panel.table.selectRow(row)
            save(panel.register_execution(), "registrar-visita")
    if role == "rci":  # Inicio: a bar opens the findings of its kind with their records
        home = window.show_module("home")
        settle()
        if getattr(home, "report", None) is not None and home.chart.bars:
            home.open_kind(home.chart.bars[0].key)
            home.dialog.resize(1200, 620)
            save(home.dialog, "hallazgos")
    if role == "administrador":
        from .forms.about_dialog import AboutDialog
        from .help_menu import GuideDialog, guide_path
        from .safety_menu import BackupDialog

        save(BackupDialog(window.sigma, window), "copias-de-seguridad")
        save(AboutDialog(window.sigma, window.mode_label, window), "acerca-de")
        path = guide_path()
        save(GuideDialog(path, window) if path else None, "guia")
    return written

"""Dialogs the user guide shows (docs/guia-usuario.md), captured by `sigma-desktop --screenshots DIR` next to
the module screens: planning and registering a visit (Acompañante); the master-data forms, an assignment
being made and the findings of one kind (RCI); users, the tabs of Catálogos y protocolos, backups, «Acerca de»
and the guide itself (Administrador). Each one is opened as the user would open it, grabbed, and closed."""
from __future__ import annotations

from pathlib import Path
from typing import Callable
from ..domain.enums import ActivityKind, ActivityStatus, Role


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

    if role == Role.COACH:
        panel = window.show_module("planning")
        settle()
        save(panel.plan_visit(), "planificar-visita")
        row = next((r for r, a in enumerate(panel.model.rows)
                    if a.kind == ActivityKind.VISIT and a.status == ActivityStatus.PLANNED),
                   None)
        if row is not None:
            panel.table.selectRow(row)
            save(panel.register_execution(), "registrar-visita")
    if role == Role.DATA_QUALITY:
        written += _rci(window, out, settle, save)
        # Inicio: a bar opens the findings of its kind with their records
        home = window.show_module("home")
        settle()
        if getattr(home, "report", None) is not None and home.chart.bars:
            home.open_kind(home.chart.bars[0].key)
            home.dialog.resize(1200, 620)
            save(home.dialog, "hallazgos")
    if role == Role.ADMIN:
        written += _administrator(window, out, settle)
        from .forms.about_dialog import AboutDialog
        from .help_menu import GuideDialog, guide_path
        from .safety_menu import BackupDialog

        save(BackupDialog(window.sigma, window), "copias-de-seguridad")
        save(AboutDialog(window.sigma, window.mode_label, window), "acerca-de")
        path = guide_path()
        save(GuideDialog(path, window) if path else None, "guia")
    return written


def _grab_window(window, out: Path, name: str, settle) -> int:
    settle()
    window.grab().save(str(out / f"{window.sigma.actor.role.value}-{name}.png"))
    return 1


def _first_row(panel, settle) -> None:
    settle()
    panel.view.selectRow(0)
    settle()


def _rci(window, out: Path, settle, save) -> int:
    """The master forms of a teacher, a school and a coach, and Asignaciones with a teacher found by search."""
    written = 0
    for key, name in (("teachers", "editar-docente"), ("schools", "editar-ie"), ("coaches", "editar-acompanante")):
        panel = window.show_module(key)
        _first_row(panel, settle)
        save(panel.actions.edit_selected(), name)
    panel = window.show_module("assignments")
    settle()
    coach = panel.coaches.row_object(0)
    if coach is not None:
        panel.select_coach(coach.dni)
        settle()
        teacher = next((r for r in panel.rows.rows), None)
        panel.select_teacher(teacher.name.split(",")[0] if teacher else "")
        settle()
    written += _grab_window(window, out, "asignaciones-busqueda", settle)
    return written


def _administrator(window, out: Path, settle) -> int:
    """Usuarios with an account selected (role and scope), and the editable tabs of Catálogos y protocolos."""
    written = 0
    panel = window.show_module("users")
    settle()
    rows = panel.model.rows
    other = next((r for r in rows if r.role == Role.DATA_QUALITY), rows[0] if rows else None)
    if other is not None:
        panel.select_dni(other.dni)
    written += _grab_window(window, out, "usuarios-rol", settle)
    panel = window.show_module("catalogues")
    for index, name in ((0, "catalogos-dre-ugel"), (2, "catalogos-motivos"), (4, "catalogos-protocolos")):
        panel.tabs.setCurrentIndex(index)
        tab = panel.tabs.currentWidget()
        if hasattr(tab, "view"):
            tab.view.selectRow(1)
        written += _grab_window(window, out, name, settle)
    return written

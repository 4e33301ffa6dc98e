"""Every function is reachable: for each role, every action the role × action table allows
(domain/permissions.py) has its button or menu entry in that role's window, and the closing and validation
buttons are absent where the role may not use them."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QStackedWidget

from sigma_desktop.domain.enums import Role
from sigma_desktop.domain.permissions import PERMISSIONS, Action, allowed
from sigma_desktop.ui.main_window import MainWindow
from sigma_desktop.ui.navigation import modules_for
from tests.world import ADMIN, COACH_MG, GESTOR, PASSWORD, RCI, REGIONAL

COORDINATOR = "46000001"
USERS = {Role.COACH: COACH_MG, Role.LOCAL_MANAGER: GESTOR, Role.DATA_QUALITY: RCI, Role.REGIONAL_MANAGER: REGIONAL,
         Role.ADMIN: ADMIN, Role.QUALITY_COORDINATOR: COORDINATOR}

# the button or menu entry (any one of them) through which a person reaches each action
ENTRIES: dict[Action, tuple[str, ...]] = {
    Action.READ: ("Reporte PDF…",),
    Action.READ_HISTORY: ("Historial…", "Historial del registro…"),
    Action.PLAN: ("Visita en aula",),
    Action.REGISTER: ("Registrar ejecución",),
    Action.MARK_NO_PLAN: ("Marcar «no planificar»",),
    Action.VALIDATE: ("Validar seleccionados (Ctrl+Enter)",),
    Action.CLOSE_MONTH: ("Cerrar el mes…",),
    Action.DELETE_EXECUTION: ("Eliminar registro…",),
    Action.RESTORE_EXECUTION: ("Restaurar",),
    Action.ASSIGN: ("Asignar docente",),
    Action.MANAGE_MASTER_DATA: ("Nuevo docente…",),
    Action.MANAGE_USERS: ("Crear usuario",),
    Action.MANAGE_CATALOGUES: ("Agregar motivo",),
    Action.EXPORT_AUDIT: ("Exportar bitácora de cambios…",),
    Action.BACKUP: ("Copia de seguridad…",),
    Action.RESTORE_BACKUP: ("Restaurar copia…",),
    Action.IMPORT_ACTIVITIES: ("Importar datos…",),
    Action.EDIT_SIGNATORIES: ("Firmantes de los reportes…",),
    Action.REVIEW_QUALITY: ("Cambiar estado…",),
}
# entries that must not be there for a role that may not use them
ONLY_FOR = {Action.CLOSE_MONTH: ("Cerrar el mes…", "Reabrir el mes…"),
            Action.VALIDATE: ("Validar seleccionados (Ctrl+Enter)", "Observar… (Ctrl+O)")}


def test_every_action_has_an_entry():
    assert set(ENTRIES) == set(PERMISSIONS)


def _shown(button, panel) -> bool:
    """Not hidden by the program: the pages of tabs and stacks that are not current count as shown."""
    w = button
    while w is not None and w is not panel:
        if w.isHidden() and not isinstance(w.parentWidget(), QStackedWidget):
            return False
        w = w.parentWidget()
    return True


def _entries(window, role) -> set[str]:
    """The texts of the visible buttons of every module of the role, and of the menu entries."""
    texts = set()
    for module in modules_for(role):
        panel = window.show_module(module.key)
        texts |= {b.text() for b in panel.findChildren(QAbstractButton) if _shown(b, panel)}
    texts |= {a.text() for a in window.findChildren(QAction) if a.isVisible()}
    return texts


@pytest.mark.parametrize("role", list(USERS), ids=lambda r: r.value)
def test_each_allowed_action_is_reachable_in_the_window(qtbot, ui_world, role):
    s = ui_world.sigma
    if role is Role.QUALITY_COORDINATOR:
        s.users.add(COORDINATOR, "Coordinadora de Calidad", "coordinador_calidad", PASSWORD, ugel_code="030007")
    s.auth.sign_in(USERS[role], PASSWORD)
    window = MainWindow(s, "x", "local (SQLite)")
    qtbot.addWidget(window)
    texts = _entries(window, role)
    missing = [a.value for a, names in ENTRIES.items() if allowed(role, a) and not set(names) & texts]
    assert not missing, f"{role.value}: sin botón ni menú para {missing}"
    wrong = [name for a, names in ONLY_FOR.items() if not allowed(role, a) for name in names if name in texts]
    assert not wrong, f"{role.value}: ve {wrong} sin poder usarlo"
    window.close()

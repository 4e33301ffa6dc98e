"""The import wizard, offscreen: choose → preview → import → summary, errors and refused files; the menu
shows it only to roles that may import. Set SIGMA_SCREENSHOTS=DIR to keep a PNG of each page."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWizard

from sigma_desktop.storage import models as m
from sigma_desktop.ui.forms.import_wizard import ImportWizard
from tests.importing.helpers import TEACHER_HEADER, xlsx
from tests.world import COACH_MG, GESTOR, RCI


def _shot(widget, name: str) -> None:
    folder = os.environ.get("SIGMA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _teachers(world) -> int:
    from sqlalchemy import func, select

    with world.sigma.db.session() as s:
        return s.scalar(select(func.count()).select_from(m.Teacher))


def test_import_teachers_through_the_wizard(qtbot, ui_world, tmp_path):
    ui_world.sign_in(RCI)
    path = xlsx(tmp_path / "docentes.xlsx", (*TEACHER_HEADER, "comentario"),
                [("40000081", "Ñahui", "Peña", "Rosa", "0512345", 0, "nuevo"),
                 ("40000001", "Quispe", "Ñahui", "Docente 1", "0512345", 0, "")], titles=("PADRÓN UGEL GRAU",))
    wizard = ImportWizard(ui_world.sigma, kind="docentes", path=str(path))
    qtbot.addWidget(wizard)
    changed = []
    wizard.sig_changed.connect(changed.append)
    wizard.show()
    assert wizard.choose.isComplete()
    _shot(wizard, "01-importar-elegir")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.result is not None, timeout=20000)
    preview = wizard.preview
    assert "no tiene errores" in preview.status.text()
    assert "Por crear: 1" in preview.counts.text() and "Sin cambios: 1" in preview.counts.text()
    assert preview.problems.rowCount() == 1 and preview.problems.item(0, 2).text() == "Aviso"
    assert preview.isComplete() and _teachers(ui_world) == 7
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Importar"
    _shot(wizard, "02-importar-vista-previa")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.result is not None, timeout=20000)
    assert wizard.run_page.bar.value() == 100
    assert "creados 1" in wizard.run_page.summary.text()
    (change,) = changed  # the change set of what the import saved: the one new teacher
    assert change.kinds == {"teacher"} and len(change.of("teacher")) == 1 and _teachers(ui_world) == 8
    _shot(wizard, "03-importar-resumen")


def test_a_file_with_errors_cannot_be_imported(qtbot, ui_world, tmp_path):
    ui_world.sign_in(RCI)
    path = xlsx(tmp_path / "malo.xlsx", TEACHER_HEADER, [("1234567", "Quispe", "", "Ana", "0512345", 0),
                                                          ("40000082", "", "", "Eva", "0999999", 0)])
    wizard = ImportWizard(ui_world.sigma, kind="docentes", path=str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview.result is not None, timeout=20000)
    preview = wizard.preview
    assert "2 errores" in preview.status.text() and not preview.isComplete()
    assert preview.error_copy_button.isVisibleTo(wizard)
    texts = [preview.problems.item(i, 3).text() for i in range(preview.problems.rowCount())]
    assert "debe tener exactamente 8 dígitos (se recibió «1234567»)." in texts
    _shot(wizard, "04-importar-con-errores")
    copy = wizard.save_error_copy(target=str(tmp_path / "malo-errores.xlsx"))
    assert copy is not None and copy.exists()


def test_a_refused_file_shows_why(qtbot, ui_world, tmp_path):
    ui_world.sign_in(RCI)
    path = tmp_path / "foto.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    wizard = ImportWizard(ui_world.sigma, kind="docentes", path=str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.preview.busy, timeout=20000)
    assert "es una imagen PNG, no una hoja de cálculo" in wizard.preview.status.text()
    assert not wizard.preview.isComplete()


def test_template_from_the_wizard(qtbot, ui_world, tmp_path):
    ui_world.sign_in(COACH_MG)
    wizard = ImportWizard(ui_world.sigma)
    qtbot.addWidget(wizard)
    assert wizard.kinds == ["actividades"] and wizard.choose.kind.count() == 1
    path = wizard.save_template("actividades", str(tmp_path / "plantilla.xlsx"))
    from openpyxl import load_workbook

    assert load_workbook(path).sheetnames == ["actividades", "instrucciones", "referencia"]


def _menu_texts(window) -> list[str]:
    file_menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in file_menu.actions()]


def test_menu_only_for_roles_that_import(qtbot, ui_world):
    from sigma_desktop.ui.main_window import MainWindow

    for dni, expected in ((RCI, True), (COACH_MG, True), (GESTOR, False)):
        ui_world.sign_in(dni)
        window = MainWindow(ui_world.sigma, "prueba", "local (SQLite)")
        qtbot.addWidget(window)
        texts = _menu_texts(window)
        assert ("Importar datos…" in texts) is expected, (dni, texts)
        assert ("Descargar plantilla…" in texts) is expected
        window.close()

"""A single visit's record and the ficha del docente print on A4 portrait, with what the window shows."""
from __future__ import annotations

from datetime import date

from sigma_desktop.domain.enums import ActivityKind
from tests.reports.pdf_text import page_size, pages
from tests.world import COACH_MG, GESTOR, RATINGS_2018, YEAR


def _visit(world):
    world.sign_in(COACH_MG)
    s = world.sigma
    v = s.planning.plan_visit(world.coaches[COACH_MG], world.teachers["40000001"], YEAR, 4,
                              planned_date=date(YEAR, 4, 6))
    s.registration.register_visit(v.id, date(YEAR, 4, 7), RATINGS_2018, notes="Sesión de fracciones")
    gia = s.planning.plan_group(ActivityKind.GROUP_SESSION, world.coaches[COACH_MG], YEAR, 4,
                                [world.teachers[t] for t in ("40000001", "40000002", "40000003")],
                                topic="Planificación curricular por competencias", hours=3)
    s.registration.register_group(gia.id, date(YEAR, 4, 9), [world.teachers["40000001"], world.teachers["40000002"]],
                                  hours=3)
    return v


def test_a_visit_record_prints_with_its_rubric(sqlite_world, tmp_path):
    v = _visit(sqlite_world)
    result = sqlite_world.sigma.exports.record_pdf(v.id, tmp_path / "registro.pdf")
    assert tuple(round(x) for x in page_size(result.path)) == (595, 842)  # A4 portrait
    text = "\n".join(pages(result.path))
    assert "Registro de la actividad (preliminar)" in text
    assert "Visita en aula (Diagnóstica) — Quispe Ñahui, Docente 1" in text
    assert "Rúbrica de observación" in text and "Nivel II" in text and "Sesión de fracciones" in text
    assert "Elaborado por" in text and "AP 45000001" in text
    assert "Mes abierto: las cifras pueden cambiar" in text


def test_a_closed_month_prints_its_mark_and_no_preliminary(sqlite_world, tmp_path):
    v = _visit(sqlite_world)
    sqlite_world.sign_in(GESTOR)
    sqlite_world.sigma.closing.close("030007", YEAR, 4, confirmed=True)
    text = "\n".join(pages(sqlite_world.sigma.exports.record_pdf(v.id, tmp_path / "r.pdf").path))
    assert "(preliminar)" not in text and "Mes cerrado el" in text and "por Gestora Local Grau" in text


def test_the_ficha_del_docente_prints(sqlite_world, tmp_path):
    _visit(sqlite_world)
    result = sqlite_world.sigma.exports.ficha_pdf(sqlite_world.teachers["40000001"], YEAR, tmp_path / "ficha.pdf")
    text = "\n".join(pages(result.path))
    assert tuple(round(x) for x in page_size(result.path)) == (595, 842)
    assert "Ficha del docente" in text and "Quispe Ñahui, Docente 1 (DNI 40000001)" in text
    assert "Niveles de la rúbrica, visita por visita" in text and "asistió" in text
    assert "GIA: Planificación curricular" in text
    assert "Primaria, rural, unidocente" in text  # words a person reads, not the stored codes


def test_pictures_of_the_record_and_the_ficha(sqlite_world, tmp_path):
    """Kept for a person to look at (SIGMA_PICTURES=folder): the pages as PNG."""
    import os
    import subprocess

    folder = os.environ.get("SIGMA_PICTURES")
    v = _visit(sqlite_world)
    record = sqlite_world.sigma.exports.record_pdf(v.id, tmp_path / "registro.pdf").path
    ficha = sqlite_world.sigma.exports.ficha_pdf(sqlite_world.teachers["40000001"], YEAR, tmp_path / "ficha.pdf").path
    if folder:
        for pdf in (record, ficha):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), os.path.join(folder, pdf.stem)], check=True)
    assert record.stat().st_size > 0 and ficha.stat().st_size > 0

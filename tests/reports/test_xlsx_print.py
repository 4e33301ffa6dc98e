"""The workbooks printed as an office prints them: LibreOffice Calc (headless) turns them into PDF, and each
page must be A4 landscape, carry the title and «Página x de y», and be readable: printed at 70 % of the
real size or more (the text's height against the same text printed at 100 %)."""
from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest

from sigma_desktop.domain.reporting import ReportFilter
from sigma_desktop.reports.xlsx.stream import XlsxWriter
from tests.demo_world import YEAR, demo  # noqa: F401
from tests.reports.pdf_text import page_size, pages

MIN_SCALE = 0.70
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice Calc is not installed: scripts/setup --test installs libreoffice-calc-nogui")
    return path


def to_pdf(xlsx: Path, tmp_path: Path) -> Path:
    out = tmp_path / "impreso"
    profile = tmp_path / "lo-perfil"  # its own profile: tests running at once do not share a lock
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
                   check=True, capture_output=True, timeout=240)
    return out / f"{xlsx.stem}.pdf"


def word_heights(pdf: Path, words: set[str] | None = None) -> list[list[float]]:
    """Per page, the heights of the words (or of the given words) as printed."""
    done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    out = []
    for page in done.stdout.split("<page ")[1:]:
        out.append([float(m[3]) - float(m[1]) for m in _WORD.findall(page) if words is None or m[4] in words])
    return out


def full_size_height(tmp_path: Path) -> float:
    """The height of body text printed at 100 %: a narrow sheet written by the same writer."""
    path = tmp_path / "calibracion.xlsx"
    with XlsxWriter(path, title="Calibración") as wb:
        ws = wb.sheet("Hoja", [14, 14], landscape=True)
        for _ in range(5):
            ws.append(["Calibración", 12345], ["text", "int"])
    heights = [h for page in word_heights(to_pdf(path, tmp_path), {"Calibración"}) for h in page]
    return statistics.median(heights)


def _check_print(xlsx: Path, tmp_path: Path, title: str, body_words: set[str]) -> list[str]:
    reference = full_size_height(tmp_path)
    pdf = to_pdf(xlsx, tmp_path)
    w, h = page_size(pdf)
    assert (round(w), round(h)) == (842, 595)  # A4 landscape
    text = pages(pdf)
    n = len(text)
    for i, page in enumerate(text, start=1):
        assert title in page and re.search(rf"Página {i} de {n}", page), page[:300]
    for i, heights in enumerate(word_heights(pdf, body_words), start=1):
        if heights:
            scale = statistics.median(heights) / reference
            assert scale >= MIN_SCALE, f"página {i}: impresa al {scale:.0%}"
    return text


def test_control_workbook_prints_readable_pages(demo, tmp_path):  # noqa: F811
    grid = demo.sigma.control.grid(ReportFilter(YEAR))
    path = demo.sigma.exports.write_control(grid, "xlsx", tmp_path / "control.xlsx").path
    surnames = {r.coach_name.split()[0] for r in grid.rows}
    text = _check_print(path, tmp_path, "Módulo de Control: plan y ejecución por acompañante", surnames)
    data_pages = [p for p in text if any(s in p for s in surnames)]
    assert data_pages and all("Acompañante" in p for p in data_pages)  # the column headers on every page
    assert len(text) <= 3 * len(grid.rows) // 20 + 12  # one sheet per kind, about 30 rows a page


def test_indicator_workbook_prints_readable_pages(demo, tmp_path):  # noqa: F811
    report = demo.sigma.indicators.compute(ReportFilter(YEAR, 5))
    path = demo.sigma.exports.write_indicators(report, "xlsx", tmp_path / "ind.xlsx").path
    text = _check_print(path, tmp_path, "Reporte de indicadores del acompañamiento pedagógico",
                        {"Porcentaje", "Visitas", "Docentes"})
    assert all("Código" in p and "Periodo" in p for p in text if re.search(r"\b[VGTSACWMP]\d\d\b", p))

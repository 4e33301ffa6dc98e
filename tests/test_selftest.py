"""`sigma-desktop --self-test` from source, in a fresh process as a technician runs it.

The same command runs inside the built bundle (`installer/build.py --smoke`); here it proves the steps
themselves: a fresh database, migrations, demo, the main window, a PDF and an xlsx read back, and that
the user's data folder is left alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _self_test(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    user_data = tmp_path / "datos-del-usuario"  # where the user's own data would be
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIGMA_DATA_DIR=str(user_data))
    env.pop("SIGMA_DB_URL", None)
    done = subprocess.run([sys.executable, "-m", "sigma_desktop.app", "--self-test", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=240)
    return done, user_data


@pytest.mark.slow
def test_self_test_passes_and_keeps_what_it_made(tmp_path):
    keep = tmp_path / "autoprueba"
    done, user_data = _self_test(tmp_path, str(keep))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Autoprueba de SIGMA Desktop") and "código fuente" in lines[0]
    assert lines[-1].startswith("Autoprueba correcta en ")
    steps = [line for line in lines if line.startswith("  ")]
    assert len(steps) == 10 and all(line.startswith("  OK ") for line in steps), done.stdout
    assert "propagateSizeHints" not in done.stderr

    assert (keep / "autoprueba.txt").read_text(encoding="utf-8") == done.stdout
    pdf = (keep / "indicadores.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "1", str(keep / "indicadores.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Reporte de indicadores del acompañamiento pedagógico" in text

    from openpyxl import load_workbook

    book = load_workbook(keep / "actividades.xlsx", read_only=True)
    rows = list(book["Actividades"].iter_rows(values_only=True))
    assert rows[0][0] == "ID actividad"
    written = next(line for line in steps if "Exportación Excel" in line)
    assert f"{len(rows) - 1} actividades" in written
    book.close()

    pictures = sorted(keep.glob("ventana-*.png"))
    assert pictures and pictures[0].name == "ventana-01-home.png"
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pictures)
    assert not user_data.exists() or not any(user_data.iterdir()), "the self-test wrote into the user's data"


def test_a_failed_step_is_named_and_exits_non_zero(tmp_path):
    keep = tmp_path / "autoprueba"
    (keep / "autoprueba.sqlite3").mkdir(parents=True)  # the database file cannot be created: a folder is there
    done, _user_data = _self_test(tmp_path, str(keep))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "  FALLA  Base de datos nueva con sus migraciones: " in done.stdout
    assert done.stdout.rstrip().endswith("Autoprueba FALLIDA. Envíe este texto al soporte técnico de SIGMA Desktop.")
    assert "Traceback" in done.stderr  # the details, for whoever fixes it

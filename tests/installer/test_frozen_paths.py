"""In a PyInstaller bundle the resources and migrations are found under sys._MEIPASS."""
from __future__ import annotations

import sys
from pathlib import Path

from sigma_desktop import paths


def test_a_bundle_reads_its_files_from_the_unpack_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources() == tmp_path / "resources"
    assert paths.migrations() == tmp_path / "migrations"


def test_from_source_they_are_the_checkout_folders():
    root = Path(__file__).resolve().parents[2]
    assert (paths.migrations() / "env.py").exists() and paths.migrations() == root / "migrations"
    assert (paths.resources() / "fonts" / "DejaVuSans.ttf").exists()


def test_the_spec_ships_what_paths_points_to():
    spec = (Path(__file__).resolve().parents[2] / "installer" / "sigma_desktop.spec").read_text(encoding="utf-8")
    assert 'tree("resources") + tree("migrations")' in spec
    assert 'copy_metadata("keyring")' in spec  # keyring finds its backends through entry points

"""The administrator exports the change log (CSV, JSON, by dates); it cannot be edited (see
tests/storage/test_change_log_protection.py); other roles are refused (test_permission_matrix.py)."""
from __future__ import annotations

import csv
import json
from datetime import timedelta

import pytest

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.domain.errors import PermissionDenied, ValidationError
from sigma_desktop.services.audit import HEADERS

from tests.world import ADMIN, GESTOR


def test_csv_export_has_every_entry_in_order(world, tmp_path):
    world.sign_in(ADMIN)
    total = world.log_count()
    done = world.sigma.audit.export(tmp_path / "bitacora.csv")
    assert done.rows == total and done.format == "csv"
    raw = done.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads the accents"
    with done.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == HEADERS
    body = rows[1:]
    assert len(body) == total
    seqs = [int(r[0]) for r in body]
    assert seqs == sorted(seqs)
    first = dict(zip(HEADERS, body[0]))
    assert first["operacion"] == "insert" and json.loads(first["cambios"])
    assert any("Señor de Ánimas" in r[-1] for r in body)
    assert not list(tmp_path.glob("*.partial"))


def test_json_export_and_date_range(world, tmp_path):
    world.sign_in(ADMIN)
    done = world.sigma.audit.export(tmp_path / "bitacora.json")
    items = json.loads(done.path.read_text(encoding="utf-8"))
    assert len(items) == done.rows == world.log_count()
    assert set(items[0]) == set(HEADERS) and isinstance(items[0]["cambios"], dict)
    today = today_lima()
    assert world.sigma.audit.export(tmp_path / "hoy.json", since=today, until=today).rows == done.rows
    assert world.sigma.audit.export(tmp_path / "ayer.csv", until=today - timedelta(days=1)).rows == 0
    with pytest.raises(ValidationError, match="posterior"):
        world.sigma.audit.export(tmp_path / "x.csv", since=today, until=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="Formato"):
        world.sigma.audit.export(tmp_path / "x.xls")


def test_only_the_administrator_exports(world, tmp_path):
    world.sign_in(GESTOR)
    with pytest.raises(PermissionDenied, match="exportar la bitácora"):
        world.sigma.audit.export(tmp_path / "bitacora.csv")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("bitacora")]

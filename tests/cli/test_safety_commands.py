"""`sigma backup`, `sigma restore`, `sigma check`, `sigma audit export`, `sigma db-password`: the same
services as the app's menu, Spanish messages, a non-zero exit code when something is wrong."""
from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from sigma_desktop.cli import main
from sigma_desktop.storage import backup as store

from tests.storage.safety_helpers import dump_sqlite


@pytest.fixture
def db(sqlite_world):
    """The test world's file, with the test's own connections closed (the command opens its own)."""
    url = sqlite_world.sigma.db.url.render_as_string(hide_password=False)
    sqlite_world.sigma.close()
    return url, Path(sqlite_world.sigma.db.url.database)


def _run(capsys, url, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_list_and_restore(db, capsys, tmp_path):
    url, path = db
    code, out, _ = _run(capsys, url, "backup")
    assert code == 0 and "Copia de seguridad verificada:" in out
    made = Path(out.split("verificada: ", 1)[1].rsplit(" (", 1)[0])
    assert made.exists() and store.check_file(made) == []
    code, out, _ = _run(capsys, url, "backup", "--list")
    assert code == 0 and made.name in out and "manual" in out

    before = dump_sqlite(made)
    conn = sqlite3.connect(path)  # a change after the copy (made by "another program")
    conn.execute("INSERT INTO app_meta (key, value) VALUES ('despues', 'de la copia')")
    conn.commit()
    conn.close()
    code, out, err = _run(capsys, url, "restore", str(made))
    assert code == 1 and "Confirme con --yes" in err  # no terminal to ask in the tests
    code, out, _ = _run(capsys, url, "restore", str(made), "--yes")
    assert code == 0 and "Copia restaurada" in out and "antes-de-restaurar" in out
    after = dump_sqlite(path)
    after.pop("app_meta"), before.pop("app_meta")  # the start-up check dates its run in app_meta
    assert after == before


def test_backup_to_a_folder_and_prune(db, capsys, tmp_path):
    url, _ = db
    usb = tmp_path / "usb"
    for _ in range(3):
        assert _run(capsys, url, "backup", "--dir", str(usb))[0] == 0
    assert len(store.list_backups(usb)) == 3
    code, out, _ = _run(capsys, url, "backup", "--dir", str(usb), "--keep", "1")
    assert code == 0 and len(store.list_backups(usb)) == 4, "manual copies are never pruned"


def test_check_reports_damage_and_the_way_out(db, capsys):
    url, path = db
    code, out, _ = _run(capsys, url, "check")
    assert code == 0 and "Verificación correcta" in out
    code, out, _ = _run(capsys, url, "backup")
    good = Path(out.split("verificada: ", 1)[1].rsplit(" (", 1)[0])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'teacher'").fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\x55" * page)
    code, out, err = _run(capsys, url, "check")
    assert code == 2 and "dañada" in err and f'sigma restore "{good}"' in err
    # any other command stops with the same way out instead of a traceback
    code, out, err = _run(capsys, url, "users", "list")
    assert code == 1 and err.startswith("Error: La base de datos está dañada")
    assert _run(capsys, url, "restore", str(good), "--yes")[0] == 0
    assert _run(capsys, url, "check")[0] == 0


def test_audit_export(db, capsys, tmp_path):
    url, _ = db
    target = tmp_path / "bitacora.csv"
    code, out, _ = _run(capsys, url, "audit", "export", str(target), "--desde", "01/01/2000")
    assert code == 0 and "Bitácora exportada" in out
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) > 10
    code, _, err = _run(capsys, url, "audit", "export", str(tmp_path / "b.csv"), "--desde", "31/02/2020")
    assert code == 1 and "Error:" in err


def test_newer_schema_is_reported_by_every_command(db, capsys):
    url, path = db
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0999_futura'")
    conn.commit()
    conn.close()
    code, _, err = _run(capsys, url, "users", "list")
    assert code == 1 and "versión más reciente de SIGMA Desktop" in err
    # a copy can still be taken, to send it to support
    assert _run(capsys, url, "backup")[0] == 0


def test_db_password_on_a_local_database(db, capsys):
    url, _ = db
    code, _, err = _run(capsys, url, "db-password", "set")
    assert code == 1 and "local (SQLite)" in err

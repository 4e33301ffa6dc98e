"""Hostile and broken copies handed to `sigma restore`, tampered live databases shown to `sigma check`, and
the leftovers of a killed copy. Each refused restore leaves the live database exactly as it was, and the
next command works (no traceback)."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sigma_desktop.cli import main
from sigma_desktop.storage import audit_guard
from tests.world import GESTOR


@pytest.fixture
def live(sqlite_world, tmp_path, capsys):
    """A local database with the world, a good manual copy of it, and its URL (nothing open on it)."""
    sigma = sqlite_world.sigma
    url = sigma.db.url.render_as_string(hide_password=False)
    path = Path(sigma.db.url.database)
    sigma.close()
    assert main(["--db", url, "backup", "--dir", str(tmp_path / "copias")]) == 0
    copy = next((tmp_path / "copias").glob("sigma-*.sqlite3"))
    capsys.readouterr()
    return url, path, copy


def _content(path: Path) -> str:
    """The whole logical content of a database (schema and rows), read-only."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def _tampered(copy: Path, tmp_path: Path, *sql: str) -> Path:
    bad = tmp_path / f"copia-{len(list(tmp_path.glob('copia-*')))}.sqlite3"
    shutil.copyfile(copy, bad)
    conn = sqlite3.connect(bad, isolation_level=None)
    try:
        for statement in sql:
            conn.execute(statement)
    finally:
        conn.close()
    return bad


HOSTILE = {
    "sin alembic_version": (("DROP TABLE alembic_version",), "no indica la versión de su esquema"),
    "alembic_version vacía": (("DELETE FROM alembic_version",), "no indica la versión de su esquema"),
    "versión inventada": (("UPDATE alembic_version SET version_num = 'zz99'",), "versión más reciente"),
    "versión vieja con tablas nuevas": (("UPDATE alembic_version SET version_num = '0005'",),
                                        "no se pudo actualizar al esquema"),
    "tablas que no son las de su versión": (("DROP TABLE sign_in_throttle",), "no son las que indica su versión"),
    "disparador ajeno": (("CREATE TRIGGER valida_todo AFTER INSERT ON execution BEGIN UPDATE execution SET "
                          "validation_state = 'validada' WHERE id = NEW.id; END",), "disparadores que SIGMA Desktop no creó"),
    "no es de SIGMA": (("DROP TABLE change_log",), "no es una copia de una base de datos de SIGMA"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_copy_is_refused_and_the_live_database_stays_exactly_as_it_was(live, tmp_path, capsys, case):
    url, path, copy = live
    statements, message = HOSTILE[case]
    bad = _tampered(copy, tmp_path, *statements)
    before = _content(path)
    assert main(["--db", url, "restore", "--yes", str(bad)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert _content(path) == before
    assert not list(path.parent.glob("*.restaurando*")) and not list(path.parent.glob("*antes-de-restaurar*"))
    assert main(["--db", url, "users", "list"]) == 0  # and the next command works
    assert GESTOR in capsys.readouterr().out


def test_a_damaged_copy_is_refused(live, tmp_path, capsys):
    url, path, copy = live
    bad = tmp_path / "cortada.sqlite3"
    bad.write_bytes(copy.read_bytes()[: copy.stat().st_size // 3])
    before = _content(path)
    assert main(["--db", url, "restore", "--yes", str(bad)]) == 1
    assert "no se restauró" in capsys.readouterr().err
    assert _content(path) == before


def test_a_copy_without_its_audit_protections_gets_them_back_and_the_user_is_told(live, tmp_path, capsys):
    url, path, copy = live
    bad = _tampered(copy, tmp_path, "DROP TRIGGER change_log_no_update", "DROP TRIGGER change_log_no_delete",
                    "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log BEGIN SELECT 1; END")
    assert main(["--db", url, "restore", "--yes", str(bad)]) == 0
    out = capsys.readouterr().out
    assert "había perdido protecciones de la bitácora" in out and "change_log_no_update" in out
    conn = sqlite3.connect(path)
    try:
        assert audit_guard.inspect_sqlite(conn).sound
        with pytest.raises(sqlite3.DatabaseError, match="solo anexado"):
            conn.execute("DELETE FROM change_log")
        with pytest.raises(sqlite3.DatabaseError, match="solo anexado"):
            conn.execute("UPDATE change_log SET user_dni = '99999999'")
    finally:
        conn.close()
    assert main(["--db", url, "check"]) == 0


def test_an_older_copy_is_migrated_in_its_scratch_file_before_it_replaces_anything(live, tmp_path, capsys):
    """A copy of revision 0006 (before this release's 0007–0010): brought up to date aside, then swapped."""
    url, path, copy = live
    old = tmp_path / "antigua.sqlite3"
    shutil.copyfile(copy, old)
    from sigma_desktop.storage import migrate
    from sigma_desktop.storage.database import Database

    db = Database(f"sqlite:///{old}")
    migrate.downgrade(db, "0006")
    db.dispose()
    assert main(["--db", url, "restore", "--yes", str(old)]) == 0
    capsys.readouterr()
    assert main(["--db", url, "check"]) == 0


def test_check_names_a_wrong_schema_version_lost_protections_and_foreign_triggers(live, capsys):
    url, path, _copy = live
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TRIGGER espia AFTER UPDATE ON user_account BEGIN SELECT 1; END")
    conn.execute("DROP TRIGGER change_log_no_update")
    conn.close()
    assert main(["--db", url, "check"]) == 2
    err = capsys.readouterr().err
    assert "espia (user_account)" in err and "faltan las protecciones" in err and "change_log_no_update" in err
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE alembic_version SET version_num = '0006'")
    conn.close()
    assert main(["--db", url, "check"]) == 2
    assert "desactualizado" in capsys.readouterr().err


def test_a_start_restores_protections_someone_removed_from_the_live_database(live, capsys):
    url, path, _copy = live
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER change_log_no_delete")
    conn.close()
    assert main(["--db", url, "users", "list"]) == 0
    conn = sqlite3.connect(path)
    try:
        assert audit_guard.inspect_sqlite(conn).sound
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_copy_leaves_no_partial_file_after_the_next_start(live, tmp_path, capsys):
    url, path, _copy = live
    folder = path.parent / "copias-de-seguridad"
    script = textwrap.dedent(f"""
        import sqlite3, sys, time
        from pathlib import Path
        from sigma_desktop.storage import backup
        folder = Path({str(folder)!r}); folder.mkdir(exist_ok=True)
        partial = backup._partial(backup._target(folder, "manual", backup._now()))
        with sqlite3.connect({str(path)!r}) as source:
            backup._copy(source, partial)   # the copy is written; renaming it is what the kill prevents
        print(partial, flush=True)
        time.sleep(600)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    partial = Path(child.stdout.readline().strip())
    assert partial.exists() and partial.name.endswith(f".{child.pid}.partial")
    ours = folder / f"sigma-20990101-000000-manual.{os.getpid()}.partial"  # a copy another window is making
    ours.write_bytes(b"en curso")
    assert main(["--db", url, "users", "list"]) == 0  # a start while the copy runs: left alone
    assert partial.exists()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    assert main(["--db", url, "users", "list"]) == 0  # the next start
    assert not partial.exists() and ours.exists()
    ours.unlink()

"""The layering holds: import-linter's contracts in pyproject.toml are kept, and the command line and the
services start without loading the heavy libraries (Qt, openpyxl, reportlab, alembic)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("PySide6", "shiboken6", "openpyxl", "reportlab", "alembic")


def test_import_linter_contracts_are_kept():
    code = ("import sys\nfrom importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # its report has «→»: not in Windows' cp1252
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=240)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "0 broken" in out, out


def test_pyproject_declares_the_contracts():
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"]
    kinds = {c["type"] for c in contracts}
    assert "layers" in kinds and "forbidden" in kinds
    forbidden = {m for c in contracts if c["type"] == "forbidden" for m in c["forbidden_modules"]}
    assert {"PySide6", "sqlalchemy"} <= forbidden


_PROBE = """
import json, sys
for name in sys.argv[1:]:
    __import__(name)
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(%r))
print(json.dumps(heavy))
""" % (HEAVY,)


def _heavy_after_import(*modules: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *modules], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["sigma_desktop.cli", "sigma_desktop.services",
                                    "sigma_desktop.services.setup", "sigma_desktop.storage.migrate"])
def test_startup_modules_import_no_heavy_library(module):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    heavy = _heavy_after_import(module)
    assert heavy == [], f"importing {module} loads {heavy}: import them inside the functions that use them"


def test_importtime_of_cli_names_no_heavy_library():
    """The same through `python -X importtime`, which also catches a heavy import hidden in a plugin hook."""
    if importlib.util.find_spec("sigma_desktop.cli") is None:
        pytest.skip("sigma_desktop.cli does not exist yet")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sigma_desktop.cli"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}
    assert "sigma_desktop" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_the_probe_does_see_a_heavy_import():
    """Guards the two tests above against passing vacuously."""
    assert _heavy_after_import("sigma_desktop.services", "alembic") == ["alembic"]

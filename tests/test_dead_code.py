"""No dead code: vulture finds no unused function, class, method, variable or attribute in the product (the
application, bench/ and the installer), apart from the reviewed names in tests/vulture_allow.py. Code used
only by tests counts as dead unless it is listed there as a seam, with its reason."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_vulture_finds_no_unused_code():
    found = subprocess.run(
        [sys.executable, "-m", "vulture", "sigma_desktop", "bench", "installer", "tests/vulture_allow.py",
         "--min-confidence", "60"], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert found.returncode == 0 and not found.stdout.strip(), (
        "vulture reports unused code: remove it, or add the name to tests/vulture_allow.py with the reason it "
        "lives\n" + found.stdout + found.stderr)

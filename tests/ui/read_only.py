"""A folder nobody may write in, even root (tests run as root on these machines: chmod is not enough)."""
from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_folder(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o555)
    immutable = False
    if os.access(path, os.W_OK):  # root: make the folder immutable (ext4 and most Linux file systems)
        immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
        if not immutable or os.access(path, os.W_OK):
            path.chmod(0o755)
            pytest.skip("no way to make a read-only folder here")
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o755)

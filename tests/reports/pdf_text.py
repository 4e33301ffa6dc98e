"""Reading a PDF back as a person would: its text per page (pdftotext -layout), pages and page size."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed: scripts/setup --test installs it")
    return path


def pages(pdf: Path) -> list[str]:
    done = subprocess.run([_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True, timeout=120)
    return done.stdout.decode("utf-8").split("\f")[:-1]


def info(pdf: Path) -> dict[str, str]:
    done = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True, timeout=60)
    return dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)


def page_size(pdf: Path) -> tuple[float, float]:
    m = re.search(r"([\d.]+) x ([\d.]+)", info(pdf)["Page size"])
    return float(m.group(1)), float(m.group(2))


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    done = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True, timeout=60)
    out = []
    for line in done.stdout.splitlines()[2:]:
        parts = line.split()
        out.append((parts[0], parts[-5] == "yes"))
    return out

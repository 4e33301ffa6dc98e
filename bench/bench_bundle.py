"""Size of the built bundle and the time its program takes to show the sign-in window (issue 8 goal: < 1.5 s).

Run: .venv/bin/python installer/build.py          (builds dist/sigma-desktop and its tar.gz)
     .venv/bin/python bench/bench_bundle.py [--runs 7] [--bundle dist/sigma-desktop]

Size: every file of the bundle folder, its largest parts, and the tar.gz (made in a temporary folder when
build.py's is missing). Start-up: like bench_startup.py, each run is a fresh process that exits once the
sign-in window is on screen (offscreen), measured from outside. In the same loop, one after the other:
the bundled program, the same app from source (python -m sigma_desktop.app) and the baseline, a bare
QApplication with one QDialog from source python; the ratios divide by that baseline's median.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from _common import ROOT, machine
from bench_startup import BASELINE, _time


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def _parts(bundle: Path, top: int = 8) -> list[tuple[str, int]]:
    """The largest files and folders, two levels into _internal (where PyInstaller puts everything)."""
    inner = bundle / "_internal"
    items = [p for p in inner.iterdir()] + [p for p in (inner / "PySide6" / "Qt").glob("*/*")
                                             if (inner / "PySide6" / "Qt").exists()]
    # symbolic links (PyInstaller links Qt's libraries into _internal on Linux) are counted once, as targets
    sized = [(str(p.relative_to(bundle)), _size(p)) for p in items if p.name != "Qt" and not p.is_symlink()]
    sized = [(name, size) for name, size in sized if name != "_internal/PySide6"]
    return sorted(sized, key=lambda x: -x[1])[:top]


def _tarball(bundle: Path, tmp: str) -> tuple[Path, bool]:
    built = sorted(bundle.parent.glob("sigma-desktop-*.tar.gz"))
    if built:
        return built[-1], True
    target = Path(tmp) / "bundle.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname="sigma-desktop")
    return target, False


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / "sigma-desktop")
    args = p.parse_args()
    program = args.bundle / ("sigma-desktop.exe" if sys.platform == "win32" else "sigma-desktop")
    if not program.exists():
        sys.exit(f"{program} no existe: constrúyalo con .venv/bin/python installer/build.py")
    print(machine())
    files = sum(1 for p in args.bundle.rglob("*") if not p.is_dir())
    print(f"bundle folder: {_size(args.bundle) / 2**20:.1f} MiB in {files} files")
    for name, size in _parts(args.bundle):
        print(f"  {name:<52} {size / 2**20:6.1f} MiB")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SIGMA_DB_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        tarball, existing = _tarball(args.bundle, tmp)
        print(f"tar.gz{'' if existing else ' (made now)'}: {_size(tarball) / 2**20:.1f} MiB ({tarball.name})")
        env["SIGMA_DATA_DIR"] = str(Path(tmp) / "datos")  # the saved connection of the user is not read
        url = f"sqlite:///{tmp}/bench.sqlite3"
        subprocess.run([str(args.bundle / ("sigma.exe" if sys.platform == "win32" else "sigma")), "--db", url,
                        "init"], check=True, env=env, stdout=subprocess.DEVNULL)
        bundled, source, base = [], [], []
        # the first start of the loop reads the bundle from disk unless the OS still caches it (as after a build)
        first = _time([str(program), "--db", url, "--startup-probe"], env)
        for _ in range(args.runs):
            base.append(_time([sys.executable, "-c", BASELINE], env))
            bundled.append(_time([str(program), "--db", url, "--startup-probe"], env))
            source.append(_time([sys.executable, "-m", "sigma_desktop.app", "--db", url, "--startup-probe"], env))
    med_base = statistics.median(base)
    print(f"bundled program, first start of this run: {first:.3f} s")
    for label, times in (("bundled program", bundled), ("app from source", source), ("bare Qt dialog", base)):
        med = statistics.median(times)
        print(f"{label:<16} sign-in window: median {med:.3f} s (min {min(times):.3f}, max {max(times):.3f}) "
              f"over {args.runs} runs; ratio to baseline {med / med_base:.2f}")
    print(f"goal < 1.5 s: {'met' if statistics.median(bundled) < 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()

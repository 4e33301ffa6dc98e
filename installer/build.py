"""Builds SIGMA Desktop for the operating system it runs on (see docs/installer.md).

    python installer/build.py            PyInstaller bundle in dist/sigma-desktop, and:
                                         Linux: dist/sigma-desktop-VERSION-linux-x86_64.tar.gz;
                                         Windows: dist/SIGMA-Desktop-VERSION-instalador.exe (makensis)
    python installer/build.py --smoke    the same, then runs the built program's --self-test
    python installer/build.py --nsis-only [--nsis-bundle DIR]   only compiles the NSIS script

A Windows installer is only made from a Windows bundle (PyInstaller does not cross-compile). On Linux,
makensis (apt-get install nsis) compiles the script against a placeholder bundle, which checks the script
but is no usable installer; with --nsis-bundle pointing to a bundle built on Windows, it makes the real one.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "sigma_desktop.spec"
NSIS_SCRIPT = INSTALLER / "sigma_desktop.nsi"
ICON = INSTALLER / "sigma.ico"
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "sigma-desktop"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""


def version() -> str:
    namespace: dict = {}
    exec((ROOT / "sigma_desktop" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(cmd: list, **kw) -> None:
    print("   ", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


# --- PyInstaller -------------------------------------------------------------------------------------
def ensure_pyinstaller() -> None:
    """Installs the `build` extra of pyproject.toml into this interpreter when PyInstaller is missing."""
    try:
        import PyInstaller  # noqa: F401
        return
    except ImportError:
        pass
    import tomllib

    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["build"]
    say(f"Instalando PyInstaller en {sys.prefix}")
    run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", *wanted])


def make_icon() -> None:
    """installer/sigma.ico (16–256 px) drawn from resources/icons/sigma.svg with Qt; written by Pillow."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication, QIcon

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - Qt needs it to draw
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QIcon(str(ROOT / "resources" / "icons" / "sigma.svg")).pixmap(256, 256).save(buffer, "PNG")
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "sigma.png"
        png.write_bytes(bytes(buffer.data()))
        Image.open(png).save(ICON, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                                          (256, 256)])
    say(f"Icono: {ICON.relative_to(ROOT)}")


def build_bundle() -> None:
    ensure_pyinstaller()
    if not ICON.exists():
        make_icon()
    say(f"PyInstaller: {BUNDLE.relative_to(ROOT)}")
    started = time.perf_counter()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", WORK / "pyinstaller", SPEC], cwd=ROOT)
    say(f"Paquete listo en {time.perf_counter() - started:.0f} s: {size_mb(BUNDLE):.0f} MB")


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir()) / 2**20


def make_tarball() -> Path:
    machine = platform.machine().lower() or "x86_64"
    target = DIST / f"sigma-desktop-{version()}-{sys.platform.rstrip('0123456789')}-{machine}.tar.gz"
    say(f"Comprimiendo {target.relative_to(ROOT)}")
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=f"sigma-desktop-{version()}")
    say(f"{target.name}: {size_mb(target):.0f} MB")
    return target


# --- NSIS --------------------------------------------------------------------------------------------
def makensis() -> str | None:
    found = shutil.which("makensis")
    if found or not WINDOWS:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and Path(base, "NSIS", "makensis.exe").exists():
            return str(Path(base, "NSIS", "makensis.exe"))
    return None


def placeholder_bundle(folder: Path) -> Path:
    """The files the NSIS script packs, empty: enough to check the script on a machine without Windows."""
    bundle = folder / "bundle"
    (bundle / "_internal").mkdir(parents=True, exist_ok=True)
    for name in ("sigma-desktop.exe", "sigma.exe"):
        (bundle / name).write_bytes(b"MZ placeholder: build the bundle on Windows\n")
    (bundle / "_internal" / "LEEME.txt").write_text("Paquete de prueba del script NSIS.\n", encoding="utf-8")
    return bundle


def compile_nsis(bundle: Path, outfile: Path) -> subprocess.CompletedProcess:
    """makensis on the script with this bundle; returns the finished process (output captured)."""
    tool = makensis()
    if tool is None:
        raise FileNotFoundError("makensis no está instalado (Debian/Ubuntu: apt-get install nsis; Windows: "
                                "instalador de NSIS 3 de nsis.sourceforge.io)")
    outfile.parent.mkdir(parents=True, exist_ok=True)
    flag = "/" if WINDOWS else "-"  # makensis on Linux also takes "-", which a shell never mistakes for a path
    cmd = [tool, f"{flag}V2", f"{flag}DVERSION={version()}", f"{flag}DBUNDLE_DIR={bundle.resolve()}",
           f"{flag}DOUTFILE={outfile.resolve()}", str(NSIS_SCRIPT)]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")


def build_installer(bundle: Path | None) -> Path | None:
    if makensis() is None:
        say("makensis no está instalado: no se compiló el instalador (apt-get install nsis)")
        return None
    if not ICON.exists():
        make_icon()
    real = bundle is not None or WINDOWS
    with tempfile.TemporaryDirectory() as tmp:
        if bundle is None:
            bundle = BUNDLE if WINDOWS else placeholder_bundle(Path(tmp))
        if real:
            outfile = DIST / f"SIGMA-Desktop-{version()}-instalador.exe"
        else:
            outfile = WORK / "nsis-check" / "instalador-de-prueba.exe"
        say(f"makensis: {outfile.relative_to(ROOT)}" + ("" if real else " (paquete de prueba: solo revisa el script)"))
        done = compile_nsis(bundle, outfile)
        if done.returncode != 0:
            print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
            raise SystemExit(f"makensis falló (código {done.returncode})")
    say(f"{outfile.name}: {size_mb(outfile):.1f} MB")
    return outfile


# --- smoke test --------------------------------------------------------------------------------------
def smoke() -> int:
    # the console program on Windows, so that the summary reaches this terminal
    program = BUNDLE / (f"sigma{EXE}" if WINDOWS else "sigma-desktop")
    keep = DIST / "autoprueba"
    shutil.rmtree(keep, ignore_errors=True)
    say(f"Autoprueba del programa construido: {program.relative_to(ROOT)} --self-test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SIGMA_DB_URL", None)
    code = subprocess.run([str(program), "--self-test", str(keep)], env=env, cwd=DIST).returncode
    say(f"Autoprueba {'correcta' if code == 0 else 'FALLIDA'}; archivos en {keep.relative_to(ROOT)}")
    return code


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="después de construir, ejecuta --self-test del programa")
    p.add_argument("--nsis-only", action="store_true", help="solo compila el script NSIS")
    p.add_argument("--nsis-bundle", type=Path, metavar="CARPETA",
                   help="paquete de Windows (dist\\sigma-desktop construido en Windows) para el instalador")
    p.add_argument("--icon", action="store_true", help="vuelve a dibujar installer/sigma.ico desde el SVG")
    args = p.parse_args(argv)
    if args.icon:
        make_icon()
    if not args.nsis_only:
        build_bundle()
        if not WINDOWS:
            make_tarball()
    build_installer(args.nsis_bundle)
    if args.smoke and not args.nsis_only:
        return smoke()
    return 0


if __name__ == "__main__":
    sys.exit(main())

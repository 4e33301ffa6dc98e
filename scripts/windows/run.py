"""The steps of scripts/test-windows: SIGMA Desktop run as a Windows program under Wine, one line per step.

Started by scripts/test-windows (system packages, .venv and a virtual X screen are ready by then) with the
project's Linux .venv Python; every Windows program runs in the Wine prefix of scripts/windows/wine.py.
What each step proves is in its docstring; outputs (logs, screenshots, files) go to out/windows/.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wine import ROOT, WinePrefix, cache_root, windows_path, windows_requirements  # noqa: E402

OUT = ROOT / "out" / "windows"
YEAR = "2026"  # the demo year of the README's screenshots
PASSWORD = "Prueba-Windows-2026"  # the demo users' password in this throwaway prefix
CLI = ("-m", "sigma_desktop.cli")
APP = ("-m", "sigma_desktop.app")
INSTALLED = "Programs/SIGMA Desktop"  # under %LOCALAPPDATA% (installer/sigma_desktop.nsi)
# pytest's closing line: «712 passed, 15 skipped, 208 deselected in 429.79s (0:07:09)»
CLOSING_LINE = re.compile(r"^\d+ (passed|failed|skipped|deselected|errors?|xfailed|xpassed|warnings?)\b.* in [\d.]+s\b")
UNINSTALL_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\SIGMA Desktop"


class StepFailed(Exception):
    pass


@dataclass
class Step:
    key: str
    title: str
    run: Callable[["Run"], str]
    needs: tuple[str, ...] = ()
    # runs beside the others from when its needs are done (its own process: on 2 cores, ~6 minutes saved);
    # its line is printed last
    background: bool = False


class Run:
    def __init__(self, pytest_args: list[str]):
        self.pytest_args = pytest_args
        self.log_file = None
        self.log_lock = threading.Lock()
        self.prefix = WinePrefix(cache_root(), self.log)
        # the demo database where an office PC might keep it (it shows in the sign-in window's screenshot)
        self.db_file = self.prefix.path / "drive_c" / "users" / "Public" / "Documents" / "SIGMA" / "sigma.sqlite3"
        self.db_url = "sqlite:///" + self.prefix.c_path(self.db_file)
        self.gestor_dni = ""
        self.closing_line = ""

    def log(self, text: str) -> None:
        if self.log_file is not None and text:
            with self.log_lock:
                self.log_file.write(text.rstrip("\n") + "\n")
                self.log_file.flush()

    def win(self, *args: str, timeout: float = 600, check: bool = True, **env) -> str:
        """Runs Windows Python with `args`; its output, or StepFailed."""
        done = self.prefix.run(self.prefix.python(*args), env=self.prefix.env(**env), timeout=timeout)
        if check and done.returncode != 0:
            raise StepFailed(f"código {done.returncode}: {_last_line(done.stdout)}")
        return done.stdout

    def exe(self, program: str, *args: str, timeout: float = 600, **env) -> subprocess.CompletedProcess:
        return self.prefix.run(self.prefix.command(program, *args), env=self.prefix.env(**env), timeout=timeout)


# --- steps ---------------------------------------------------------------------------------------------

def prepare(run: Run) -> str:
    """The Windows CPython and wheels of pyproject.toml in a Wine prefix (rebuilt only when they change)."""
    requirements = windows_requirements()
    cached = run.prefix.ready(requirements)
    what = "en caché" if cached else run.prefix.build(requirements)
    if not cached:  # Wine's device manager reads the drive types (the network drive) only when it starts
        run.prefix.stop()
    run.prefix.start_server()
    version = run.win("-c", "import sys, sqlite3, PySide6; print(sys.version.split()[0], sqlite3.sqlite_version, "
                            "PySide6.__version__)").split()
    return f"Python {version[0]} de Windows (SQLite {version[1]}, PySide6 {version[2]}), {what}"


def cli_round_trip(run: Run) -> str:
    """init, demo, control and indicators in JSON, Excel and PDF, and the audit CSV, by the Windows `sigma`:
    the figures' verification codes equal Linux's for the same demo, and every file reads back."""
    folder = _fresh(OUT / "cli")
    _fresh(run.db_file.parent)
    db = ("--db", run.db_url)
    run.win(*CLI, *db, "init")
    demo = run.win(*CLI, *db, "demo", "--scale", "small", "--seed", "1", "--year", YEAR, "--password", PASSWORD)
    found = re.search(r"gestor_local\s+(\d{8})", demo)
    if not found:
        raise StepFailed("la demostración no mostró un Gestor Local")
    run.gestor_dni = found.group(1)
    windows: dict[str, str] = {}
    for what in ("control", "indicators"):
        for fmt in ("json", "xlsx", "pdf"):
            target = folder / f"{what}.{fmt}"
            out = run.win(*CLI, *db, what, "--year", YEAR, "--format", fmt, "-o", windows_path(target))
            windows[f"{what}.{fmt}"] = _digest(out)
            _reads_back(target, fmt)
    run.win(*CLI, *db, "audit", "export", windows_path(folder / "bitacora.csv"))
    rows = _csv_rows(folder / "bitacora.csv")
    linux = _linux_digests(run, _fresh(OUT / "cli-linux"))
    differ = [k for k, v in windows.items() if v != linux[k.split(".")[0]]]
    if differ:
        raise StepFailed(f"código de verificación distinto del de Linux en {', '.join(differ)}")
    return (f"9 órdenes; control e indicadores en json/xlsx/pdf con el código de verificación de Linux "
            f"({linux['control']}, {linux['indicators']}); bitácora CSV de {rows} filas con CRLF")


def self_test(run: Run) -> str:
    """`sigma-desktop --self-test` from the source, as a technician runs it on a PC."""
    out = run.win(*APP, "--self-test", windows_path(_fresh(OUT / "autoprueba")), timeout=300)
    return _self_test_summary(out)


def sign_in_window(run: Run) -> str:
    """The sign-in window on the real `windows` Qt platform, on the (virtual) screen: grabbed from the X
    display, as a person would see it."""
    started = time.monotonic()
    cmd = run.prefix.python(*APP, "--db", run.db_url, "--startup-probe")
    run.log("$ " + " ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=run.prefix.env(QT_QPA_PLATFORM="windows"), cwd=ROOT)
    shown = _wait_for_line(proc, "SHOWN", 120, run.log)
    seconds = time.monotonic() - started
    try:
        if not shown:
            raise StepFailed("la ventana de ingreso no apareció en 120 s")
        time.sleep(8)  # the database opens in the background meanwhile: «Ingresar» instead of «Preparando…»
        picture = OUT / "pantalla-inicio-de-sesion.png"
        size = _grab(picture, run.log)
    finally:
        proc.kill()
        proc.wait(30)
    return f"en pantalla a los {seconds:.1f} s (con el arranque de Wine); {size} en {picture.relative_to(ROOT)}"


def screens(run: Run) -> str:
    """Every screen of the Gestor Local drawn by the `windows` platform (fonts, styles, widgets)."""
    folder = _fresh(OUT / "pantallas")
    run.win(*APP, "--db", run.db_url, "--screenshots", windows_path(folder), "--user", run.gestor_dni,
            QT_QPA_PLATFORM="windows", SIGMA_PASSWORD=PASSWORD, timeout=300)
    for name in ("00-inicio-de-sesion.png", "gestor_local-control.png"):
        if not (folder / name).exists():
            raise StepFailed(f"falta {name}")
    count = len(list(folder.glob("*.png")))
    return f"{count} capturas en {folder.relative_to(ROOT)} (entre ellas gestor_local-control.png)"


def pyinstaller(run: Run) -> str:
    """installer/sigma_desktop.spec built by PyInstaller on Windows."""
    build = run.prefix.path / "drive_c" / "build"
    shutil.rmtree(build, ignore_errors=True)
    run.win("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "--distpath", "C:\\build\\dist",
            "--workpath", "C:\\build\\work", windows_path(ROOT / "installer" / "sigma_desktop.spec"), timeout=1800)
    bundle = build / "dist" / "sigma-desktop"
    for name in ("sigma-desktop.exe", "sigma.exe"):
        if not (bundle / name).exists():
            raise StepFailed(f"PyInstaller no dejó {name}")
    return f"dist\\sigma-desktop: {_size_mb(bundle):.0f} MB"


def bundle_self_test(run: Run) -> str:
    """The built program (no Python installed) passes its self-test."""
    done = run.exe("C:\\build\\dist\\sigma-desktop\\sigma.exe", "--self-test",
                   windows_path(_fresh(OUT / "autoprueba-paquete")), timeout=300)
    if done.returncode != 0:
        raise StepFailed(f"código {done.returncode}: {_last_line(done.stdout)}")
    return _self_test_summary(done.stdout)


def installer(run: Run) -> str:
    """installer/sigma_desktop.nsi compiled around the Windows bundle; refused on Windows 7 (in Spanish, on
    screen), then a silent per-user install: files, Start-menu entry, uninstall registration."""
    nsis = _installer_build_module()

    program_dir = run.prefix.user_folder("LOCALAPPDATA") / INSTALLED
    data_dir = run.prefix.user_folder("LOCALAPPDATA") / "Minedu"
    shutil.rmtree(program_dir, ignore_errors=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    target = OUT / "SIGMA-Desktop-instalador.exe"
    target.unlink(missing_ok=True)
    done = nsis.compile_nsis(run.prefix.path / "drive_c" / "build" / "dist" / "sigma-desktop", target)
    run.log(done.stdout + done.stderr)
    if done.returncode != 0:
        raise StepFailed(f"makensis: código {done.returncode}")
    if _pe_machine(target) != 0x8664:  # IMAGE_FILE_MACHINE_AMD64
        raise StepFailed("el instalador no es de 64 bits")
    refused = _refused_on_windows_7(run, target, program_dir)
    done = run.exe(windows_path(target), "/S", timeout=600)
    if done.returncode != 0:
        raise StepFailed(f"instalación silenciosa: código {done.returncode}")
    missing = [n for n in ("sigma-desktop.exe", "sigma.exe", "desinstalar.exe", "_internal")
               if not (program_dir / n).exists()]
    start_menu = run.prefix.user_folder("APPDATA") / "Microsoft/Windows/Start Menu/Programs/SIGMA Desktop.lnk"
    if missing or not start_menu.exists():
        raise StepFailed(f"faltan tras instalar: {', '.join(missing) or start_menu.name}")
    key = run.exe("reg", "query", UNINSTALL_KEY, "/v", "QuietUninstallString")
    if key.returncode != 0 or "desinstalar.exe" not in key.stdout:
        raise StepFailed("no se registró la desinstalación en HKCU")
    return (f"{target.stat().st_size / 2**20:.0f} MB, 64 bits; {refused}; /S instaló en "
            f"%LOCALAPPDATA%\\{INSTALLED.replace('/', chr(92))} con su acceso en el menú Inicio y su registro")


def installed_self_test(run: Run) -> str:
    """The installed program passes its self-test, and `sigma init` makes the user's local database."""
    program = run.prefix.c_path(run.prefix.user_folder("LOCALAPPDATA") / INSTALLED / "sigma.exe")
    done = run.exe(program, "--self-test", windows_path(_fresh(OUT / "autoprueba-instalado")), timeout=300)
    if done.returncode != 0:
        raise StepFailed(f"código {done.returncode}: {_last_line(done.stdout)}")
    made = run.exe(program, "init", timeout=120)
    database = run.prefix.user_folder("LOCALAPPDATA") / "Minedu" / "SIGMA Desktop" / "sigma.sqlite3"
    if made.returncode != 0 or not database.exists():
        raise StepFailed("sigma init no creó la base del usuario")
    return _self_test_summary(done.stdout) + "; sigma init creó la base del usuario"


def uninstall(run: Run) -> str:
    """`desinstalar.exe /S` removes the program and its registration and keeps the user's data."""
    program_dir = run.prefix.user_folder("LOCALAPPDATA") / INSTALLED
    database = run.prefix.user_folder("LOCALAPPDATA") / "Minedu" / "SIGMA Desktop" / "sigma.sqlite3"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    uninstaller = run.prefix.c_path(program_dir / "desinstalar.exe")
    done = run.exe(uninstaller, "/S", timeout=300)
    if done.returncode != 0:
        raise StepFailed(f"código {done.returncode}")
    # the uninstaller copies itself to %TEMP% and works from there after this one returns
    deadline = time.monotonic() + 120
    while program_dir.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    if program_dir.exists():
        raise StepFailed(f"quedó la carpeta del programa: {sorted(p.name for p in program_dir.iterdir())}")
    if run.exe("reg", "query", UNINSTALL_KEY).returncode == 0:
        raise StepFailed("quedó el registro de desinstalación")
    if not database.exists() or hashlib.sha256(database.read_bytes()).hexdigest() != before:
        raise StepFailed("los datos del usuario no quedaron intactos")
    return "programa, accesos y registro quitados; %LOCALAPPDATA%\\Minedu\\SIGMA Desktop\\sigma.sqlite3 intacta"


def test_suite(run: Run) -> str:
    """The whole test suite but PostgreSQL's, on Windows, as scripts\\test.ps1 runs it on a PC (offscreen Qt,
    no UTF-8 mode), with a network drive for the Windows twins."""
    args = ["-m", "pytest", "-p", "no:cacheprovider", "-m", "not postgres", "-q", "-ra", *run.pytest_args]
    cmd = run.prefix.python(*args)
    run.log("$ " + " ".join(cmd))
    log_path = OUT / "pruebas.log"
    env = run.prefix.env(QT_QPA_PLATFORM="offscreen", SIGMA_TEST_NETWORK_DIR="N:\\")
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, cwd=ROOT)
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            log.write(line + "\n")
            if CLOSING_LINE.match(line.strip("= ")):
                run.closing_line = line.strip("= ")
        code = proc.wait()
    if not run.closing_line:
        raise StepFailed(f"pytest terminó con código {code} sin su línea final (ver {log_path.relative_to(ROOT)})")
    if code != 0:
        raise StepFailed(f"pytest terminó con código {code}: {run.closing_line}")
    return f"{run.closing_line} (registro en {log_path.relative_to(ROOT)})"


STEPS = [
    Step("preparar", "Entorno Windows", prepare),
    Step("cli", "Línea de comandos", cli_round_trip, ("preparar",)),
    Step("autoprueba", "Autoprueba desde el código", self_test, ("preparar",)),
    Step("ventana", "Ventana de ingreso (plataforma windows)", sign_in_window, ("cli",)),
    Step("pantallas", "Pantallas del Gestor Local (plataforma windows)", screens, ("cli",)),
    Step("pyinstaller", "PyInstaller", pyinstaller, ("preparar",)),
    Step("paquete", "Autoprueba del programa construido", bundle_self_test, ("pyinstaller",)),
    Step("instalador", "Instalador NSIS", installer, ("pyinstaller",)),
    Step("instalado", "Autoprueba del programa instalado", installed_self_test, ("instalador",)),
    Step("desinstalar", "Desinstalación silenciosa", uninstall, ("instalado",)),
    Step("pruebas", "Pruebas (sin PostgreSQL)", test_suite, ("preparar",), background=True),
]


# --- helpers -------------------------------------------------------------------------------------------

def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(sin salida)"


def _digest(cli_output: str) -> str:
    """The figures' verification code the command printed (the first 80 bits of their SHA-256)."""
    found = re.search(r"código de verificación: ([0-9A-F]{4}(?:-[0-9A-F]{4}){4})", cli_output)
    if not found:
        raise StepFailed(f"sin código de verificación de las cifras: {_last_line(cli_output)}")
    return found.group(1)


def _reads_back(path: Path, fmt: str) -> None:
    if fmt == "json":
        json.loads(path.read_text(encoding="utf-8"))
    elif fmt == "xlsx":
        import openpyxl

        openpyxl.load_workbook(path, read_only=True).close()
    elif not (path.read_bytes().startswith(b"%PDF-") and b"%%EOF" in path.read_bytes()[-1024:]):
        raise StepFailed(f"{path.name} no es un PDF completo")


def _csv_rows(path: Path) -> int:
    raw = path.read_bytes()
    if not raw.startswith(b"\xef\xbb\xbf"):
        raise StepFailed("la bitácora CSV no empieza con BOM (Excel no leería las tildes)")
    body = raw[3:]
    if b"\r\r\n" in body or body.count(b"\n") != body.count(b"\r\n"):
        raise StepFailed("la bitácora CSV mezcla finales de línea")
    return body.count(b"\r\n")


def _linux_digests(run: Run, folder: Path) -> dict[str, str]:
    """The same demo on Linux, with the project's .venv."""
    url = f"sqlite:///{folder / 'sigma.sqlite3'}"
    env = {k: v for k, v in run.prefix.env().items() if not k.startswith(("WINE", "PYTHON"))}
    env["TZ"] = "America/Lima"
    digests = {}
    commands = [("init",), ("demo", "--scale", "small", "--seed", "1", "--year", YEAR, "--password", PASSWORD),
                ("control", "--year", YEAR, "-o", str(folder / "control.json")),
                ("indicators", "--year", YEAR, "-o", str(folder / "indicators.json"))]
    for args in commands:
        cmd = [sys.executable, "-m", "sigma_desktop.cli", "--db", url, *args]
        run.log("$ " + " ".join(cmd))
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        run.log(done.stdout + done.stderr)
        if done.returncode != 0:
            raise StepFailed(f"en Linux, sigma {args[0]}: código {done.returncode}")
        if args[0] in ("control", "indicators"):
            digests[args[0]] = _digest(done.stdout)
    return digests


def _self_test_summary(output: str) -> str:
    checks = len(re.findall(r"^\s+OK\s", output, re.M))
    failed = len(re.findall(r"^\s+FALLA\s", output, re.M))
    if failed or "Autoprueba correcta" not in output:
        raise StepFailed(f"{failed} pasos fallaron: {_last_line(output)}")
    return f"{checks} comprobaciones OK"


def _wait_for_line(proc: subprocess.Popen, wanted: str, timeout: float, log) -> bool:
    seen = threading.Event()

    def read():
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip()
            log(line)
            if line == wanted:
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    return seen.wait(timeout)


def _grab(picture: Path, log) -> str:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "grab_screen.py"), str(picture)],
                          capture_output=True, text=True, timeout=60)
    log(done.stdout + done.stderr)
    if done.returncode != 0:
        raise StepFailed(f"captura de la pantalla: {_last_line(done.stdout + done.stderr)}")
    return _last_line(done.stdout)


def _refused_on_windows_7(run: Run, target: Path, program_dir: Path) -> str:
    """On Windows 7 the installer stops before installing anything and says why, in Spanish. A copy under
    another name is told it runs on Windows 7 (Wine's per-program version), so nothing else running now
    (the test suite) sees a change."""
    old = OUT / "instalador-en-windows-7.exe"
    shutil.copyfile(target, old)
    run.prefix.set_windows_version("win7", program=old.name)
    done = run.exe(windows_path(old), "/S", timeout=120)
    if done.returncode == 0 or program_dir.exists():
        raise StepFailed("en Windows 7 el instalador no se negó")
    cmd = run.prefix.command(windows_path(old))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            env=run.prefix.env(), cwd=ROOT)
    try:
        time.sleep(6)  # the message box of .onInit
        _grab(OUT / "instalador-windows-7.png", run.log)
    finally:
        proc.kill()
        proc.wait(30)
        old.unlink(missing_ok=True)
    return f"en Windows 7 se niega (código {done.returncode}; mensaje en instalador-windows-7.png)"


def _installer_build_module():
    """installer/build.py, which compiles the NSIS script (by path: `build` is also a PyPI package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("installer_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pe_machine(path: Path) -> int:
    data = path.read_bytes()[:4096]
    offset = int.from_bytes(data[0x3C:0x40], "little")
    return int.from_bytes(data[offset + 4:offset + 6], "little")


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


# --- main ----------------------------------------------------------------------------------------------

def _attempt(run: Run, step: Step) -> tuple[bool, str, float]:
    run.log(f"\n=== {step.title}")
    t0 = time.monotonic()
    try:
        ok, detail = True, step.run(run)
    except (StepFailed, RuntimeError, OSError, subprocess.SubprocessError) as exc:
        ok, detail = False, str(exc)
    return ok, detail, time.monotonic() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="scripts/test-windows", description=__doc__.split("\n\n")[0])
    p.add_argument("--solo", metavar="PASOS", help="solo estos pasos, separados por comas: "
                   + ", ".join(s.key for s in STEPS) + " (y los que necesitan)")
    p.add_argument("pytest_args", nargs="*", help="después de --: argumentos para pytest")
    args = p.parse_args(argv)
    wanted = {s.key for s in STEPS}
    if args.solo:
        wanted = set(args.solo.split(","))
        unknown = wanted - {s.key for s in STEPS}
        if unknown:
            p.error(f"pasos desconocidos: {', '.join(sorted(unknown))}")
        for step in reversed(STEPS):  # and what they need
            if step.key in wanted:
                wanted.update(step.needs)
    OUT.mkdir(parents=True, exist_ok=True)
    run = Run(args.pytest_args)
    steps = [(n + 1, s) for n, s in enumerate(s for s in STEPS if s.key in wanted)]
    results: dict[str, bool] = {}
    timings: list[tuple[str, float, bool]] = []
    background: list[tuple[int, Step, threading.Thread, list]] = []
    started = time.monotonic()

    def report(n: int, step: Step, ok: bool, detail: str, seconds: float) -> None:
        results[step.key] = ok
        timings.append((step.title, seconds, ok))
        print(f"{'OK' if ok else 'FALLA':<6}{n:>2}. {step.title}: {detail}  [{seconds:.0f} s]", flush=True)

    def start_background() -> None:
        for n, step in steps:
            if step.background and step.key not in results and all(results.get(k) for k in step.needs) \
                    and not any(b[1] is step for b in background):
                outcome: list = []  # (ok, detail, seconds) once done
                thread = threading.Thread(target=lambda st=step, out=outcome: out.extend(_attempt(run, st)),
                                          daemon=True)
                thread.start()
                background.append((n, step, thread, outcome))

    with (OUT / "registro.txt").open("w", encoding="utf-8") as log_file:
        run.log_file = log_file
        try:
            for n, step in steps:
                missing = [k for k in step.needs if not results.get(k)]
                if missing:
                    report(n, step, False, f"no se ejecutó: falló «{missing[0]}»", 0.0)
                elif not step.background:
                    report(n, step, *_attempt(run, step))
                    start_background()
                if step.key == "preparar" and not results.get("preparar"):
                    break
            for n, step, thread, outcome in background:
                thread.join()
                report(n, step, *(outcome or (False, "se interrumpió", 0.0)))
        finally:
            run.prefix.stop()
    total = time.monotonic() - started
    with (OUT / "tiempos.txt").open("w", encoding="utf-8") as fh:
        for title, seconds, ok in timings:
            fh.write(f"{seconds:7.1f} s  {'OK' if ok else 'FALLA':5}  {title}\n")
        fh.write(f"{total:7.1f} s  total\n")
    failed = [k for k, ok in results.items() if not ok]
    print(f"Windows: {len(results) - len(failed)} de {len(results)} pasos correctos en {int(total // 60)} min "
          f"{int(total % 60)} s" + (f"; fallaron: {', '.join(failed)}" if failed else "")
          + f"; registro completo en {(OUT / 'registro.txt').relative_to(ROOT)}", flush=True)
    if run.closing_line:
        print(run.closing_line, flush=True)
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())

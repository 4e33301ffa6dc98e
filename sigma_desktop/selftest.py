"""`sigma-desktop --self-test [CARPETA]`: proves that an installed copy works, end to end, in seconds.

Made for the installed program (PyInstaller bundle), where a missing data file, font or compiled module
only shows when the code path that needs it runs: a fresh SQLite database in a temporary folder, the
migrations, the catalogues and ubigeo, the small demo, the admin's sign-in (argon2), every module of the
main window drawn offscreen, an indicator PDF and a raw-data xlsx written by the export service and read
back (PDF header and embedded font; xlsx through calamine and openpyxl), the PostgreSQL driver loaded,
keyring's backends found, and a spawned child process (what large demo loads use) answering.

The user's data folder is never touched: SIGMA_DATA_DIR points into the temporary folder meanwhile.
With CARPETA, the database, the PDF, the xlsx, a picture of each module and the summary are kept
there. Exit code 0 when every step passed, 1 otherwise, with the failed step named in Spanish.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable
from .domain.enums import Role

DEMO_YEAR = 2017  # first year with protocol targets: the same demo rows on every run
WINDOW_SIZE = (1366, 768)  # the most common office laptop screen
SUMMARY_FILE = "autoprueba.txt"


class SelfTestFailure(Exception):
    """A check that did not hold; the message says what was expected, in Spanish."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class SelfTest:
    def __init__(self, app, folder: Path, say: Callable[[str], None]):
        self.app = app
        self.folder = folder
        self.say = say
        self.sigma = None
        self.password = ""
        self.admin_dni = ""

    def run(self) -> bool:
        from . import __version__

        started = time.perf_counter()
        self.say(f"Autoprueba de SIGMA Desktop {__version__} ({_where()})")
        steps = [
            ("Base de datos nueva con sus migraciones", self.database),
            ("Datos de demostración", self.demo),
            ("Inicio de sesión del administrador", self.sign_in),
            ("Ventana principal dibujada", self.main_window),
            ("Reporte PDF de indicadores", self.pdf),
            ("Exportación Excel de actividades", self.xlsx),
            ("Controlador de PostgreSQL", self.postgres_driver),
            ("Almacén de contraseñas del sistema", self.credential_store),
            ("Proceso auxiliar de las cargas grandes", self.child_process),
            ("Guía del usuario (menú Ayuda)", self.user_guide),
        ]
        try:
            for title, step in steps:
                t0 = time.perf_counter()
                try:
                    detail = step()
                except Exception as exc:  # noqa: BLE001 - every failure is reported, then the run stops
                    self.say(f"  FALLA  {title}: {_explain(exc)}")
                    if sys.stderr is not None:  # the details, for whoever fixes it
                        traceback.print_exc(file=sys.stderr)
                    self.say("Autoprueba FALLIDA. Envíe este texto al soporte técnico de SIGMA Desktop.")
                    return False
                self.say(f"  OK     {title}: {detail} ({time.perf_counter() - t0:.1f} s)")
        finally:
            if self.sigma is not None:
                self.sigma.close()
        self.say(f"Autoprueba correcta en {time.perf_counter() - started:.1f} s.")
        return True

    # --- steps: each returns a short Spanish detail for the summary ---------------------------------
    def database(self) -> str:
        from .services import Sigma

        self.sigma = Sigma.open(f"sqlite:///{(self.folder / 'autoprueba.sqlite3').as_posix()}")
        report = self.sigma.setup.initialize()
        check(report.upgraded_from is None, "la base de datos nueva ya tenía un esquema")
        check(not self.sigma.setup.needs_upgrade(), "las migraciones no llegaron a la última versión")
        check(report.ubigeos_loaded > 1800, f"se cargaron solo {report.ubigeos_loaded} ubigeos (faltan datos)")
        return f"esquema {report.revision}, {report.ubigeos_loaded} ubigeos"

    def demo(self) -> str:
        from .services.demo.service import random_password

        self.password = random_password()
        report = self.sigma.demo.generate("small", seed=1, year=DEMO_YEAR, password=self.password)
        admins = report.users.get(Role.ADMIN, ())
        check(bool(admins), "la demostración no creó un administrador")
        self.admin_dni = admins[0]
        return f"{report.total_rows} filas, año {DEMO_YEAR}"

    def sign_in(self) -> str:
        actor = self.sigma.auth.sign_in(self.admin_dni, self.password)
        check(actor.role is Role.ADMIN, f"se ingresó con el rol {actor.role.value}")
        return f"DNI {self.admin_dni}"

    def main_window(self) -> str:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtGui import QFontInfo

        from .ui.main_window import MainWindow

        family = QFontInfo(self.app.font()).family()
        check(family == "DejaVu Sans", f"la fuente de la aplicación es «{family}», no DejaVu Sans (faltan fuentes)")
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        check(cancel == "Cancelar", f"los botones de Qt no están en español («{cancel}»: faltan traducciones)")
        window = MainWindow(self.sigma, self.sigma.db.describe(), "local (SQLite)")
        most = 0
        try:
            window.resize(*WINDOW_SIZE)
            window.show()
            for number, module in enumerate(window.modules, 1):  # every panel is built: a missing module fails
                window.show_module(module.key)
                _settle(self.app)
                image = window.grab().toImage()
                check(not image.isNull() and image.width() >= 800, f"«{module.title()}»: la captura está vacía")
                most = max(most, _colours(image))
                image.save(str(self.folder / f"ventana-{number:02d}-{module.key}.png"))
            check(most >= 16, f"la ventana se dibujó casi en blanco ({most} colores)")
        finally:
            window.close()
            window.deleteLater()
            _settle(self.app)
        return f"{len(window.modules)} módulos, {image.width()}×{image.height()} px"

    def pdf(self) -> str:
        from .domain.reporting import ReportFilter

        result = self.sigma.exports.indicators(ReportFilter(DEMO_YEAR), "pdf", self.folder / "indicadores.pdf")
        data = result.path.read_bytes()
        check(data.startswith(b"%PDF-"), "el archivo no empieza como un PDF")
        check(data.rstrip().endswith(b"%%EOF"), "el PDF está incompleto (sin %%EOF al final)")
        check(b"DejaVuSans" in data, "el PDF no lleva incrustada la fuente DejaVu Sans")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        check(pages >= 1, "el PDF no tiene páginas")
        return f"{pages} páginas, {len(data) // 1024} KB"

    def xlsx(self) -> str:
        from .domain.reporting import ReportFilter
        from .importing.readers import open_workbook

        result = self.sigma.exports.raw(ReportFilter(DEMO_YEAR), self.folder / "actividades.xlsx")
        check(result.rows > 0, "la exportación no tiene actividades")
        for reader in ("calamine", "openpyxl"):  # the import reader (compiled) and the fallback
            book = open_workbook(result.path, reader=reader)
            check(book.sheet_names[0] == "Actividades", f"{reader}: la primera hoja es «{book.sheet_names[0]}»")
            sheet = book.sheet(0)
            check(sheet.rows[0][0] == "ID actividad", f"{reader}: la fila de encabezados no es la esperada")
            check(len(sheet.rows) == result.rows + 1,
                  f"{reader}: se leyeron {len(sheet.rows) - 1} actividades de {result.rows}")
        return f"{result.rows} actividades, {result.path.stat().st_size // 1024} KB, leído con calamine y openpyxl"

    def postgres_driver(self) -> str:
        from .services import Sigma

        # builds the engine only (no server here): loads the dialect and the compiled libpq wrapper
        probe = Sigma.open("postgresql+psycopg://autoprueba@127.0.0.1:1/autoprueba")
        try:
            import psycopg

            implementation = psycopg.pq.__impl__
        finally:
            probe.close()
        check(implementation in ("binary", "c"), f"psycopg usa la implementación «{implementation}»")
        return f"psycopg {psycopg.__version__} ({implementation})"

    def credential_store(self) -> str:
        """keyring finds its backends through package metadata: a bundle without it has none at all."""
        from importlib.metadata import entry_points

        import keyring

        found = {e.name for e in entry_points(group="keyring.backends")}
        native = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
        check(native in found, f"keyring no encuentra su módulo para este sistema ({native})")
        backend = type(keyring.get_keyring())
        name = f"{backend.__module__.rsplit('.', 1)[-1]}.{backend.__name__}"
        if backend.__module__.endswith(".fail"):
            return f"{name}: este equipo no tiene almacén (la contraseña del servidor se pedirá al iniciar)"
        return f"{name}, disponible"

    def child_process(self) -> str:
        """Large demo loads prepare their rows in a spawned child (services/demo/worker.py); inside an
        executable, a child only starts when the entry point calls multiprocessing.freeze_support()."""
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child_echo, args=(send, "autoprueba"), name="sigma-autoprueba", daemon=True)
        proc.start()
        send.close()
        answer = None
        try:
            if receive.poll(120):
                answer = receive.recv()
        except EOFError:
            pass
        finally:
            receive.close()
            proc.join(30)
            if proc.is_alive():
                proc.terminate()
        check(answer == "abeurpotua", "el proceso auxiliar no respondió (en un ejecutable: falta "
                                      "multiprocessing.freeze_support() al inicio)")
        return "respondió por su tubería"

    def user_guide(self) -> str:
        from PySide6.QtGui import QImage

        from .ui.help_menu import guide_path

        path = guide_path()
        check(path is not None, "no se encontró la guía del usuario (guia-usuario.md)")
        pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", path.read_text(encoding="utf-8"))
        broken = [p for p in pictures if QImage(str(path.parent / p)).isNull()]
        check(not broken, f"faltan imágenes de la guía: {', '.join(broken[:3])}")
        return f"{len(pictures)} imágenes"


def _child_echo(conn, text: str) -> None:
    conn.send(text[::-1])
    conn.close()


def _settle(app) -> None:
    """Lets the panels' background queries finish and their results reach the screen."""
    from PySide6.QtCore import QThreadPool

    for _ in range(3):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(30000)
        app.processEvents()


def _colours(image) -> int:
    """Distinct colours on a coarse grid: a window drawn without fonts or styles has very few."""
    step = 8
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def _qt_message(_mode, _context, message: str) -> None:
    """Qt's warnings to stderr, less the offscreen platform's note on every window shown."""
    if "propagateSizeHints" not in message and sys.stderr is not None:
        print(message, file=sys.stderr)


def _where() -> str:
    return "programa empaquetado" if getattr(sys, "frozen", False) else "código fuente"


def _explain(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return f"{message} [{type(exc).__name__}]"


def run(app, keep: str | None = None) -> int:
    """Runs every step; `keep` is a folder for the files produced (a temporary one otherwise)."""
    from PySide6.QtCore import qInstallMessageHandler

    lines: list[str] = []
    out = sys.stdout  # None in a windowed Windows program: the summary then goes to a file only
    if out is not None and hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a Windows console redirected to a file may not take «×»
    qInstallMessageHandler(_qt_message)

    def say(line: str) -> None:
        lines.append(line)
        if out is not None:
            print(line, file=out, flush=True)

    previous = os.environ.get("SIGMA_DATA_DIR")
    # on Windows a file still held by an antivirus scan must not turn a passed self-test into a crash
    with tempfile.TemporaryDirectory(prefix="sigma-autoprueba-", ignore_cleanup_errors=True) as tmp:
        folder = Path(keep).resolve() if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["SIGMA_DATA_DIR"] = str(Path(tmp) / "datos")  # backups, saved connection: not the user's
        try:
            ok = SelfTest(app, folder, say).run()
        finally:
            if previous is None:
                os.environ.pop("SIGMA_DATA_DIR", None)
            else:
                os.environ["SIGMA_DATA_DIR"] = previous
        text = "\n".join(lines) + "\n"
        if keep:
            (folder / SUMMARY_FILE).write_text(text, encoding="utf-8")
        if out is None:
            Path(tempfile.gettempdir(), "sigma-desktop-" + SUMMARY_FILE).write_text(text, encoding="utf-8")
    return 0 if ok else 1

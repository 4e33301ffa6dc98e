"""Data-safety commands: backup, restore, check, audit export, db-password."""
from __future__ import annotations

import getpass
import sys

from ..domain.dates import format_datetime, parse_date
from ..domain.errors import SigmaError

# Commands that must run on a database as it is: restoring or checking a damaged one, copying one
# that this release cannot upgrade, storing the password of a server not reachable without it.
RUN_WITHOUT_INIT = {"backup", "restore", "check", "db-password"}


def register(sub) -> dict:
    from . import NO_AUTO_INIT

    NO_AUTO_INIT.update(RUN_WITHOUT_INIT)

    backup = sub.add_parser("backup", help="copia de seguridad de la base local (API de copia en línea de SQLite)")
    backup.add_argument("--dir", metavar="CARPETA", help="carpeta de destino (por defecto, "
                        "copias-de-seguridad junto a la base de datos)")
    backup.add_argument("--keep", type=int, metavar="N",
                        help="además, conserva solo las N copias automáticas más recientes de la carpeta")
    backup.add_argument("--list", action="store_true", help="lista las copias de la carpeta y termina")

    restore = sub.add_parser("restore", help="restaura una copia (verifica su integridad y guarda aparte "
                             "la base actual)")
    restore.add_argument("file", metavar="ARCHIVO")
    restore.add_argument("--yes", action="store_true", help="no pide confirmación")

    sub.add_parser("check", help="verifica la versión y las tablas del esquema, las protecciones de la bitácora de "
                   "cambios y, en la base local, su integridad (PRAGMA integrity_check)")

    audit = sub.add_parser("audit", help="bitácora de cambios: export")
    asub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACCIÓN")
    export = asub.add_parser("export", help="exporta la bitácora de cambios (CSV o JSON)")
    export.add_argument("file", metavar="ARCHIVO")
    export.add_argument("--format", choices=("csv", "json"), help="por defecto, según la extensión")
    export.add_argument("--desde", metavar="dd/mm/aaaa")
    export.add_argument("--hasta", metavar="dd/mm/aaaa")

    pw = sub.add_parser("db-password", help="contraseña del servidor PostgreSQL en el almacén de "
                        "credenciales del sistema: set, forget")
    pw.add_argument("action", choices=("set", "forget"))
    return {"backup": _cmd_backup, "restore": _cmd_restore, "check": _cmd_check, "audit": _cmd_audit,
            "db-password": _cmd_db_password}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


def _cmd_backup(sigma, args) -> None:
    if args.list:
        backups = sigma.backup.list(args.dir)
        if not backups:
            print("No hay copias de seguridad en la carpeta.")
        for b in backups:
            print(f"{format_datetime(b.taken_at)}  {b.kind:<16} {_size(b.size):>9}  {b.path}")
        return
    made = sigma.backup.create(args.dir)
    print(f"Copia de seguridad verificada: {made.path} ({_size(made.size)})")
    if args.keep is not None:
        for gone in sigma.backup.prune(made.path.parent, args.keep):
            print(f"Copia automática antigua eliminada: {gone.name}")


def _cmd_restore(sigma, args) -> None:
    if not args.yes:
        if not sys.stdin.isatty():
            raise SigmaError("Confirme con --yes (no hay terminal para preguntar).")
        answer = input(f"Se reemplazarán todos los datos de {sigma.db.describe()} por los de {args.file}.\n"
                       "La base actual se guardará aparte. ¿Continuar? [s/N] ")
        if answer.strip().lower() not in ("s", "si", "sí"):
            print("Restauración cancelada; no se modificó nada.")
            return
    result = sigma.backup.restore(args.file)
    print(f"Copia restaurada: {result.restored_from}")
    if result.repaired:
        print("Aviso: la copia había perdido protecciones de la bitácora de cambios "
              f"({', '.join(result.repaired)}); se volvieron a crear antes de usarla.")
    if result.kept_aside:
        print(f"La base anterior quedó guardada como: {result.kept_aside}")


def _cmd_check(sigma, _args) -> int:
    problems = sigma.backup.check_now()
    if not problems:
        what = "esquema, protecciones de la bitácora e integridad" if sigma.db.is_sqlite else \
            "esquema y protecciones de la bitácora (la integridad de los archivos la vigila el servidor)"
        print(f"Verificación correcta ({what}): {sigma.db.describe()}")
        return 0
    print("La verificación de la base de datos encontró problemas:", file=sys.stderr)
    for p in problems[:20]:
        print(f"  {p}", file=sys.stderr)
    if not sigma.db.is_sqlite:
        return 2
    good = sigma.backup.latest_good()
    if good:
        print(f"Última copia buena: {good.path}\nRestáurela con: sigma restore \"{good.path}\"", file=sys.stderr)
    else:
        print("No se encontró una copia buena junto a la base de datos.", file=sys.stderr)
    return 2


def _cmd_audit(sigma, args) -> None:
    since = parse_date(args.desde, "desde", "Desde") if args.desde else None
    until = parse_date(args.hasta, "hasta", "Hasta") if args.hasta else None
    done = sigma.audit.export(args.file, args.format, since=since, until=until)
    print(f"Bitácora exportada: {done.rows} cambios en {done.path}")


def _cmd_db_password(sigma, args) -> None:
    from .. import credentials

    url = sigma.db.url.render_as_string(hide_password=False)
    if not credentials.is_server_url(url):
        raise SigmaError("La base de datos es local (SQLite): no usa contraseña de servidor.")
    if not credentials.store_available():
        raise SigmaError("Este equipo no tiene un almacén de credenciales disponible. Use la variable "
                         "PGPASSWORD o el archivo .pgpass, o escriba la contraseña cuando se la pidan.")
    if args.action == "forget":
        credentials.forget(url)
        print("Contraseña olvidada.")
        return
    if not sys.stdin.isatty():
        raise SigmaError("No hay terminal para preguntar la contraseña.")
    password = getpass.getpass(f"Contraseña de {credentials.account(url)}: ")
    if not password:
        raise SigmaError("Contraseña: no escribió ninguna.")
    credentials.remember(credentials.without_password(url), password)
    print("Contraseña guardada en el almacén de credenciales del sistema.")

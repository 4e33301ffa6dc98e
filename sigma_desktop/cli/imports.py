"""Import commands: `sigma template KIND FILE.xlsx` and `sigma import KIND FILE [--dry-run]`."""
from __future__ import annotations

import os
import sys

from ..domain.errors import SigmaError

KINDS = ("ies", "docentes", "acompanantes", "asignaciones", "actividades")  # as importing.specs.KINDS


def register(sub) -> dict:
    tpl = sub.add_parser("template", help="escribe la plantilla xlsx de una importación")
    tpl.add_argument("kind", metavar="TIPO", choices=KINDS, help=f"uno de: {', '.join(KINDS)}")
    tpl.add_argument("file", metavar="ARCHIVO.xlsx")
    _user_options(tpl)

    imp = sub.add_parser("import", help="importa un archivo xlsx, csv o dbf (todo o nada)")
    imp.add_argument("kind", metavar="TIPO", choices=KINDS, help=f"uno de: {', '.join(KINDS)}")
    imp.add_argument("file", metavar="ARCHIVO")
    imp.add_argument("--dry-run", action="store_true", help="revisa el archivo y muestra qué cambiaría, sin guardar")
    imp.add_argument("--errores", metavar="RUTA",
                     help="dónde escribir la copia con errores (por defecto <archivo>-errores.xlsx)")
    _user_options(imp)
    return {"template": _cmd_template, "import": _cmd_import}


def _user_options(parser) -> None:
    parser.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (con sus permisos y ámbito); "
                        "sin él, como el sistema")
    parser.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")


def _sign_in(sigma, args) -> None:
    if not args.usuario:
        return
    password = os.environ.get(args.password_env or "", "") if args.password_env else None
    if not password:
        if not sys.stdin.isatty():
            raise SigmaError("Indique la contraseña con --password-env VAR.")
        import getpass

        password = getpass.getpass(f"Contraseña de {args.usuario}: ")
    sigma.auth.sign_in(args.usuario, password)


def _cmd_template(sigma, args) -> int:
    _sign_in(sigma, args)
    path = sigma.imports.write_template(args.kind, args.file)
    print(f"Plantilla «{args.kind}» escrita en {path}")
    return 0


def _cmd_import(sigma, args) -> int:
    _sign_in(sigma, args)

    def progress(stage: str, fraction: float) -> None:
        if sys.stderr.isatty():
            print(f"  {stage}… {fraction:.0%}", file=sys.stderr)

    result = sigma.imports.run(args.kind, args.file, dry_run=args.dry_run, progress=progress)
    for x in result.warnings:
        print(f"Aviso: {x.text()}")
    for x in result.errors:
        print(f"Error: {x.text()}", file=sys.stderr)
    print(result.summary())
    if result.errors:
        path = sigma.imports.write_error_copy(result, args.errores)
        print(f"Copia con los errores marcados: {path}")
        return 1
    return 0

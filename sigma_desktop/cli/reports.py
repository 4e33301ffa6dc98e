"""Report commands: `sigma control`, `sigma indicators`, `sigma report monthly`, `sigma export raw`,
`sigma verify` (a printed report against the database) and `sigma firmantes` (who signs a UGEL's reports).

JSON goes to standard output unless -o names a file; Excel and PDF need a file (by default a name
made from the filter, in the current folder). Messages go to standard error, so that the JSON can be piped.
"""
from __future__ import annotations

import json
import os
import sys

from ..domain.errors import SigmaError


def _filters(parser, *, month_required: bool = False, coach: bool = True) -> None:
    parser.add_argument("--year", type=int, required=True, metavar="AÑO")
    parser.add_argument("--month", type=int, required=month_required, metavar="MES", help="1 a 12"
                        + ("" if month_required else "; sin él, todo el año"))
    parser.add_argument("--ugel", metavar="CÓDIGO", help="código de la UGEL (6 dígitos)")
    parser.add_argument("--dre", metavar="CÓDIGO", help="código de la DRE (6 dígitos)")
    parser.add_argument("--intervention", metavar="CLAVE",
                        help="multigrado, soporte_primaria, eib, jec_ingles o spsr")
    if coach:
        parser.add_argument("--coach", metavar="DNI", help="DNI del acompañante")


def _output(parser, formats=("json", "xlsx", "pdf"), default="json") -> None:
    if len(formats) > 1:
        parser.add_argument("--format", choices=formats, default=default, help=f"por defecto {default}")
    parser.add_argument("-o", "--output", metavar="ARCHIVO", help="archivo de salida")
    parser.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (su ámbito y permisos); "
                        "sin él, como el sistema")
    parser.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")


def register(sub) -> dict:
    control = sub.add_parser("control", help="Módulo de Control: plan y ejecución por acompañante y mes")
    _filters(control)
    _output(control)

    indicators = sub.add_parser("indicators", help="Módulo de Reportes: los indicadores del catálogo")
    _filters(indicators)
    _output(indicators)
    indicators.add_argument("--anexo", action="store_true",
                            help="agrega las fichas técnicas de los indicadores (anexo del PDF, hoja del Excel)")

    verify = sub.add_parser("verify", help="comprueba un reporte PDF o Excel de SIGMA contra la base de datos "
                            "(vuelve a calcular su código de verificación)")
    verify.add_argument("file", metavar="ARCHIVO", help="el PDF o el Excel generado por SIGMA")
    verify.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (su ámbito y permisos)")
    verify.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")

    signers = sub.add_parser("firmantes", help="quién firma los reportes de una UGEL («Revisado por», «V°B°»); "
                             "sin opciones de nombre o cargo, los muestra")
    signers.add_argument("--ugel", required=True, metavar="CÓDIGO")
    signers.add_argument("--revisor-nombre", metavar="TEXTO", help="Revisado por: nombre (el Gestor Local)")
    signers.add_argument("--revisor-cargo", metavar="TEXTO", help="Revisado por: cargo")
    signers.add_argument("--director-nombre", metavar="TEXTO", help="V°B°: nombre (el director de la UGEL)")
    signers.add_argument("--director-cargo", metavar="TEXTO", help="V°B°: cargo")
    signers.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (Gestor Local o administrador)")
    signers.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")

    report = sub.add_parser("report", help="reportes impresos (PDF)")
    rsub = report.add_subparsers(dest="report_command", required=True, metavar="REPORTE")
    monthly = rsub.add_parser("monthly", help="reporte mensual de una UGEL o, con --coach, de un acompañante")
    monthly.add_argument("--year", type=int, required=True, metavar="AÑO")
    monthly.add_argument("--month", type=int, required=True, metavar="MES")
    monthly.add_argument("--ugel", required=True, metavar="CÓDIGO")
    monthly.add_argument("--coach", metavar="DNI", help="DNI del acompañante (reporte individual)")
    _output(monthly, formats=("pdf",))

    export = sub.add_parser("export", help="exportaciones de datos")
    esub = export.add_subparsers(dest="export_command", required=True, metavar="EXPORTACIÓN")
    raw = esub.add_parser("raw", help="todos los registros de actividades del filtro, en xlsx (para análisis)")
    _filters(raw)
    _output(raw, formats=("xlsx",))
    return {"control": _cmd_control, "indicators": _cmd_indicators, "report": _cmd_report, "export": _cmd_export,
            "verify": _cmd_verify, "firmantes": _cmd_signatories}


def _sign_in(sigma, args) -> None:
    if not getattr(args, "usuario", None):
        return
    password = os.environ.get(args.password_env, "") if args.password_env else ""
    if not password:
        if not sys.stdin.isatty():
            raise SigmaError("Indique la contraseña con --password-env VAR.")
        import getpass

        password = getpass.getpass(f"Contraseña de {args.usuario}: ")
    sigma.auth.sign_in(args.usuario, password)


def _filter(args):
    from ..domain.reporting import ReportFilter

    return ReportFilter(args.year, args.month, ugel_code=args.ugel, dre_code=args.dre,
                        intervention=args.intervention, coach_dni=getattr(args, "coach", None))


def _done(result) -> int:
    if result.format == "json" and result.path is None:
        try:
            sys.stdout.write(json.dumps(result.data, ensure_ascii=False, indent=1) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `sigma control … | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    from ..reports.formatting import verification_code

    extra = f"; código de verificación: {verification_code(result.checksum)}" if result.checksum else ""
    print(f"Archivo escrito: {result.path} ({result.rows} {result.unit}{extra})")
    return 0


def _cmd_control(sigma, args) -> int:
    _sign_in(sigma, args)
    return _done(sigma.exports.control(_filter(args), args.format, args.output))


def _cmd_indicators(sigma, args) -> int:
    _sign_in(sigma, args)
    return _done(sigma.exports.indicators(_filter(args), args.format, args.output, annex=args.anexo))


def _cmd_verify(sigma, args) -> int:
    """Exit status 0 when the figures match the database, 2 when they do not (1: the file cannot be read)."""
    _sign_in(sigma, args)
    result = sigma.exports.verify(args.file)
    print(result.message())
    return 0 if result.matches else 2


def _cmd_signatories(sigma, args) -> int:
    _sign_in(sigma, args)
    changes = {"reviewer_name": args.revisor_nombre, "reviewer_post": args.revisor_cargo,
               "director_name": args.director_nombre, "director_post": args.director_cargo}
    if any(v is not None for v in changes.values()):
        s = sigma.signatories.set(args.ugel, **changes)
    else:
        s = sigma.signatories.get(args.ugel)
    print(f"{s.ugel_name} ({s.ugel_code})")
    print(f"  Revisado por: {s.reviewer_name or '(sin nombre)'} — {s.reviewer_post}")
    print(f"  V°B°: {s.director_name or '(sin nombre)'} — {s.director_post}")
    return 0


def _cmd_report(sigma, args) -> int:
    _sign_in(sigma, args)
    result = sigma.exports.monthly(args.year, args.month, args.ugel, args.coach, args.output)
    return _done(result)


def _cmd_export(sigma, args) -> int:
    _sign_in(sigma, args)

    def progress(rows: int) -> None:
        if sys.stderr.isatty():
            print(f"\r  {rows:,} filas".replace(",", " "), end="", file=sys.stderr, flush=True)

    result = sigma.exports.raw(_filter(args), args.output, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return _done(result)

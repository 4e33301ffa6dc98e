"""`sigma month`: a UGEL's month closing from a terminal (the same service as the Módulo de Control).

    sigma month status --ugel 030007 --year 2025 [--month 4] [--json]    the closing state (and blockers)
    sigma month close  --ugel 030007 --year 2025 --month 4 --usuario DNI [--confirmar]
    sigma month reopen --ugel 030007 --year 2025 --month 4 --usuario DNI --reason "…"

Closing and reopening are a Gestor Local's (of that UGEL), so they need --usuario; a month with activities
without record, records pending validation or uncorrected observations closes only with --confirmar
(the command names them first). «status» without --month lists the twelve months.
"""
from __future__ import annotations

import json

from ..domain.dates import format_date, month_name
from ..domain.errors import SigmaError
from .reports import _sign_in


def _common(parser, *, month_required: bool = True) -> None:
    parser.add_argument("--ugel", required=True, metavar="CÓDIGO", help="código de la UGEL")
    parser.add_argument("--year", type=int, required=True, metavar="AÑO")
    parser.add_argument("--month", type=int, required=month_required, metavar="MES", help="1 a 12")
    parser.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (el Gestor Local de la UGEL)")
    parser.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")


def register(sub) -> dict:
    mp = sub.add_parser("month", help="cierre del mes de una UGEL: status, close, reopen")
    ms = mp.add_subparsers(dest="month_command", required=True, metavar="ACCIÓN")
    status = ms.add_parser("status", help="estado de cierre del mes (o de los doce meses) y sus pendientes")
    _common(status, month_required=False)
    status.add_argument("--json", action="store_true")
    close = ms.add_parser("close", help="cierra el mes (con pendientes, solo con --confirmar)")
    _common(close)
    close.add_argument("--confirmar", action="store_true", help="cierra aunque haya pendientes (los nombra)")
    reopen = ms.add_parser("reopen", help="reabre un mes cerrado (el motivo es obligatorio)")
    _common(reopen)
    reopen.add_argument("--reason", "--motivo", dest="reason", help="por qué se reabre (queda en el historial)")
    return {"month": _cmd_month}


def _period(year: int, month: int) -> str:
    return f"{month_name(month)} {year}" if 1 <= month <= 12 else f"{month}/{year}"


def _cmd_month(sigma, args) -> int:
    _sign_in(sigma, args)
    if args.month_command != "status" and not args.usuario:
        raise SigmaError("Usuario: indique --usuario DNI (el Gestor Local de la UGEL); el cierre y la reapertura "
                         "quedan a nombre de una persona.")
    if args.month_command == "close":
        sigma.closing.close(args.ugel, args.year, args.month, confirmed=args.confirmar)
        state = sigma.closing.state(args.ugel, args.year, args.month)
        print(f"{_period(args.year, args.month).capitalize()} de la UGEL {state.ugel_code}: {state.mark}.")
        return 0
    if args.month_command == "reopen":
        sigma.closing.reopen(args.ugel, args.year, args.month, args.reason or "")
        print(f"{_period(args.year, args.month).capitalize()} de la UGEL {args.ugel} reabierto: {args.reason.strip()}")
        return 0
    return _status(sigma, args)


def _status(sigma, args) -> int:
    if args.month is not None:
        s = sigma.closing.summary(args.ugel, args.year, args.month)
        doc = {"ugel": s.state.ugel_code, "anio": args.year, "mes": args.month, "cerrado": s.state.closed,
               "cerrado_el": format_date(s.state.closed_on) or None, "cerrado_por": s.state.closed_by,
               "motivo_reapertura": s.state.reason, "planificadas": s.planned, "sin_registro": s.unregistered,
               "pendientes_validacion": s.pending, "observadas_sin_corregir": s.observed,
               "pendientes": list(s.blockers)}
        if args.json:
            print(json.dumps(doc, ensure_ascii=False, indent=1))
            return 0
        head = s.state.mark if s.state.closed else "Mes abierto" + (
            f" (reabierto: {s.state.reason})" if s.state.reason else "")
        print(f"{_period(args.year, args.month).capitalize()}, {s.state.ugel_name} ({s.state.ugel_code}): {head}.")
        print(f"  Actividades planificadas: {s.planned}")
        for line in s.blockers or ["Sin pendientes."]:
            print(f"  - {line}")
        return 0
    states = [st for st in sigma.closing.states(args.year) if st.ugel_code == args.ugel]
    if not states:
        sigma.closing.state(args.ugel, args.year, 1)  # the UGEL's own message: unknown or out of scope
    if args.json:
        print(json.dumps([{"mes": st.month, "cerrado": st.closed, "cerrado_el": format_date(st.closed_on) or None,
                           "cerrado_por": st.closed_by, "motivo_reapertura": st.reason} for st in states],
                         ensure_ascii=False, indent=1))
        return 0
    for st in states:
        print(f"{month_name(st.month).capitalize():<10} {st.mark or 'Abierto'}")
    return 0

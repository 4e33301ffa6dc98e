"""`sigma calidad`: the quality-of-information module from a terminal (the same service as the window).

    sigma calidad run --year 2017 [--ugel 020001]            open findings per kind
    sigma calidad list --year 2017 [--tipo KIND] [--estado abiertos|todos|nueva|…] [--json]
    sigma calidad records CÓDIGO --year 2017                 the records behind a finding
    sigma calidad export --year 2017 -o calidad.xlsx
    sigma calidad mark CÓDIGO --year 2017 --estado justificada --nota "…" --usuario DNI
    sigma calidad params [nombre=valor …]                    the thresholds (show, or change)

A finding's CÓDIGO is the first 8 characters of its id (any unambiguous start will do). Without
--usuario the commands read as the system (the whole country); marking and changing thresholds need a
person (--usuario: the RCI or the Coordinador de Calidad).
"""
from __future__ import annotations

import json
import sys

from ..domain.errors import SigmaError
from .reports import _sign_in

STATES = ("abiertos", "todos", "nueva", "revisada", "corregida", "justificada")


def _common(parser, *, year: bool = True) -> None:
    if year:
        parser.add_argument("--year", type=int, required=True, metavar="AÑO")
        parser.add_argument("--ugel", metavar="CÓDIGO", help="solo esta UGEL de su ámbito")
    parser.add_argument("--usuario", metavar="DNI", help="actúa como este usuario (RCI o Coordinador de Calidad)")
    parser.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña del usuario")


def _selection(parser) -> None:
    parser.add_argument("--tipo", metavar="TIPO", help="un tipo de hallazgo (vea «sigma calidad run»)")
    parser.add_argument("--estado", choices=STATES, default="abiertos", help="por defecto los abiertos")


def register(sub) -> dict:
    q = sub.add_parser("calidad", help="calidad de la información: hallazgos, su revisión y exportación")
    qs = q.add_subparsers(dest="quality_command", required=True, metavar="ACCIÓN")
    run = qs.add_parser("run", help="ejecuta las comprobaciones y resume los hallazgos abiertos por tipo")
    _common(run)
    run.add_argument("--json", action="store_true")
    lst = qs.add_parser("list", help="lista los hallazgos con su código, asunto, registros y estado")
    _common(lst)
    _selection(lst)
    lst.add_argument("--json", action="store_true")
    rec = qs.add_parser("records", help="los registros de un hallazgo (con su ID para «sigma history»)")
    rec.add_argument("code", metavar="CÓDIGO")
    _common(rec)
    exp = qs.add_parser("export", help="exporta los hallazgos y sus registros a Excel (.xlsx)")
    _common(exp)
    _selection(exp)
    exp.add_argument("-o", "--output", required=True, metavar="ARCHIVO")
    mark = qs.add_parser("mark", help="marca el estado de un hallazgo (justificada requiere una nota)")
    mark.add_argument("code", metavar="CÓDIGO")
    _common(mark)
    mark.add_argument("--estado", required=True, choices=STATES[2:])
    mark.add_argument("--nota", help="por qué (obligatoria para «justificada»)")
    par = qs.add_parser("params", help="muestra o cambia los umbrales de las comprobaciones (nombre=valor)")
    par.add_argument("values", nargs="*", metavar="NOMBRE=VALOR")
    _common(par, year=False)
    return {"calidad": _cmd_quality}


def _cmd_quality(sigma, args) -> int:
    _sign_in(sigma, args)
    return _COMMANDS[args.quality_command](sigma, args)


def _kinds(args):
    from ..domain.quality.kinds import Kind

    if not getattr(args, "tipo", None):
        return None
    try:
        return [Kind(args.tipo)]
    except ValueError:
        raise SigmaError(f"Tipo: «{args.tipo}» no existe (use: {', '.join(k.value for k in Kind)}).") from None


def _selected(report, args):
    from ..domain.quality.kinds import OPEN_STATES, State

    if args.estado in ("abiertos", "todos"):
        states = OPEN_STATES if args.estado == "abiertos" else None
    else:
        states = {State(args.estado)}
    return report.select(_kinds(args), states)


def _run(sigma, args) -> int:
    from ..domain.quality.kinds import KINDS

    report = sigma.quality.run(args.year, args.ugel)
    summary = report.open_by_kind()
    if args.json:
        print(json.dumps({"anio": report.year, "ambito": report.scope_label, "tipos": [
            {"tipo": k.value, "nombre": KINDS[k].label, "hallazgos_abiertos": n, "registros": r,
             "segundos": round(report.seconds.get(k, 0.0), 3)} for k, (n, r) in summary.items()]},
            ensure_ascii=False, indent=1))
        return 0
    print(f"Calidad de la información {report.year} — {report.scope_label} "
          f"({sum(report.seconds.values()):.1f} s)")
    print(f"  {'tipo':<26} {'hallazgo':<34} {'abiertos':>8} {'registros':>9}")
    for kind, (n, records) in summary.items():
        print(f"  {kind.value:<26} {KINDS[kind].label:<34} {n:>8} {records:>9}")
    total = sum(n for n, _r in summary.values())
    closed = sum(1 for r in report.findings if not r.is_open)
    print(f"  Total: {total} abiertos; {closed} corregidos o justificados.")
    return 0


def _list(sigma, args) -> int:
    from ..reports.xlsx.quality import short_id

    report = sigma.quality.run(args.year, args.ugel, _kinds(args))
    rows = _selected(report, args)
    if args.json:
        print(json.dumps([{"codigo": short_id(r), "id": str(r.id), "tipo": r.kind.value, "ugel": r.ugel_label,
                           "asunto": r.subject_label, "registros": r.count, "estado": r.state.value,
                           "nota": r.note, "detalle": r.finding.detail} for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        records = "1 registro" if r.count == 1 else f"{r.count} registros"
        print(f"{short_id(r)}  {r.kind_label} — {r.subject_label} ({r.ugel_label}): {records}, "
              f"{r.state_label.lower()}")
        print(f"          {r.finding.detail}" + (f" Nota: {r.note}" if r.note else ""))
    print(f"{len(rows)} hallazgos.", file=sys.stderr)
    return 0


def _records(sigma, args) -> int:
    finding = sigma.quality.find(args.year, args.code, args.ugel)
    print(f"{finding.kind_label} — {finding.subject_label}: {finding.finding.detail}")
    for line in sigma.quality.records(finding):
        print(f"  {line.record_id}  {line.what_label:<22} {line.month_label:<10} {line.day_label:<10} "
              f"{line.subject}  [{line.state_label}]")
    return 0


def _export(sigma, args) -> int:
    report = sigma.quality.run(args.year, args.ugel, _kinds(args))
    rows = _selected(report, args)
    path = sigma.quality.export(report, args.output, rows)
    print(f"Archivo escrito: {path} ({len(rows)} hallazgos, {sum(r.count for r in rows)} registros)")
    return 0


def _mark(sigma, args) -> int:
    if not args.usuario:
        raise SigmaError("Indique quién marca el hallazgo con --usuario DNI (queda en el historial).")
    finding = sigma.quality.find(args.year, args.code, args.ugel)
    state = sigma.quality.mark(finding, args.estado, args.nota)
    print(f"Hallazgo {args.code}: {finding.kind_label} — {finding.subject_label}: ahora «{state.state.value}».")
    return 0


def _params(sigma, args) -> int:
    from ..domain.quality.params import SPECS

    if args.values:
        changes = {}
        for item in args.values:
            name, sep, value = item.partition("=")
            if not sep:
                raise SigmaError(f"«{item}»: escriba nombre=valor (por ejemplo late_days=45).")
            changes[name.strip()] = value
        params = sigma.quality.set_params(changes)
    else:
        params = sigma.quality.params()
    values = params.as_dict()
    for spec in SPECS:
        print(f"  {spec.name:<20} {values[spec.name]:>5}   {spec.label} ({spec.minimum} a {spec.maximum})")
    return 0


_COMMANDS = {"run": _run, "list": _list, "records": _records, "export": _export, "mark": _mark, "params": _params}

"""Core commands: init, demo, users, history."""
from __future__ import annotations

import getpass
import json
import os
import sys
from uuid import UUID

from ..domain.dates import format_datetime
from ..domain.enums import ROLE_LABELS, Role
from ..domain.errors import SigmaError

SCALES = ("small", "ugel", "region", "national")


def register(sub) -> dict:
    sub.add_parser("init", help="crea o actualiza la base de datos (migraciones y catálogos)")

    demo = sub.add_parser("demo", help="carga datos de demostración")
    demo.add_argument("--scale", choices=SCALES, default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--year", type=int, default=2017)
    demo.add_argument("--password", help="contraseña de los usuarios de demostración "
                      "(por defecto se genera una y se muestra)")

    users = sub.add_parser("users", help="usuarios: add, list, set-role, reset-password")
    usub = users.add_subparsers(dest="users_command", required=True, metavar="ACCIÓN")
    add = usub.add_parser("add", help="crea un usuario")
    add.add_argument("dni")
    add.add_argument("--name", required=True, help="nombres y apellidos")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--ugel", help="código de la UGEL (roles de UGEL)")
    add.add_argument("--dre", help="código de la DRE (roles regionales)")
    add.add_argument("--password-env", metavar="VAR",
                     help="toma la contraseña de esta variable de entorno en lugar de preguntarla")
    usub.add_parser("list", help="lista los usuarios")
    role = usub.add_parser("set-role", help="cambia el rol y el ámbito de un usuario")
    role.add_argument("dni")
    role.add_argument("--role", required=True, choices=[r.value for r in Role])
    role.add_argument("--ugel", help="código de la UGEL (roles de UGEL)")
    role.add_argument("--dre", help="código de la DRE (roles regionales)")
    reset = usub.add_parser("reset-password", help="restablece la contraseña de un usuario")
    reset.add_argument("dni")
    reset.add_argument("--password-env", metavar="VAR")

    pw = sub.add_parser("password", help="cambia la contraseña propia (obligatorio tras un restablecimiento: "
                        "con una contraseña temporal no se puede hacer nada más)")
    pw.add_argument("--usuario", metavar="DNI", required=True)
    pw.add_argument("--password-env", metavar="VAR", help="variable de entorno con la contraseña actual")
    pw.add_argument("--nueva-password-env", metavar="VAR", help="variable de entorno con la contraseña nueva")

    hist = sub.add_parser("history", help="historial de cambios de un registro")
    hist.add_argument("record_id", help="identificador (UUID) del registro")
    hist.add_argument("--json", action="store_true", help="salida en JSON")
    return {"init": _cmd_init, "demo": _cmd_demo, "users": _cmd_users, "history": _cmd_history,
            "password": _cmd_password}


def _password(env_var: str | None, prompt: str = "Contraseña: ", *, repeat: bool = True,
              option: str = "--password-env") -> str:
    """From the environment variable named, else asked on the terminal (twice when it is a new one)."""
    if env_var:
        value = os.environ.get(env_var)
        if not value:
            raise SigmaError(f"La variable de entorno {env_var} está vacía.")
        return value
    if not sys.stdin.isatty():
        raise SigmaError(f"Indique la contraseña con {option} VAR (no hay terminal para preguntarla).")
    first = getpass.getpass(prompt)
    if repeat and getpass.getpass("Repita la contraseña: ") != first:
        raise SigmaError("Las contraseñas no coinciden.")
    return first


def _cmd_init(sigma, _args) -> None:
    report = sigma.setup.initialize()
    print(f"Base de datos lista: {sigma.db.describe()}")
    print(f"Esquema: {report.revision} (antes: {report.upgraded_from or 'vacía'}); nodo {report.node}")
    if report.ubigeos_loaded:
        print(f"Ubigeos cargados: {report.ubigeos_loaded}")


def _cmd_demo(sigma, args) -> None:
    def progress(stage: str, fraction: float) -> None:
        print(f"  {stage} ({fraction:.0%})", file=sys.stderr)

    report = sigma.demo.generate(args.scale, args.seed, args.year, password=args.password, progress=progress)
    print(report.summary())


def _cmd_users(sigma, args) -> None:
    if args.users_command == "add":
        row = sigma.users.add(args.dni, args.name, args.role, _password(args.password_env),
                              ugel_code=args.ugel, dre_code=args.dre)
        print(f"Usuario creado: {row.dni} {row.name} ({ROLE_LABELS[Role(row.role)]})")
    elif args.users_command == "set-role":
        row = sigma.users.change_role(args.dni, args.role, ugel_code=args.ugel, dre_code=args.dre)
        where = row.ugel_name or row.dre_name or "ámbito nacional"
        print(f"Usuario {row.dni} {row.name}: {ROLE_LABELS[Role(row.role)]}, {where}")
    elif args.users_command == "list":
        for r in sigma.users.list():
            where = r.ugel_code or r.dre_code or "nacional"
            state = "activo" if r.active else "inactivo"
            if r.locked:
                state += ", bloqueado"
            print(f"{r.dni}  {r.name:<40} {ROLE_LABELS[Role(r.role)]:<45} {where:<8} {state}")
    else:
        sigma.users.reset_password(args.dni, _password(args.password_env))
        print(f"Contraseña restablecida para {args.dni}; deberá cambiarla al iniciar sesión.")


def _cmd_password(sigma, args) -> None:
    current = _password(args.password_env, f"Contraseña actual de {args.usuario}: ", repeat=False)
    sigma.auth.sign_in(args.usuario, current)
    new = _password(args.nueva_password_env, "Contraseña nueva: ", option="--nueva-password-env")
    sigma.auth.change_password(current, new)
    print(f"Contraseña cambiada para {args.usuario}.")


def _cmd_history(sigma, args) -> None:
    try:
        record = UUID(args.record_id)
    except ValueError:
        raise SigmaError(f"Identificador: «{args.record_id}» no es un UUID válido.") from None
    entries = sigma.history.of_record(record)
    if args.json:
        print(json.dumps([{"seq": e.seq, "at": e.at.isoformat(), "user": e.user_dni, "entity": e.entity,
                           "id": str(e.entity_id), "op": e.op, "changes": e.changes,
                           "version": e.new_version} for e in entries], ensure_ascii=False, indent=1))
        return
    for e in entries:
        print(f"{format_datetime(e.at)}  {e.user_dni}  {e.op:<8} {e.entity} v{e.new_version}")
        for field, (old, new) in sorted(e.changes.items()):
            print(f"    {field}: {old!r} → {new!r}")

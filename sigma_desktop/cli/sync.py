"""Synchronisation commands: replica create, sync (online or by file), hub administration and serve."""
from __future__ import annotations

import argparse
import json
import os
import sys
from uuid import UUID

from ..domain.dates import format_datetime
from ..domain.errors import SigmaError


def register(sub) -> dict:
    from . import NO_AUTO_INIT

    NO_AUTO_INIT.add("replica")  # the replica is built from the hub, not from local catalogues

    rep = sub.add_parser("replica", help="réplicas: crear una base local desde el servidor central")
    rsub = rep.add_subparsers(dest="replica_command", required=True, metavar="ACCIÓN")
    create = rsub.add_parser("create", help="crea una réplica (SQLite) del ámbito de una credencial")
    create.add_argument("--hub", required=True, metavar="URL", help="dirección del servidor central "
                        "(p. ej. http://servidor:8765)")
    create.add_argument("--token", help="credencial de la réplica (la da «sigma hub add-node»)")
    create.add_argument("--token-env", metavar="VAR", help="toma la credencial de esta variable de entorno")
    create.add_argument("--db", dest="replica_db", metavar="URL", default=argparse.SUPPRESS,
                        help="archivo de la réplica (sqlite:///ruta); por defecto la base local del usuario")

    sync = sub.add_parser("sync", help="sincroniza esta réplica con el servidor central (o por archivo)")
    sync.add_argument("--hub", metavar="URL", help="dirección del servidor central (por defecto la guardada)")
    sync.add_argument("--batch", type=int, default=None, help=argparse.SUPPRESS)  # tests and benchmarks
    ssub = sync.add_subparsers(dest="sync_command", required=False, metavar="ACCIÓN")
    ssub.add_parser("status", help="cambios pendientes, última sincronización y conflictos abiertos")
    export = ssub.add_parser("export", help="guarda en un archivo los cambios pendientes de esta réplica")
    export.add_argument("file", metavar="ARCHIVO")
    imp = ssub.add_parser("import", help="aplica un archivo de sincronización (en el servidor central o en la "
                          "réplica)")
    imp.add_argument("file", metavar="ARCHIVO")
    imp.add_argument("--reply", metavar="ARCHIVO", help="en el servidor central: dónde escribir la respuesta "
                     "para la réplica (por defecto junto al archivo)")
    conf = ssub.add_parser("conflicts", help="lista los conflictos abiertos")
    conf.add_argument("--json", action="store_true")

    hub = sub.add_parser("hub", help="servidor central: iniciar, registrar réplicas, atender la sincronización")
    hsub = hub.add_subparsers(dest="hub_command", required=True, metavar="ACCIÓN")
    hsub.add_parser("init", help="convierte esta base PostgreSQL en servidor central de sincronización")
    add = hsub.add_parser("add-node", help="registra una réplica y muestra su credencial (una sola vez)")
    add.add_argument("name", metavar="NOMBRE")
    add.add_argument("--ugel", required=True, help="código de la UGEL del ámbito")
    add.add_argument("--coach", metavar="DNI", help="ámbito de un acompañante: solo su trabajo (la réplica actúa "
                     "solo como ese acompañante)")
    add.add_argument("--user", metavar="DNI", nargs="+", action="extend", default=[],
                     help="réplica de una UGEL: las personas que trabajan en ella (el servidor central rechaza "
                     "cambios de cualquier otra)")
    users = hsub.add_parser("users", help="cambia las personas registradas de una réplica de UGEL")
    users.add_argument("node_id", metavar="ID")
    users.add_argument("--user", metavar="DNI", nargs="+", action="extend", default=[], required=True,
                       help="la lista completa de personas (reemplaza la anterior)")
    hsub.add_parser("nodes", help="lista las réplicas registradas")
    revoke = hsub.add_parser("revoke", help="revoca la credencial de una réplica")
    revoke.add_argument("node_id", metavar="ID")
    token = hsub.add_parser("new-token", help="da una credencial nueva a una réplica")
    token.add_argument("node_id", metavar="ID")
    serve = hsub.add_parser("serve", help="atiende la sincronización por HTTP (JSON)")
    serve.add_argument("--listen", default="127.0.0.1:8765", metavar="HOST:PUERTO")
    return {"replica": _cmd_replica, "sync": _cmd_sync, "hub": _cmd_hub}


class _Progress:
    """One line per stage on standard error, redrawn in place on a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.tty and stage == self.stage and done < total:
            return  # in a log: the start and the end of each stage
        if stage != self.stage and self.stage is not None and self.tty:
            print(file=sys.stderr)
        self.stage = stage
        end = "\r" if self.tty else "\n"
        print(f"  {stage}: {done} de {total}", end=end, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty and self.stage is not None:
            print(file=sys.stderr)


def _token(args) -> str:
    if args.token_env:
        value = os.environ.get(args.token_env)
        if not value:
            raise SigmaError(f"La variable de entorno {args.token_env} está vacía.")
        return value
    if args.token:
        return args.token
    raise SigmaError("Indique la credencial con --token o --token-env VAR.")


def _cmd_replica(sigma, args) -> None:
    from ..config import resolve_db_url
    from ..services.sync import create_replica

    target = getattr(args, "replica_db", None) or resolve_db_url(args.db)
    progress = _Progress()
    try:
        report = create_replica(target, args.hub, _token(args), progress=progress)
    finally:
        progress.close()
    print(f"Réplica creada: {target}")
    print(f"Recibidos {report.pulled_entries} cambios ({report.pulled_rows} registros) del servidor central.")


def _cmd_sync(sigma, args) -> int | None:
    command = args.sync_command
    if command == "status":
        _print_status(sigma.sync.status())
        return None
    if command == "export":
        report = sigma.sync.export_file(args.file)
        print(f"Archivo de sincronización: {report.reply_path} ({report.pushed} cambios pendientes). "
              "Llévelo al servidor central e impórtelo allí con «sigma sync import».")
        return None
    if command == "import":
        report = sigma.sync.import_file(args.file, args.reply)
        if sigma.sync.status().mode == "hub":
            print(report.received_summary())
            print(f"Respuesta para la réplica: {report.reply_path} (impórtela en la réplica).")
        else:
            print(report.summary())
        return None
    if command == "conflicts":
        rows = sigma.sync.conflicts()
        if args.json:
            print(json.dumps([{"id": str(c.id), "kind": c.kind, "entity": c.entity, "entity_id": str(c.entity_id),
                               "field": c.field, "base": c.base_value, "hub": c.hub_value, "node": c.node_value,
                               "node_user": c.node_user_dni, "node_at": c.node_at.isoformat(),
                               "resolver": c.resolver_role} for c in rows], ensure_ascii=False, indent=1))
            return None
        for c in rows:
            what = f"{c.entity_label} {c.entity_id}" + (f", dato «{c.field}»" if c.field else "")
            print(f"{format_datetime(c.created_at)}  {c.kind_label}: {what} (réplica: {c.node_user_dni}, "
                  f"{format_datetime(c.node_at)})")
        print(f"{len(rows)} conflictos abiertos.")
        return None
    progress = _Progress()
    try:
        sizes = {"push_batch": args.batch, "pull_batch": args.batch} if args.batch else {}
        report = sigma.sync.sync(args.hub, progress=progress, **sizes)
    finally:
        progress.close()
    print(report.summary())
    return None


def _print_status(status) -> None:
    print(f"Modo: {status.mode_label}")
    if status.is_replica:
        print(f"Servidor central: {status.hub_url} ({status.hub_id})")
        print(f"Réplica: {status.node_name} — ámbito {status.scope_text}")
        print(f"Cambios pendientes de enviar: {status.pending}")
        last = format_datetime(status.last_success) if status.last_success else "nunca"
        print(f"Última sincronización completa: {last}")
        print(f"Conflictos abiertos: {status.open_conflicts}")
    elif status.mode == "hub":
        print(f"Servidor central {status.hub_id}: {status.replicas} réplicas registradas; "
              f"{status.open_conflicts} conflictos abiertos")


def _cmd_hub(sigma, args) -> None:
    hub = sigma.sync.hub
    command = args.hub_command
    if command == "init":
        print(f"Servidor central listo: {hub.init()} ({sigma.db.describe()})")
    elif command == "add-node":
        node = hub.add_node(args.name, args.ugel, args.coach, args.user)
        print(f"Réplica registrada: {node.name} — ámbito {node.scope_text}")
        print(f"Identificador: {node.id}")
        print(f"Personas que actúan en ella: {', '.join(node.users) or 'ninguna (solo recibe datos)'}")
        print(f"Credencial (se muestra solo ahora; entréguela por un medio seguro): {node.token}")
    elif command == "nodes":
        for n in hub.nodes():
            seen = format_datetime(n.last_seen_at) if n.last_seen_at else "nunca"
            state = "activa" if n.active else "revocada"
            print(f"{n.id}  {n.name:<30} {n.scope_text:<40} {state:<9} última conexión: {seen}")
            print(f"    personas: {', '.join(n.users) or 'ninguna'}")
    elif command in ("revoke", "new-token", "users"):
        try:
            node_id = UUID(args.node_id)
        except ValueError:
            raise SigmaError(f"Identificador: «{args.node_id}» no es un UUID válido.") from None
        if command == "users":
            print(f"Personas de la réplica: {', '.join(hub.set_node_users(node_id, args.user))}")
        elif command == "revoke":
            hub.revoke(node_id)
            print("Credencial revocada: la réplica ya no puede sincronizar.")
        else:
            print(f"Credencial nueva (se muestra solo ahora): {hub.new_token(node_id)}")
    elif command == "serve":
        _serve(sigma, args.listen)


def _serve(sigma, listen: str) -> None:
    from ..sync.http import HubServer, parse_listen

    hub_id = sigma.sync.hub.hub_id()
    if not hub_id:
        raise SigmaError("Esta base de datos no es un servidor central: ejecute antes «sigma hub init».")
    host, port = parse_listen(listen)
    server = HubServer(sigma.sync.hub.endpoint(), host, port)
    print(f"Servidor central {hub_id} escuchando en {server.url} (Ctrl+C para detener)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()

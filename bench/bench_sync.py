"""Sync of 50,000 changes between a SQLite replica and a PostgreSQL hub on the loopback.

    .venv/bin/python bench/bench_sync.py                  # 50,000 changes, a throwaway PostgreSQL cluster
    .venv/bin/python bench/bench_sync.py --changes 10000 --pg-url postgresql+psycopg://user@127.0.0.1:5433/postgres

What runs, in one process except the hub endpoint (`sigma hub serve`, a subprocess on 127.0.0.1):
1. a hub database with the small hand-built world of the tests, made a hub, one node for UGEL Grau;
   a replica created from it over HTTP;
2. on the replica, the changes to send: 40 % planned visits (inserts), 40 % their executions (inserts),
   20 % edits of those executions (updates), written through storage.bulk like any bulk load;
3. `SyncService.sync()` over HTTP (the service's batch sizes unless --batch): the push, then the pull that
   follows it (which sends nothing back that the replica already has as it is) — both timed, from the
   replica's side, with the CPU of the replica, of the endpoint and of PostgreSQL;
4. the other way: the same number of changes written on the hub, pulled by a second fresh replica;
5. the baseline, in the same run: the hub loading the same rows (the final activity and execution
   rows) with COPY into a clone of the hub database taken before the sync, in one transaction; and the
   same plus one change-log row per change (what the sync also writes).
Ends with one JSON line for docs/performance.md. Goal (Issue 6): the sync within 5× of the COPY of the
rows. The scratch folder (replicas and their copies, hundreds of MB) is removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ROOT, machine

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


def _pg(url_arg: str | None):
    if url_arg:
        return None, url_arg.rsplit("/", 1)[0]
    sys.path.insert(0, str(ROOT))
    from tests.pg_server import PgCluster

    cluster = PgCluster().start()
    return cluster, cluster.url("postgres").rsplit("/", 1)[0]


def _admin(base: str):
    import psycopg

    return psycopg.connect(f"{base}/postgres".replace("postgresql+psycopg", "postgresql"), autocommit=True)


def _create(base: str, name: str, template: str | None = None) -> str:
    with _admin(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{base}/{name}"


def _serve(hub_url: str, env: dict) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "sigma_desktop.cli", "--db", hub_url, "hub", "serve",
                             "--listen", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "escuchando" not in line:
        raise RuntimeError(f"hub did not start: {line}")
    return proc, f"http://127.0.0.1:{port}"


def _changes(sigma, world, n: int, user_dni: str) -> dict:
    """Writes `n` changes (inserts of visits and executions, edits of executions) through storage.bulk."""
    from sigma_desktop.storage import bulk, bulk_update
    from sigma_desktop.storage import models as m
    from sigma_desktop.storage.ids import new_id
    from sigma_desktop.storage.unit import Unit
    from tests.world import COACH_MG, YEAR

    visits = int(n * 0.4)
    edits = n - 2 * visits
    coach = world.coaches[COACH_MG]
    with sigma.db.session() as s:
        c = s.get(m.Coach, coach)
        intervention, ugel = c.intervention_id, c.ugel_id
    teachers = [world.teachers[f"4000000{i}"] for i in (1, 2, 3)]
    acts, execs = [], []
    for i in range(visits):
        aid = new_id()
        month = 3 + i % 10
        acts.append({"id": aid, "kind": "visita", "coach_id": coach, "intervention_id": intervention, "ugel_id": ugel,
                     "year": YEAR, "month": month, "teacher_id": teachers[i % 3], "visit_type": "desarrollo",
                     "planned_date": date(YEAR, month, 1 + i % 28), "topic": f"Visita {i}"})
        execs.append({"id": new_id(), "activity_id": aid, "outcome": "ejecutada",
                      "executed_on": date(YEAR, month, 1 + i % 28), "level_1": 2, "level_3": 3, "level_4": 1,
                      "level_5": 2, "level_6": 3, "validation_state": "pendiente"})
    from sqlalchemy import select

    with sigma.db.session() as s:  # the changes are that person's: the hub accepts only its node's people
        user_id = s.scalar(select(m.UserAccount.id).where(m.UserAccount.dni == user_dni))
    with sigma.db.session(write=True, user_id=user_id, user_dni=user_dni) as s:
        u = Unit(s)
        bulk.insert_sync_rows(u, m.Activity, acts)
        bulk.insert_sync_rows(u, m.Execution, execs)
    with sigma.db.session(write=True, user_id=user_id, user_dni=user_dni) as s:
        updates = [bulk_update.RowUpdate(e["id"], 1, {"notes": (None, f"Nota {i}")}) for i, e in enumerate(execs[:edits])]
        bulk_update.update_sync_rows(Unit(s), m.Execution, updates)
    return {"visits": visits, "executions": visits, "edits": edits}


def _copy_baseline(base: str, template: str, replica, with_log: bool, cluster=None) -> tuple[float, float]:
    """COPY of the replica's activity and execution rows (and their change-log rows) into a clone of the
    hub as it was before the sync; returns the seconds of the COPYs and the commit, and the CPU seconds
    they took (this process and the PostgreSQL server)."""
    import psycopg
    from sqlalchemy import select

    from sigma_desktop.storage import models as m

    tables = {}
    with replica.db.session() as s:
        for model in (m.Activity, m.Execution):
            cols = [c.key for c in model.__table__.columns]
            tables[model.__tablename__] = (cols, [tuple(getattr(o, c) for c in cols)
                                                  for o in s.scalars(select(model))])
        if with_log:
            log_cols = [c.key for c in m.ChangeLog.__table__.columns if c.key != "seq"]
            rows = [tuple(getattr(o, c) for c in log_cols) for o in s.scalars(
                select(m.ChangeLog).where(m.ChangeLog.node == replica.db.node))]
            tables["change_log"] = (log_cols, rows)
    name = f"baseline_{os.getpid()}_{int(with_log)}"
    url = _create(base, name, template)
    try:
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
            start, cpu = time.perf_counter(), time.process_time() + _pg_cpu(cluster)
            with conn.cursor() as cur:
                for table, (cols, rows) in tables.items():
                    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            conn.commit()
            return time.perf_counter() - start, time.process_time() + _pg_cpu(cluster) - cpu
    finally:
        with _admin(base) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


class Clock:
    def __init__(self):
        self.marks: dict[str, float] = {}
        self.start = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.marks.setdefault(f"{stage} (inicio)", now - self.start)
        self.marks[stage] = now - self.start


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _pg_cpu(cluster) -> float:
    """CPU seconds of the throwaway PostgreSQL server so far: the postmaster with its ended backends
    (cutime, cstime) and every live backend."""
    if cluster is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        master = int((cluster.data / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{master}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick
    except (OSError, ValueError, IndexError):
        return 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--changes", type=int, default=50_000)
    p.add_argument("--pg-url", help="an existing PostgreSQL server (a database per run is created there)")
    p.add_argument("--batch", type=int, default=None, help="push and pull batch (default: the service's)")
    p.add_argument("--repeat", type=int, default=3, help="syncs measured, each on a fresh copy of hub and replica")
    args = p.parse_args()
    print(f"# bench_sync: {args.changes} changes; {machine()}", flush=True)

    sys.path.insert(0, str(ROOT))
    import shutil
    import statistics

    from sigma_desktop.services import Sigma
    from sigma_desktop.services.sync import create_replica
    from tests.world import COACH_MG, build

    folder = Path(tempfile.mkdtemp(prefix="sigma-bench-sync-"))
    env = dict(os.environ, SIGMA_DATA_DIR=str(folder / "datos"), PYTHONPATH=str(ROOT))
    os.environ["SIGMA_DATA_DIR"] = env["SIGMA_DATA_DIR"]
    cluster, base = _pg(args.pg_url)
    servers: list[subprocess.Popen] = []
    from sigma_desktop.services.hub.service import PULL_BATCH, PUSH_BATCH

    result: dict = {"changes": args.changes, "push_batch": args.batch or PUSH_BATCH,
                    "pull_batch": args.batch or PULL_BATCH}
    pid = os.getpid()
    try:
        hub_url = _create(base, f"bench_hub_{pid}")
        hub = Sigma.open(hub_url)
        hub.sign_in_as_system()  # the command line's actor (a service call needs one)
        hub.setup.initialize()
        world = build(hub)
        hub.sync.hub.init()
        node = hub.sync.hub.add_node("Bench réplica", "030007", users=[COACH_MG])
        node2 = hub.sync.hub.add_node("Bench réplica 2", "030007", users=[COACH_MG])
        hub.close()
        template = f"bench_tpl_{pid}"
        _create(base, template, hub_url.rsplit("/", 1)[1])

        server, hub_address = _serve(hub_url, env)
        servers.append(server)
        rep_file = folder / "replica.sqlite3"
        create_replica(f"sqlite:///{rep_file}", hub_address, node.token)
        replica = Sigma.open(f"sqlite:///{rep_file}")
        replica.sign_in_as_system()  # the command line's actor (a service call needs one)
        t = time.perf_counter()
        result["written"] = _changes(replica, world, args.changes, COACH_MG)
        result["write_s"] = round(time.perf_counter() - t, 2)
        assert replica.sync.status().pending == args.changes
        replica.close()  # the replica with its pending changes, copied for each measured sync

        batches = {"push_batch": args.batch, "pull_batch": args.batch} if args.batch else {}
        runs = []
        for k in range(args.repeat):  # each on a copy of the hub as it was and of the replica as it is
            clone = _create(base, f"bench_run_{pid}_{k}", template)
            server, address = _serve(clone, env)
            servers.append(server)
            copy = folder / f"run-{k}.sqlite3"
            shutil.copyfile(rep_file, copy)
            run = Sigma.open(f"sqlite:///{copy}")
            run.sign_in_as_system()  # the command line's actor (a service call needs one)
            clock = Clock()
            cpu_client, cpu_server, cpu_pg = time.process_time(), _cpu(server.pid), _pg_cpu(cluster)
            report = run.sync.sync(address, progress=clock, **batches)
            total = time.perf_counter() - clock.start
            assert report.pushed == args.changes and run.sync.status().pending == 0
            runs.append({"push_s": clock.marks["Enviando cambios"],
                         "pull_s": total - clock.marks["Recibiendo cambios (inicio)"], "total_s": total,
                         "cpu_client_s": time.process_time() - cpu_client,
                         "cpu_endpoint_s": _cpu(server.pid) - cpu_server,
                         "cpu_postgres_s": _pg_cpu(cluster) - cpu_pg,
                         "outcomes": report.outcomes, "rows_back": report.pulled_rows})
            if k == 0:
                last = run  # kept for the baseline's rows
            else:
                run.close()
            server.terminate()
            server.wait(10)
            # the baseline again right after each sync: on a shared machine the load changes from minute to
            # minute, and a ratio is fair only between measures taken under the same load
            runs[-1]["copy_rows_s"], _ = _copy_baseline(base, template, last, False, cluster)  # same rows each run
            runs[-1]["ratio_vs_copy_rows"] = total / runs[-1]["copy_rows_s"]
        result["runs"] = [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()} for r in runs]
        push = [r["push_s"] for r in runs]
        total = [r["total_s"] for r in runs]
        result["push_s"] = {"min": round(min(push), 2), "median": round(statistics.median(push), 2)}
        result["sync_total_s"] = {"min": round(min(total), 2), "median": round(statistics.median(total), 2)}

        rows_only, rows_only_cpu = min(_copy_baseline(base, template, last, False, cluster) for _ in range(3))
        with_log, _ = min(_copy_baseline(base, template, last, True, cluster) for _ in range(3))
        last.close()
        result["copy_rows_s"] = round(rows_only, 3)
        result["copy_rows_and_log_s"] = round(with_log, 3)
        result["ratio_sync_vs_copy_rows_and_log"] = {"min": round(min(total) / with_log, 2),
                                                     "median": round(statistics.median(total) / with_log, 2)}
        result["ratio_sync_vs_copy_rows"] = {"min": round(min(total) / rows_only, 2),
                                             "median": round(statistics.median(total) / rows_only, 2)}
        result["copy_rows_cpu_s"] = round(rows_only_cpu, 3)
        sync_cpu = [r["cpu_client_s"] + r["cpu_endpoint_s"] + r["cpu_postgres_s"] for r in runs]
        result["sync_cpu_s"] = {"min": round(min(sync_cpu), 2), "median": round(statistics.median(sync_cpu), 2)}
        result["ratio_sync_cpu_vs_copy_rows_cpu"] = {"min": round(min(sync_cpu) / rows_only_cpu, 2),
                                                     "median": round(statistics.median(sync_cpu) / rows_only_cpu, 2)}
        paired = [r["ratio_vs_copy_rows"] for r in runs]
        result["ratio_sync_vs_copy_rows_paired"] = {"min": round(min(paired), 2),
                                                    "median": round(statistics.median(paired), 2)}
        result["ratio_push_vs_copy_rows"] = {"min": round(min(push) / rows_only, 2),
                                             "median": round(statistics.median(push) / rows_only, 2)}

        # the other way: the same number of changes written on the hub, pulled by a fresh replica
        hub = Sigma.open(hub_url)
        hub.sign_in_as_system()  # the command line's actor (a service call needs one)
        _changes(hub, world, args.changes, COACH_MG)
        hub.close()
        t = time.perf_counter()
        created = create_replica(f"sqlite:///{folder / 'replica2.sqlite3'}", hub_address, node2.token,
                                 **({"batch": args.batch} if args.batch else {}))
        result["pull_fresh_replica"] = {"seconds": round(time.perf_counter() - t, 2),
                                        "entries": created.pulled_entries, "rows": created.pulled_rows}
    finally:
        for server in servers:
            if server.poll() is None:
                server.terminate()
                server.wait(10)
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)  # replicas and their copies: hundreds of MB a run
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()

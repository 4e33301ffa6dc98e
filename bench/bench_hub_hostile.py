"""Peak memory of the hub endpoint (`sigma hub serve`, its own process) under 10 concurrent hostile requests.

    .venv/bin/python bench/bench_hub_hostile.py                # a throwaway PostgreSQL cluster, 3 rounds
    .venv/bin/python bench/bench_hub_hostile.py --rounds 5 --pg-url postgresql+psycopg://user@127.0.0.1:5433/postgres

Each round sends, at once, on raw sockets:
- 3 requests without a token that promise a 1 TB body (answered 401 before a byte of it is read);
- 4 gzip bombs with a valid token: about 1 MB on the wire, 1 GiB once inflated (refused 413 once the
  inflated size passes the limit, sync/http.py MAX_JSON);
- 3 bodies of MAX_BODY bytes of valid JSON with a valid token (read in full, parsed, refused 400:
  their «changes» is not a list).
Measured from /proc: the endpoint's resident memory after a warm-up (one hello and one real push of 2,000
changes), and its high-water mark (VmHWM) after each round. Linux only. Ends with one JSON line for
docs/security.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, machine

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
sys.path.insert(0, str(ROOT))


def _status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def _request(port: int, headers: dict, body: bytes, send_body: bool = True) -> int:
    lines = ["POST /v1/push HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=300) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if send_body:
            try:
                view = memoryview(body)
                for start in range(0, len(view), 1 << 20):
                    sock.sendall(view[start:start + (1 << 20)])
            except (BrokenPipeError, ConnectionResetError):
                pass
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return 0
            data += chunk
    return int(data.split(b" ")[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg-url", help="an existing server (a database is created on it)")
    parser.add_argument("--env", nargs="*", default=[], metavar="NAME=VALUE", help="for the hub process")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("Linux only (/proc)", file=sys.stderr)
        return 2
    from sigma_desktop.services import Sigma
    from sigma_desktop.services.sync import create_replica
    from sigma_desktop.sync import http
    from tests.pg_server import PgCluster
    from tests.world import COACH_MG, build

    cluster = None
    if args.pg_url:
        base = args.pg_url.rsplit("/", 1)[0]
    else:
        cluster = PgCluster().start()
        base = cluster.url("postgres").rsplit("/", 1)[0]
    import psycopg

    name = f"hostile_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres".replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    hub_url = f"{base}/{name}"
    scratch = Path(tempfile.mkdtemp(prefix="sigma-hostile-"))
    env = dict(os.environ, SIGMA_DATA_DIR=str(scratch), PYTHONPATH=str(ROOT), **dict(a.split("=", 1) for a in args.env))
    os.environ["SIGMA_DATA_DIR"] = str(scratch)
    proc = None
    try:
        hub = Sigma.open(hub_url)
        hub.sign_in_as_system()  # the command line's actor (a service call needs one)
        hub.setup.initialize()
        world = build(hub)
        hub.sync.hub.init()
        node = hub.sync.hub.add_node("Bench hostil", "030007", users=[COACH_MG])
        hub.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "sigma_desktop.cli", "--db", hub_url, "hub", "serve",
                                 "--listen", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, text=True)
        if "escuchando" not in proc.stdout.readline():
            raise RuntimeError("the hub did not start")
        # warm-up: a replica, a real push of 2,000 changes and its pull
        replica_url = f"sqlite:///{scratch / 'replica.sqlite3'}"
        create_replica(replica_url, f"http://127.0.0.1:{port}", node.token)
        replica = Sigma.open(replica_url)
        replica.sign_in_as_system()  # the command line's actor (a service call needs one)
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_sync import _changes

        _changes(replica, world, 2000, COACH_MG)
        replica.sync.sync()
        replica.close()
        warm = _status(proc.pid)
        token = node.token
        bomb = gzip.compress(b'{"changes": [], "pad": "' + b"0" * (1 << 30) + b'"}', compresslevel=9)
        full = b'{"changes": "x", "pad": "' + b"1" * (http.MAX_BODY - 40) + b'"}'
        hostile = ([({"Content-Length": str(1 << 40)}, b"", False)] * 3
                   + [({"Authorization": f"Bearer {token}", "Content-Length": str(len(bomb)),
                        "Content-Encoding": "gzip"}, bomb, True)] * 4
                   + [({"Authorization": f"Bearer {token}", "Content-Length": str(len(full))}, full, True)] * 3)
        rounds = []
        for _ in range(args.rounds):
            statuses: list[int] = []
            started = time.perf_counter()
            threads = [threading.Thread(target=lambda h=h, b=b, sb=sb: statuses.append(_request(port, h, b, sb)))
                       for h, b, sb in hostile]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            after = _status(proc.pid)
            rounds.append({"seconds": round(time.perf_counter() - started, 2), "statuses": sorted(statuses),
                           "peak_mb": round(after["VmHWM"] / 1e6, 1), "rss_after_mb": round(after["VmRSS"] / 1e6, 1)})
        result = {"bench": "hub_hostile", "machine": machine(), "max_body_mb": http.MAX_BODY / 1_048_576,
                  "max_json_mb": http.MAX_JSON / 1_048_576, "body_slots": http.BODY_SLOTS,
                  "bomb_wire_bytes": len(bomb), "bomb_inflated_bytes": 1 << 30,
                  "warm_rss_mb": round(warm["VmRSS"] / 1e6, 1), "warm_peak_mb": round(warm["VmHWM"] / 1e6, 1),
                  "rounds": rounds}
        print(json.dumps(result))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
        if cluster is not None:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

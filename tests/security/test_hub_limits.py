"""Requests that try to make the hub spend: bodies it never reads without a token, bodies over the limit,
gzip bombs inflated only up to the limit, broken or endless JSON. Sent on a raw socket, as an attacker
would, to a hub served over HTTP on the test PostgreSQL server."""
from __future__ import annotations

import gzip
import json
import socket
import time
import tracemalloc

import pytest

from sigma_desktop.sync import http
from tests.security.conftest import Snapshot

pytestmark = pytest.mark.postgres


def _send(server, headers: dict, body: bytes = b"", *, path="/v1/push", send_body=True, timeout=20.0):
    """One request on a raw socket; (status, JSON answer, seconds until the answer)."""
    host, port = server.address
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}"] + [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((host, port), timeout=timeout) as sock:
        started = time.monotonic()
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if send_body and body:
            try:
                sock.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the hub answered and closed before taking it all: what it should do
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(next(l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")))
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        elapsed = time.monotonic() - started
    status = int(head.split(b" ")[1])
    return status, json.loads(rest[:length]), elapsed


def _bomb(size: int) -> bytes:
    """`size` bytes of JSON-looking text that compress to almost nothing."""
    inner = b'{"changes": [], "pad": "' + b"0" * size + b'"}'
    return gzip.compress(inner, compresslevel=9)


def test_a_request_without_a_valid_token_is_answered_before_its_body_is_read(net, served):
    before = Snapshot.of(net.hub)
    for token in ("", "inventado", "x" * 5000):
        headers = {"Content-Length": str(1 << 40), "Content-Type": "application/json"}  # a terabyte promised
        if token:
            headers["Authorization"] = f"Bearer {token}"
        status, answer, elapsed = _send(served, headers, send_body=False)
        assert status == 401 and "credencial" in answer["error"]
        assert elapsed < 10  # it did not wait for the terabyte
    status, _, _ = _send(served, {"Content-Length": "2000000", "Content-Encoding": "gzip"}, _bomb(500_000_000))
    assert status == 401  # a bomb without a token: never inflated
    before.assert_unchanged(net.hub)


def test_bodies_over_the_limit_are_refused_and_a_gzip_bomb_is_inflated_only_up_to_it(net, served):
    net.add_replica("a")
    auth = {"Authorization": f"Bearer {net.tokens['a']}"}
    before = Snapshot.of(net.hub)
    status, answer, _ = _send(served, {**auth, "Content-Length": str(http.MAX_BODY + 1)}, send_body=False)
    assert status == 413 and "demasiado grande" in answer["error"]
    status, answer, _ = _send(served, auth, send_body=False)  # no Content-Length
    assert status == 411
    bomb = _bomb(1 << 30)  # 1 GiB once inflated, about 1 MB on the wire
    assert len(bomb) < 2_000_000
    tracemalloc.start()
    try:
        status, answer, _ = _send(served, {**auth, "Content-Length": str(len(bomb)), "Content-Encoding": "gzip"}, bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 413 and "descomprimida" in answer["error"]
    assert peak < 2 * http.MAX_JSON, f"the hub kept {peak / 1e6:.0f} MB for a bomb refused at {http.MAX_JSON / 1e6:.0f} MB"
    # within the size limit, a body of millions of tiny values (each one a Python object once parsed)
    swarm = b'{"changes": [' + b"{}," * (http.MAX_ITEMS // 2) + b"{}]}"
    assert len(swarm) < http.MAX_JSON
    status, answer, _ = _send(served, {**auth, "Content-Length": str(len(swarm))}, swarm)
    assert status == 413 and "valores" in answer["error"]
    before.assert_unchanged(net.hub)


@pytest.mark.parametrize("what, body, encoding", [
    ("gzip cortado", gzip.compress(b'{"changes": []}')[:-6], "gzip"),
    ("gzip dañado", b"\x1f\x8b\x08\x00" + b"\xff" * 200, "gzip"),
    ("JSON sin cerrar", b'{"changes": [', "identity"),
    ("JSON anidado sin fin", b"[" * 100_000 + b"]" * 100_000, "identity"),
    ("no es un objeto", b"[1, 2, 3]", "identity"),
    ("codificación desconocida", b'{"changes": []}', "br"),
])
def test_broken_bodies_are_refused_with_a_message_never_a_traceback(net, served, what, body, encoding):
    net.add_replica("a")
    headers = {"Authorization": f"Bearer {net.tokens['a']}", "Content-Length": str(len(body)),
               "Content-Encoding": encoding}
    status, answer, _ = _send(served, headers, body)
    assert status == 400, what
    assert answer["error"].startswith(("La solicitud no se pudo leer", "Codificación de la solicitud"))


def test_a_body_shorter_than_announced_does_not_hold_the_hub(net, served, monkeypatch):
    """A slow or cut client: the read times out, the slot is freed, other replicas go on."""
    monkeypatch.setattr(http._Handler, "timeout", 1)
    net.add_replica("a")
    auth = {"Authorization": f"Bearer {net.tokens['a']}"}
    host, port = served.address
    held = []
    for _ in range(http.BODY_SLOTS + 2):  # more than the slots: each promises 1000 bytes and sends 10
        sock = socket.create_connection((host, port))
        sock.sendall((f"POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: {auth['Authorization']}\r\n"
                      "Content-Length: 1000\r\n\r\n").encode() + b'{"changes":')
        held.append(sock)
    time.sleep(2.5)  # every read has timed out
    status, answer, _ = _send(served, {**auth, "Content-Length": "2"}, b"{}", path="/v1/hello")
    assert status == 200 and answer["node_id"]
    for sock in held:
        sock.close()

"""The thin sync endpoint in front of the hub's PostgreSQL, and its client: JSON over HTTP.

The endpoint holds the database credentials; a replica holds only its node token, sent as
`Authorization: Bearer <token>`. Every request is answered by an `Endpoint` (services/hub/service.py), which
checks the token, the scope of every pushed row and filters every pulled row. Three calls:

    POST /v1/hello   → {hub_id, node_id, name, scope, head}
    POST /v1/push    {hub_id, node_id, changes: [...]}              → {results, retire, ...}
    POST /v1/pull    {hub_id, node_id, cursor, limit}                → {entries, rows, refs, cursor, more, ...}

Bodies may be gzip-compressed (Content-Encoding: gzip); the client compresses only off the loopback.
Errors come back as {"error": "<Spanish message>"} with 400 (refused), 401 (bad token), 411/413 (no
length / too big) or 500.
Deploy it behind a TLS reverse proxy (or on the office network only): the token travels in a header.

What a request costs before it is trusted (docs/security.md, «Límites»):
- the token is checked before a byte of the body is read: a request without a valid token is answered
  401 and its body never read;
- a body is at most MAX_BODY bytes on the wire and MAX_JSON once decompressed; gzip is inflated in
  chunks and stopped at the limit, so a gzip bomb costs at most MAX_JSON bytes, never its expansion;
- at most BODY_SLOTS bodies are read and handled at once (the others wait their turn), and each read
  has a socket timeout and an overall deadline: peak memory stays bounded whatever the clients send.
"""
from __future__ import annotations

import gzip
import json
import logging
import socket
import threading
import traceback
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..domain import canonical_json
from .errors import AccessRefused, HubUnreachable, ProtocolError, SyncError

log = logging.getLogger("sigma.sync")

API = "/v1/"
CALLS = ("hello", "push", "pull", "password")
MAX_BODY = 16 * 1024 * 1024      # bytes on the wire (a full push batch of 10,000 changes is about 7 MB)
MAX_JSON = 16 * 1024 * 1024      # bytes of JSON once decompressed
# JSON values of a body («,», «:», «[», «{» counted in its text): what its parse can allocate is bounded
# too, not only its size (16 MB of «[{},{},…]» would be 5 million dictionaries); a full push batch of
# 10,000 changes of twenty fields has about 750,000
MAX_ITEMS = 2_000_000
BODY_SLOTS = 2                   # bodies read, parsed and handled at once
READ_TIMEOUT = 60                # seconds a socket read may wait
READ_DEADLINE = 300              # seconds a whole body may take to arrive
CHUNK = 64 * 1024
COMPRESS_ABOVE = 16 * 1024


class _TooBig(Exception):
    pass


def json_items(raw: bytes | bytearray) -> int:
    """An upper bound of the values a JSON text holds (its separators and openings; fast, in C)."""
    return raw.count(b",") + raw.count(b":") + raw.count(b"[") + raw.count(b"{")


def fits(raw: bytes | bytearray) -> bool:
    """Whether the hub reads a body of this JSON text (its size and its number of values)."""
    return len(raw) <= MAX_JSON and json_items(raw) <= MAX_ITEMS


class Endpoint(Protocol):
    def handle(self, call: str, token: str, body: dict) -> dict: ...


def dumps(data: Any) -> bytes:
    return canonical_json.dumps_bytes(data)


def _read_body(stream, length: int, gzipped: bool) -> bytearray:
    """The body, inflated if gzipped, in chunks: never more than MAX_JSON bytes are kept (inflated a
    quarter of a megabyte at a time, so nothing bigger is ever allocated besides), and a body slower
    than READ_DEADLINE is given up."""
    import time
    import zlib

    deadline = time.monotonic() + READ_DEADLINE
    if not gzipped:  # its size is known (and at most MAX_BODY): one buffer of that size, filled in place
        out = bytearray(length)
        view, done = memoryview(out), 0
        while done < length:
            n = stream.readinto(view[done:done + CHUNK])
            if not n:
                raise ValueError("body shorter than its Content-Length")
            done += n
            if time.monotonic() > deadline:
                raise TimeoutError("body too slow")
        view.release()
        return out
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    left = length
    try:
        while left > 0:
            chunk = stream.read(min(CHUNK, left))
            if not chunk:
                raise ValueError("body shorter than its Content-Length")
            left -= len(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError("body too slow")
            while chunk:
                out += inflate.decompress(chunk, min(4 * CHUNK, MAX_JSON + 1 - len(out)))
                if len(out) > MAX_JSON:
                    raise _TooBig()
                chunk = inflate.unconsumed_tail
        out += inflate.flush(4 * CHUNK)
        if not inflate.eof or len(out) > MAX_JSON:
            raise _TooBig() if len(out) > MAX_JSON else ValueError("truncated gzip stream")
    except zlib.error as exc:
        raise ValueError(f"damaged gzip stream: {exc}") from None
    return out


class _Handler(BaseHTTPRequestHandler):
    server_version = "SIGMA-Hub/1"
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT  # socket reads (headers and body) wait at most this long

    def log_message(self, fmt: str, *args) -> None:  # quiet: one line per call at debug level
        log.debug("%s " + fmt, self.address_string(), *args)

    def _reply(self, status: int, payload: dict) -> None:
        body = dumps(payload)
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if len(body) > COMPRESS_ABOVE and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _refuse_unread(self, status: int, message: str) -> None:
        """An answer without reading the body: the connection closes (its unread bytes go with it)."""
        self.close_connection = True
        self._reply(status, {"error": message})

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        call = self.path[len(API):] if self.path.startswith(API) else ""
        if call not in CALLS:
            self._refuse_unread(404, "Llamada desconocida.")
            return
        auth = self.headers.get("Authorization") or ""
        token = auth[7:].strip() if auth.startswith("Bearer ") else ""
        endpoint = self.server.endpoint  # type: ignore[attr-defined]
        try:
            if hasattr(endpoint, "authenticate"):
                endpoint.authenticate(token[:200])  # before a byte of the body is read
        except AccessRefused as exc:
            self._refuse_unread(401, exc.message)
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.strip().isdigit():
            self._refuse_unread(411, "La solicitud debe indicar su tamaño (Content-Length).")
            return
        length = int(length_text)
        if length > MAX_BODY:
            self._refuse_unread(413, f"La solicitud es demasiado grande (más de {MAX_BODY // 1_048_576} MB).")
            return
        encoding = (self.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip"):
            self._refuse_unread(400, "Codificación de la solicitud no admitida (use gzip o ninguna).")
            return
        with self.server.slots:  # type: ignore[attr-defined]
            try:
                raw = _read_body(self.rfile, length, encoding == "gzip")
                if json_items(raw) > MAX_ITEMS:
                    raise _TooBig()
                body = canonical_json.loads(raw or b"{}")
                del raw
                if not isinstance(body, dict):
                    raise ValueError("body is not an object")
            except _TooBig:
                self._refuse_unread(413, f"La solicitud descomprimida es demasiado grande (más de "
                                         f"{MAX_JSON // 1_048_576} MB o de {MAX_ITEMS:,} valores).".replace(",", " "))
                return
            except (ValueError, OSError, EOFError, RecursionError):
                self._refuse_unread(400, "La solicitud no se pudo leer (JSON inválido o incompleto).")
                return
            self._answer(endpoint, call, token, body)

    def _answer(self, endpoint, call: str, token: str, body: dict) -> None:
        try:
            result = endpoint.handle(call, token, body)
        except AccessRefused as exc:
            self._reply(401, {"error": exc.message})
        except SyncError as exc:
            self._reply(400, {"error": exc.message})
        except Exception:  # noqa: BLE001 - never a traceback to the client
            log.error("sync endpoint failed on %s:\n%s", call, traceback.format_exc())
            self._reply(500, {"error": "Error interno del servidor central; no se aplicó nada de este lote."})
        else:
            self._reply(200, result)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(BODY_SLOTS)

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            log.info("%s went away before its answer (it will push again and be acknowledged)", client_address)
            return
        super().handle_error(request, client_address)


def return_big_buffers_to_the_system() -> None:
    """glibc raises its mmap threshold after a big buffer is freed (up to 32 MB), so that later request
    buffers of up to MAX_JSON come from the threads' heaps and are never given back: the endpoint's memory
    would climb with every hostile request. Fixing the threshold at 128 KiB keeps big buffers mmapped,
    returned when freed (measured in bench/bench_hub_hostile.py). Linux with glibc only; elsewhere a no-op."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass  # another C library (musl): nothing to set


class HubServer:
    """`sigma hub serve`: a threaded HTTP server; each request is one transaction on the hub."""

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 0):
        return_big_buffers_to_the_system()
        self.httpd = _Server((host, port), _Handler)
        self.httpd.endpoint = endpoint  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> "HubServer":
        """Serves in a background thread (tests, benchmarks)."""
        self._thread = threading.Thread(target=self.serve_forever, name="sigma-hub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)


def parse_listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise SyncError(f"Dirección de escucha inválida: «{text}» (use HOST:PUERTO, p. ej. 127.0.0.1:8765).")
    return host.strip("[]"), int(port)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class HttpHub:
    """The replica's side of the exchange over HTTP (same calls as services.hub.service.LocalHub)."""

    def __init__(self, url: str, token: str, *, timeout: float = 300.0):
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(f"Dirección del servidor central inválida: «{url}» "
                            "(ejemplo: http://servidor:8765).")
        self.token = token
        self.timeout = timeout
        self.compress = not is_loopback(self.url)

    def call(self, name: str, body: dict | bytes) -> dict:
        data = body if isinstance(body, bytes) else dumps(body)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}",
                   "Accept-Encoding": "gzip" if self.compress else "identity"}
        if self.compress and len(data) > COMPRESS_ABOVE:
            data = gzip.compress(data, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        request = urllib.request.Request(f"{self.url}{API}{name}", data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
        except urllib.error.HTTPError as exc:
            message = _error_message(exc)
            if exc.code == 401:
                raise AccessRefused(message) from None
            if exc.code in (400, 404, 411, 413):
                raise SyncError(message or f"El servidor central rechazó la solicitud ({exc.code}).") from None
            raise HubUnreachable(self.url, message or f"error {exc.code}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise HubUnreachable(self.url, str(reason)) from None
        try:
            result = canonical_json.loads(raw)
        except ValueError:
            raise ProtocolError("respuesta que no es JSON") from None
        if not isinstance(result, dict):
            raise ProtocolError("respuesta que no es un objeto")
        return result

    def hello(self) -> dict:
        return self.call("hello", {})

    def push(self, body: dict | bytes) -> dict:
        return self.call("push", body)

    def pull(self, body: dict) -> dict:
        return self.call("pull", body)


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read()
        if exc.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return str(json.loads(raw).get("error") or "")
    except Exception:  # noqa: BLE001 - not our JSON: the status says enough
        return ""

"""The thin sync endpoint in front of the hub's PostgreSQL, and its client: JSON over HTTP.

The endpoint holds the database credentials; a replica holds only its node token, sent as
`Authorization: Bearer <token>`. Every request is answered by an `Endpoint` (services/hub.py), which
checks the token, the scope of every pushed row and filters every pulled row. Three calls:

    POST /v1/hello   → {hub_id, node_id, name, scope, head}
    POST /v1/push    {hub_id, node_id, changes: [...]}              → {results, retire, ...}
    POST /v1/pull    {hub_id, node_id, cursor, limit}                → {entries, rows, refs, cursor, more, ...}

Bodies may be gzip-compressed (Content-Encoding: gzip); the client compresses only off the loopback.
Errors come back as {"error": "<Spanish message>"} with 400 (refused), 401 (bad token) or 500.
Deploy it behind a TLS reverse proxy (or on the office network only): the token travels in a header.
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

from . import fastjson
from .errors import AccessRefused, HubUnreachable, ProtocolError, SyncError

log = logging.getLogger("sigma.sync")

API = "/v1/"
CALLS = ("hello", "push", "pull", "password")
MAX_BODY = 512 * 1024 * 1024
COMPRESS_ABOVE = 16 * 1024


class Endpoint(Protocol):
    def handle(self, call: str, token: str, body: dict) -> dict: ...


def dumps(data: Any) -> bytes:
    return fastjson.dumps(data)


class _Handler(BaseHTTPRequestHandler):
    server_version = "SIGMA-Hub/1"
    protocol_version = "HTTP/1.1"

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

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        call = self.path[len(API):] if self.path.startswith(API) else ""
        if call not in CALLS:
            self._reply(404, {"error": "Llamada desconocida."})
            return
        auth = self.headers.get("Authorization") or ""
        token = auth[7:].strip() if auth.startswith("Bearer ") else ""
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                self._reply(413, {"error": "La solicitud es demasiado grande."})
                return
            raw = self.rfile.read(length)
            if self.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            body = fastjson.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise ValueError("body is not an object")
        except (ValueError, OSError, EOFError):
            self._reply(400, {"error": "La solicitud no se pudo leer (JSON inválido)."})
            return
        try:
            result = self.server.endpoint.handle(call, token, body)  # type: ignore[attr-defined]
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

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            log.info("%s went away before its answer (it will push again and be acknowledged)", client_address)
            return
        super().handle_error(request, client_address)


class HubServer:
    """`sigma hub serve`: a threaded HTTP server; each request is one transaction on the hub."""

    def __init__(self, endpoint: Endpoint, host: str = "127.0.0.1", port: int = 0):
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
    """The replica's side of the exchange over HTTP (same calls as services.hub.LocalHub)."""

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
            if exc.code in (400, 404, 413):
                raise SyncError(message or f"El servidor central rechazó la solicitud ({exc.code}).") from None
            raise HubUnreachable(self.url, message or f"error {exc.code}") from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise HubUnreachable(self.url, str(reason)) from None
        try:
            result = fastjson.loads(raw)
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

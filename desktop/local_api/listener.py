"""The local API's listener process (issue 23): HTTP on 127.0.0.1, every check before the app.

Started before the app seals its network (desktop.early_processes); in air-gapped mode it then
seals itself while it is still one thread: Landlock lets it bind only its port and connect
nowhere, seccomp lets it make only AF_UNIX (its pipe) and AF_INET sockets, and start no
program. It binds only when the app sends `Listen` (the setting can be turned on and off while
Cloister runs) and holds only the token's SHA-256.

Each request is checked here, in this order, and refused with the OpenAI error shape:
the Host header (DNS rebinding: a web page whose name points at 127.0.0.1) -> 421; an Origin
header (a browser page: no CORS headers are ever sent) -> 403; a method other than GET/POST
(OPTIONS included) -> 405; the bearer token, compared as SHA-256 digests in constant time
-> 401; the route -> 404; the body size -> 411/413; requests already waiting -> 429; the JSON
-> 400. Accepted ones go to the app as `ApiCall`; refusals as `ApiRefused`, for the audit log.
The stdlib server is enough: one client program at a time, the worker answers one by one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import queue
import select
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

from desktop.local_api import messages as m

HOST = "127.0.0.1"
# A chat body over 1 MiB is refused: the model reads at most 8,192 tokens (~32 KB of text), the
# window keeps the end of a longer message the same way, and 8 waiting requests then hold at
# most 8 MiB here. Embeddings take whole documents' chunks: the same limit.
MAX_BODY_BYTES = 1 << 20
# Requests accepted and not yet answered (one runs, the rest wait for the one worker): enough
# for a script's few parallel calls; beyond it a client is told to retry (429), not kept waiting.
MAX_PENDING = 8
ROUTES = {
    ("POST", "/v1/chat/completions"),
    ("GET", "/v1/models"),
    ("POST", "/v1/embeddings"),
}
IDLE_SECONDS = 60.0  # a kept-alive connection that sends nothing for this long is closed
CLIENT_POLL_SECONDS = 0.2  # how often a waiting request checks that its client is still there
WRONG_TOKEN = "The access token is not valid."  # the listener's 401, and the app's after a revoke


class _Calls:
    """The requests waiting for the app's answer, by call id, and the pipe to the app."""

    def __init__(self, pipe: Connection) -> None:
        self.pipe = pipe
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._answers: dict[int, queue.Queue[m.ToListener]] = {}
        self._next = 0
        self.token_sha256: bytes | None = None

    def send(self, message: m.FromListener) -> None:
        with self._send_lock, contextlib.suppress(OSError):
            self.pipe.send(message)

    def open(self) -> tuple[int, queue.Queue[m.ToListener]] | None:
        """A new call's id and answer queue, or None when MAX_PENDING are already open."""
        with self._lock:
            if len(self._answers) >= MAX_PENDING:
                return None
            self._next += 1
            answers: queue.Queue[m.ToListener] = queue.Queue()
            self._answers[self._next] = answers
            return self._next, answers

    def close(self, call_id: int) -> None:
        with self._lock:
            self._answers.pop(call_id, None)

    def answer(self, message: m.Respond | m.StreamData | m.StreamEnd) -> None:
        with self._lock:
            answers = self._answers.get(message.call_id)
        if answers is not None:
            answers.put(message)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # another program on our port must make the bind fail

    def __init__(self, port: int, calls: _Calls) -> None:
        self.port = port
        self.calls = calls
        self.hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        super().__init__((HOST, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, never socketserver's traceback: a client that hangs up (a closed keep-alive
        connection, a script stopped mid-answer) is routine; anything else is said briefly."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"Cloister local API: a request failed: {error!r}", file=sys.stderr)


class _Refused(Exception):
    def __init__(self, status: int, reason: str, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message, self.code = status, reason, message, code


_ERROR_TYPES = {401: "authentication_error", 429: "rate_limit_error", 503: "server_error"}


def error_body(status: int, message: str, code: str) -> dict[str, Any]:
    """OpenAI's error shape, which its clients turn into the matching exception."""
    kind = _ERROR_TYPES.get(status, "invalid_request_error")
    return {"error": {"message": message, "type": kind, "code": code}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, and chunked streaming
    server: _Server
    timeout = IDLE_SECONDS
    server_version = "Cloister"
    sys_version = ""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing on stderr: the audit log has every request."""

    # -- the checks ------------------------------------------------------------------------------

    def _handle(self) -> None:
        path = self.path.split("?", 1)[0]
        route = f"{self.command} {path}"[:80]  # a hostile path must not bloat the audit log
        size = 0
        try:
            token_sha256 = self._check_headers(path)
            size = self._body_size()
            opened = self.server.calls.open()
            if opened is None:
                raise _Refused(429, "queue full", "Too many requests are waiting.", "queue_full")
            call_id, answers = opened
            try:
                body = self._read_json(size)
                self.server.calls.send(m.ApiCall(call_id, route, body, size, token_sha256))
                self._answer(call_id, answers)
            finally:
                self.server.calls.close(call_id)
        except _Refused as refused:
            self.server.calls.send(m.ApiRefused(route, refused.status, refused.reason, size))
            self.close_connection = True  # whatever else it sent is not read
            with contextlib.suppress(OSError):
                self._send_json(
                    refused.status, error_body(refused.status, refused.message, refused.code)
                )

    def _check_headers(self, path: str) -> bytes:
        """The checks before the body is read; returns the accepted token's SHA-256."""
        if self.headers.get("Host", "").lower() not in self.server.hosts:
            raise _Refused(421, "host", "This address is not Cloister's local API.", "wrong_host")
        if self.headers.get("Origin") is not None:
            raise _Refused(403, "origin", "Web pages may not use the local API.", "origin")
        if self.command not in ("GET", "POST"):
            raise _Refused(405, "method", "Method not allowed.", "method_not_allowed")
        token_sha256 = self._check_token()
        if (self.command, path) not in ROUTES:
            raise _Refused(404, "route", "There is no such route.", "not_found")
        return token_sha256

    def _check_token(self) -> bytes:
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refused(401, "no token", "An access token is needed.", "invalid_api_key")
        expected = self.server.calls.token_sha256
        given = hashlib.sha256(token.strip().encode("utf-8", "replace")).digest()
        # Digests of equal length, compared in constant time: no timing tells a prefix.
        if expected is None or not hmac.compare_digest(given, expected):
            raise _Refused(401, "wrong token", WRONG_TOKEN, "invalid_api_key")
        return given

    def _body_size(self) -> int:
        if self.command != "POST":
            return 0
        if self.headers.get("Transfer-Encoding") is not None:
            raise _Refused(411, "length", "Send the body with a Content-Length.", "length_required")
        try:
            size = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise _Refused(
                411, "length", "Send the body with a Content-Length.", "length_required"
            ) from None
        if size > MAX_BODY_BYTES or size < 0:
            raise _Refused(413, "size", "The request is larger than 1 MiB.", "request_too_large")
        return size

    def _read_json(self, size: int) -> dict[str, Any]:
        if self.command != "POST":
            return {}
        try:
            body = json.loads(self.rfile.read(size))
        except (ValueError, UnicodeDecodeError):
            raise _Refused(400, "json", "The body is not valid JSON.", "invalid_json") from None
        if not isinstance(body, dict):
            raise _Refused(400, "json", "The body must be a JSON object.", "invalid_json")
        return body

    # -- the answer ------------------------------------------------------------------------------

    def _answer(self, call_id: int, answers: queue.Queue[m.ToListener]) -> None:
        streaming = False
        while True:
            try:
                answer = answers.get(timeout=CLIENT_POLL_SECONDS)
            except queue.Empty:
                if self._client_gone():
                    self.server.calls.send(m.ClientGone(call_id))
                    self.close_connection = True
                    return
                continue
            try:
                if isinstance(answer, m.Respond):
                    self._send_json(answer.status, answer.body)
                    return
                if isinstance(answer, m.StreamData):
                    if not streaming:
                        self._start_stream()
                        streaming = True
                    self._chunk(f"data: {json.dumps(answer.data)}\n\n".encode())
                elif isinstance(answer, m.StreamEnd):
                    self._chunk(b"data: [DONE]\n\n")
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                    return
            except OSError:  # the client went away while we wrote
                self.server.calls.send(m.ClientGone(call_id))
                self.close_connection = True
                return

    def _client_gone(self) -> bool:
        """The client closed its end (an abandoned request): readable and nothing to read."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


class Listener:
    """The process's state: the pipe, and the HTTP server while the app wants one."""

    def __init__(self, pipe: Connection, port: int) -> None:
        self.port = port
        self.calls = _Calls(pipe)
        self._server: _Server | None = None

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    def run(self) -> None:
        """Take the app's messages until it says Shutdown or goes away."""
        while True:
            try:
                message = self.calls.pipe.recv()
            except (EOFError, OSError):
                break
            if isinstance(message, m.Shutdown):
                break
            if isinstance(message, m.Respond | m.StreamData | m.StreamEnd):
                self.calls.answer(message)
            elif isinstance(message, m.Listen):
                self.calls.token_sha256 = message.token_sha256
                self._listen()
            elif isinstance(message, m.StopListening):
                self._stop()
                self.calls.send(m.ListenState(False, self.address))
        self._stop()

    def _listen(self) -> None:
        if self._server is None:
            try:
                self._server = _Server(self.port, self.calls)
            except OSError as exc:
                problem = f"Cannot listen on {HOST}:{self.port}: {exc.strerror or exc}"
                self.calls.send(m.ListenState(False, self.address, problem))
                return
            threading.Thread(
                target=self._server.serve_forever, name="local-api-http", daemon=True
            ).start()
        self.calls.send(m.ListenState(True, self.address))

    def _stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()


def serve(pipe: Connection, port: int, air_gapped: bool = False) -> None:
    """Entry point of the listener process: sealed first (air-gapped), then serving."""
    from desktop.sandbox.dumps import disable_core_dumps

    disable_core_dumps()  # it holds the token's digest and the requests' texts
    sealed, tcp = _seal(port) if air_gapped else (None, "")
    listener = Listener(pipe, port)
    listener.calls.send(m.ListenerStarted(sealed, tcp))
    listener.run()


def _seal(port: int) -> tuple[Any, str]:
    """Bind only `port`, connect nowhere, AF_UNIX and AF_INET sockets only, no programs."""
    from desktop.core.events import NetworkSealed

    if not sys.platform.startswith("linux"):
        return NetworkSealed("local-api", False, "sealed on Linux only"), ""
    from desktop.sandbox import landlock, seccomp

    tcp = landlock.restrict_tcp((), (port,))  # while one thread: Landlock binds later threads
    seal = seccomp.close_network(
        allow_families=(socket.AF_UNIX, socket.AF_INET), new_processes=False
    )
    detail = f"{seal.detail}; {tcp.describe()}"  # both walls, in the audit record's words
    return NetworkSealed("local-api", seal.enforced and tcp.restricted, detail), tcp.describe()

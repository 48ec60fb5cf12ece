"""A real HTTP server on 127.0.0.1 serving one file the way model hosts do, and misbehaving on
request.

It answers `Range: bytes=N-`, `bytes=N-M` and `bytes=-N` with 206 and `Content-Range`, an
unsatisfiable range with 416, honours `If-Range`, and always sends `Accept-Ranges`,
`Content-Length`, `ETag` and `Last-Modified`. Switches (attributes, changeable between calls):

- `drop_after=N`: send N body bytes, then close the connection (for the first `drops` bodies);
  with `stall=True`, send nothing more but keep the connection open (until the server stops);
- `corrupt_at=offset`: flip that byte of the file in whatever it serves;
- `ignore_range=True`: always answer 200 with the whole file;
- `status=404` (for the first `status_times` requests, or all if None): answer that status;
  with `location=URL`, a redirect there (status 302 by default).

Any path is served, absolute ones too, so it can stand in for a proxy. `requests` logs what
arrived. Quiet: no request lines, no tracebacks for clients that hang up.
"""

from __future__ import annotations

import contextlib
import email.utils
import re
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

CHUNK = 64 << 10
RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    range: str | None
    if_range: str | None
    user_agent: str | None


class ModelServer:
    def __init__(
        self,
        file: Path,
        *,
        drop_after: int | None = None,
        drops: int = 1,
        stall: bool = False,
        corrupt_at: int | None = None,
        ignore_range: bool = False,
        status: int | None = None,
        status_times: int | None = None,
        location: str | None = None,
    ) -> None:
        self.drop_after = drop_after
        self.drops = drops
        self.stall = stall
        self._stopping = threading.Event()
        self.corrupt_at = corrupt_at
        self.ignore_range = ignore_range
        self.status = status
        self.status_times = status_times
        self.location = location
        if location is not None and status is None:
            self.status = 302
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._version = 0
        self.serve(file)
        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.model = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def serve(self, file: Path) -> None:
        """Serve `file` from now on, with validators of its own (as after an upload)."""
        stat = file.stat()
        self._version += 1
        self.file = file
        self.size = stat.st_size
        self.etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}-{self._version}"'
        self.last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.file.name}"

    @property
    def ranges(self) -> list[str | None]:
        """The Range header of every GET, in order (None: the whole file was asked for)."""
        return [r.range for r in self.requests if r.method == "GET"]

    def release_stalls(self) -> None:
        """Close the stalled connections now (and stall no more)."""
        self._stopping.set()

    def __enter__(self) -> ModelServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stopping.set()  # ends stalls
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    # -- used by the handler, on its thread ------------------------------------------------

    def _log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _failure_status(self) -> int | None:
        with self._lock:
            if self.status is None:
                return None
            if self.status_times is None:
                return self.status
            if self.status_times > 0:
                self.status_times -= 1
                return self.status
            return None

    def _body_limit(self) -> int | None:
        """How many body bytes this response may send before the connection drops."""
        with self._lock:
            if self.drop_after is None or self.drops <= 0:
                return None
            self.drops -= 1
            return self.drop_after


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    model: ModelServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-body (a cancel) is normal here, not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _QuietServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        model = self.server.model
        self.close_connection = True
        model._log(
            LoggedRequest(
                self.command,
                self.path,
                self.headers.get("Range"),
                self.headers.get("If-Range"),
                self.headers.get("User-Agent"),
            )
        )
        status = model._failure_status()
        if status is not None and model.location is not None:
            self.send_response(status)
            self.send_header("Location", model.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if status is not None:
            self.send_error(status)
            return
        span = self._requested_span(model)
        if span == "unsatisfiable":
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{model.size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start, end = span if span is not None else (0, model.size - 1)
        self.send_response(206 if span is not None else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", model.etag)
        self.send_header("Last-Modified", model.last_modified)
        if span is not None:
            self.send_header("Content-Range", f"bytes {start}-{end}/{model.size}")
        self.end_headers()
        if send_body:
            # A client that cancels hangs up mid-body.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send_body(model, start, end + 1, model._body_limit())

    def _requested_span(self, model: ModelServer) -> tuple[int, int] | str | None:
        """(start, end) inclusive, "unsatisfiable", or None for the whole file."""
        header = self.headers.get("Range")
        if header is None or model.ignore_range:
            return None
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range not in (model.etag, model.last_modified):
            return None  # the client's copy is of another version: send the whole new one
        match = RANGE.fullmatch(header.strip())
        if match is None:  # several ranges or nonsense: serving it whole is allowed
            return None
        first, last = match.groups()
        if not first:  # suffix: the last N bytes
            if not last or int(last) == 0:
                return "unsatisfiable"
            return max(0, model.size - int(last)), model.size - 1
        start = int(first)
        if last and int(last) < start:
            return None  # invalid: ignored, as RFC 9110 says
        if start >= model.size:
            return "unsatisfiable"
        return start, min(int(last) if last else model.size - 1, model.size - 1)

    def _send_body(self, model: ModelServer, start: int, stop: int, limit: int | None) -> None:
        """Bytes [start, stop) of the file; after `limit` of them, an abrupt close."""
        if limit is not None:
            stop = min(stop, start + limit)
        with open(model.file, "rb") as file:
            file.seek(start)
            offset = start
            while offset < stop:
                chunk = bytearray(file.read(min(CHUNK, stop - offset)))
                if not chunk:
                    break
                flip = model.corrupt_at
                if flip is not None and offset <= flip < offset + len(chunk):
                    chunk[flip - offset] ^= 0xFF
                self.wfile.write(chunk)
                offset += len(chunk)
        if limit is not None:
            self.wfile.flush()
            if model.stall:
                model._stopping.wait(60)
            self.connection.shutdown(socket.SHUT_RDWR)

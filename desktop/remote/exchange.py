"""One request to a firm server, in the gateway: send it, stream the answer, say how it ended.

Every request ends with exactly one GenerationFinished or GenerationFailed, then one
RemoteExchanged (its audit facts). Retries: only a connection that failed before anything was
sent (twice, short waits); a prompt the server may have started answering is never resent.
Stop shuts the socket down at once: llama-server and vLLM stop generating when the client goes.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from desktop.core.events import (
    FinishReason,
    GenerationFailed,
    GenerationFinished,
    RemoteExchanged,
    TokenStreamed,
)
from desktop.core.policy import FirmServer
from desktop.remote import messages as m
from desktop.remote.gateway import endpoint
from desktop.remote.openai_stream import (
    StreamError,
    StreamState,
    chat_body,
    encoded,
    error_text,
    parse_line,
    served_models,
)
from desktop.remote.pinning import BadCaFile, pin_mismatch_in
from desktop.remote.protocol import Chat
from desktop.security.airgap import AirGapViolation, Destinations

RETRIES = 2
BACKOFF_SECONDS = (0.25, 0.75)
ERROR_BODY_LIMIT = 64 * 1024  # an error page is read this far, for its message

ClientFor = Callable[[FirmServer], httpx.Client]
Send = Callable[[object], None]


@dataclass
class Facts:
    """What the audit record needs, filled in as the request goes."""

    outcome: str = "failure"
    reason: str | None = None
    certificate_sha256: str | None = None
    http_status: int | None = None
    sent: bool = False
    request_bytes: int = 0
    response_bytes: int = 0
    first_token_ms: float | None = None
    attempts: int = 0


class Refused(Exception):
    """The request ends here with this message (and the outcome already in the facts)."""


class ChatExchange:
    def __init__(
        self,
        command: Chat,
        server: FirmServer | None,
        client_for: ClientFor,
        send: Send,
        destinations: Destinations | None,
        served: dict[str, tuple[str, ...]],
    ) -> None:
        self.command = command
        self.server = server
        self._client_for = client_for
        self._send = send
        self._destinations = destinations
        self._served = served
        self.cancelled = threading.Event()
        self._socket: socket.socket | None = None
        self._tokens = 0

    def cancel(self) -> None:
        self.cancelled.set()
        if (sock := self._socket) is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, under TLS: wakes the thread blocked reading.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def run(self) -> None:
        facts = Facts()
        started = time.perf_counter()
        try:
            final = self._exchange(facts)
        except Refused as refusal:
            final = GenerationFailed(self.command.request_id, str(refusal.args[0]))
        except Exception as exc:  # a bug: the request still ends, and is recorded
            facts.outcome = "failure"
            final = GenerationFailed(self.command.request_id, f"{type(exc).__name__}: {exc}")
        if isinstance(final, GenerationFailed):
            facts.reason = facts.reason or final.message
        host, port = endpoint(self.server) if self.server else ("", 0)
        self._send(final)
        self._send(
            RemoteExchanged(
                request_id=self.command.request_id,
                server=self.command.server,
                host=host,
                port=port,
                model=self.command.model,
                outcome=facts.outcome,
                reason=facts.reason,
                certificate_sha256=facts.certificate_sha256,
                http_status=facts.http_status,
                sent=facts.sent,
                request_bytes=facts.request_bytes,
                response_bytes=facts.response_bytes,
                first_token_ms=facts.first_token_ms,
                total_ms=(time.perf_counter() - started) * 1000,
                attempts=facts.attempts,
            )
        )

    # -- the request --------------------------------------------------------------------------

    def _exchange(self, facts: Facts) -> GenerationFinished | GenerationFailed:
        command, server = self.command, self.server
        name = command.server
        if server is None:
            return self._deny(facts, m.say(m.UNKNOWN_SERVER, server=name))
        if command.model not in server.models:
            return self._deny(facts, m.say(m.NOT_ALLOWED, model=command.model, server=name))
        if not command.api_key:
            return self._deny(facts, m.say(m.NO_KEY, server=name))
        try:
            client = self._client_for(server)
        except BadCaFile as exc:
            return self._deny(facts, str(exc.args[0]))
        served = self._served.get(server.name)
        if served is None:
            served, _ = list_served(server, name, command.api_key, self._client_for, self._dest)
            if served:
                self._served[server.name] = served
        if served and command.model not in served:
            return self._fail(facts, m.say(m.NOT_SERVED, server=name, model=command.model))
        body = encoded(chat_body(command.model, command.messages, command.settings))
        facts.request_bytes = len(body)
        headers = {"Authorization": f"Bearer {command.api_key}", "Accept": "text/event-stream"}
        url = f"{server.base_url}/chat/completions"
        host, port = endpoint(server)
        for attempt in range(1, RETRIES + 2):
            facts.attempts = attempt
            if self.cancelled.is_set():
                return self._cancelled(facts)
            try:
                self._resolve(host, port)
                leaving = time.perf_counter()
                with client.stream("POST", url, content=body, headers=headers) as response:
                    return self._read(response, facts, leaving)
            except (httpx.ConnectError, httpx.ConnectTimeout, socket.gaierror) as exc:
                self._refuse_if_denied(exc, facts, host)
                if attempt > RETRIES:
                    why = _why(exc)
                    address = f"{host}:{port}"
                    return self._fail(
                        facts, m.say(m.UNREACHABLE, server=name, address=address, why=why)
                    )
                if self.cancelled.wait(BACKOFF_SECONDS[attempt - 1]):
                    return self._cancelled(facts)
            except httpx.HTTPError as exc:  # sent, or maybe sent: never again
                facts.sent = True
                if self.cancelled.is_set():
                    return self._cancelled(facts)
                if isinstance(exc, httpx.TimeoutException):
                    return self._fail(facts, self._timeout())
                return self._fail(facts, self._lost(exc))
        raise AssertionError("unreachable")  # the loop returns on its last attempt

    @property
    def _dest(self) -> Destinations | None:
        return self._destinations

    def _resolve(self, host: str, port: int) -> None:
        if self._destinations is not None:
            self._destinations.resolve(host, port)  # the addresses the guard lets through

    def _refuse_if_denied(self, exc: BaseException, facts: Facts, host: str) -> None:
        name = self.command.server
        if (pin := pin_mismatch_in(exc)) is not None:
            facts.certificate_sha256 = pin.seen_sha256
            self._deny(facts, m.say(m.PIN_MISMATCH, server=name, seen=pin.seen_sha256))
            raise Refused(facts.reason)
        if (bad := _cause(exc, ssl.SSLCertVerificationError)) is not None:
            why = getattr(bad, "verify_message", "") or str(bad)
            self._deny(facts, m.say(m.CERTIFICATE_REFUSED, server=name, host=host, why=why))
            raise Refused(facts.reason)
        if (blocked := _cause(exc, AirGapViolation)) is not None:
            self._deny(facts, str(blocked.args[0]) if blocked.args else str(blocked))
            raise Refused(facts.reason)

    def _read(
        self, response: httpx.Response, facts: Facts, leaving: float
    ) -> GenerationFinished | GenerationFailed:
        facts.sent = True
        facts.http_status = response.status_code
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        facts.certificate_sha256 = getattr(sock, "seen_sha256", None)
        self._socket = sock
        if self.cancelled.is_set():  # Stop came before the answer's headers
            self.cancel()
            return self._cancelled(facts)
        name = self.command.server
        if response.status_code != 200:
            detail = self._error_body(response, facts)
            status = response.status_code
            if status in (401, 403):
                facts.outcome = "denied"
                return self._failed(facts, m.say(m.KEY_REFUSED, server=name, status=status))
            if status == 404:
                return self._fail(facts, m.say(m.NOT_SERVED, server=name, model=self.command.model))
            detail = detail or response.reason_phrase
            return self._fail(
                facts, m.say(m.SERVER_ERROR, server=name, status=status, detail=detail)
            )
        state = StreamState()
        request_id = self.command.request_id
        first: float | None = None
        send = self._send
        try:
            for line in response.iter_lines():
                text = parse_line(line, state)
                if text is not None:
                    now = time.perf_counter()
                    if first is None:
                        first = now
                        facts.first_token_ms = (now - leaving) * 1000
                    self._tokens += 1
                    elapsed = now - first
                    rate = (self._tokens - 1) / elapsed if elapsed > 0 else 0.0
                    send(TokenStreamed(request_id, text, self._tokens, rate))
                if state.done or self.cancelled.is_set():
                    break
        except StreamError as exc:
            facts.response_bytes = response.num_bytes_downloaded
            status = response.status_code
            return self._fail(
                facts, m.say(m.SERVER_ERROR, server=name, status=status, detail=str(exc))
            )
        except (httpx.HTTPError, OSError) as exc:
            facts.response_bytes = response.num_bytes_downloaded
            if self.cancelled.is_set():
                return self._cancelled(facts)
            if isinstance(exc, httpx.TimeoutException):
                return self._fail(facts, self._timeout())
            return self._fail(facts, self._lost(exc))
        facts.response_bytes = response.num_bytes_downloaded
        if self.cancelled.is_set():
            return self._cancelled(facts)
        if not state.done and state.finish_reason is None:
            why = m.say(m.CUT_OFF, server=name, why="the server closed the connection")
            return self._fail(facts, why)
        facts.outcome = "success"
        elapsed = time.perf_counter() - first if first is not None else 0.0
        tokens = state.completion_tokens or self._tokens
        return GenerationFinished(
            request_id,
            FinishReason.LENGTH if state.finish_reason == "length" else FinishReason.STOP,
            tokens,
            (tokens - 1) / elapsed if elapsed > 0 and tokens > 1 else 0.0,
            state.prompt_tokens or 0,
        )

    # -- endings ------------------------------------------------------------------------------

    def _error_body(self, response: httpx.Response, facts: Facts) -> str:
        raw = b""
        with contextlib.suppress(httpx.HTTPError, OSError):
            for chunk in response.iter_bytes():
                raw += chunk
                if len(raw) >= ERROR_BODY_LIMIT:
                    break
        facts.response_bytes = len(raw)
        try:
            import json

            return error_text(json.loads(raw))
        except ValueError:
            return error_text(raw.decode("utf-8", "replace"))

    def _timeout(self) -> str:
        assert self.server is not None
        seconds = f"{self.server.timeout_seconds:g}"
        return m.say(m.TIMEOUT, server=self.command.server, seconds=seconds)

    def _lost(self, exc: BaseException) -> str:
        template = m.CUT_OFF if self._tokens else m.LOST
        return m.say(template, server=self.command.server, why=_why(exc))

    def _deny(self, facts: Facts, message: str) -> GenerationFailed:
        facts.outcome, facts.sent = "denied", False
        return self._failed(facts, message)

    def _fail(self, facts: Facts, message: str) -> GenerationFailed:
        facts.outcome = "failure"
        return self._failed(facts, message)

    def _failed(self, facts: Facts, message: str) -> GenerationFailed:
        facts.reason = message
        return GenerationFailed(self.command.request_id, message)

    def _cancelled(self, facts: Facts) -> GenerationFinished:
        facts.outcome = "cancelled"
        return GenerationFinished(
            self.command.request_id, FinishReason.CANCELLED, self._tokens, 0.0, 0
        )


def list_served(
    server: FirmServer | None,
    name: str,
    api_key: str | None,
    client_for: ClientFor,
    destinations: Destinations | None,
) -> tuple[tuple[str, ...], str | None]:
    """GET /models: the ids the server serves, or () and why not."""
    if server is None:
        return (), m.say(m.UNKNOWN_SERVER, server=name)
    host, port = endpoint(server)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        if destinations is not None:
            destinations.resolve(host, port)
        response = client_for(server).get(f"{server.base_url}/models", headers=headers)
    except BadCaFile as exc:
        return (), str(exc.args[0])
    except (httpx.HTTPError, OSError) as exc:
        if (pin := pin_mismatch_in(exc)) is not None:
            return (), m.say(m.PIN_MISMATCH, server=name, seen=pin.seen_sha256)
        if isinstance(exc, httpx.TimeoutException):
            return (), m.say(m.TIMEOUT, server=name, seconds=f"{server.timeout_seconds:g}")
        return (), m.say(m.UNREACHABLE, server=name, address=f"{host}:{port}", why=_why(exc))
    if response.status_code in (401, 403):
        return (), m.say(m.KEY_REFUSED, server=name, status=response.status_code)
    if response.status_code != 200:
        detail = error_text(response.text) or response.reason_phrase
        return (), m.say(m.SERVER_ERROR, server=name, status=response.status_code, detail=detail)
    try:
        return served_models(response.json()), None
    except (ValueError, StreamError) as exc:
        return (), m.say(m.UNREADABLE, server=name, detail=str(exc))


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _why(exc: BaseException) -> str:
    """The root cause in a few words ("Connection refused", "timed out")."""
    root: BaseException = exc
    seen: set[int] = set()
    while id(root) not in seen and (root.__cause__ or root.__context__) is not None:
        seen.add(id(root))
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    if isinstance(root, OSError) and root.strerror:
        return root.strerror
    text = str(root) or str(exc) or type(exc).__name__
    return error_text(text, 160)

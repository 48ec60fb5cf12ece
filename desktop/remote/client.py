"""The app's side of the firm-server gateway (issue 23): starts the process, hands it requests
with the API key read per request, relays its events.

Events reach `on_event` from a relay thread (the window's router makes Qt signals of them);
those that come before a listener is set (the gateway's NetworkSealed, at start) are kept and
handed to it when `set_listener` is called. If the gateway dies, each request in flight fails
with a sentence saying so. Outside air-gapped mode the next request starts a fresh gateway; in
air-gapped mode it cannot (a process started now would inherit the app's seal), so the user is
told to restart Cloister.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from desktop.core.errors import KnownError
from desktop.core.events import (
    EngineEvent,
    GenerationFailed,
    RemoteExchanged,
)
from desktop.core.policy import FirmServer
from desktop.core.settings import GenerationSettings
from desktop.inference.child_process import end_child
from desktop.remote import gateway
from desktop.remote import messages as m
from desktop.remote.models import RemoteModel, models_of
from desktop.remote.protocol import Cancel, Chat, Command, ListServed, Served, Shutdown

SHUTDOWN_GRACE_SECONDS = 3.0

ApiKey = Callable[[str], "str | None"]
GatewayTarget = Callable[[Connection, tuple[FirmServer, ...], bool], None]


class RemoteError(KnownError):
    """A firm server could not answer a question of the app (its model list)."""


class _Process:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn


class FirmServerClient:
    def __init__(
        self,
        on_event: Callable[[EngineEvent], None] | None,
        servers: tuple[FirmServer, ...],
        *,
        air_gapped: bool,
        api_key: ApiKey,
        target: GatewayTarget = gateway.serve,
    ) -> None:
        self._on_event = on_event
        self._early: list[EngineEvent] = []  # events before a listener was set
        self._servers = servers
        self._air_gapped = air_gapped
        self._api_key = api_key
        self._target = target
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.RLock()
        self._gateway: _Process | None = None
        self._started_once = False
        self._in_flight: dict[int, tuple[str, str]] = {}  # request -> (server, model)
        self._queries: dict[int, tuple[threading.Event, list[Served]]] = {}
        self._query_ids = itertools.count(1)

    # -- public API ---------------------------------------------------------------------------

    def set_listener(self, on_event: Callable[[EngineEvent], None]) -> None:
        with self._lock:
            self._on_event = on_event
            early, self._early = self._early, []
        for event in early:
            on_event(event)

    def start(self) -> None:
        """Spawn the gateway (before the app seals itself, in air-gapped mode)."""
        with self._lock:
            if self._gateway is None:
                self._start()

    @property
    def models(self) -> tuple[RemoteModel, ...]:
        return models_of(self._servers)

    @property
    def alive(self) -> bool:
        with self._lock:
            return self._gateway is not None and self._gateway.process.is_alive()

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._gateway.process.pid if self._gateway else None

    def generate(
        self,
        request_id: int,
        messages: Sequence[dict[str, str]],
        settings: GenerationSettings | None,
        *,
        server: str,
        model: str,
    ) -> None:
        key = self._api_key(server)  # in this process: the gateway never sees the keychain
        with self._lock:
            if self._gateway is None and not self._may_restart():
                failed = m.say(m.GATEWAY_RESTART)
            else:
                if self._gateway is None:
                    self._start()
                self._in_flight[request_id] = (server, model)
                chat = Chat(
                    request_id,
                    server,
                    model,
                    tuple(messages),
                    settings or GenerationSettings(),
                    key,
                )
                if self._send(chat):
                    return
                self._in_flight.pop(request_id, None)
                failed = m.gateway_stopped(None)
        self._fail_unsent(request_id, server, model, failed)

    def cancel(self, request_id: int) -> None:
        with self._lock:
            if self._gateway is not None and request_id in self._in_flight:
                self._send(Cancel(request_id))

    def list_served(self, server: str, timeout: float = 10.0) -> tuple[str, ...]:
        """The model ids the server serves (GET /v1/models through the gateway)."""
        done = threading.Event()
        answer: list[Served] = []
        with self._lock:
            if self._gateway is None:
                if not self._may_restart():
                    raise RemoteError(m.say(m.GATEWAY_RESTART))
                self._start()
            query_id = next(self._query_ids)
            self._queries[query_id] = (done, answer)
            self._send(ListServed(query_id, server, self._api_key(server)))
        try:
            if not done.wait(timeout):
                raise RemoteError(m.say(m.NO_ANSWER))
        finally:
            with self._lock:
                self._queries.pop(query_id, None)
        if not answer:  # the gateway stopped
            raise RemoteError(m.gateway_stopped(None))
        if answer[0].error is not None:
            raise RemoteError(answer[0].error)
        return answer[0].models

    def shutdown(self) -> None:
        with self._lock:
            current, self._gateway = self._gateway, None
        if current is None:
            return
        end_child(current.process, current.conn, Shutdown(), SHUTDOWN_GRACE_SECONDS)
        current.conn.close()

    # -- internals ----------------------------------------------------------------------------

    def _may_restart(self) -> bool:
        return not (self._air_gapped and self._started_once)

    def _start(self) -> None:
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=self._target,
            args=(child_conn, self._servers, self._air_gapped),
            name="cloister-gateway",
            daemon=True,
        )
        process.start()
        child_conn.close()  # ours would hide the child's death
        self._started_once = True
        current = _Process(process, parent_conn)
        self._gateway = current
        threading.Thread(
            target=self._relay, args=(current,), name="gateway-relay", daemon=True
        ).start()

    def _send(self, command: Command) -> bool:
        assert self._gateway is not None
        try:
            self._gateway.conn.send(command)
            return True
        except OSError:
            return False  # the relay thread reports the death

    def _deliver(self, event: EngineEvent) -> None:
        with self._lock:
            listener = self._on_event
            if listener is None:
                self._early.append(event)
                return
        listener(event)

    def _relay(self, current: _Process) -> None:
        while True:
            try:
                event = current.conn.recv()
            except (EOFError, OSError):
                self._gateway_ended(current)
                return
            if isinstance(event, Served):
                with self._lock:
                    waiting = self._queries.get(event.query_id)
                if waiting is not None:
                    waiting[1].append(event)
                    waiting[0].set()
                continue
            if isinstance(event, RemoteExchanged):
                with self._lock:
                    self._in_flight.pop(event.request_id, None)
            self._deliver(event)

    def _gateway_ended(self, current: _Process) -> None:
        with self._lock:
            on_purpose = self._gateway is not current
            if not on_purpose:
                self._gateway = None
            lost, self._in_flight = dict(self._in_flight), {}
            for done, _ in self._queries.values():
                done.set()
        current.process.join(1.0)
        if on_purpose and not lost:
            return
        exit_code = current.process.exitcode
        if not on_purpose:
            # Whoever took the gateway closes its pipe: here the relay, after a shutdown the
            # shutdown. Both closing it raised EBADF, and a second close could hit a file
            # opened since under the same number.
            with contextlib.suppress(OSError):
                current.conn.close()
        restart = self._may_restart()
        message = m.gateway_stopped(exit_code) if restart else m.say(m.GATEWAY_RESTART)
        for request_id, (server, model) in lost.items():
            self._fail_unsent(request_id, server, model, message, sent=True)

    def _fail_unsent(
        self, request_id: int, server: str, model: str, message: str, *, sent: bool = False
    ) -> None:
        """A request that the gateway did not end itself: failed, then its audit facts."""
        host, port = self._endpoint(server)
        self._deliver(GenerationFailed(request_id, message))
        self._deliver(
            RemoteExchanged(
                request_id, server, host, port, model, "failure", message, sent=sent, attempts=0
            )
        )

    def _endpoint(self, server: str) -> tuple[str, int]:
        for known in self._servers:
            if known.name == server:
                return gateway.endpoint(known)
        return "", 0

"""The gateway's loop: commands off the pipe on the main thread, one thread per request, so a
Cancel lands while an answer streams. Sends go through one lock (requests' threads and the
guard's refusals share the pipe)."""

from __future__ import annotations

import contextlib
import threading
from multiprocessing.connection import Connection

import httpx

from desktop.core.policy import FirmServer
from desktop.remote.exchange import ChatExchange, list_served
from desktop.remote.pinning import BadCaFile, pinned_context
from desktop.remote.protocol import Cancel, Chat, ListServed, Served, Shutdown
from desktop.security.airgap import Destinations, installed_guard

CONNECT_SECONDS = 10.0


class Gateway:
    def __init__(
        self,
        conn: Connection,
        servers: tuple[FirmServer, ...],
        destinations: Destinations | None,
    ) -> None:
        self._conn = conn
        self._servers = {server.name: server for server in servers}
        self._destinations = destinations
        self._send_lock = threading.Lock()
        self._clients: dict[str, httpx.Client] = {}
        self._clients_lock = threading.Lock()
        self._active: dict[int, ChatExchange] = {}
        self._served: dict[str, tuple[str, ...]] = {}  # what each server said it serves

    def send(self, event: object) -> None:
        with self._send_lock, contextlib.suppress(OSError):  # the app has gone: nothing to tell
            self._conn.send(event)

    def run(self) -> None:
        if (guard := installed_guard()) is not None:
            guard.subscribe(self.send)  # refusals are the app's to audit and show
        try:
            while True:
                try:
                    command = self._conn.recv()
                except (EOFError, OSError):
                    return
                if isinstance(command, Shutdown):
                    return
                if isinstance(command, Chat):
                    self._start_chat(command)
                elif isinstance(command, Cancel):
                    if (exchange := self._active.get(command.request_id)) is not None:
                        exchange.cancel()
                elif isinstance(command, ListServed):
                    threading.Thread(
                        target=self._list, args=(command,), name="list", daemon=True
                    ).start()
        finally:
            for exchange in list(self._active.values()):
                exchange.cancel()
            for client in self._clients.values():
                with contextlib.suppress(Exception):
                    client.close()

    def client_for(self, server: FirmServer) -> httpx.Client:
        """One HTTP client per server (its connections are kept); raises BadCaFile."""
        with self._clients_lock:
            client = self._clients.get(server.name)
            if client is None:
                client = httpx.Client(
                    verify=pinned_context(server.pin_sha256, server.ca_file),
                    http2=True,
                    trust_env=False,  # no proxy, CA bundle or .netrc from the environment
                    # A fresh connection per request (one TLS handshake each, ~ms on a LAN): Stop
                    # shuts that request's socket down, never one an HTTP/2 neighbour shares,
                    # and no request meets a kept connection the server has just closed (that
                    # failure is not retryable: the prompt may have been sent).
                    limits=httpx.Limits(max_keepalive_connections=0),
                    timeout=httpx.Timeout(
                        server.timeout_seconds,
                        connect=CONNECT_SECONDS,
                        write=CONNECT_SECONDS,
                        pool=CONNECT_SECONDS,
                    ),
                )
                self._clients[server.name] = client
            return client

    def _start_chat(self, command: Chat) -> None:
        exchange = ChatExchange(
            command,
            self._servers.get(command.server),
            self.client_for,
            self.send,
            self._destinations,
            self._served,
        )
        self._active[command.request_id] = exchange

        def run() -> None:
            try:
                exchange.run()
            finally:
                self._active.pop(command.request_id, None)

        threading.Thread(target=run, name=f"chat-{command.request_id}", daemon=True).start()

    def _list(self, command: ListServed) -> None:
        server = self._servers.get(command.server)
        try:
            models, error = list_served(
                server, command.server, command.api_key, self.client_for, self._destinations
            )
        except BadCaFile as exc:
            models, error = (), str(exc)
        if server is not None and error is None:
            self._served[server.name] = models
        self.send(Served(command.query_id, models, error))

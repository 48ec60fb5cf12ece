"""The app's handle on the listener process: start it (before the app seals its network), send
it messages, hand what it reports to whoever subscribes (the service, once the app is built)."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from desktop.inference.child_process import end_child
from desktop.local_api import listener
from desktop.local_api import messages as m

SHUTDOWN_GRACE_SECONDS = 3.0

ListenerTarget = Callable[[Connection, int, bool], None]


class ListenerProcess:
    def __init__(
        self, port: int, *, air_gapped: bool, target: ListenerTarget = listener.serve
    ) -> None:
        self.port = port
        context = multiprocessing.get_context("spawn")  # also works in a frozen bundle
        self._conn, child = context.Pipe(duplex=True)
        self._process = context.Process(
            target=target, args=(child, port, air_gapped), name="cloister-local-api", daemon=True
        )
        self._process.start()
        child.close()
        self._lock = threading.Lock()
        self._handler: Callable[[m.FromListener], None] | None = None
        self._early: list[m.FromListener] = []  # reported before anyone subscribed
        threading.Thread(target=self._relay, name="local-api-relay", daemon=True).start()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def subscribe(self, handler: Callable[[m.FromListener], None]) -> None:
        """`handler` gets every message from now on, on the relay thread, and those that came
        before it subscribed (the seal report) first."""
        with self._lock:
            early, self._early = self._early, []
            self._handler = handler
        for message in early:
            handler(message)

    def send(self, message: m.ToListener) -> None:
        with self._lock, contextlib.suppress(OSError):  # a dead listener answers no one
            self._conn.send(message)

    def shutdown(self) -> None:
        self.send(m.Shutdown())  # under the send lock, like every message
        end_child(self._process, self._conn, grace=SHUTDOWN_GRACE_SECONDS)
        self._conn.close()

    def _relay(self) -> None:
        while True:
            try:
                message = self._conn.recv()
            except (EOFError, OSError):
                return
            with self._lock:
                handler = self._handler
                if handler is None:
                    self._early.append(message)
            if handler is not None:
                handler(message)

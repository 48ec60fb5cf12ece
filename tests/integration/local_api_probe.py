"""The listener process's own entry point with a probe: after the real seal, try what it must
not do (connect anywhere, bind another port, open an IPv6 socket) and report, then serve."""

from __future__ import annotations

import socket
from multiprocessing.connection import Connection

from desktop.local_api import listener
from desktop.local_api import messages as m


def _attempt(action) -> str:
    try:
        action()
    except OSError as exc:
        return f"refused: {exc.strerror}"
    return "allowed"


def probing_serve(pipe: Connection, port: int, air_gapped: bool = False) -> None:
    sealed, tcp = listener._seal(port) if air_gapped else (None, "")

    def connect() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            s.connect(("127.0.0.1", port + 1))

    def bind_other() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))

    def ipv6() -> None:
        socket.socket(socket.AF_INET6, socket.SOCK_STREAM).close()

    probes = {"connect": _attempt(connect), "bind": _attempt(bind_other), "ipv6": _attempt(ipv6)}
    pipe.send(m.ListenerStarted(sealed, f"{tcp} | probes: {probes}"))
    listener.Listener(pipe, port).run()

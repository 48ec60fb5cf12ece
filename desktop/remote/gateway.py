"""The gateway process's entry point: its seal first, then the requests (issue 23).

In air-gapped mode the app seals itself to AF_UNIX sockets, and every process it starts later
inherits that. So the gateway is started before, and seals itself to exactly what it needs
while it is still one thread, before it imports httpx:
- seccomp: sockets of AF_UNIX, AF_INET and AF_INET6 only, no new processes;
- Landlock (ABI 4+): TCP connects only to the pinned servers' ports, no TCP bind;
- the Python guard (desktop.security.airgap) with `Destinations`: name lookups only of the
  pinned host names, connects only to the addresses they resolved to, on the pinned ports.
It reports what holds as `NetworkSealed` for process "gateway", then serves the pipe.
"""

from __future__ import annotations

import socket
import sys
from multiprocessing.connection import Connection
from urllib.parse import urlsplit

from desktop.core.events import NetworkSealed
from desktop.core.policy import FirmServer
from desktop.core.translatable import QT_TRANSLATE_NOOP, joined, words
from desktop.sandbox.dumps import disable_core_dumps

PROCESS = "gateway"


def endpoint(server: FirmServer) -> tuple[str, int]:
    """(host, port) of the server's base URL."""
    parts = urlsplit(server.base_url)
    return parts.hostname or "", parts.port or 443


def serve(conn: Connection, servers: tuple[FirmServer, ...], air_gapped: bool = False) -> None:
    disable_core_dumps()  # it holds API keys in memory
    destinations = None
    if air_gapped:
        destinations, sealed = seal_to(servers)
        conn.send(sealed)
    from desktop.remote.gateway_loop import Gateway  # httpx, after the seal

    Gateway(conn, servers, destinations).run()


def seal_to(servers: tuple[FirmServer, ...]):  # -> (Destinations, NetworkSealed)
    from desktop.sandbox import landlock, seccomp
    from desktop.security import airgap

    endpoints = [endpoint(server) for server in servers]
    ports = sorted({port for _, port in endpoints})
    families = (socket.AF_UNIX, socket.AF_INET, socket.AF_INET6)
    seal = seccomp.close_network(allow_families=families, new_processes=False)
    tcp = landlock.restrict_tcp(ports)
    destinations = airgap.Destinations.of(endpoints)
    airgap.install(PROCESS, destinations)
    port_list = ", ".join(map(str, ports))
    parts = []
    if tcp.restricted:
        parts.append(
            words(
                QT_TRANSLATE_NOOP("Sandbox", "TCP only to ports {ports} (Landlock ABI {abi})"),
                ports=port_list,
                abi=tcp.abi,
            )
        )
    else:
        parts.append(
            words(
                QT_TRANSLATE_NOOP("Sandbox", "TCP ports not restricted by the OS ({reason})"),
                reason=tcp.reason,
            )
        )
    if seal.enforced:
        parts.append(
            QT_TRANSLATE_NOOP(
                "Sandbox", "no socket families but UNIX, IPv4 and IPv6, no new processes (seccomp)"
            )
        )
    else:
        parts.append(
            words(QT_TRANSLATE_NOOP("Sandbox", "no seccomp filter ({reason})"), reason=seal.detail)
        )
    parts.append(
        QT_TRANSLATE_NOOP(
            "Sandbox", "names and addresses checked in-process (only the pinned servers')"
        )
    )
    detail = joined("; ", parts) if sys.platform.startswith("linux") else seal.detail
    return destinations, NetworkSealed(PROCESS, seal.enforced and tcp.restricted, detail)

"""Proof that the air-gap guard works: try the network every common way, in both processes.

The probes run in this process (the app) and in a spawn child that installs the guard first
thing, as the inference worker does. The child reports back over a multiprocessing Pipe,
which also shows that the app-worker channel (AF_UNIX) still works under the guard.

A probe counts as blocked only if the guard refused it. A timeout or "network unreachable"
is not a block: it says the guard let the attempt through and only the network stopped it.
The one other pass: in the installed bundle the Qt networking modules are not there at all.
Addresses are documentation ones (TEST-NET, 2001:db8::/32) and timeouts short, so nothing
hangs if a probe does get through.
"""

from __future__ import annotations

import importlib
import multiprocessing
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from desktop.sandbox.dumps import disable_core_dumps
from desktop.security.airgap import (
    BANNED_MODULES,
    AirGapImportError,
    AirGapViolation,
    install,
    installed_guard,
)

TIMEOUT = 2  # seconds, for a probe that the guard fails to stop
WORKER_TIMEOUT = 60  # seconds for the child to start, run its probes and report


@dataclass(frozen=True)
class ProbeResult:
    process: str  # "app" or "worker"
    probe: str  # "Python socket connect (IPv4)"
    blocked: bool
    detail: str  # the guard's message, or what happened instead


def _tcp_ipv4() -> None:
    with socket.create_connection(("192.0.2.1", 80), timeout=TIMEOUT):
        pass


def _raw_ipv6() -> None:
    # Creating the socket is allowed (and works without IPv6 connectivity); connect is not.
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.connect(("2001:db8::1", 80, 0, 0))


def _urllib() -> None:
    with urllib.request.urlopen("http://example.com/", timeout=TIMEOUT):
        pass


def _dns() -> None:
    socket.getaddrinfo("example.com", 443)


def _udp() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.sendto(b"x", ("192.0.2.1", 53))


def _bind() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))


def _qt_network() -> None:
    importlib.import_module("PySide6.QtNetwork")


PROBES: list[tuple[str, Callable[[], None]]] = [
    ("Python socket connect (IPv4)", _tcp_ipv4),
    ("raw socket connect (IPv6)", _raw_ipv6),
    ("urllib HTTP request", _urllib),
    ("DNS lookup", _dns),
    ("UDP datagram", _udp),
    ("listening socket (bind)", _bind),
    ("Qt networking module", _qt_network),
]


def _refused_by_guard(error: BaseException) -> bool:
    if isinstance(error, AirGapViolation | AirGapImportError):
        return True
    # urllib turns the OSError into URLError(reason=the OSError)
    return isinstance(error, urllib.error.URLError) and isinstance(error.reason, AirGapViolation)


def _left_out(error: BaseException) -> bool:
    """A banned Qt module that the installed bundle does not contain (build.spec excludes
    them): it cannot be imported by anything, which is what the probe wants to know."""
    return isinstance(error, ModuleNotFoundError) and (error.name or "").startswith(BANNED_MODULES)


def run_probes(process: str) -> list[ProbeResult]:
    """Run every probe in this process, which must already have the guard installed."""
    results = []
    for name, probe in PROBES:
        try:
            probe()
        except Exception as error:  # anything but the guard's refusal is an honest failure
            blocked = _refused_by_guard(error)
            if blocked:  # the guard's own message (urllib keeps it as the reason)
                detail = str(getattr(error, "reason", error))
            elif _left_out(error):
                blocked, detail = True, f"{error.name} is not in this installation at all"
            else:
                detail = f"not blocked: {type(error).__name__}: {error}"
        else:
            blocked, detail = False, "not blocked: it succeeded"
        results.append(ProbeResult(process, name, blocked, detail))
    return results


def _worker_main(connection: Connection) -> None:
    """The child: guard first, exactly like the inference worker, then probe and report."""
    disable_core_dumps()  # as every Cloister process (issue 18)
    install("worker")
    try:
        connection.send(run_probes("worker"))
    finally:
        connection.close()


def _worker_results() -> list[ProbeResult]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(
        target=_worker_main, args=(theirs,), name="cloister-airgap-selftest", daemon=True
    )
    child.start()
    theirs.close()  # so that a dead child shows up as EOF, not a hang
    try:
        if ours.poll(WORKER_TIMEOUT):
            return ours.recv()
        problem = f"no report within {WORKER_TIMEOUT} s"
    except EOFError:
        problem = "the worker closed the pipe without a report"
    finally:
        ours.close()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    problem += f" (exit code {child.exitcode})"
    return [ProbeResult("worker", "worker process", False, problem)]


def run_selftest() -> list[ProbeResult]:
    """Install the guard here if needed, then probe here and in a fresh worker process."""
    if installed_guard() is None:
        install("app")
    return run_probes("app") + _worker_results()


def report(results: list[ProbeResult]) -> str:
    lines = [
        f"{'BLOCKED' if r.blocked else 'ALLOWED':<9}{r.process:<8}{r.probe}: {r.detail}"
        for r in results
    ]
    allowed = [r for r in results if not r.blocked]
    if not results:
        lines.append("No probes ran.")
    elif allowed:
        lines.append(f"{len(allowed)} of {len(results)} probes were NOT blocked.")
    else:
        processes = " and ".join(dict.fromkeys(r.process for r in results))
        lines.append(f"All {len(results)} probes were blocked ({processes}).")
    return "\n".join(lines)

"""Proof that the air gap works: try the network every common way, in both processes.

The probes run in this process (the app) and in a spawn child that seals itself first thing,
as the inference worker does. The child reports back over a multiprocessing Pipe, which also
shows that the app-worker channel (AF_UNIX) still works under the guard and the OS filter.

`run_airgap_selftest` (what `cloister selftest --airgap` runs) seals both processes as the
app does (the OS filter where there is one, then the guard) and adds the escape probes
(`escape_probes`: the ways around the guard) against a listener on 127.0.0.1 opened before
the seal; it says whether the network is "enforced by the OS" or "only guarded".
`run_selftest` tries the guard alone.

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

from desktop.core.events import NetworkSealed
from desktop.sandbox.dumps import disable_core_dumps
from desktop.security.airgap import (
    BANNED_MODULES,
    AirGapImportError,
    AirGapViolation,
    install,
    installed_guard,
)
from desktop.security.escape_probes import (
    ESCAPES,
    OS_REFUSALS,
    ProbeListener,
    Target,
    end_child,
    try_escape,
)

TIMEOUT = 2  # seconds, for a probe that the guard fails to stop
WORKER_TIMEOUT = 180  # seconds for the child to start, run its probes and report (a hang guard)


@dataclass(frozen=True)
class ProbeResult:
    process: str  # "app" or "worker"
    probe: str  # "Python socket connect (IPv4)"
    blocked: bool
    detail: str  # the guard's message, or what happened instead
    os_refused: bool = False  # the kernel refused it (EPERM / EACCES)
    ran: bool = True  # False: that route does not exist here


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


def _refused_by_os(error: BaseException) -> bool:
    """The kernel's refusal (the OS filter): the socket itself could not be created."""
    reason = getattr(error, "reason", None)  # urllib's URLError
    error = reason if isinstance(reason, OSError) else error
    return isinstance(error, PermissionError) and error.errno in OS_REFUSALS


def run_probes(process: str) -> list[ProbeResult]:
    """Run every probe in this process, which must already have the guard installed."""
    results = []
    for name, probe in PROBES:
        os_refused = False
        try:
            probe()
        except Exception as error:  # anything but a refusal is an honest failure
            blocked = _refused_by_guard(error)
            if blocked:  # the guard's own message (urllib keeps it as the reason)
                detail = str(getattr(error, "reason", error))
            elif _refused_by_os(error):
                blocked = os_refused = True
                detail = f"refused by the OS: {error}"
            elif _left_out(error):
                blocked, detail = True, f"{error.name} is not in this installation at all"
            else:
                detail = f"not blocked: {type(error).__name__}: {error}"
        else:
            blocked, detail = False, "not blocked: it succeeded"
        results.append(ProbeResult(process, name, blocked, detail, os_refused))
    return results


def run_escapes(
    process: str, target: Target, listener: ProbeListener | None = None
) -> list[ProbeResult]:
    """Every way around the guard, against `target`; `listener`, if it is ours, is checked
    after each probe, so a connection is pinned on the probe that made it."""
    results = []
    for name, probe in ESCAPES:
        seen = try_escape(probe, target)
        arrived = listener.take() if listener is not None else 0
        detail = seen.detail
        if arrived:
            detail += f"; {arrived} connection(s) reached the listener"
        blocked = seen.blocked and not arrived
        results.append(ProbeResult(process, name, blocked, detail, seen.os_refused, seen.ran))
    return results


def _worker_main(
    connection: Connection, target: Target | None = None, seal_os: bool = False
) -> None:
    """The child: sealed first, exactly like the inference worker, then probe and report."""
    disable_core_dumps()  # as every Cloister process (issue 18)
    if seal_os:
        from desktop.policy import seal_process

        sealed: NetworkSealed | None = seal_process("worker")[0]
    else:
        install("worker")
        sealed = None
    try:
        results = run_probes("worker")
        if target is not None:
            results += run_escapes("worker", target)
        connection.send((sealed, results))
    finally:
        connection.close()


def _worker_results(
    target: Target | None = None, seal_os: bool = False
) -> tuple[NetworkSealed | None, list[ProbeResult]]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(
        target=_worker_main,
        args=(theirs, target, seal_os),
        name="cloister-airgap-selftest",
        daemon=True,
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
        end_child(ours, child)
    problem += f" (exit code {child.exitcode})"
    return None, [ProbeResult("worker", "worker process", False, problem)]


def run_selftest() -> list[ProbeResult]:
    """The guard alone: install it here if needed, then probe here and in a fresh worker
    process that installs it too."""
    if installed_guard() is None:
        install("app")
    return run_probes("app") + _worker_results()[1]


@dataclass(frozen=True)
class AirGapSelftest:
    seals: list[NetworkSealed]  # how each process's network was closed
    results: list[ProbeResult]
    stray_connections: int  # reached the listener after the app's own probes (the worker's)

    @property
    def enforced(self) -> bool:
        return len(self.seals) == 2 and all(seal.enforced for seal in self.seals)

    @property
    def guard_works(self) -> bool:
        names = {name for name, _ in PROBES}
        return all(r.blocked for r in self.results if r.probe in names)

    @property
    def escapes_blocked(self) -> bool:
        names = {name for name, _ in ESCAPES}
        escapes = [r for r in self.results if r.probe in names]
        return bool(escapes) and all(r.blocked for r in escapes) and not self.stray_connections


def run_airgap_selftest(listener: ProbeListener) -> AirGapSelftest:
    """Seal this process as the app does (unless it is already), then the guard's probes
    and the escapes here and in a fresh worker process that seals itself the same way."""
    from desktop.policy import network_sealed, seal_process

    sealed = network_sealed("app")
    if sealed is None or installed_guard() is None:
        sealed = seal_process("app")[0]
    results = run_probes("app") + run_escapes("app", listener.target, listener)
    worker_sealed, worker_results = _worker_results(listener.target, seal_os=True)
    stray = listener.take()
    seals = [sealed] + ([worker_sealed] if worker_sealed is not None else [])
    return AirGapSelftest(seals, results + worker_results, stray)


def report(results: list[ProbeResult]) -> str:
    lines = [f"{_verdict(r):<9}{r.process:<8}{r.probe}: {r.detail}" for r in results]
    ran = [r for r in results if r.ran]
    allowed = [r for r in ran if not r.blocked]
    skipped = len(results) - len(ran)
    if not ran:
        lines.append("No probes ran.")
    elif allowed:
        lines.append(f"{len(allowed)} of {len(ran)} probes were NOT blocked.")
    else:
        processes = " and ".join(dict.fromkeys(r.process for r in results))
        lines.append(f"All {len(ran)} probes were blocked ({processes}).")
    if skipped:
        lines[-1] += f" {skipped} could not run here (that route does not exist here)."
    return "\n".join(lines)


def _verdict(result: ProbeResult) -> str:
    if not result.ran:
        return "SKIPPED"
    return "BLOCKED" if result.blocked else "ALLOWED"


def enforcement_report(selftest: AirGapSelftest) -> str:
    """The OS's part, in one or more lines: "enforced by the OS" or "only guarded"."""
    lines = [f"  {seal.process}: {seal.state}: {seal.detail}" for seal in selftest.seals]
    if selftest.stray_connections:
        lines.append(
            f"  {selftest.stray_connections} connection(s) from the worker reached the listener."
        )
    if selftest.enforced and selftest.escapes_blocked:
        head = "Network: enforced by the OS in the app and its worker (every escape refused)."
    elif selftest.enforced:
        head = "Network: the OS filter is in place, but some escapes were NOT refused."
    else:
        head = "Network: only guarded (the OS does not enforce it here; the escapes show how)."
    return "\n".join([head, *lines])

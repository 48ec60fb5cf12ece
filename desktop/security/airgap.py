"""The air-gap guard: an audit hook that refuses every network access it can see, and records it.

`install()` adds a `sys.addaudithook` hook. Audit hooks cannot be removed, but Python code in
the same process can still make this one do nothing (see the end): it is a tripwire that
records and shows attempts, not a wall. The GUI process and the inference worker each install
it first thing, right after the OS filter (Linux).

What it refuses:
- `socket.connect` / `bind` / `sendto` / `sendmsg` on any socket that is not AF_UNIX
  (AF_UNIX stays open: multiprocessing pipes between the app and its worker use it);
- every name lookup (`getaddrinfo`, `gethostbyname`, `gethostbyaddr`, `getnameinfo`): a DNS
  query is network traffic too;
- importing Qt modules whose C++ does its own networking, which no audit hook can see.

The firm-server gateway (issue 23) installs it with `Destinations`: lookups of the pinned
host names and connects to the addresses they resolved to, on the pinned ports, pass; all the
rest is refused as above.

What it cannot see: code that already had a connected socket before `install()`, C/C++ code
that calls the OS directly (ctypes, extension modules, Qt's C++), and a host name given
straight to `connect`/`sendto`/`bind`, which CPython resolves *before* it raises the audit
event (the connection is still refused, but the DNS query has gone out).

It is a tripwire, not a wall: Python code in the process can rebind its sets or replace its
hook's code. The wall is the OS's (`desktop.sandbox.network`): on Linux a seccomp filter
refuses every socket but AF_UNIX to this process and all it starts (macOS: Seatbelt; Windows:
the installer's firewall rules). Where that wall is in place the guard
also records each refused socket creation (the kernel then refuses it), and every record says
whether the process is "enforced by the OS" or "guarded, not enforced".
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from desktop.core.events import NetworkBlocked, air_gap_state
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.sandbox import network

# Sockets whose use is refused unless they are AF_UNIX; the first audit argument is the socket.
SOCKET_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
# Name resolution, refused always. (Python 3.11 raises "socket.gethostbyname" for
# gethostbyname_ex too; the _ex name is listed in case a later version names it.)
LOOKUP_EVENTS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)
# Qt modules that network in C++, where the audit hook cannot follow: they must never load.
# QtQml and QtQuick* are here because their native libraries link libQt6Network (QML loads
# remote URLs); Cloister's UI is Qt Widgets and needs none of them.
BANNED_MODULES = (
    "PySide6.QtNetwork",  # and QtNetworkAuth
    "PySide6.QtWebEngine",  # QtWebEngineCore, QtWebEngineWidgets, QtWebEngineQuick
    "PySide6.QtWebSockets",
    "PySide6.QtWebView",
    "PySide6.QtHttpServer",
    "PySide6.QtRemoteObjects",
    "PySide6.QtQml",
    "PySide6.QtQuick",
)
# Frames skipped when naming the caller: the plumbing between the caller and the socket.
PLUMBING_MODULES = frozenset({"socket", "ssl", "selectors", "asyncio", "http", "urllib"})
PLUMBING_MODULES |= {"email", "importlib", __name__}
PLUMBING_PACKAGES = ("asyncio.", "http.", "urllib.", "email.", "importlib.")
AF_UNIX = getattr(socket, "AF_UNIX", None)  # missing on some Windows builds


class AirGapViolation(PermissionError):
    """A network access refused in air-gapped mode.

    An OSError, so code that handles network failures handles this one too (urllib wraps it
    in a URLError whose `reason` is this exception).
    """


class AirGapImportError(ImportError):
    """A Qt networking module refused in air-gapped mode."""


# What a refused caller is told (the window shows it in the user's language).
NOT_LOADED = QT_TRANSLATE_NOOP(
    "AirGap",
    "Cloister is in air-gapped mode: {target} cannot be loaded "
    "(Qt's own networking is out of the guard's reach)",
)
BLOCKED = QT_TRANSLATE_NOOP(
    "AirGap", "Cloister is in air-gapped mode: network access is blocked ({operation} to {target})"
)

# What a refusal records: the engine event the worker sends and the app audits, as is.
BlockedAttempt = NetworkBlocked


@dataclass
class Destinations:
    """The one network a sealed process may use: name lookups of `hosts`, and TCP connects to
    the addresses those names resolved to (`resolve`) on `ports`."""

    hosts: frozenset[str]
    ports: frozenset[int]
    addresses: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, endpoints: Iterable[tuple[str, int]]) -> Destinations:
        pairs = list(endpoints)
        allowed = cls(frozenset(h.casefold() for h, _ in pairs), frozenset(p for _, p in pairs))
        for host, _ in pairs:
            if (literal := _ip(host)) is not None:
                allowed.addresses.add(literal)
        return allowed

    def resolve(self, host: str, port: int) -> None:
        """Look `host` up (allowed: it is pinned) and allow connects to what it resolves to."""
        if host.casefold() not in self.hosts:
            return
        for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            if (address := _ip(str(sockaddr[0]))) is not None:
                self.addresses.add(address)

    def allows_lookup(self, host: object) -> bool:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        return isinstance(host, str) and host.casefold() in self.hosts

    def allows_connect(self, address: object) -> bool:
        if not (isinstance(address, tuple) and len(address) >= 2):
            return False
        host, port = address[0], address[1]
        return (
            isinstance(host, str)
            and port in self.ports
            and (ip := _ip(host)) is not None
            and ip in self.addresses
        )


def _ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.split("%", 1)[0]))
    except ValueError:
        return None


class AirGapGuard:
    """Records refusals and tells listeners. Created by `install()`, one per process."""

    def __init__(self, process: str, destinations: Destinations | None = None) -> None:
        self.process = process
        self.destinations = destinations  # what passes (the gateway); None: nothing
        self._attempts: list[BlockedAttempt] = []
        self._listeners: list[Callable[[BlockedAttempt], None]] = []
        # Re-entrant: a listener may itself try the network (and is refused, unrecorded).
        # Listeners are called under the lock so each sees every attempt once, in order.
        self._lock = threading.RLock()
        self._local = threading.local()  # .busy: this thread is recording a refusal

    def attempts(self) -> list[BlockedAttempt]:
        with self._lock:
            return list(self._attempts)

    def subscribe(self, listener: Callable[[BlockedAttempt], None]) -> None:
        """Replay every earlier attempt to `listener`, then call it for each new one.

        New attempts arrive on whichever thread made them. A listener that raises is ignored.
        """
        with self._lock:
            self._listeners.append(listener)
            for attempt in self._attempts:
                _call(listener, attempt)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        # Thousands of unrelated events (and sys._getframe, raised by our own caller lookup)
        # must cost one comparison and never raise.
        if event == "import":
            name = args[0] if args else None
            if isinstance(name, str) and name.startswith(BANNED_MODULES):
                self._refuse(event, name, "", AirGapImportError)
        elif event.startswith("socket."):
            if event in SOCKET_EVENTS:
                sock = args[0]
                family = getattr(sock, "family", None)
                if AF_UNIX is None or family != AF_UNIX:
                    address = args[1] if len(args) > 1 else None
                    if address is None:  # sendmsg on a connected socket
                        address = _peer(sock)
                    allowed = self.destinations
                    if event == "socket.connect" and allowed and allowed.allows_connect(address):
                        return
                    self._refuse(event, _address(address), _family_name(family), AirGapViolation)
            elif event in LOOKUP_EVENTS:
                allowed = self.destinations
                lookup = event == "socket.getaddrinfo" and allowed and args
                if lookup and allowed.allows_lookup(args[0]):  # type: ignore[union-attr]
                    return
                self._refuse(event, _lookup_target(event, args), _lookup_family(event, args))
            elif event == "socket.__new__" and self.destinations is None:
                self._note_socket(args)  # (the gateway's OS filter allows TCP sockets)

    def _note_socket(self, args: tuple[Any, ...]) -> None:
        """Under the OS filter, record a network socket's creation; the kernel refuses it.

        (-1 is a socket wrapped around an existing descriptor: nothing new is opened.)
        """
        family = args[1] if len(args) > 1 else None
        if family in (AF_UNIX, -1, None) or not _os_enforced():
            return
        kind = _type_name(args[2] if len(args) > 2 else None)
        if not getattr(self._local, "busy", False):
            self._local.busy = True
            try:
                with suppress(Exception):
                    self._record("socket.__new__", kind, _family_name(family))
            finally:
                self._local.busy = False

    def _refuse(
        self,
        operation: str,
        target: str,
        family: str,
        error: type[Exception] = AirGapViolation,
    ) -> None:
        """Record the attempt, tell the listeners, then raise: the raise always happens."""
        if operation == "import":
            message = words(NOT_LOADED, target=target)
        else:
            message = words(BLOCKED, operation=operation, target=target)
        if not getattr(self._local, "busy", False):  # not already inside a refusal
            self._local.busy = True
            try:
                with suppress(Exception):  # recording must never stop the refusal
                    self._record(operation, target, family)
            finally:
                self._local.busy = False
        raise error(message)

    def _record(self, operation: str, target: str, family: str) -> None:
        attempt = BlockedAttempt(
            operation=operation,
            target=target,
            family=family,
            caller=_caller(),
            process=self.process,
            thread=threading.current_thread().name,
            at=utc_millis(),
            enforcement=air_gap_state(_os_enforced()),
        )
        with self._lock:
            self._attempts.append(attempt)
            for listener in self._listeners:
                _call(listener, attempt)


def _call(listener: Callable[[BlockedAttempt], None], attempt: BlockedAttempt) -> None:
    with suppress(Exception):  # a broken listener must not break the guard
        listener(attempt)


def _address(address: object) -> str:
    """("203.0.113.7", 80) -> "203.0.113.7:80"; IPv6 hosts in brackets."""
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = "" if host is None else str(host)
        if ":" in host:
            host = f"[{host}]"
        return f"{host}:{address[1]}"
    if isinstance(address, bytes):
        return address.decode("ascii", "replace")
    return "" if address is None else str(address)


def _peer(sock: object) -> object:
    try:
        return sock.getpeername()  # type: ignore[attr-defined]
    except Exception:  # not connected, or not a socket
        return None


def _family_name(family: object) -> str:
    if family is None:
        return ""
    try:
        return socket.AddressFamily(family).name
    except ValueError:
        return str(family)


def _os_enforced() -> bool:
    seal = network.sealed()
    return seal is not None and seal.enforced


def _type_name(kind: object) -> str:
    if not isinstance(kind, int):
        return ""
    try:
        return socket.SocketKind(kind & 0xF).name  # without SOCK_NONBLOCK / SOCK_CLOEXEC
    except ValueError:
        return str(kind)


def _lookup_target(event: str, args: tuple[Any, ...]) -> str:
    if not args:
        return ""
    if event == "socket.getaddrinfo":  # (host, port, family, type, proto)
        return _address(args[:2])
    return _address(args[0])  # a host name, an IP address, or getnameinfo's sockaddr


def _lookup_family(event: str, args: tuple[Any, ...]) -> str:
    if event == "socket.getaddrinfo" and len(args) > 2 and args[2]:
        return _family_name(args[2])
    return ""  # AF_UNSPEC, or the call does not say


def _caller() -> str:
    """The first frame outside the networking plumbing and this module."""
    frame: FrameType | None = sys._getframe(1)
    outermost = None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not (module in PLUMBING_MODULES or module.startswith(PLUMBING_PACKAGES)):
            return _where(frame, module)
        outermost = frame
        frame = frame.f_back
    return _where(outermost, outermost.f_globals.get("__name__", "")) if outermost else ""


def _where(frame: FrameType, module: str) -> str:
    code = frame.f_code
    return f"{module}.{code.co_qualname} ({code.co_filename}:{frame.f_lineno})"


_guard: AirGapGuard | None = None
_install_lock = threading.Lock()


def install(process: str, destinations: Destinations | None = None) -> AirGapGuard:
    """Install the guard in this process for good; a second call returns the same guard.
    `destinations`: the only network let through (the firm-server gateway)."""
    global _guard
    with _install_lock:
        if _guard is None:
            guard = AirGapGuard(process, destinations)
            sys.addaudithook(guard._hook)
            _guard = guard
        return _guard


def installed_guard() -> AirGapGuard | None:
    return _guard

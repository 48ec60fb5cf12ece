"""The ways around the Python guard, tried against a real listener on 127.0.0.1.

Each probe is a route that reached a TCP listener from an air-gapped Cloister before the OS
closed the network (issue 18): libc's connect() and getaddrinfo() through ctypes, curl and
Python run by subprocess, bash's /dev/tcp run by os.system, a multiprocessing spawn child,
listen() without bind(), QtNetwork imported under another name, and the guard tampered with
before a socket. Two more try the filter's own edges: an x32 system call and io_uring.

A probe is blocked when it did not connect and nothing reached the listener; it was refused
by the OS when it saw EPERM or EACCES from the kernel (curl alone never says why it could not
connect). The listener is opened before the process is sealed (a sealed process cannot open
one); the tests run theirs in the test process.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import importlib
import importlib.util
import multiprocessing
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

OS_REFUSALS = (errno.EPERM, errno.EACCES)
TIMEOUT = 5  # seconds, for a probe that does get through to a listener that never answers
CHILD_TIMEOUT = 60  # seconds for a spawn child to start and report
PROBE_NAME = "cloister-airgap-probe.example.com"  # not in /etc/hosts: a lookup goes to DNS

Target = tuple[str, int]  # an IPv4 listener: ("127.0.0.1", port)


@dataclass(frozen=True)
class Seen:
    """What one probe saw."""

    reached: bool  # it connected, listened or resolved: the network was open to it
    os_refused: bool  # the kernel said EPERM or EACCES
    detail: str
    ran: bool = True  # False: the route does not exist here (no curl, no QtNetwork...)
    stopped: bool = False  # refused without an errno to show (the guard; curl)

    @property
    def blocked(self) -> bool:
        """Stopped before the network, by something that said so (a timeout is no block)."""
        return not self.ran or (not self.reached and (self.os_refused or self.stopped))


class ProbeListener:
    """A TCP listener on 127.0.0.1 that counts the connections that reach it.

    Open it before the process is sealed; `take()` accepts what is queued, without waiting:
    a connect() that succeeded has finished its handshake in the kernel already.
    """

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.setblocking(False)
        self.target: Target = self._socket.getsockname()[:2]
        self.connections = 0

    def take(self) -> int:
        """How many connections arrived since the last call."""
        arrived = 0
        while select.select([self._socket], [], [], 0)[0]:
            try:
                peer, _ = self._socket.accept()
            except BlockingIOError:
                break
            peer.close()
            arrived += 1
        self.connections += arrived
        return arrived

    def close(self) -> None:
        self._socket.close()


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _c_errno() -> int:
    """The C library's errno for this thread, as the last libc call left it: os.system()
    raises nothing when it cannot start the shell (glibc returns "exit status 127")."""
    location = _libc().__errno_location
    location.restype = ctypes.POINTER(ctypes.c_int)
    return int(location().contents.value)


def _errno_seen(call: str, number: int) -> Seen:
    name = errno.errorcode.get(number, str(number))
    refused = number in OS_REFUSALS
    prefix = "refused by the OS" if refused else "failed"
    return Seen(False, refused, f"{call} {prefix}: {name} ({os.strerror(number)})")


def _oserror_seen(call: str, error: OSError) -> Seen:
    if error.errno is None:  # not the kernel: the guard (AirGapViolation) or Python itself
        return Seen(False, False, f"{call} refused: {error}", stopped=_by_guard(error))
    return _errno_seen(call, error.errno)


def _by_guard(error: BaseException) -> bool:
    from desktop.security.airgap import AirGapImportError, AirGapViolation

    return isinstance(error, AirGapViolation | AirGapImportError)


def _sockaddr_in(target: Target) -> bytes:
    host, port = target
    return struct.pack("=H", socket.AF_INET) + struct.pack("!H", port) + _ipv4(host) + bytes(8)


def _ipv4(host: str) -> bytes:
    return bytes(int(part) for part in host.split("."))


NO_LIBC = Seen(False, False, "no C library to call here (Windows)", ran=False)


def ctypes_connect(target: Target) -> Seen:
    if os.name != "posix":
        return NO_LIBC
    libc = _libc()
    fd = libc.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
    if fd < 0:
        return _errno_seen("socket()", ctypes.get_errno())
    try:
        address = _sockaddr_in(target)
        if libc.connect(fd, address, len(address)) == 0:
            return Seen(True, False, f"connected to {target[0]}:{target[1]}")
        return _errno_seen("connect()", ctypes.get_errno())
    finally:
        libc.close(fd)


def ctypes_getaddrinfo(_target: Target) -> Seen:
    """glibc's resolver, reached without Python's socket module (no audit event)."""
    if os.name != "posix":
        return NO_LIBC
    libc = _libc()
    libc.gai_strerror.restype = ctypes.c_char_p
    result = ctypes.c_void_p()
    before = os.environ.get("RES_OPTIONS")
    os.environ["RES_OPTIONS"] = "timeout:1 attempts:1"  # no long wait if a query does go out
    try:
        code = libc.getaddrinfo(PROBE_NAME.encode(), None, None, ctypes.byref(result))
    finally:
        if before is None:
            os.environ.pop("RES_OPTIONS", None)
        else:
            os.environ["RES_OPTIONS"] = before
    if code == 0:
        libc.freeaddrinfo(result)
        return Seen(True, False, f"{PROBE_NAME} was resolved")
    why = libc.gai_strerror(code).decode(errors="replace")
    # getaddrinfo does not pass the errno on; the resolver's own socket shows why it failed.
    fd = libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
    if fd >= 0:
        libc.close(fd)
        return Seen(False, False, f"getaddrinfo failed ({why}), but DNS sockets are open")
    seen = _errno_seen("the resolver's DNS socket", ctypes.get_errno())
    return Seen(False, seen.os_refused, f"getaddrinfo failed ({why}): {seen.detail}")


def _child_environment() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C"}  # English error messages


def subprocess_curl(target: Target) -> Seen:
    curl = shutil.which("curl")
    if curl is None:
        return Seen(False, False, "curl is not installed here", ran=False)
    url = f"http://{target[0]}:{target[1]}/"
    done = subprocess.run(
        [curl, "-sS", "--max-time", str(TIMEOUT), "-o", os.devnull, url],
        capture_output=True,
        text=True,
        env=_child_environment(),
        timeout=TIMEOUT * 4,
    )
    said = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if done.returncode == 7:  # CURLE_COULDNT_CONNECT to a listener that is there: refused
        return Seen(False, False, f"curl could not connect (exit 7: {said})", stopped=True)
    return Seen(True, False, f"curl got through (exit {done.returncode}: {said})")


CHILD_CONNECT = """
import socket, sys
try:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect((sys.argv[1], int(sys.argv[2])))
    print("connected")
except OSError as error:
    print("errno", error.errno, error)
"""


def subprocess_python(target: Target) -> Seen:
    frozen = getattr(sys, "frozen", False)  # the bundle's executable is Cloister itself
    python = shutil.which("python3") if frozen and os.name == "posix" else None
    python = sys.executable if not frozen else python
    if python is None:
        return Seen(False, False, "no Python interpreter to run here", ran=False)
    done = subprocess.run(
        [python, "-I", "-c", CHILD_CONNECT, target[0], str(target[1])],
        capture_output=True,
        text=True,
        env=_child_environment(),
        timeout=CHILD_TIMEOUT,
    )
    said = done.stdout.strip() or done.stderr.strip()
    if said == "connected":
        return Seen(True, False, "a new Python process connected")
    parts = said.split()
    if len(parts) >= 2 and parts[0] == "errno" and parts[1].isdigit():
        return _errno_seen("a new Python process's socket", int(parts[1]))
    return Seen(False, False, f"a new Python process failed: {said[-200:]}")


def os_system_bash(target: Target) -> Seen:
    bash = shutil.which("bash") if os.name == "posix" else None  # not WSL's bash.exe
    if bash is None:
        return Seen(False, False, "bash is not installed here", ran=False)
    with tempfile.TemporaryDirectory() as folder:
        errors = os.path.join(folder, "stderr")
        command = f"exec 3<>/dev/tcp/{target[0]}/{target[1]}"
        status = os.system(f"LC_ALL=C {bash} -c '{command}' 2>{errors}")
        number = _c_errno()  # read at once: why system() could not start a shell, if so
        if not os.path.exists(errors):  # the shell never ran (it makes the file): a cage
            return _errno_seen("os.system() starting a shell", number)
        with open(errors, encoding="utf-8", errors="replace") as file:
            said = " ".join(file.read().split())
    if status == 0:
        return Seen(True, False, "bash opened /dev/tcp")
    refused = "Operation not permitted" in said or "Permission denied" in said
    prefix = "refused by the OS" if refused else "failed"
    return Seen(False, refused, f"bash /dev/tcp {prefix}: {said}")


def _child_connect(connection: Connection, target: Target) -> None:
    """A spawn child that installs nothing: only what it inherited can stop it."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(TIMEOUT)
            sock.connect(target)
        connection.send(("connected", None))
    except OSError as error:
        connection.send(("error", error.errno, str(error)))
    finally:
        connection.close()


def end_child(pipe: Connection, child: multiprocessing.process.BaseProcess) -> None:
    """Close our end of its pipe, give it 5 s to leave, then kill it: never a hang."""
    pipe.close()
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()


def multiprocessing_child(target: Target) -> Seen:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_child_connect, args=(theirs, target), daemon=True)
    # The worker is a daemonic process, which multiprocessing forbids to have children; one
    # line of Python lifts that, so the probe does it too.
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemonic = config.get("daemon")
    config["daemon"] = False
    try:
        child.start()
    finally:
        config["daemon"] = daemonic
    theirs.close()
    try:
        answer = ours.recv() if ours.poll(CHILD_TIMEOUT) else None
    except EOFError:
        answer = None
    finally:
        end_child(ours, child)
    if answer is None:
        return Seen(False, False, f"the spawn child did not report (exit code {child.exitcode})")
    if answer[0] == "connected":
        return Seen(True, False, "a spawn child connected")
    if answer[1] is None:
        return Seen(False, False, f"a spawn child's socket was refused: {answer[2]}")
    return _errno_seen("a spawn child's socket", answer[1])


def listen_without_bind(_target: Target) -> Seen:
    """listen() on an unbound socket binds it to 0.0.0.0 and a free port: no bind event."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.listen()
            host, port = sock.getsockname()[:2]
    except OSError as error:
        return _oserror_seen("socket() for listen()", error)
    return Seen(True, False, f"listening on {host}:{port}")


_qt_application = None  # QtNetwork needs a QCoreApplication; kept alive for the process


def renamed_qtnetwork(target: Target) -> Seen:
    """PySide6.QtNetwork loaded as another module, which the guard's name check misses."""
    global _qt_application
    try:
        spec = importlib.util.find_spec("PySide6.QtNetwork")
    except ImportError:
        spec = None
    if spec is None or spec.origin is None:
        return Seen(False, False, "PySide6.QtNetwork is not in this installation", ran=False)
    renamed = importlib.util.spec_from_file_location("cloister_probe.QtNetwork", spec.origin)
    assert renamed is not None
    network = importlib.util.module_from_spec(renamed)  # runs PyInit_QtNetwork
    renamed.loader.exec_module(network)  # type: ignore[union-attr]
    qt_core = importlib.import_module("PySide6.QtCore")
    if qt_core.QCoreApplication.instance() is None:
        _qt_application = qt_core.QCoreApplication([])
    sock = network.QTcpSocket()
    try:
        sock.connectToHost(target[0], target[1])
        if sock.waitForConnected(TIMEOUT * 1000):
            return Seen(True, False, "QTcpSocket connected")
        error = sock.error()
        refused = error == network.QAbstractSocket.SocketError.SocketAccessError
        prefix = "refused by the OS" if refused else "failed"
        return Seen(False, refused, f"QTcpSocket {prefix}: {error.name} ({sock.errorString()})")
    finally:
        sock.abort()


def _silent_hook(self: object, event: str, args: tuple[object, ...]) -> None:
    return None


def tampered_guard(target: Target) -> Seen:
    """What two lines of Python do to the guard, then a plain socket. Undone afterwards."""
    from desktop.security import airgap

    saved = (airgap.SOCKET_EVENTS, airgap.LOOKUP_EVENTS, airgap.AirGapGuard._hook.__code__)
    note = "the guard's sets emptied and its hook's code replaced"
    try:
        try:
            airgap.SOCKET_EVENTS = frozenset()
            airgap.LOOKUP_EVENTS = frozenset()
            airgap.AirGapGuard._hook.__code__ = _silent_hook.__code__
        except Exception as error:  # a guard that defends itself
            note = f"tampering refused ({error})"
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.settimeout(TIMEOUT)
                sock.connect(target)
        except OSError as error:
            seen = _oserror_seen("then socket()", error)
            return Seen(False, seen.os_refused, f"{note}; {seen.detail}")
        return Seen(True, False, f"{note}; then connected")
    finally:
        airgap.SOCKET_EVENTS, airgap.LOOKUP_EVENTS = saved[0], saved[1]
        with contextlib.suppress(Exception):
            airgap.AirGapGuard._hook.__code__ = saved[2]


def x32_syscall(_target: Target) -> Seen:
    """socket() through the x32 ABI (bit 30 of the number), which a naive filter misses."""
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        return Seen(False, False, "x32 exists on x86-64 Linux only", ran=False)
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    fd = libc.syscall(
        ctypes.c_long(0x40000000 | 41),
        ctypes.c_long(socket.AF_INET),
        ctypes.c_long(socket.SOCK_STREAM),
        ctypes.c_long(0),
    )
    if fd >= 0:
        libc.close(int(fd))
        return Seen(True, False, "an x32 socket() opened a network socket")
    number = ctypes.get_errno()
    if number == errno.ENOSYS:
        return Seen(False, False, "this kernel has no x32 system calls", ran=False)
    return _errno_seen("x32 socket()", number)


def io_uring(_target: Target) -> Seen:
    """io_uring can open sockets without the socket() system call."""
    if sys.platform != "linux":
        return Seen(False, False, "io_uring exists on Linux only", ran=False)
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    params = ctypes.create_string_buffer(120)  # struct io_uring_params, zeroed
    fd = libc.syscall(ctypes.c_long(425), ctypes.c_long(8), params)
    if fd >= 0:
        libc.close(int(fd))
        return Seen(True, False, "io_uring_setup() worked: io_uring can open sockets")
    number = ctypes.get_errno()
    if number == errno.ENOSYS:
        return Seen(False, False, "io_uring is not in this kernel", ran=False)
    return _errno_seen("io_uring_setup()", number)


ESCAPES: list[tuple[str, Callable[[Target], Seen]]] = [
    ("ctypes connect() (libc)", ctypes_connect),
    ("ctypes getaddrinfo() (libc)", ctypes_getaddrinfo),
    ("subprocess: curl", subprocess_curl),
    ("subprocess: python", subprocess_python),
    ("os.system: bash /dev/tcp", os_system_bash),
    ("multiprocessing spawn child", multiprocessing_child),
    ("listen() without bind()", listen_without_bind),
    ("QtNetwork under another name", renamed_qtnetwork),
    ("x32 system call", x32_syscall),
    ("io_uring", io_uring),
    ("guard tampered, then socket()", tampered_guard),  # last: it touches the guard
]


def try_escape(probe: Callable[[Target], Seen], target: Target) -> Seen:
    """Run one probe; an exception is what happened, never a crash of the self-test."""
    from desktop.security.airgap import AirGapImportError, AirGapViolation

    try:
        return probe(target)
    except (AirGapViolation, AirGapImportError) as error:
        return Seen(False, False, f"refused by the guard: {error}", stopped=True)
    except OSError as error:
        return _oserror_seen("the probe", error)
    except Exception as error:
        return Seen(False, False, f"failed: {type(error).__name__}: {error}")

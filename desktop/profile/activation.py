"""The running app's "show yourself" channel: a second start on the same profile asks the
first to bring its window to the front, then exits.

`multiprocessing.connection`, no Qt networking: an AF_UNIX socket on POSIX (the air-gap
guard lets AF_UNIX through; it is how the app talks to its model worker too), a named pipe on
Windows (no socket at all). Callers must know the 256-bit key from the holder file, which
only the user can read; the socket itself sits in a 0700 folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from multiprocessing import AuthenticationError
from multiprocessing.connection import (
    Client,
    Listener,
    answer_challenge,
    deliver_challenge,
)
from pathlib import Path

from desktop.profile.holder import Holder

SOCKET_NAME = "instance.sock"
MAX_SOCKET_PATH = 100  # bytes; sun_path holds 108 on Linux, 104 on macOS
TEMP_PREFIX = "cloister-"  # a private temp folder for the socket when the profile's path is long
ANSWER_SECONDS = 30.0  # the listener answers at once; this only bounds a wedged one
SHOW = "show"  # requests are "show PID" / "stop PID", in bytes: nothing is unpickled
STOP = "stop"
ANSWER = b"ok"
CLOSING = b"closing"
MAX_REQUEST = 64
MAX_FAILURES = 100


def open_listener(base: Path, authkey: bytes, on_show: Callable[[int], bool]) -> ActivationListener:
    """Listen in the profile folder, or in a private temp folder when its path is too long for
    a socket or its file system takes none (some network shares)."""
    if os.name == "nt":  # pragma: no cover - Windows
        return ActivationListener(
            rf"\\.\pipe\{TEMP_PREFIX}{secrets.token_hex(16)}", authkey, on_show
        )
    path = base / SOCKET_NAME
    if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
        with contextlib.suppress(OSError):
            return ActivationListener(str(path), authkey, on_show)
    folder = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))  # 0700, random name
    return ActivationListener(str(folder / "s"), authkey, on_show)


def discard_address(address: str) -> None:
    """Remove what a crashed app left of its socket (never anything else)."""
    if os.name == "nt" or not address:
        return
    path = Path(address)
    with contextlib.suppress(OSError):
        path.unlink()
    folder = path.parent
    if folder.name.startswith(TEMP_PREFIX) and folder.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(folder, ignore_errors=True)


class ActivationListener:
    """Answers "show yourself" on a thread of its own.

    `on_show(pid)` runs on that thread; False means the app is closing (the caller then waits
    for the profile instead).
    """

    def __init__(self, address: str, authkey: bytes, on_show: Callable[[int], bool]) -> None:
        self.address = address
        self._authkey = authkey
        self._on_show = on_show
        self._closing = False
        if os.name != "nt":
            with contextlib.suppress(FileNotFoundError):  # a crashed app's socket
                os.unlink(address)
        self._listener = Listener(address)  # the key is checked per caller, below
        self._thread = threading.Thread(target=self._serve, name="cloister-activation", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        failures = 0  # in a row: a broken listener must not spin for ever
        while failures < MAX_FAILURES:
            try:
                conn = self._listener.accept()
            except OSError:
                failures += 1
                continue
            failures = 0
            with conn:
                try:
                    deliver_challenge(conn, self._authkey)
                    answer_challenge(conn, self._authkey)
                    request, _, pid = conn.recv_bytes(MAX_REQUEST).decode("ascii").partition(" ")
                    if request == STOP:  # only our own close() has the key and says this
                        conn.send_bytes(ANSWER)
                        return
                    shown = request == SHOW and not self._closing and self._on_show(int(pid))
                    conn.send_bytes(ANSWER if shown else CLOSING)
                except Exception:  # no key, a bad request, a failing handler: next caller
                    continue

    def close(self) -> None:
        """Stop answering: the thread is woken by a last request of our own."""
        self._closing = True
        if self._thread.is_alive():
            with contextlib.suppress(Exception):
                _request(self.address, self._authkey, STOP)
            self._thread.join(ANSWER_SECONDS)
        with contextlib.suppress(OSError):  # its socket file is already gone
            self._listener.close()
        discard_address(self.address)


def ask_to_show(holder: Holder) -> bool:
    """Ask the app that `holder` describes to show its window; False if it did not answer."""
    try:
        return _request(holder.address, bytes.fromhex(holder.authkey), SHOW)
    except (OSError, EOFError, ValueError, AuthenticationError):  # gone, closing, not yet
        return False  # listening, or another app that took the same socket path


def _request(address: str, authkey: bytes, request: str) -> bool:
    with Client(address) as conn:
        if not conn.poll(ANSWER_SECONDS):  # a listener that stopped accepting never speaks
            return False
        answer_challenge(conn, authkey)
        deliver_challenge(conn, authkey)
        conn.send_bytes(f"{request} {os.getpid()}".encode("ascii"))
        return conn.poll(ANSWER_SECONDS) and conn.recv_bytes(MAX_REQUEST) == ANSWER

"""A secret typed at the terminal without echo (POSIX), with a Ctrl-C that always lands.

`getpass` blocks the main thread in read() on the terminal. Ctrl-C makes the kernel send
SIGINT to the process, and any of its threads may take it (numpy's OpenBLAS threads are
there once numpy is imported): Python's C handler then only notes it, and the main thread
stays blocked in read() until a key is pressed. It was seen: one loaded test run in about
twenty hung at the prompt after Ctrl-C. Here the main thread waits on the terminal and on
Python's signal wakeup pipe together, which the C handler writes to from whichever thread
took the signal; once awake, Python raises KeyboardInterrupt in the main thread as usual.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
from collections.abc import Iterator

MAX_LINE = 4096  # a canonical-mode terminal line is never longer


class NoTerminal(Exception):
    """No controlling terminal, or not the main thread: the caller uses getpass."""


def read_secret(prompt: str) -> str | None:
    """The line typed (not echoed), or None at end of input (Ctrl-D)."""
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        raise NoTerminal(str(exc)) from exc
    try:
        with _wakeup_pipe() as wakeup, _echo_off(tty):
            os.write(tty, prompt.encode())
            line = _read_line(tty, wakeup)
            if line is not None:
                os.write(tty, b"\n")  # the Enter the user typed was not echoed either
            return line
    finally:
        os.close(tty)


def _read_line(tty: int, wakeup: int) -> str | None:
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([tty, wakeup], [], [])
        if wakeup in ready:
            os.read(wakeup, 512)  # a signal: its Python handler runs as this returns
            continue
        chunk = os.read(tty, MAX_LINE)
        if not chunk:  # Ctrl-D at the start of a line
            return None if not line else line.decode("utf-8", "replace")
        line += chunk
    return line[:-1].decode("utf-8", "replace").rstrip("\r")


@contextlib.contextmanager
def _wakeup_pipe() -> Iterator[int]:
    read_end, write_end = os.pipe()
    for end in (read_end, write_end):
        os.set_blocking(end, False)
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except ValueError as exc:  # not the main thread: signals are not ours to wait for
        os.close(read_end)
        os.close(write_end)
        raise NoTerminal(str(exc)) from exc
    try:
        yield read_end
    finally:
        signal.set_wakeup_fd(previous)
        os.close(read_end)
        os.close(write_end)


@contextlib.contextmanager
def _echo_off(tty: int) -> Iterator[None]:
    try:
        old = termios.tcgetattr(tty)
    except termios.error as exc:
        raise NoTerminal(str(exc)) from exc
    new = old[:]
    new[3] &= ~termios.ECHO  # lflags
    termios.tcsetattr(tty, termios.TCSAFLUSH, new)
    try:
        yield
    finally:
        termios.tcsetattr(tty, termios.TCSAFLUSH, old)

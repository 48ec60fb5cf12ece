"""Ask for a secret at the terminal without echo, reading Ctrl-C as a key.

`getpass` leaves the terminal to turn Ctrl-C into SIGINT. The kernel may hand that signal to any
thread of the process, and by the time a passphrase is asked numpy has started an OpenBLAS
thread: when that thread takes it, Python only notes the signal and the main thread stays
blocked in read() until another key comes (the rare hang of issue 17, reproduced by sending
SIGINT to that thread). Here the terminal's signal keys are off while the prompt waits, so
Ctrl-C arrives as byte 0x03 in the one thread that reads it, every time.
"""

from __future__ import annotations

import getpass
import os
import sys

INTERRUPT, END_OF_INPUT, BACKSPACE, DELETE, KILL_LINE = b"\x03", b"\x04", b"\x08", b"\x7f", b"\x15"


def ask_hidden(prompt: str) -> str | None:
    """What was typed; None for end of input (Ctrl-D on an empty line). Ctrl-C raises
    KeyboardInterrupt. Without a POSIX terminal, `getpass` does the asking."""
    if sys.platform == "win32":  # msvcrt.getwch reads Ctrl-C as a key already
        return _with_getpass(prompt)
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return _with_getpass(prompt)
    try:
        return read_hidden(fd, prompt)
    finally:
        os.close(fd)


def read_hidden(fd: int, prompt: str) -> str | None:
    """`ask_hidden` on an open terminal `fd`; its settings are restored however it ends."""
    import termios

    try:
        saved = termios.tcgetattr(fd)
    except termios.error:  # not a terminal after all
        return _with_getpass(prompt)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
    quiet[6][termios.VMIN], quiet[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSAFLUSH, quiet)
    try:
        os.write(fd, prompt.encode())
        line = _read_keys(fd)
        if line is not None:
            os.write(fd, b"\n")  # the Enter that was not echoed; giving up leaves it to the caller
        return line
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


def _read_keys(fd: int) -> str | None:
    """One line typed at `fd`, with the editing keys a cooked terminal offers."""
    line = bytearray()
    while True:
        key = os.read(fd, 1)
        if not key:  # the terminal hung up: no line was finished
            return None
        if key in (b"\n", b"\r"):
            return line.decode("utf-8", errors="replace")
        if key == INTERRUPT:
            raise KeyboardInterrupt
        if key == END_OF_INPUT:
            if not line:
                return None
        elif key in (BACKSPACE, DELETE):
            _drop_last_character(line)
        elif key == KILL_LINE:
            line.clear()
        else:
            line += key


def _drop_last_character(line: bytearray) -> None:
    """Remove one UTF-8 character: its continuation bytes (10xxxxxx), then its first byte."""
    while line and line[-1] & 0xC0 == 0x80:
        line.pop()
    if line:
        line.pop()


def _with_getpass(prompt: str) -> str | None:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return None

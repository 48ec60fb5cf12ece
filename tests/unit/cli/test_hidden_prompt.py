"""The passphrase prompt on a real pseudo-terminal: nothing echoed, the editing keys of a
cooked terminal, Ctrl-C and Ctrl-D as giving up, and the terminal's settings put back."""

from __future__ import annotations

import os
import select
import sys
import threading

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

if sys.platform != "win32":
    import pty
    import termios

    from desktop.cli.hidden_prompt import read_hidden


WAIT = 120  # seconds: a hang guard for a loaded machine, not a speed limit
PROMPT = b"Passphrase: "


@pytest.fixture
def terminal():
    """(keyboard, tty): what is written to `keyboard` is typed at `tty`."""
    keyboard, tty = pty.openpty()
    yield keyboard, tty
    os.close(keyboard)
    os.close(tty)


def ask(terminal, keys: bytes) -> tuple[object, bytes]:
    """The prompt's outcome (the line, None, or KeyboardInterrupt) and what the terminal showed,
    with `keys` typed once the prompt is shown (the prompt drops what was typed before it)."""
    keyboard, tty = terminal
    outcome: list[object] = []

    def prompt() -> None:
        try:
            outcome.append(read_hidden(tty, PROMPT.decode()))
        except KeyboardInterrupt:
            outcome.append(KeyboardInterrupt)

    asking = threading.Thread(target=prompt, daemon=True)
    asking.start()
    seen = b""
    while not seen.endswith(PROMPT):
        assert select.select([keyboard], [], [], WAIT)[0], f"no prompt; it showed {seen!r}"
        seen += os.read(keyboard, 4096)
    os.write(keyboard, keys)
    asking.join(WAIT)
    assert not asking.is_alive(), "the prompt is still waiting"
    while select.select([keyboard], [], [], 0)[0]:
        seen += os.read(keyboard, 4096)
    return outcome[0], seen


@pytest.mark.parametrize(
    ("keys", "line"),
    [
        (b"open sesame\r", "open sesame"),
        (b"open sesame\n", "open sesame"),
        ("caf\u00e9\u00e9\x7f!\r".encode(), "caf\u00e9!"),  # Backspace takes a whole character
        (b"wrong\x15right\r", "right"),  # Ctrl-U clears the line
        (b"ab\x08\x08\x08c\r", "c"),  # Backspace on an empty line does nothing
        (b"a\x04b\r", "ab"),  # Ctrl-D inside a line is not the end of input
        (b"\r", ""),
    ],
)
def test_a_line_is_read_without_echo(terminal, keys: bytes, line: str) -> None:
    assert ask(terminal, keys) == (line, PROMPT + b"\r\n")  # the prompt and Enter, no keys


def test_ctrl_d_on_an_empty_line_is_the_end_of_input(terminal) -> None:
    assert ask(terminal, b"\x04") == (None, PROMPT)


def test_ctrl_c_is_read_as_a_key_and_interrupts(terminal) -> None:
    """The terminal sends no SIGINT for it (a helper thread could take that and leave the prompt
    waiting); the prompt raises KeyboardInterrupt itself."""
    assert ask(terminal, b"half typ\x03") == (KeyboardInterrupt, PROMPT)


@pytest.mark.parametrize("keys", [b"secret\r", b"\x03", b"\x04"], ids=["line", "ctrl-c", "ctrl-d"])
def test_the_terminal_settings_are_put_back_however_the_prompt_ends(terminal, keys) -> None:
    before = termios.tcgetattr(terminal[1])
    ask(terminal, keys)
    assert termios.tcgetattr(terminal[1]) == before

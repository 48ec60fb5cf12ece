"""The same commands at a real terminal (a pseudo-terminal the command's session owns): the
passphrase is asked without echo and without warnings, asked again after a wrong answer, and
Ctrl-C or Ctrl-D at the prompt ends the command with one line, not a traceback."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

import pytest

from desktop.cli.exits import INTERRUPTED, NO_SECRET
from tests.unit.cli.cli_runs import NO_KEYCHAIN, PASSPHRASE, ROOT, SECRET_VARIABLES, make_profile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
PROMPT = "Cloister passphrase"
WAIT = 120  # seconds for the command to get to its next prompt on a loaded machine


class Session:
    """`python -m desktop ARGS` with a pseudo-terminal as its controlling terminal."""

    def __init__(self, *args: str) -> None:
        environ = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
        environ.update(PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND=NO_KEYCHAIN)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            try:
                os.chdir(ROOT)
                os.execve(sys.executable, [sys.executable, "-m", "desktop", *args], environ)
            finally:
                os._exit(127)
        self.seen = ""
        self.matched = 0  # where the text the last expect() found ends

    def expect(self, text: str) -> None:
        """Read what the terminal shows until `text` appears after the last text expected (one
        read may bring both, so the search starts there, not at the end of what was read)."""
        deadline = time.monotonic() + WAIT
        while (found := self.seen.find(text, self.matched)) < 0:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            assert ready, f"{text!r} never came; the terminal showed {self.seen!r}"
            chunk = self._read()
            assert chunk, f"the command ended before {text!r}; it showed {self.seen!r}"
        self.matched = found + len(text)

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def finish(self) -> int:
        """Everything up to the end; the exit code. A command that never ends fails with what
        it showed and where it waits (a hang guard, not a speed limit)."""
        deadline = time.monotonic() + WAIT
        while True:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            assert ready, f"the command never ended: {self._state()}; it showed {self.seen!r}"
            if not self._read():
                break
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def _state(self) -> str:
        """The child's state and kernel wait channel, for a hang's report."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text().splitlines()
            wchan = Path(f"/proc/{self.pid}/wchan").read_text()
        except OSError as exc:
            return f"no /proc view ({exc})"
        state = next((line for line in status if line.startswith("State:")), "State: ?")
        signals = [line for line in status if line.startswith(("SigPnd", "ShdPnd", "SigBlk"))]
        return f"{state}, waiting in {wchan or '?'}, {', '.join(signals)}"

    def _read(self) -> str:
        try:
            chunk = os.read(self.fd, 4096).decode(errors="replace")
        except OSError:  # EIO: the command closed the terminal
            chunk = ""
        self.seen += chunk
        return chunk


def test_the_terminal_asks_again_after_a_wrong_passphrase(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    session = Session("--basedir", str(paths.base), "audit", "export", str(tmp_path / "bundle"))
    session.expect(PROMPT)
    session.type("not it at all\n")
    session.expect("That passphrase is not right")
    session.expect(PROMPT)
    session.type(f"{PASSPHRASE}\n")
    assert session.finish() == 0, session.seen
    assert "Exported 6 records" in session.seen  # the wrong answer is in the log too
    assert PASSPHRASE not in session.seen and "not it at all" not in session.seen  # no echo
    assert "Warning" not in session.seen and "Traceback" not in session.seen


@pytest.mark.parametrize(
    ("key", "code", "message"),
    [("\x03", INTERRUPTED, "Interrupted."), ("\x04", NO_SECRET, "Not unlocked")],
    ids=["ctrl-c", "ctrl-d"],
)
def test_giving_up_at_the_prompt_ends_with_one_line(
    tmp_path: Path, key: str, code: int, message: str
) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    session = Session("--basedir", str(paths.base), "settings", "set", "export_allowed", "off")
    session.expect(PROMPT)
    session.type(key)
    assert session.finish() == code, session.seen
    assert message in session.seen
    assert "Traceback" not in session.seen
    assert not paths.preferences.exists()


def test_ctrl_c_at_the_prompt_is_a_key_the_prompt_reads(tmp_path: Path) -> None:
    """While the prompt waits, the terminal turns no key into a signal: a SIGINT could go to a
    helper thread (numpy's) and leave the prompt waiting, which hung one loaded run in twenty."""
    import termios

    paths, _ = make_profile(tmp_path / "profile")
    session = Session("--basedir", str(paths.base), "settings", "set", "export_allowed", "off")
    session.expect(PROMPT)
    local_modes = termios.tcgetattr(session.fd)[3]  # the pseudo-terminal's, seen from our side
    assert not local_modes & (termios.ISIG | termios.ECHO)
    session.type("\x03")
    assert session.finish() == INTERRUPTED, session.seen


@pytest.mark.parametrize(
    ("again", "code", "shown"),
    [
        ("admin passphrase 42", 0, '{"admin_passphrase_hash": "scrypt$'),
        ("admin passphrase 24", 2, "error: The two passphrases differ. Nothing was done."),
    ],
    ids=["same", "differs"],
)
def test_hash_passphrase_asks_twice_on_the_terminal(again: str, code: int, shown: str) -> None:
    session = Session("policy", "hash-passphrase")
    session.expect("Administrator passphrase: ")
    session.type("admin passphrase 42\n")
    session.expect("The same again: ")
    session.type(f"{again}\n")
    assert session.finish() == code, session.seen
    assert shown in session.seen
    assert "admin passphrase 4" not in session.seen  # not echoed

"""Where a command gets a secret: a file descriptor or an environment variable given to it,
else the terminal. Scripts, services and installers have no terminal; `getpass` without one
warns and reads standard input, or dies with EOFError, so the terminal is asked only when
there is one (`hidden_prompt`).

`desktop.cli.main` decides the sources once per run (`use_sources`); the commands that unlock
read them with `current_sources()`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from desktop.cli.exits import SecretError
from desktop.cli.hidden_prompt import ask_hidden

PASSPHRASE_ENV = "CLOISTER_PASSPHRASE"
RECOVERY_KEY_ENV = "CLOISTER_RECOVERY_KEY"
ADMIN_PASSPHRASE_ENV = "CLOISTER_ADMIN_PASSPHRASE"

UNLOCK_HELP = (
    "The passphrase comes from --passphrase-fd N (one line on that file descriptor; 0 is "
    f"standard input), else the environment variable {PASSPHRASE_ENV}, else the terminal "
    "asks; the recovery key likewise from --recovery-key-fd N or "
    f"{RECOVERY_KEY_ENV}. One given this way is tried once: a wrong one ends the command. "
    "With none of them and no terminal, the command stops and says how to give it."
)
ADMIN_HELP = (
    "The administrator passphrase (policy hash-passphrase) comes from --passphrase-fd N "
    "(one line; 0 is standard input), else the environment variable "
    f"{ADMIN_PASSPHRASE_ENV}, else the terminal asks for it twice."
)


@dataclass(frozen=True)
class GivenSecret:
    """A secret handed to the command, read when it is needed."""

    what: str  # "passphrase", "recovery key", "administrator passphrase"
    origin: str  # for messages: "CLOISTER_PASSPHRASE", "--passphrase-fd 3"
    fd: int | None = None
    value: str | None = None  # from the environment

    def read(self) -> str:
        text = self.value if self.fd is None else _read_line(self.fd, self.origin)
        if not text:
            raise SecretError(f"The {self.what} from {self.origin} is empty. Nothing was done.")
        return text


@dataclass(frozen=True)
class SecretSources:
    """What this run may read secrets from."""

    passphrase_fd: int | None = None
    recovery_key_fd: int | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    terminal: bool = False  # standard input is a terminal: ask there

    @classmethod
    def for_run(cls, args: argparse.Namespace | None = None) -> SecretSources:
        stdin = sys.stdin  # None in a Windows GUI build started without a console
        return cls(
            passphrase_fd=getattr(args, "passphrase_fd", None),
            recovery_key_fd=getattr(args, "recovery_key_fd", None),
            environ=dict(os.environ),
            terminal=stdin is not None and stdin.isatty(),
        )

    def passphrase(self, env: str = PASSPHRASE_ENV, what: str = "passphrase") -> GivenSecret | None:
        return self._given(what, self.passphrase_fd, "--passphrase-fd", env)

    def recovery_key(self) -> GivenSecret | None:
        return self._given(
            "recovery key", self.recovery_key_fd, "--recovery-key-fd", RECOVERY_KEY_ENV
        )

    def _given(self, what: str, fd: int | None, option: str, env: str) -> GivenSecret | None:
        if fd is not None:  # named on the command line: it wins over the environment
            return GivenSecret(what, f"{option} {fd}", fd=fd)
        if env in self.environ:
            return GivenSecret(what, env, value=self.environ[env])
        return None


def ask_on_terminal(prompt: str) -> str | None:
    """What was typed (not echoed); None for end of input (Ctrl-D), which is giving up."""
    return ask_hidden(prompt)


def _read_line(fd: int, origin: str) -> str:
    """One line, byte by byte: nothing after it is consumed (the fd may carry more)."""
    line = bytearray()
    try:
        while (byte := os.read(fd, 1)) not in (b"", b"\n"):
            line += byte
    except OSError as exc:
        raise SecretError(f"Cannot read {origin}: {exc.strerror}. Nothing was done.") from None
    try:
        return line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        raise SecretError(f"What {origin} gave is not UTF-8 text. Nothing was done.") from None


_sources: ContextVar[SecretSources | None] = ContextVar("cloister_secret_sources", default=None)


@contextmanager
def use_sources(sources: SecretSources) -> Iterator[None]:
    token = _sources.set(sources)
    try:
        yield
    finally:
        _sources.reset(token)


def current_sources() -> SecretSources:
    """This run's sources; outside `desktop.cli.main`, the environment and the terminal."""
    return _sources.get() or SecretSources.for_run()

"""Who holds the profile: a small JSON file written by the holder right after it takes the
lock, and removed by it before it lets go. One left behind means its writer crashed.

It names the process (pid and start time, for messages and to tell a live holder from a
recycled pid) and, for the app, where and with which key it listens for "show yourself".
The file is 0600 in a 0700 folder: the key is the user's alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import psutil

REPLACE_TRIES = 20
SAME_START = 0.5  # seconds: the same process, read twice, never differs by more


class Role(StrEnum):
    APP = "app"  # the window, for the life of the process
    COMMAND = "command"  # a command-line change (models import, settings set...), briefly


@dataclass(frozen=True)
class Holder:
    pid: int
    created: float  # the process's start time (psutil), which a recycled pid does not share
    role: Role
    command: str = ""  # what a COMMAND holder is doing, e.g. "models import"
    address: str = ""  # the app's activation channel (a socket path or a pipe name)
    authkey: str = ""  # hex; a caller without it is turned away by the channel

    @classmethod
    def of_this_process(
        cls, role: Role, command: str = "", address: str = "", authkey: bytes = b""
    ) -> Holder:
        return cls(
            pid=os.getpid(),
            created=psutil.Process().create_time(),
            role=role,
            command=command,
            address=address,
            authkey=authkey.hex(),
        )

    @property
    def started(self) -> str:
        return datetime.fromtimestamp(self.created).strftime("%Y-%m-%d %H:%M")

    def is_alive(self) -> bool:
        try:
            return abs(psutil.Process(self.pid).create_time() - self.created) < SAME_START
        except (psutil.Error, OSError):  # gone, or not ours to look at
            return False

    def describe(self) -> str:
        """'pid 4242' for the app; 'pid 4242: models import' for a command."""
        return f"pid {self.pid}: {self.command}" if self.command else f"pid {self.pid}"


def write_holder(path: Path, holder: Holder) -> None:
    """Atomically, so a reader sees the old record or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(asdict(holder), file)
    for _ in range(REPLACE_TRIES - 1):
        try:
            os.replace(temporary, path)
            return
        except PermissionError:  # Windows: a reader has the old one open this instant
            time.sleep(0.05)
    os.replace(temporary, path)


def read_holder(path: Path) -> Holder | None:
    """The record as written, or None (none yet, or being replaced on Windows)."""
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return Holder(**{**fields, "role": Role(fields["role"])})
    except (OSError, ValueError, TypeError, KeyError):
        return None


def remove_holder(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()

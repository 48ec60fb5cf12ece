"""The cage of a process that reads untrusted input (issue 18): the inference worker, which
parses model files, and the document parser after it.

`enter(folder)` turns core dumps off, makes `folder` the process's temporary folder and the
only place it may write (Landlock), and lets it open no socket but AF_UNIX (its pipe to the
app) and start no process or program (seccomp), whatever the air-gap setting: none of that
is ever needed to read a file. Each part that the kernel cannot give is reported, never
faked: the `Cage` says what holds and why the rest does not.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.sandbox import landlock, seccomp
from desktop.sandbox.dumps import disable_core_dumps


@dataclass(frozen=True)
class Cage:
    """What confines this process: its writes, and its sockets and processes."""

    writes: landlock.Cage
    calls: seccomp.NetworkSeal

    @property
    def caged(self) -> bool:
        return self.writes.caged and self.calls.enforced

    def describe(self) -> str:
        calls = self.calls.detail if self.calls.enforced else f"not sealed: {self.calls.detail}"
        return f"{self.writes.describe()}; {calls}"


def enter(work_dir: str | None, prefix: str = "cloister-worker-") -> Cage:
    """Cage this process for good; `work_dir` None: a new temporary folder of its own.

    Call it while the process is still one thread: Landlock binds only the threads started
    after it (the seccomp filter is given to all of them).
    """
    disable_core_dumps()  # first: the input this process will hold never reaches a dump
    folder = work_dir or tempfile.mkdtemp(prefix=prefix)
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder
    sys.dont_write_bytecode = True  # the installed packages are outside the cage: do not try
    writes = landlock.restrict_writes([Path(folder)])
    calls = seccomp.close_network(new_processes=False)
    return Cage(writes, calls)


def uncaged(reason: str) -> Cage:
    """A process started without a cage (tests that run the worker in-process)."""
    return Cage(landlock.Cage(False, 0, reason=reason), seccomp.NetworkSeal(False, reason))

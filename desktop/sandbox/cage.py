"""The cage of a process that reads untrusted input (issue 18): the inference worker, which
parses model files, and the document parser after it.

`enter(folder)` turns core dumps off, makes `folder` the process's temporary folder and the
only place it may write, and lets it open no network socket (its pipe to the app stays) and
start no process or program, whatever the air-gap setting: none of that is ever needed to
read a file. Each part that the OS cannot give is reported, never faked: the `Cage` says
what holds and why the rest does not.
- Linux: Landlock on writes, a seccomp filter on sockets and processes. The inference worker
  of an engine with a graphics module may also open the card's device files (gpu_nodes).
- macOS: one Seatbelt profile for all three (`seatbelt.cage`).
- Windows: a job object of one process (`windows_job`); the network is the firewall's where
  the installer's air-gapped option set its rules; writes are not confined (a restricted
  token or AppContainer is not done), and the cage says so.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.translatable import QT_TRANSLATE_NOOP, joined, words
from desktop.sandbox import landlock, network
from desktop.sandbox.dumps import disable_core_dumps
from desktop.sandbox.seal import NetworkSeal


@dataclass(frozen=True)
class Cage:
    """What confines this process: its writes, and its sockets and processes."""

    writes: landlock.Cage
    calls: NetworkSeal  # sockets and processes

    @property
    def caged(self) -> bool:
        return self.writes.caged and self.calls.enforced

    def describe(self) -> str:
        calls = self.calls.detail
        if not self.calls.enforced:
            calls = words(QT_TRANSLATE_NOOP("Sandbox", "not sealed: {detail}"), detail=calls)
        return joined("; ", [self.writes.describe(), calls])


def enter(
    work_dir: str | None, prefix: str = "cloister-worker-", devices: Sequence[Path] = ()
) -> Cage:
    """Cage this process for good; `work_dir` None: a new temporary folder of its own.
    `devices` (Linux): the graphics card's device files it may open (gpu_nodes), for an
    engine that can use the card.

    Call it while the process is still one thread: Landlock binds only the threads started
    after it (the seccomp filter is given to all of them).
    """
    disable_core_dumps()  # first: the input this process will hold never reaches a dump
    folder = work_dir or tempfile.mkdtemp(prefix=prefix)
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder
    sys.dont_write_bytecode = True  # the installed packages are outside the cage: do not try
    if sys.platform == "darwin":
        return _seatbelt_cage(Path(folder))
    if sys.platform == "win32":
        return _windows_cage()
    from desktop.sandbox import seccomp

    writes = landlock.restrict_writes([Path(folder)], devices=devices)
    calls = seccomp.close_network(new_processes=False)  # recorded as the network's seal too
    return Cage(writes, calls)


def _seatbelt_cage(folder: Path) -> Cage:
    from desktop.sandbox import seatbelt

    seal = network.record(seatbelt.cage(folder))
    how = "Seatbelt" if seal.enforced else seal.detail
    writes = landlock.Cage(seal.enforced, 0, (str(folder.resolve()),), how, mechanism="Seatbelt")
    return Cage(writes, seal)


def _windows_cage() -> Cage:
    from desktop.sandbox import windows_firewall, windows_job

    job = windows_job.forbid_new_processes()
    firewall = network.record(windows_firewall.check(sys.executable))
    calls = NetworkSeal(
        job.enforced and firewall.enforced, joined("; ", [job.detail, firewall.detail])
    )
    reason = QT_TRANSLATE_NOOP(
        "Sandbox", "no write cage on Windows yet (a restricted token or AppContainer)"
    )
    return Cage(landlock.Cage(False, 0, reason=reason), calls)


def uncaged(reason: str) -> Cage:
    """A process started without a cage (tests that run the worker in-process)."""
    return Cage(landlock.Cage(False, 0, reason=reason), NetworkSeal(False, reason))

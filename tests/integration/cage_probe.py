"""The real worker (`desktop.inference.worker_start.serve`) with a probe: once caged, when asked to
load a model and before it opens it, it tries to write in and outside its folder, from its
main thread and from a new thread (as llama.cpp's are), to open a network socket and to start
a process, and reports what it got as an `EngineNotice` "probe {json}". Started by the engine
client, like the worker itself.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from desktop.sandbox import cage, landlock
from desktop.sandbox.dumps import is_dumpable

PROBE = "probe "
PROBE_NAME = "cloister-cage-probe"


def attempt(path: Path) -> str:
    try:
        path.write_text("written by the worker")
    except OSError as exc:
        return errno.errorcode.get(exc.errno or 0, str(exc))
    return "ok"


def refused(action: Callable[[], object]) -> str:
    """ "ok", or the errno the OS answered with."""
    try:
        action()
    except OSError as exc:
        return errno.errorcode.get(exc.errno or 0, str(exc))
    return "ok"


def fork() -> None:
    if os.fork() == 0:
        os._exit(0)  # the child, if there is one, leaves at once
    os.wait()


def from_a_thread(path: Path) -> str:
    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(attempt(path)))
    thread.start()
    thread.join()
    return result[0]


def probe(work_dir: str) -> dict[str, object]:
    folder = Path(work_dir)
    outside = folder.parent / f"{PROBE_NAME}-{os.getpid()}"
    with tempfile.TemporaryFile() as scratch:  # where the worker's temporary files go
        scratch.write(b"scratch")
    status = Path("/proc/self/status").read_text().splitlines()
    return {
        "inside": attempt(folder / "probe.txt"),
        "outside": attempt(outside),
        "working folder": attempt(Path.cwd() / f"{PROBE_NAME}-{os.getpid()}"),
        "from a thread": from_a_thread(outside.with_suffix(".thread")),
        "network socket": refused(lambda: socket.socket(socket.AF_INET).close()),
        "unix socket": refused(lambda: socket.socket(socket.AF_UNIX).close()),
        "subprocess": refused(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)),
        "fork": refused(fork),
        "temp folder": tempfile.gettempdir(),
        "dumpable": is_dumpable(),
        "core limit": list(resource.getrlimit(resource.RLIMIT_CORE)),
        "no_new_privs": next(line.split()[1] for line in status if line.startswith("NoNewPrivs")),
    }


def _serve_with_probe(pipe: Connection, air_gapped: bool, work_dir: str) -> None:
    """`worker_start.serve`, with the probe slipped in between the cage and the worker."""
    caged = cage.enter(work_dir)
    threads_in_cage = len(os.listdir("/proc/self/task"))
    from desktop.core.events import EngineNotice
    from desktop.inference import worker

    load = worker._Engine.load

    def probing_load(self, command) -> None:
        found = probe(os.environ["TMPDIR"]) | {"threads when caged": threads_in_cage}
        self._conn.send(EngineNotice(PROBE + json.dumps(found)))
        load(self, command)

    worker._Engine.load = probing_load
    worker.serve(pipe, air_gapped, caged)


def probing_serve(pipe: Connection, air_gapped: bool = False, work_dir: str = "") -> None:
    _serve_with_probe(pipe, air_gapped, work_dir)


def serve_without_landlock(pipe: Connection, air_gapped: bool = False, work_dir: str = "") -> None:
    """As on a kernel built without Landlock: every Landlock call fails with ENOSYS."""

    def no_such_call(*_: object) -> int:
        ctypes.set_errno(errno.ENOSYS)
        return -1

    landlock._libc_syscall = lambda: no_such_call
    _serve_with_probe(pipe, air_gapped, work_dir)

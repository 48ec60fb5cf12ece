"""The worker process's entry point: its cage first, then everything else (issue 18).

Landlock binds the thread that restricts itself and the threads it starts later, never threads
already running, and importing numpy (through `gguf`) starts OpenBLAS's threads, one per core.
So this module imports nothing heavy: the spawned process unpickles `serve` from here, turns
core dumps off, cages itself while it is still one thread, and only then imports the worker
(numpy, gguf; llama.cpp at the first load).
"""

from __future__ import annotations

import os
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

from desktop.sandbox import landlock
from desktop.sandbox.dumps import disable_core_dumps


def enter_cage(work_dir: str | None) -> landlock.Cage:
    """No core dumps; writes only to the work folder, which also becomes the temp folder."""
    disable_core_dumps()  # first: the prompts this process will hold never reach a dump
    folder = work_dir or tempfile.mkdtemp(prefix="cloister-worker-")
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder
    sys.dont_write_bytecode = True  # the installed packages are outside the cage: do not try
    return landlock.restrict_writes([Path(folder)])


def serve(pipe: Connection, air_gapped: bool = False, work_dir: str | None = None) -> None:
    """Entry point of the worker process. `work_dir`: the one folder it may write to (the
    client makes it and removes it); None: a new temporary folder of its own."""
    cage = enter_cage(work_dir)
    from desktop.inference import worker  # after the cage: it loads numpy and its threads

    worker.serve(pipe, air_gapped, cage)

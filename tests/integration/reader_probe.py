"""The real document reader (`desktop.documents.reader_process.serve`) with a probe: once caged
and limited, before it reads anything, it tries to write in and outside its folder, to open a
network socket, to start a process and to allocate more than its memory ceiling, and reports
what it got as an `EngineNotice` "probe {json}", which the reader's client hands to `on_event`.
"""

from __future__ import annotations

import json
import os
import resource
from multiprocessing.connection import Connection

from desktop.sandbox import cage
from desktop.sandbox.memory import limit_memory
from tests.integration.cage_probe import PROBE, probe


def allocate(size: int) -> str:
    try:
        bytearray(size)
    except MemoryError:
        return "MemoryError"
    return "ok"


def probing_serve(pipe: Connection, air_gapped: bool, work_dir: str, memory_limit: int) -> None:
    """`reader_process.serve`, with the probe slipped in between the cage and the reader."""
    caged = cage.enter(work_dir, prefix="cloister-reader-")
    memory = limit_memory(memory_limit)
    threads_in_cage = len(os.listdir("/proc/self/task"))
    from desktop.core.events import EngineNotice
    from desktop.documents import reader_loop

    found = probe(work_dir) | {
        "threads when caged": threads_in_cage,
        "data limit": list(resource.getrlimit(resource.RLIMIT_DATA)),
        "beyond the limit": allocate(memory_limit),
        "within the limit": allocate(memory_limit // 8),
    }
    pipe.send(EngineNotice(PROBE + json.dumps(found)))
    reader_loop.serve(pipe, air_gapped, caged, memory)

"""The document reader process's entry point: its cage first, then everything else.

As for the inference worker (`inference/worker_start.py`): Landlock binds only threads started
after it, and importing the parsers and OCR (numpy, OpenCV, ONNX Runtime) starts threads, so
this module imports nothing heavy. The spawned process unpickles `serve` from here, enters its
cage (no core dumps, writes only to its folder, no network socket, no new process) and sets its
memory ceiling while it is still one thread, and only then imports the reader.
"""

from __future__ import annotations

from multiprocessing.connection import Connection

from desktop.sandbox import cage
from desktop.sandbox.memory import limit_memory


def serve(pipe: Connection, air_gapped: bool, work_dir: str, memory_limit: int) -> None:
    """Entry point of the reader process; `work_dir` is the one folder it may write to (the
    client makes it and removes it)."""
    caged = cage.enter(work_dir, prefix="cloister-reader-")
    memory = limit_memory(memory_limit)
    from desktop.documents import reader_loop  # after the cage: it loads numpy and its threads

    reader_loop.serve(pipe, air_gapped, caged, memory)

"""A ceiling on the memory of a process that reads untrusted input (the document reader).

A hostile file (a decompression bomb, a page drawn a mile wide) must not take the machine's
memory: past the ceiling an allocation fails in that process alone (Python raises MemoryError;
native code may crash it), and the app reports the file as unreadable.

Linux: RLIMIT_DATA, soft and hard, so the process cannot raise it again. Since Linux 4.7 it
counts every private writable mapping (the heap, mmap'd buffers, thread stacks), which is the
memory a parser can actually fill, but not the address space that libraries and glibc's malloc
arenas only reserve. RLIMIT_AS counts those reservations too (64 MiB per malloc arena, up to 8
per core), so a limit low enough to matter would fail ONNX Runtime's and OpenBLAS's threads at
start on a many-core machine. macOS does not enforce either limit on mmap, and Windows would
need a job object's memory limit (not done): there the process runs without one, and says so.
"""

from __future__ import annotations

import sys

GIB = 1 << 30


def limit_memory(max_bytes: int) -> str:
    """Cap this process's private memory at `max_bytes` for good; what was done, in words."""
    if not sys.platform.startswith("linux"):
        return f"memory not limited on {sys.platform}"
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    except (ValueError, OSError) as exc:  # a hard limit already lower than ours: keep it
        return f"memory not limited: {exc}"
    return f"memory limited to {max_bytes / GIB:.1f} GiB (RLIMIT_DATA)"

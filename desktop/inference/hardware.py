"""What this machine offers the engine: physical cores and free memory."""

from __future__ import annotations

import os

import psutil


def physical_cores() -> int:
    """Cores, not hardware threads: llama.cpp decodes fastest with one thread per core."""
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


def available_memory() -> int:
    """Bytes the OS can give us without swapping (free plus reclaimable cache)."""
    return int(psutil.virtual_memory().available)

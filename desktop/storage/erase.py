"""Removing a file so that its old contents are not left readable in place."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_CHUNK = 1 << 20


def erase_file(path: Path) -> None:
    """Overwrite `path` with zeros, flush that to the disk, then delete it.

    This removes the text from the file system's view of the disk. Flash wear levelling,
    copy-on-write file systems and backups can keep older copies of the blocks beyond any
    application's reach, which is why full-disk encryption is recommended alongside Cloister.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b", buffering=0) as file:
        zeros = bytes(_CHUNK)
        remaining = size
        while remaining > 0:
            remaining -= file.write(zeros[: min(_CHUNK, remaining)])
        os.fsync(file.fileno())
    path.unlink()


def erase_database_files(path: Path) -> None:
    """A SQLite database and the write-ahead log and shared-memory files beside it."""
    for companion in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            erase_file(companion)
    erase_file(path)

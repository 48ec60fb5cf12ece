"""Cloister's copy of each original file, in the encrypted store, in parts of 1 MiB.

Written and read a part at a time, so a 500 MB file is never one Python bytes object: the
reader is a seekable binary file (pypdfium2 renders a page from it, reading only what it
needs), and `.read()` gives the whole file when it is small.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import BinaryIO

from desktop.storage import driver

PART_SIZE = 1 << 20


def parts(data: bytes | BinaryIO) -> Iterator[bytes]:
    """`data` in parts of PART_SIZE bytes (the last may be shorter; none for an empty file)."""
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for offset in range(0, len(view), PART_SIZE):
            yield bytes(view[offset : offset + PART_SIZE])
        return
    while part := _read_fully(data, PART_SIZE):
        yield part


def _read_fully(file: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes: a pipe or socket may hand out less per read than is left."""
    pieces, wanted = [], size
    while wanted > 0:
        piece = file.read(wanted)
        if not piece:
            break
        pieces.append(piece)
        wanted -= len(piece)
    return b"".join(pieces)


def digest(data: bytes | BinaryIO) -> tuple[str, int]:
    """SHA-256 (hex) and size of `data`, read a part at a time."""
    hasher, size = hashlib.sha256(), 0
    for part in parts(data):
        hasher.update(part)
        size += len(part)
    return hasher.hexdigest(), size


def write(conn: driver.Connection, document_id: int, data: bytes | BinaryIO) -> tuple[str, int]:
    """Store `data` as the original of `document_id` (inside the caller's transaction).
    Returns its SHA-256 and size, computed from the bytes as they were stored."""
    hasher, size = hashlib.sha256(), 0
    for number, part in enumerate(parts(data)):
        conn.execute(
            "INSERT INTO originals (document_id, part, data) VALUES (?, ?, ?)",
            [document_id, number, part],
        )
        hasher.update(part)
        size += len(part)
    return hasher.hexdigest(), size


class OriginalReader(io.RawIOBase):
    """The stored original as a read-only, seekable binary file.

    It reads through the store's connection: use it on the thread that owns the store, and
    not after the store is closed or the document removed.
    """

    def __init__(self, conn: driver.Connection, document_id: int, size: int) -> None:
        super().__init__()
        self._conn, self._document_id, self._size = conn, document_id, size
        self._position = 0
        self._part_number = -1
        self._part = b""

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        target = memoryview(buffer).cast("B")
        written = 0
        while written < len(target) and self._position < self._size:
            number, offset = divmod(self._position, PART_SIZE)
            part = self._load(number)
            count = min(len(target) - written, len(part) - offset)
            target[written : written + count] = part[offset : offset + count]
            written += count
            self._position += count
        return written

    def readall(self) -> bytes:
        chunks = []
        while piece := self.read(PART_SIZE):
            chunks.append(piece)
        return b"".join(chunks)

    def _load(self, number: int) -> bytes:
        if number != self._part_number:
            row = self._conn.execute(
                "SELECT data FROM originals WHERE document_id = ? AND part = ?",
                [self._document_id, number],
            ).fetchone()
            if row is None:
                raise OSError(f"part {number} of the stored original is missing")
            self._part_number, self._part = number, bytes(row[0])
        return self._part

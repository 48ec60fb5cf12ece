"""Reads a SQLCipher 4 database (and its write-ahead log) page by page, decrypted.

For tests that must see everything the files hold, live rows or not: freed pages, stale WAL
frames, index segments. SQLCipher 4's defaults: 4096-byte pages, each AES-256-CBC encrypted
except its last 80 bytes (16-byte IV, 64-byte HMAC-SHA512); page 1 starts with the file's
16-byte salt. With a raw key (x'...') the key encrypts the pages directly.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVED = 80  # IV + HMAC at the end of every page
SALT = 16
WAL_HEADER = 32
WAL_FRAME_HEADER = 24


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    iv = page[PAGE_SIZE - RESERVED : PAGE_SIZE - RESERVED + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE_SIZE - RESERVED]) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> list[bytes]:
    data = path.read_bytes()
    return [
        _decrypt_page(data[offset : offset + PAGE_SIZE], key, first=offset == 0)
        for offset in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)
    ]


def wal_pages(path: Path, key: bytes) -> list[bytes]:
    if not path.exists():
        return []
    data = path.read_bytes()
    pages = []
    frame = WAL_FRAME_HEADER + PAGE_SIZE
    for offset in range(WAL_HEADER, len(data) - frame + 1, frame):
        page_number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + WAL_FRAME_HEADER : offset + frame]
        pages.append(_decrypt_page(page, key, first=page_number == 1))
    return pages


def decrypted_contents(database: Path, key: bytes) -> bytes:
    """Every page of the database and of its WAL, decrypted and joined."""
    wal = database.with_name(database.name + "-wal")
    return b"".join(database_pages(database, key) + wal_pages(wal, key))

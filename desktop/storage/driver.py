"""The DB-API module the store uses: SQLCipher's, never the standard library's sqlite3."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

Connection = dbapi.Connection
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError


def connect(path: Path) -> Connection:
    # The store is used from one serial background thread, not the thread that opened it.
    conn = dbapi.connect(str(path), check_same_thread=False)
    # A wrong key is reported to the user as a StorageError; SQLCipher need not also print it.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def raw_key(key: bytes) -> str:
    """SQLCipher's notation for a raw 256-bit key: used as is, with no passphrase derivation
    (the data key is random already)."""
    return f"x'{key.hex()}'"

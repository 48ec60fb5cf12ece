"""The DB-API module the store uses: SQLCipher's, never the standard library's sqlite3."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

Connection = dbapi.Connection
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError


def connect(path: Path) -> Connection:
    # The store is used from one serial background thread, not the thread that opened it.
    return dbapi.connect(str(path), check_same_thread=False)

"""Moving the walking skeleton's plaintext store into the encrypted one, once.

The first Cloister kept conversations in a plain SQLite file. On the first start with a data
key, its content is exported into a new encrypted file (SQLCipher's sqlcipher_export), the copy
is checked, and only then is the plaintext file overwritten and removed.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop.core.errors import StorageError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.storage import driver
from desktop.storage.database import apply_key
from desktop.storage.erase import erase_database_files

PLAINTEXT_HEADER = b"SQLite format 3\x00"  # how every unencrypted SQLite file begins


def is_plaintext_database(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER
    except OSError:
        return False


def encrypt_plaintext_store(plaintext: Path, encrypted: Path, key: bytes) -> bool:
    """Move `plaintext` into a new encrypted store at `encrypted`; True if there was one.

    Safe to interrupt at any point: the plaintext file is erased only once an encrypted copy
    holding all of its messages is in place, and a rerun finishes the job.
    """
    if not plaintext.exists():
        return False
    if not is_plaintext_database(plaintext):
        raise StorageError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "{plaintext} is not a conversation store Cloister can read; "
                    "move it elsewhere and start again.",
                ),
                plaintext=plaintext,
            )
        )
    try:
        if not encrypted.exists():
            _export(plaintext, encrypted, key)
        _check_copy(plaintext, encrypted, key)
        erase_database_files(plaintext)
    except (driver.DatabaseError, OSError) as exc:
        raise StorageError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "Could not move the conversations in {plaintext} into the "
                    "encrypted store: {exc}. The original file is untouched.",
                ),
                plaintext=plaintext,
                exc=exc,
            )
        ) from exc
    return True


def _export(plaintext: Path, encrypted: Path, key: bytes) -> None:
    partial = encrypted.with_name(encrypted.name + ".encrypting")
    erase_database_files(partial)  # left by an interrupted earlier attempt
    conn = driver.connect(plaintext)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(partial), driver.raw_key(key)])
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    with open(partial, "rb") as file:
        os.fsync(file.fileno())
    os.replace(partial, encrypted)


def _check_copy(plaintext: Path, encrypted: Path, key: bytes) -> None:
    """Every message of the plaintext store is in the encrypted one, word for word."""
    conn = driver.connect(encrypted)
    try:
        apply_key(conn, key, encrypted)
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", [str(plaintext)])
        tables = {row[0] for row in conn.execute("SELECT name FROM plaintext.sqlite_master")}
        if "messages" not in tables:
            return  # a store that never got its first table: nothing to lose
        missing = conn.execute(
            "SELECT count(*) FROM plaintext.messages AS old LEFT JOIN main.messages AS new "
            "ON new.id = old.id AND new.content = old.content WHERE new.id IS NULL"
        ).fetchone()[0]
    finally:
        with contextlib.suppress(driver.DatabaseError):
            conn.close()
    if missing:
        raise StorageError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "The encrypted store {encrypted} lacks {missing} messages "
                    "that are in the plaintext store {plaintext}; both files are "
                    "left as they are for an administrator.",
                ),
                encrypted=encrypted,
                missing=missing,
                plaintext=plaintext,
            )
        )

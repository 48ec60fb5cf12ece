"""Opening the encrypted store and migrating its schema (versioned with PRAGMA user_version).

The store is a SQLCipher database keyed with the 256-bit data key from `desktop.security`
(a raw key: no passphrase derivation here, the key is already random). Every page of the file
and of its write-ahead log is encrypted; temporary tables stay in memory; deleted content is
overwritten (secure_delete) so it does not linger in free pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

from desktop.core.errors import StorageError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.profile.preflight import diagnose
from desktop.storage import driver
from desktop.storage.migrations import MIGRATIONS
from desktop.storage.store_errors import StoreDamagedError, StoreLockedError, kind_of

SCHEMA_VERSION = len(MIGRATIONS)
KEY_BYTES = 32


class WrongKeyError(StorageError):
    """The store exists but does not open with the key given (or is not a SQLCipher file)."""


Migration = Callable[[sqlite_utils.Database], None]


def open_database(
    path: Path, key: bytes, migrations: Sequence[Migration] = MIGRATIONS
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the encrypted store at `path`.

    The conversation store by default; the audit log passes its own migrations.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = driver.connect(path)
    except (driver.DatabaseError, OSError) as exc:  # OSError: the folder cannot be made
        raise StorageError(
            words(
                QT_TRANSLATE_NOOP("StoreErrors", "Cannot open {store} at {path}: {exc}"),
                store=_named(path),
                path=path,
                exc=exc,
            )
        ) from exc
    try:
        apply_key(conn, key, path)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=5000")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA temp_store=MEMORY")
        migrate(db, migrations)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, driver.DatabaseError):
            raise describe_database_error(path, exc) from exc
        if isinstance(exc, MemoryError):  # SQLCipher's word for a page that fails its HMAC
            raise StoreDamagedError(
                path,
                words(
                    QT_TRANSLATE_NOOP("StoreErrors", "some pages of {path} no longer decrypt"),
                    path=path,
                ),
            ) from exc
        raise
    return db


def apply_key(conn: driver.Connection, key: bytes, path: Path) -> None:
    """Key the connection and prove the key is right before anything else touches the file."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"the data key must be {KEY_BYTES} bytes")
    conn.execute(f'PRAGMA key = "{driver.raw_key(key)}"')
    try:
        # The first read decrypts page 1: a wrong key (or a file that is not a SQLCipher
        # database) fails here, before any write could touch the file.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_NOTADB":  # not the key's fault
            raise describe_database_error(path, exc) from exc
        raise WrongKeyError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "{store} at {path} does not open with this key: the key is "
                    "not the one it was created with, or the file is damaged. "
                    "Nothing was changed.",
                ),
                store=_named(path),
                path=path,
            )
        ) from exc


def _named(path: Path) -> str:
    return kind_of(path).named


# SQLite's primary result codes that mean the disk or the folder, never the key or the data.
_DISK_CODES = frozenset(
    getattr(driver.dbapi, f"SQLITE_{name}")
    for name in ("PERM", "READONLY", "IOERR", "FULL", "CANTOPEN", "PROTOCOL", "NOLFS")
)
# Another connection (another program: one Cloister per profile) holds the file.
_LOCK_CODES = frozenset((driver.dbapi.SQLITE_BUSY, driver.dbapi.SQLITE_LOCKED))
_CORRUPT_CODES = frozenset((driver.dbapi.SQLITE_CORRUPT, driver.dbapi.SQLITE_NOTADB))


def _primary_code(exc: driver.DatabaseError) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_disk_or_lock(exc: driver.DatabaseError) -> bool:
    """An error that is about the disk, the folder or another program, not the data."""
    return _primary_code(exc) in _DISK_CODES | _LOCK_CODES


def describe_database_error(path: Path, exc: driver.DatabaseError) -> StorageError:
    """The real problem behind a SQLite error met while opening `path`, in words."""
    code = _primary_code(exc)
    if code in _LOCK_CODES:
        return StoreLockedError(path)
    if code in _DISK_CODES:
        return diagnose(path.parent) or StorageError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors", "Cannot open {store} at {path}: {exc}. Nothing was changed."
                ),
                store=_named(path),
                path=path,
                exc=exc,
            )
        )
    if code in _CORRUPT_CODES:
        return StoreDamagedError(
            path,
            words(
                QT_TRANSLATE_NOOP("StoreErrors", "SQLite reports {exc} for {path}"),
                exc=exc,
                path=path,
            ),
        )
    return StorageError(
        words(
            QT_TRANSLATE_NOOP(
                "StoreErrors", "Cannot open {store} at {path}: {exc}. Nothing was changed."
            ),
            store=_named(path),
            path=path,
            exc=exc,
        )
    )


def truncate_wal(db: sqlite_utils.Database) -> bool:
    """Fold the write-ahead log into the database and empty it, so that older page images
    (deleted text among them) are gone from disk. False if another connection kept it busy."""
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    version, latest = schema_version(db), len(migrations)
    if version > latest:
        raise StorageError(
            words(
                QT_TRANSLATE_NOOP(
                    "StoreErrors",
                    "This store was written by a newer Cloister (schema "
                    "{version}); update Cloister to open it.",
                ),
                version=version,
            )
        )
    for step in range(version, latest):
        with db.atomic():  # each step and its version bump land together or not at all
            migrations[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")

"""Opening the database and migrating its schema (versioned with PRAGMA user_version).

SQLCipher without a key for now (plain SQLite on disk); the data key arrives with issue 4
without changing the repositories above it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from desktop.core.errors import StorageError
from desktop.storage import driver


def _v1_conversations(db: sqlite_utils.Database) -> None:
    db["conversations"].create(  # type: ignore[union-attr]
        {"id": int, "title": str, "created_at": str, "updated_at": str},
        pk="id",
        if_not_exists=True,
    )
    db["messages"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "conversation_id": int,
            "role": str,
            "content": str,
            "status": str,
            "model": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("conversation_id", "conversations", "id")],
        not_null={"conversation_id", "role", "content", "status", "created_at"},
        if_not_exists=True,
    )
    db["messages"].create_index(["conversation_id", "id"], if_not_exists=True)  # type: ignore[union-attr]
    db["conversations"].create_index(["updated_at"], if_not_exists=True)  # type: ignore[union-attr]


def _v2_conversation_settings(db: sqlite_utils.Database) -> None:
    """Sampling settings and system prompt per conversation, as JSON (GenerationSettings)."""
    columns = db["conversations"].columns_dict  # type: ignore[union-attr]
    if "settings" not in columns:
        db["conversations"].add_column("settings", str)  # type: ignore[union-attr]


# Each entry moves the schema from version N to N+1. Append only; never edit a shipped step.
# Steps are idempotent (if_not_exists) so a step interrupted before user_version moved reruns.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_conversations,
    _v2_conversation_settings,
]
SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the store at `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = driver.connect(path)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=5000")
        migrate(db)
    except (driver.DatabaseError, OSError) as exc:  # OSError: the folder cannot be made
        raise StorageError(f"Cannot open the conversation store at {path}: {exc}") from exc
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database) -> None:
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"This conversation store was written by a newer Cloister (schema {version}); "
            "update Cloister to open it."
        )
    for step in range(version, SCHEMA_VERSION):
        with db.conn:
            MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")

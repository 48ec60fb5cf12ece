"""The document prompt cache's store: KV states of questions' document parts, encrypted.

Its own SQLCipher file (data/prompt_cache.db) under the data key, like every store: a state
holds the model's reading of the user's documents, as sensitive as their text. It is a cache:
losing it costs time only, so it is not in the stores registry, and `clear` may empty it any
time. Each entry is named by a key (inference/prompt_cache.py) that covers the model's SHA-256,
the text and the settings that shape the KV cache, so a changed input never finds an old
entry; old entries go when the total passes `max_bytes`, least recently used first.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from desktop.storage.database import open_database

DEFAULT_MAX_BYTES = 2 * 1024**3  # ~8 states of 2,000 tokens of an 8B model at f16


def _v1_states(db: sqlite_utils.Database) -> None:
    db["states"].create(  # type: ignore[union-attr]
        {
            "key": str,
            "model_sha256": str,
            "tokens": int,
            "size": int,
            "used": int,
            "state": bytes,
        },
        pk="key",
        not_null={"model_sha256", "tokens", "size", "used", "state"},
        if_not_exists=True,
    )
    db["states"].create_index(["used"], if_not_exists=True)  # type: ignore[union-attr]


MIGRATIONS = [_v1_states]


class PromptStates:
    """One connection: use it from one thread (the app's I/O thread)."""

    def __init__(self, db: sqlite_utils.Database, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._db = db
        self.max_bytes = max_bytes

    @classmethod
    def open(cls, path: Path, key: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> PromptStates:
        return cls(open_database(path, key, MIGRATIONS), max_bytes)

    def get(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT state FROM states WHERE key = ?", [key]).fetchone()
        if row is None:
            return None
        with self._db.conn:
            self._db.execute("UPDATE states SET used = ? WHERE key = ?", [self._tick(), key])
        return bytes(row[0])

    def put(self, key: str, model_sha256: str, tokens: int, state: bytes) -> None:
        """Keeps `state` (unless it alone is over the limit), then evicts the least recently
        used entries until the total fits `max_bytes`."""
        if len(state) > self.max_bytes:
            return
        with self._db.conn:
            self._db.execute(
                "INSERT OR REPLACE INTO states (key, model_sha256, tokens, size, used, state) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [key, model_sha256, tokens, len(state), self._tick(), state],
            )
            self._evict()

    def forget_model(self, model_sha256: str) -> None:
        """A model removed from the library takes its states along."""
        with self._db.conn:
            self._db.execute("DELETE FROM states WHERE model_sha256 = ?", [model_sha256])

    def clear(self) -> None:
        with self._db.conn:
            self._db.execute("DELETE FROM states")

    def total_bytes(self) -> int:
        return int(self._db.execute("SELECT coalesce(sum(size), 0) FROM states").fetchone()[0])

    def keys(self) -> list[str]:
        """Oldest use first."""
        return [row[0] for row in self._db.execute("SELECT key FROM states ORDER BY used, rowid")]

    def close(self) -> None:
        self._db.close()

    def _tick(self) -> int:
        """A use counter, not the clock: a clock can stand still or go back between uses."""
        return int(self._db.execute("SELECT coalesce(max(used), 0) + 1 FROM states").fetchone()[0])

    def _evict(self) -> None:
        total = self.total_bytes()
        rows = self._db.execute("SELECT key, size FROM states ORDER BY used, rowid").fetchall()
        for key, size in rows:
            if total <= self.max_bytes:
                break
            self._db.execute("DELETE FROM states WHERE key = ?", [key])
            total -= size

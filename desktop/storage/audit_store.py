"""The audit log's own encrypted database: records, checkpoints, and the signing key.

Kept apart from the conversations (data/audit.db, same data key) so that deleting or purging
conversations never touches the evidence, and the evidence never slows chatting down. Each
append is its own transaction with synchronous=FULL: a record the app was told is written
survives a power cut.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from desktop.core.errors import StorageError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.storage import driver
from desktop.storage.database import open_database, truncate_wal
from desktop.storage.store_errors import StoreDamagedError


def _v1_audit(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, timestamp TEXT NOT NULL, "
        "event_type TEXT NOT NULL, actor TEXT NOT NULL, entry_hash TEXT NOT NULL, "
        "record TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX events_by_time ON events (timestamp)")
    db.execute(
        "CREATE TABLE checkpoints (id INTEGER PRIMARY KEY, tree_size INTEGER NOT NULL, "
        "checkpoint TEXT NOT NULL)"
    )
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")


def _v2_retention(db: sqlite_utils.Database) -> None:
    """A purged record keeps its place and entry hash (the chain and the Merkle tree still
    cover it); only its content is gone."""
    db.execute("ALTER TABLE events ADD COLUMN purged INTEGER NOT NULL DEFAULT 0")


AUDIT_MIGRATIONS = [_v1_audit, _v2_retention]

# seq, timestamp, event_type, actor, entry_hash, record line
EventRow = tuple[int, str, str, str, str, str]


@dataclass(frozen=True)
class MatterScope:
    """The records of one matter (issue 22): those whose details carry its id, or its client
    and number (a wall's records name a matter so; it may have no id on this profile), and
    a move out of it (details.from_matter_id)."""

    client: str
    number: str
    matter_id: int | None = None

    def where(self) -> tuple[str, list[object]]:
        # instr first: the JSON of records about no matter is never parsed.
        clauses = ["(json_extract(record, '$.details.matter_client') = ? AND "
                   "json_extract(record, '$.details.matter_number') = ?)"]  # fmt: skip
        params: list[object] = [self.client, self.number]
        if self.matter_id is not None:
            clauses += [
                "json_extract(record, '$.details.matter_id') = ?",
                "json_extract(record, '$.details.from_matter_id') = ?",
            ]
            params += [self.matter_id, self.matter_id]
        return f"instr(record, 'matter_') > 0 AND ({' OR '.join(clauses)})", params


@dataclass(frozen=True)
class EventFilter:
    since: str | None = None  # timestamps as stored (utc_millis), inclusive
    until: str | None = None  # exclusive
    actor: str | None = None
    event_types: Sequence[str] = ()
    matter: MatterScope | None = None  # only the records of this matter (issue 22)

    @property
    def is_everything(self) -> bool:
        return not (self.since or self.until or self.actor or self.event_types or self.matter)

    def where(self) -> tuple[str, list[object]]:
        clauses, params = ["purged = 0"], []
        if self.since:
            clauses.append("timestamp >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("timestamp < ?")
            params.append(self.until)
        if self.actor:
            clauses.append("actor = ?")
            params.append(self.actor)
        if self.event_types:
            clauses.append(f"event_type IN ({', '.join('?' * len(self.event_types))})")
            params += list(self.event_types)
        if self.matter is not None:
            clause, matter_params = self.matter.where()
            clauses.append(clause)
            params += matter_params
        return " AND ".join(clauses), params


class AuditStore:
    """Rows of the audit database. Not thread-safe: one thread at a time."""

    def __init__(self, db: sqlite_utils.Database, path: Path = Path("audit.db")) -> None:
        self._db = db
        self._path = path
        db.execute("PRAGMA synchronous=FULL")

    @classmethod
    def open(cls, path: Path, key: bytes) -> AuditStore:
        return cls(open_database(path, key, AUDIT_MIGRATIONS), path)

    def close(self) -> None:
        self._db.close()

    # -- records ------------------------------------------------------------------------------

    def last(self) -> tuple[int, str] | None:
        """(seq, entry_hash) of the newest record, None for an empty log."""
        row = self._db.execute(
            "SELECT seq, entry_hash FROM events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def append(
        self, seq: int, timestamp: str, event_type: str, actor: str, entry_hash: str, line: str
    ) -> None:
        self.append_many([(seq, timestamp, event_type, actor, entry_hash, line)])

    def append_many(self, rows: Iterable[EventRow]) -> None:
        """Records in one transaction, each as `append` takes it (bulk loads: bench/)."""
        try:
            with self._db.atomic():
                self._db.conn.executemany(
                    "INSERT INTO events (seq, timestamp, event_type, actor, entry_hash, record) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except driver.DatabaseError as exc:
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP(
                        "StoreErrors", "The audit record could not be written: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc
        except MemoryError as exc:  # SQLCipher's word for a page that fails its HMAC
            raise StoreDamagedError(
                self._path,
                QT_TRANSLATE_NOOP("StoreErrors", "a page it must write next to no longer decrypts"),
            ) from exc

    def lines(self, where: EventFilter | None = None, batch: int = 10_000) -> Iterator[str]:
        """Stored records (canonical JSON lines) in order, read in batches."""
        clause, params = (where or EventFilter()).where()
        after = 0
        while True:
            rows = self._db.execute(
                f"SELECT seq, record FROM events WHERE seq > ? AND {clause} ORDER BY seq LIMIT ?",
                [after, *params, batch],
            ).fetchall()
            if not rows:
                return
            yield from (row[1] for row in rows)
            after = rows[-1][0]

    def lines_from(self, seq: int) -> list[str]:
        """The stored records from `seq` on (recent ones: for the start-up self-check)."""
        rows = self._db.execute(
            "SELECT record FROM events WHERE seq >= ? AND purged = 0 ORDER BY seq", [seq]
        )
        return [row[0] for row in rows]

    def page(self, where: EventFilter, offset: int, limit: int) -> list[str]:
        """One page of records, newest first (the audit viewer)."""
        clause, params = where.where()
        rows = self._db.execute(
            f"SELECT record FROM events WHERE {clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [row[0] for row in rows]

    def count(self, where: EventFilter | None = None) -> int:
        clause, params = (where or EventFilter()).where()
        return int(
            self._db.execute(f"SELECT count(*) FROM events WHERE {clause}", params).fetchone()[0]
        )

    def purged_hashes(self) -> list[str]:
        """Entry hashes of the purged records, in order: the start of the chain and tree."""
        return [
            row[0]
            for row in self._db.execute(
                "SELECT entry_hash FROM events WHERE purged = 1 ORDER BY seq"
            )
        ]

    def purge_before(
        self, timestamp: str, keep_from_seq: int, keep_matters: Sequence[int] = ()
    ) -> int:
        """Drop the content of records older than `timestamp` (never from `keep_from_seq` on);
        secure_delete overwrites it in the file. Returns how many were purged.

        Purged records are always the start of the log (a bundle holds their hashes first,
        then the records: audit/verify.py), so the first record of a matter in `keep_matters`
        (under a legal hold) ends the purge: it and everything after it stay."""
        if keep_matters:
            marks = ", ".join("?" * len(keep_matters))
            first_held = self._db.execute(
                "SELECT min(seq) FROM events WHERE purged = 0 AND timestamp < ? AND "
                f"json_extract(record, '$.details.matter_id') IN ({marks})",
                [timestamp, *keep_matters],
            ).fetchone()[0]
            if first_held is not None:
                keep_from_seq = min(keep_from_seq, int(first_held))
        try:
            with self._db.atomic():
                cursor = self._db.execute(
                    "UPDATE events SET record = '', purged = 1 "
                    "WHERE purged = 0 AND timestamp < ? AND seq < ?",
                    [timestamp, keep_from_seq],
                )
            truncate_wal(self._db)  # the WAL still holds the old pages until it is emptied
        except driver.DatabaseError as exc:
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP("StoreErrors", "The audit log could not be purged: {exc}"),
                    exc=exc,
                )
            ) from exc
        return cursor.rowcount

    def lines_with_texts_about(self, target_id: str) -> list[str]:
        """Records that may hold texts about `target_id` (a cheap text match; callers parse)."""
        rows = self._db.execute(
            "SELECT record FROM events WHERE purged = 0 AND instr(record, ?) > 0 "
            "AND instr(record, '\"text\":') > 0 ORDER BY seq",
            [f'"target_id":{json.dumps(target_id)}'],
        )
        return [row[0] for row in rows]

    def replace_records(self, lines: dict[int, str]) -> None:
        """Rewrite records in place (their texts erased; entry hashes unchanged), then empty
        the WAL: secure_delete overwrites the old bytes, the checkpoint their WAL copies."""
        try:
            with self._db.atomic():
                self._db.conn.executemany(
                    "UPDATE events SET record = ? WHERE seq = ?",
                    [(line, seq) for seq, line in lines.items()],
                )
            truncate_wal(self._db)
        except driver.DatabaseError as exc:
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP("StoreErrors", "The audit log could not be changed: {exc}"),
                    exc=exc,
                )
            ) from exc

    def entry_hashes(self) -> list[bytes]:
        """Every record's entry hash in order: the leaves of the Merkle tree."""
        return [
            bytes.fromhex(row[0])
            for row in self._db.execute("SELECT entry_hash FROM events ORDER BY seq")
        ]

    # -- checkpoints --------------------------------------------------------------------------

    def add_checkpoint(self, tree_size: int, checkpoint: str) -> None:
        try:
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO checkpoints (tree_size, checkpoint) VALUES (?, ?)",
                    [tree_size, checkpoint],
                )
        except driver.DatabaseError as exc:
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP(
                        "StoreErrors", "The audit checkpoint could not be written: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc

    def checkpoints(self) -> list[str]:
        """Every checkpoint ever made, oldest first."""
        return [
            row[0] for row in self._db.execute("SELECT checkpoint FROM checkpoints ORDER BY id")
        ]

    # -- settings of the log itself -----------------------------------------------------------

    def meta(self, name: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", [name]).fetchone()
        return bytes(row[0]) if row else None

    def set_meta(self, name: str, value: bytes) -> None:
        with self._db.atomic():
            self._db.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", [name, value]
            )

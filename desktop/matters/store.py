"""The matters table and the wall acknowledgements, in the conversation store's database.

Rows only: what may be done with a matter is the service's to decide (desktop.matters.service),
and what a matter's state forbids its conversations the conversation store checks itself
(desktop.storage.matter_rules). Shares the conversation store's connection: one thread at a
time.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from desktop.core.matters import GENERAL_MATTER_ID, Matter, MatterError, MatterKey, MatterState
from desktop.core.records import utc_now
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

_COLUMNS = "id, client, number, name, opened_on, state, retention_days, on_hold"


def no_matter_with_id(matter_id: int) -> str:
    said = QT_TRANSLATE_NOOP("Matters", "There is no matter with the id {id}.")
    return words(said, id=str(matter_id))


def _matter(row: tuple[Any, ...]) -> Matter:
    id_, client, number, name, opened_on, state, retention_days, on_hold = row
    return Matter(
        id=id_,
        client=client,
        number=number,
        name=name,
        opened_on=opened_on,
        state=MatterState(state),
        retention_days=retention_days,
        on_hold=bool(on_hold),
    )


class MatterStore:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    # -- matters ------------------------------------------------------------------------------

    def all(self) -> list[Matter]:
        """General first, then the open matters by client and number, the closed ones last."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM matters ORDER BY id != ?, state = ?, "
            "client COLLATE NOCASE, number COLLATE NOCASE, id",
            [GENERAL_MATTER_ID, str(MatterState.CLOSED)],
        ).fetchall()
        return [_matter(row) for row in rows]

    def get(self, matter_id: int) -> Matter:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM matters WHERE id = ?", [matter_id]
        ).fetchone()
        if row is None:
            raise MatterError(no_matter_with_id(matter_id))
        return _matter(row)

    def find(self, key: MatterKey) -> Matter | None:
        """The matter with this client and number (compared as written, without case)."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM matters WHERE client = ? COLLATE NOCASE "
            "AND number = ? COLLATE NOCASE",
            [key.client, key.number],
        ).fetchone()
        return _matter(row) if row else None

    def insert(self, client: str, number: str, name: str, opened_on: str) -> int:
        """A new open matter's id; the caller holds the transaction (see `transaction`)."""
        cursor = self._db.execute(
            "INSERT INTO matters (client, number, name, opened_on, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [client, number, name, opened_on, utc_now().isoformat()],
        )
        return int(cursor.lastrowid)

    def update(self, matter_id: int, **changes: object) -> None:
        names = ", ".join(f"{name} = ?" for name in changes)
        self._db.execute(f"UPDATE matters SET {names} WHERE id = ?", [*changes.values(), matter_id])

    def held_ids(self) -> frozenset[int]:
        rows = self._db.execute("SELECT id FROM matters WHERE on_hold = 1").fetchall()
        return frozenset(row[0] for row in rows)

    def transaction(self) -> Any:
        """One transaction: the audit record and the change it describes commit together."""
        return self._db.atomic()

    # -- conversations ------------------------------------------------------------------------

    def conversation_matter(self, conversation_id: int) -> int:
        row = self._db.execute(
            "SELECT matter_id FROM conversations WHERE id = ?", [conversation_id]
        ).fetchone()
        if row is None:
            said = QT_TRANSLATE_NOOP("Matters", "There is no conversation with the id {id}.")
            raise MatterError(words(said, id=str(conversation_id)))
        return int(row[0])

    def set_conversation_matter(self, conversation_id: int, matter_id: int) -> None:
        self._db.execute(
            "UPDATE conversations SET matter_id = ? WHERE id = ?", [matter_id, conversation_id]
        )

    def conversations_before(self, matter_id: int, cutoff: str) -> list[int]:
        """Ids of the matter's conversations last changed before `cutoff` (ISO, UTC)."""
        rows = self._db.execute(
            "SELECT id FROM conversations WHERE matter_id = ? AND updated_at < ? ORDER BY id",
            [matter_id, cutoff],
        ).fetchall()
        return [row[0] for row in rows]

    # -- wall acknowledgements ----------------------------------------------------------------

    def acknowledged(self, wall_id: str, account: str, memo_sha256: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM wall_acknowledgements WHERE wall_id = ? AND account = ? "
            "AND memo_sha256 = ?",
            [wall_id, account, memo_sha256],
        ).fetchone()
        return row is not None

    def record_acknowledgement(self, wall_id: str, account: str, memo_sha256: str) -> None:
        with self._db.atomic():
            self._db.execute(
                "INSERT OR IGNORE INTO wall_acknowledgements "
                "(wall_id, account, memo_sha256, acknowledged_at) VALUES (?, ?, ?, ?)",
                [wall_id, account, memo_sha256, utc_now().isoformat()],
            )

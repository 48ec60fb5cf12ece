"""What a matter's state allows its conversations (issue 22), checked inside the store.

A closed matter is read-only: nothing of it is added, changed or deleted. A matter under a
legal hold keeps everything: nothing of it is deleted. The store checks inside the write's own
transaction, so no path around the window or the command line escapes the rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from desktop.core.matters import (
    MatterClosedError,
    MatterError,
    MatterKey,
    MatterOnHoldError,
    MatterState,
)
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

_MATTER = "SELECT m.id, m.client, m.number, m.state, m.on_hold FROM matters AS m"


CLOSED = QT_TRANSLATE_NOOP(
    "Matters",
    "The matter {matter} is closed: its conversations can be read and exported, not changed.",
)
HELD = QT_TRANSLATE_NOOP(
    "Matters",
    "The matter {matter} is under a legal hold: nothing of it can be deleted until the "
    "administrator lifts the hold.",
)


def closed_message(key: MatterKey) -> str:
    return words(CLOSED, matter=str(key))


def hold_message(key: MatterKey) -> str:
    return words(HELD, matter=str(key))


def check_matter_writable(db: sqlite_utils.Database, matter_id: int) -> None:
    """A new conversation may go into `matter_id`: it exists and is open."""
    rows = db.execute(f"{_MATTER} WHERE m.id = ?", [matter_id]).fetchall()
    if not rows:
        said = QT_TRANSLATE_NOOP("Matters", "There is no matter with the id {id}.")
        raise MatterError(words(said, id=str(matter_id)))
    _check(rows, delete=False)


def check_conversations(
    db: sqlite_utils.Database,
    conversation_ids: Sequence[int],
    *,
    delete: bool = False,
    closed_too: bool = False,
) -> None:
    """The conversations may be changed (their matters are open), and deleted too if
    `delete` (no legal hold on their matters). `closed_too`: the retention purge, which
    deletes from closed matters as well (a hold still stops it)."""
    if not conversation_ids:
        return
    marks = ", ".join("?" * len(conversation_ids))
    rows = db.execute(
        f"{_MATTER} WHERE m.id IN (SELECT matter_id FROM conversations WHERE id IN ({marks}))",
        list(conversation_ids),
    ).fetchall()
    _check(rows, delete=delete, closed_too=closed_too)


def check_messages(
    db: sqlite_utils.Database, message_ids: Sequence[int], *, delete: bool = False
) -> None:
    """As check_conversations, for the conversations the messages belong to."""
    if not message_ids:
        return
    marks = ", ".join("?" * len(message_ids))
    rows = db.execute(
        f"SELECT DISTINCT conversation_id FROM messages WHERE id IN ({marks})", list(message_ids)
    ).fetchall()
    check_conversations(db, [row[0] for row in rows], delete=delete)


def _check(
    rows: list[tuple[int, str, str, str, int]], *, delete: bool, closed_too: bool = False
) -> None:
    for _, client, number, state, on_hold in rows:
        key = MatterKey(client, number)
        if state == MatterState.CLOSED and not closed_too:
            raise MatterClosedError(closed_message(key))
        if delete and on_hold:
            raise MatterOnHoldError(hold_message(key))

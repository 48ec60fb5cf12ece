"""Conversations and their messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from desktop.core.errors import StorageError
from desktop.core.records import (
    NEW_CONVERSATION_TITLE,
    Conversation,
    Message,
    MessageStatus,
    Role,
    utc_now,
)
from desktop.core.settings import GenerationSettings
from desktop.storage import driver


def _stamp(moment: datetime) -> str:
    return moment.isoformat()


def _conversation(row: dict[str, Any]) -> Conversation:
    """A stored row as a record; conversations from before v2 get today's defaults."""
    stored = row.pop("settings", None)
    settings = GenerationSettings.model_validate_json(stored) if stored else GenerationSettings()
    return Conversation(**row, settings=settings)


class ConversationStore:
    """Reads and writes conversations. Not thread-safe: call it from one thread at a time."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db

    def close(self) -> None:
        self._db.close()

    # -- conversations ------------------------------------------------------------------------

    def create_conversation(
        self, title: str = NEW_CONVERSATION_TITLE, settings: GenerationSettings | None = None
    ) -> Conversation:
        now = _stamp(utc_now())
        record = {
            "title": title,
            "created_at": now,
            "updated_at": now,
            "settings": (settings or GenerationSettings()).model_dump_json(),
        }
        with self._writing():
            table = self._db["conversations"]
            table.insert(record)  # type: ignore[union-attr]
            row_id = table.last_pk  # type: ignore[union-attr]
        return self.conversation(row_id)

    def conversation(self, conversation_id: int) -> Conversation:
        row = self._db["conversations"].get(conversation_id)  # type: ignore[union-attr]
        return _conversation(row)

    def conversations(self) -> list[Conversation]:
        """All conversations, most recently active first."""
        rows = self._db["conversations"].rows_where(order_by="updated_at desc, id desc")
        return [_conversation(row) for row in rows]

    def update_settings(self, conversation_id: int, settings: GenerationSettings) -> Conversation:
        with self._writing():
            self._db["conversations"].update(  # type: ignore[union-attr]
                conversation_id, {"settings": settings.model_dump_json()}
            )
        return self.conversation(conversation_id)

    def rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        with self._writing():
            self._db["conversations"].update(conversation_id, {"title": title})  # type: ignore[union-attr]
        return self.conversation(conversation_id)

    # -- messages -----------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.COMPLETE,
        model: str | None = None,
    ) -> Message:
        now = _stamp(utc_now())
        record: dict[str, Any] = {
            "conversation_id": conversation_id,
            "role": str(role),
            "content": content,
            "status": str(status),
            "model": model,
            "created_at": now,
        }
        with self._writing():
            table = self._db["messages"]
            table.insert(record)  # type: ignore[union-attr]
            message_id = table.last_pk  # type: ignore[union-attr]
            self._touch(conversation_id, now)
        return self.message(message_id)

    def update_message(self, message_id: int, content: str, status: MessageStatus) -> Message:
        with self._writing():
            self._db["messages"].update(  # type: ignore[union-attr]
                message_id, {"content": content, "status": str(status)}
            )
        return self.message(message_id)

    def message(self, message_id: int) -> Message:
        return Message(**self._db["messages"].get(message_id))  # type: ignore[union-attr]

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._db["messages"].rows_where(
            "conversation_id = ?", [conversation_id], order_by="id"
        )
        return [Message(**row) for row in rows]

    def mark_unfinished_interrupted(self) -> int:
        """Replies still marked as streaming were cut off by a crash or a hard exit."""
        with self._writing():
            cursor = self._db.execute(
                "UPDATE messages SET status = ? WHERE status = ?",
                [str(MessageStatus.INTERRUPTED), str(MessageStatus.STREAMING)],
            )
        return cursor.rowcount

    # -- helpers ------------------------------------------------------------------------------

    def _touch(self, conversation_id: int, stamp: str) -> None:
        self._db["conversations"].update(conversation_id, {"updated_at": stamp})  # type: ignore[union-attr]

    def _writing(self) -> _WriteGuard:
        return _WriteGuard(self._db.conn)


class _WriteGuard:
    """One transaction; user-environment failures (disk full, read-only) become StorageError."""

    def __init__(self, conn: driver.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        self._conn.__exit__(exc_type, exc, tb)
        if isinstance(exc, driver.OperationalError):
            raise StorageError(f"Could not save to the conversation store: {exc}") from exc
        return False

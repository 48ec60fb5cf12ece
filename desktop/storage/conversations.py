"""Conversations and their messages, each conversation in one client matter (issue 22).

Listing and search look inside one matter; writes to a closed matter and deletes in a matter
under a legal hold are refused here (storage/matter_rules.py), whoever asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlite_utils

from desktop.core.display_text import safe_title
from desktop.core.documents import AnswerSources
from desktop.core.errors import StorageError
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.core.records import (
    NEW_CONVERSATION_TITLE,
    Conversation,
    Message,
    MessageStatus,
    Role,
    SearchHit,
    utc_now,
)
from desktop.core.settings import GenerationSettings
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.storage import driver, search
from desktop.storage.database import truncate_wal
from desktop.storage.matter_rules import (
    check_conversations,
    check_matter_writable,
    check_messages,
)


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

    @property
    def database(self) -> sqlite_utils.Database:
        """The connection, for the matters table beside the conversations (desktop.matters)."""
        return self._db

    # -- conversations ------------------------------------------------------------------------

    def create_conversation(
        self,
        title: str = NEW_CONVERSATION_TITLE,
        settings: GenerationSettings | None = None,
        *,
        matter_id: int = GENERAL_MATTER_ID,
    ) -> Conversation:
        """A new conversation in the matter `matter_id` (MatterClosedError if it is closed)."""
        now = _stamp(utc_now())
        record = {
            "title": safe_title(title) or NEW_CONVERSATION_TITLE,  # metadata: saved clean
            "created_at": now,
            "updated_at": now,
            "settings": (settings or GenerationSettings()).model_dump_json(),
            "matter_id": matter_id,
        }
        with self._writing():
            check_matter_writable(self._db, matter_id)
            table = self._db["conversations"]
            table.insert(record)  # type: ignore[union-attr]
            row_id = table.last_pk  # type: ignore[union-attr]
        return self.conversation(row_id)

    def conversation(self, conversation_id: int) -> Conversation:
        row = self._db["conversations"].get(conversation_id)  # type: ignore[union-attr]
        return _conversation(row)

    def conversations(
        self, *, archived: bool = False, matter_id: int = GENERAL_MATTER_ID
    ) -> list[Conversation]:
        """The matter's active conversations (or its archived ones): pinned first, then most
        recent."""
        rows = self._db["conversations"].rows_where(  # type: ignore[union-attr]
            "matter_id = ? AND archived = ?",
            [matter_id, int(archived)],
            order_by="pinned desc, updated_at desc, id desc",
        )
        return [_conversation(row) for row in rows]

    def search(
        self, text: str, limit: int = 50, *, matter_id: int = GENERAL_MATTER_ID
    ) -> list[SearchHit]:
        """The matter's conversations whose title or messages contain the words in `text`,
        best first."""
        return search.search(self._db, text, limit, matter_id)

    def update_settings(self, conversation_id: int, settings: GenerationSettings) -> Conversation:
        return self._update_conversation(conversation_id, {"settings": settings.model_dump_json()})

    def rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        title = safe_title(title) or NEW_CONVERSATION_TITLE
        return self._update_conversation(conversation_id, {"title": title})

    def set_archived(self, conversation_id: int, archived: bool) -> Conversation:
        return self._update_conversation(conversation_id, {"archived": int(archived)})

    def set_pinned(self, conversation_id: int, pinned: bool) -> Conversation:
        return self._update_conversation(conversation_id, {"pinned": int(pinned)})

    def check_deletable(self, conversation_id: int) -> None:
        """MatterOnHoldError or MatterClosedError when deleting would be refused: asked
        first, so a refusal is recorded as one instead of a deletion that then fails."""
        check_conversations(self._db, [conversation_id], delete=True)

    def delete_conversation(self, conversation_id: int, *, purging: bool = False) -> None:
        """Delete a conversation and its messages so that their text is gone from disk
        (MatterOnHoldError under a legal hold; MatterClosedError in a closed matter, unless
        `purging`: its retention period ended).

        secure_delete overwrites the freed pages and FTS5's secure-delete drops the words
        from the index; the checkpoint then empties the write-ahead log, which would
        otherwise keep older copies of those pages until it is reused.
        """
        with self._writing():
            check_conversations(self._db, [conversation_id], delete=True, closed_too=purging)
            self._raise_id_floor("conversation_id = ?", [conversation_id])
            self._db.execute("DELETE FROM messages WHERE conversation_id = ?", [conversation_id])
            self._db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
        self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it to nothing."""
        if not truncate_wal(self._db):
            raise StorageError(
                QT_TRANSLATE_NOOP(
                    "StoreErrors", "The conversation store is busy; try again in a moment."
                )
            )

    # -- messages -----------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        status: MessageStatus = MessageStatus.COMPLETE,
        model: str | None = None,
        model_sha256: str | None = None,
    ) -> Message:
        now = _stamp(utc_now())
        record: dict[str, Any] = {
            "conversation_id": conversation_id,
            "role": str(role),
            "content": content,
            "status": str(status),
            "model": model,
            "model_sha256": model_sha256,
            "created_at": now,
        }
        with self._writing():
            check_conversations(self._db, [conversation_id])
            # Above every id ever used: ids of deleted messages are never given again.
            record["id"] = (
                1
                + self._db.execute(
                    "SELECT max(coalesce((SELECT max(id) FROM messages), 0), "
                    "(SELECT value FROM message_id_floor))"
                ).fetchone()[0]
            )
            table = self._db["messages"]
            table.insert(record)  # type: ignore[union-attr]
            message_id = table.last_pk  # type: ignore[union-attr]
            touched: dict[str, Any] = {"updated_at": now}
            if model is not None:
                touched |= {"model_name": model, "model_sha256": model_sha256}
            self._db["conversations"].update(conversation_id, touched)  # type: ignore[union-attr]
        return self.message(message_id)

    def update_message(
        self,
        message_id: int,
        content: str,
        status: MessageStatus,
        *,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        sources: AnswerSources | None = None,
        settings: GenerationSettings | None = None,
        generation_ms: int | None = None,
        tokens_per_second: float | None = None,
    ) -> Message:
        changes: dict[str, Any] = {"content": content, "status": str(status)}
        if sources is not None:
            changes["sources"] = sources.model_dump_json()
        if settings is not None:
            changes["settings"] = settings.model_dump_json()
        if generation_ms is not None:
            changes["generation_ms"] = generation_ms
        if tokens_per_second is not None:
            changes["tokens_per_second"] = tokens_per_second
        if prompt_tokens is not None:
            changes["prompt_tokens"] = prompt_tokens
        if completion_tokens is not None:
            changes["completion_tokens"] = completion_tokens
        with self._writing():
            check_messages(self._db, [message_id])
            self._db["messages"].update(message_id, changes)  # type: ignore[union-attr]
        return self.message(message_id)

    def delete_messages(self, message_ids: Sequence[int]) -> None:
        """Delete messages so that their text is gone from disk (as delete_conversation)."""
        if not message_ids:
            return
        marks = ", ".join("?" for _ in message_ids)
        with self._writing():
            check_messages(self._db, message_ids, delete=True)
            self._raise_id_floor(f"id IN ({marks})", list(message_ids))
            self._db.execute(f"DELETE FROM messages WHERE id IN ({marks})", list(message_ids))
        self.checkpoint()

    def message(self, message_id: int) -> Message:
        return _message(self._db["messages"].get(message_id))  # type: ignore[union-attr]

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._db["messages"].rows_where(
            "conversation_id = ?", [conversation_id], order_by="id"
        )
        return [_message(row) for row in rows]

    def unfinished_replies(self) -> list[Message]:
        """Replies still marked as streaming: at start-up, those a crash or hard exit cut off."""
        rows = self._db["messages"].rows_where(
            "status = ?", [str(MessageStatus.STREAMING)], order_by="id"
        )
        return [_message(row) for row in rows]

    def mark_unfinished_interrupted(self) -> int:
        """Replies still marked as streaming were cut off by a crash or a hard exit."""
        with self._writing():
            cursor = self._db.execute(
                "UPDATE messages SET status = ? WHERE status = ?",
                [str(MessageStatus.INTERRUPTED), str(MessageStatus.STREAMING)],
            )
        return cursor.rowcount

    # -- helpers ------------------------------------------------------------------------------

    def _update_conversation(self, conversation_id: int, changes: dict[str, Any]) -> Conversation:
        with self._writing():
            check_conversations(self._db, [conversation_id])
            self._db["conversations"].update(conversation_id, changes)  # type: ignore[union-attr]
        return self.conversation(conversation_id)

    def _raise_id_floor(self, where: str, values: list[Any]) -> None:
        self._db.execute(
            "UPDATE message_id_floor SET value = max(value, "
            f"coalesce((SELECT max(id) FROM messages WHERE {where}), 0))",
            values,
        )

    def _writing(self) -> _WriteGuard:
        return _WriteGuard(self._db.conn)


def _message(row: dict[str, Any]) -> Message:
    sources = row.pop("sources", None)
    settings = row.pop("settings", None)
    return Message(
        **row,
        sources=AnswerSources.model_validate_json(sources) if sources else None,
        settings=GenerationSettings.model_validate_json(settings) if settings else None,
    )


class _WriteGuard:
    """One transaction; user-environment failures (disk full, read-only) become StorageError."""

    def __init__(self, conn: driver.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.__enter__()

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        self._conn.__exit__(exc_type, exc, tb)
        if isinstance(exc, driver.OperationalError):
            raise StorageError(
                words(
                    QT_TRANSLATE_NOOP(
                        "StoreErrors", "Could not save to the conversation store: {exc}"
                    ),
                    exc=exc,
                )
            ) from exc
        return False

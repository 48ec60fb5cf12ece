"""A reply cut off by a crash is recorded at the next start, exactly once (issue 20).

Real encrypted store and log, across "sessions" that reopen both files; the crash between
the record and the store's mark is a store that fails once at that point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.audit.cut_off_replies import record_cut_off_replies
from desktop.audit.log import AuditLog
from desktop.core.errors import StorageError
from desktop.core.records import MessageStatus, Role
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database


def session(tmp_path: Path, key: bytes) -> tuple[ConversationStore, AuditLog]:
    store = ConversationStore(open_database(tmp_path / "conversations.db", key))
    return store, AuditLog.open(tmp_path / "audit.db", key)


def replies(log: AuditLog) -> list[dict]:
    return [r.details for r in log.records() if r.event_type == "chat.reply"]


def test_a_cut_off_reply_is_recorded_once_even_if_recovery_is_cut_off_too(
    tmp_path: Path, data_key: bytes, monkeypatch
) -> None:
    store, log = session(tmp_path, data_key)
    conversation = store.create_conversation()
    store.add_message(conversation.id, Role.USER, "Tell me a story")
    reply = store.add_message(
        conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING, model="m.gguf",
        model_sha256="ab" * 32,
    )  # fmt: skip
    store.update_message(reply.id, "Once upon a", MessageStatus.STREAMING)  # a partial save
    done = store.add_message(conversation.id, Role.ASSISTANT, "A finished one.")
    store.close(), log.close()  # the app died: no chat.reply for the streaming reply

    store, log = session(tmp_path, data_key)

    def crash() -> int:  # the next start dies between the record and the mark
        raise StorageError("power cut")

    monkeypatch.setattr(store, "mark_unfinished_interrupted", crash)
    with pytest.raises(StorageError):
        record_cut_off_replies(store, log)
    store.close(), log.close()

    for _ in range(2):  # two more starts
        store, log = session(tmp_path, data_key)
        record_cut_off_replies(store, log)
        assert store.message(reply.id).status is MessageStatus.INTERRUPTED
        assert store.message(done.id).status is MessageStatus.COMPLETE
        store.close(), log.close()

    store, log = session(tmp_path, data_key)
    [record] = replies(log)
    assert record["interrupted"] is True and record["message_id"] == reply.id
    assert record["reply"]["chars"] == len("Once upon a")
    assert (record["model"], record["model_sha256"]) == ("m.gguf", "ab" * 32)
    [event] = [r for r in log.records() if r.event_type == "chat.reply"]
    assert event.outcome == "failure" and event.reason == "interrupted"
    assert event.role == "system" and event.target_id == str(conversation.id)
    store.close(), log.close()

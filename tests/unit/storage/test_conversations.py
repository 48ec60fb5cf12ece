"""Conversations and messages in a real SQLite file: what the user wrote is never lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from desktop.core.errors import StorageError
from desktop.core.records import NEW_CONVERSATION_TITLE, MessageStatus, Role
from desktop.core.settings import GenerationSettings
from desktop.storage import driver
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import apply_key, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cloister.db"


@pytest.fixture
def store(db_path: Path, data_key: bytes) -> Iterator[ConversationStore]:
    opened = ConversationStore(open_database(db_path, data_key))
    yield opened
    opened.close()


def reopen(store: ConversationStore, path: Path, key: bytes) -> ConversationStore:
    store.close()
    return ConversationStore(open_database(path, key))


def test_a_new_conversation_has_the_default_title(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    assert conversation.title == NEW_CONVERSATION_TITLE
    assert store.conversations() == [conversation]


def test_conversations_and_messages_survive_a_restart(
    store: ConversationStore, db_path: Path, data_key: bytes
) -> None:
    conversation = store.create_conversation("Holiday plans")
    store.add_message(conversation.id, Role.USER, "Where should I go in May?")
    store.add_message(conversation.id, Role.ASSISTANT, "Lisbon is lovely.", model="tiny.gguf")

    reopened = reopen(store, db_path, data_key)
    try:
        [loaded] = reopened.conversations()
        assert loaded.title == "Holiday plans"
        messages = reopened.messages(conversation.id)
        assert [(m.role, m.content) for m in messages] == [
            (Role.USER, "Where should I go in May?"),
            (Role.ASSISTANT, "Lisbon is lovely."),
        ]
        assert messages[1].model == "tiny.gguf"
        assert all(m.status is MessageStatus.COMPLETE for m in messages)
    finally:
        reopened.close()


def test_messages_come_back_in_the_order_they_were_written(store: ConversationStore) -> None:
    first = store.create_conversation("first")
    second = store.create_conversation("second")
    for turn in range(5):  # interleaved with another conversation's messages
        store.add_message(first.id, Role.USER, f"question {turn}")
        store.add_message(second.id, Role.USER, f"other {turn}")
        store.add_message(first.id, Role.ASSISTANT, f"answer {turn}")
    contents = [m.content for m in store.messages(first.id)]
    assert contents == [text for t in range(5) for text in (f"question {t}", f"answer {t}")]
    assert store.messages(12345) == []


def test_the_most_recently_active_conversation_comes_first(store: ConversationStore) -> None:
    old = store.create_conversation("old")
    new = store.create_conversation("new")
    assert [c.id for c in store.conversations()] == [new.id, old.id]
    store.add_message(old.id, Role.USER, "back to this one")
    assert [c.id for c in store.conversations()] == [old.id, new.id]
    assert store.conversation(old.id).updated_at > store.conversation(new.id).updated_at


def test_rename_keeps_everything_else(store: ConversationStore) -> None:
    conversation = store.create_conversation("draft")
    store.add_message(conversation.id, Role.USER, "hi")
    renamed = store.rename_conversation(conversation.id, "Final title")
    assert renamed.title == "Final title"
    assert renamed.created_at == conversation.created_at
    assert [m.content for m in store.messages(conversation.id)] == ["hi"]


def test_text_is_stored_exactly(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    text = "Ünïcode ✓, emoji 🙂, quotes ' \" and SQL; DROP TABLE messages; --\n\n  indented"
    message = store.add_message(conversation.id, Role.USER, text)
    assert store.message(message.id).content == text


def test_a_streaming_reply_is_updated_in_place(store: ConversationStore) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, Role.USER, "Count to three")
    reply = store.add_message(
        conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING, model="m.gguf"
    )
    assert reply.status is MessageStatus.STREAMING
    store.update_message(reply.id, "One,", MessageStatus.STREAMING)
    done = store.update_message(reply.id, "One, two, three.", MessageStatus.COMPLETE)
    assert (done.content, done.status, done.model) == (
        "One, two, three.",
        MessageStatus.COMPLETE,
        "m.gguf",
    )
    assert [m.id for m in store.messages(conversation.id)].count(reply.id) == 1


def test_replies_cut_off_by_a_crash_are_marked_interrupted(
    store: ConversationStore, db_path: Path, data_key: bytes
) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, Role.USER, "Tell me a story")
    cut = store.add_message(conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    store.update_message(cut.id, "Once upon a", MessageStatus.STREAMING)
    cancelled = store.add_message(
        conversation.id, Role.ASSISTANT, "Stopped", status=MessageStatus.CANCELLED
    )

    reopened = reopen(store, db_path, data_key)  # the app starts again after the crash
    try:
        assert reopened.mark_unfinished_interrupted() == 1
        statuses = {m.id: m.status for m in reopened.messages(conversation.id)}
        assert statuses[cut.id] is MessageStatus.INTERRUPTED
        assert statuses[cancelled.id] is MessageStatus.CANCELLED
        assert reopened.message(cut.id).content == "Once upon a"  # the partial text is kept
        assert reopened.mark_unfinished_interrupted() == 0
    finally:
        reopened.close()


def read_only_store(path: Path, key: bytes) -> ConversationStore:
    conn = driver.dbapi.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    apply_key(conn, key, path)
    return ConversationStore(sqlite_utils.Database(conn))


@pytest.mark.parametrize(
    "write",
    [
        lambda s, c, m: s.create_conversation("new"),
        lambda s, c, m: s.add_message(c, Role.USER, "more"),
        lambda s, c, m: s.update_message(m, "changed", MessageStatus.COMPLETE),
        lambda s, c, m: s.rename_conversation(c, "renamed"),
        lambda s, c, m: s.mark_unfinished_interrupted(),
    ],
    ids=["create", "add", "update", "rename", "mark-interrupted"],
)
def test_writing_to_a_read_only_store_is_a_storage_error(
    store: ConversationStore, db_path: Path, data_key: bytes, write
) -> None:
    conversation = store.create_conversation("kept")
    message = store.add_message(conversation.id, Role.USER, "original")
    store.close()
    read_only = read_only_store(db_path, data_key)
    try:
        with pytest.raises(StorageError) as caught:
            write(read_only, conversation.id, message.id)
        assert "Could not save to the conversation store" in str(caught.value)
        assert "readonly" in str(caught.value)
        assert read_only.message(message.id).content == "original"  # reading still works
    finally:
        read_only.close()


def test_a_full_disk_is_a_storage_error_and_nothing_half_written(
    store: ConversationStore,
) -> None:
    conversation = store.create_conversation()
    store.add_message(conversation.id, Role.USER, "fits")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full

    with pytest.raises(StorageError, match="database or disk is full"):
        store.add_message(conversation.id, Role.USER, "x" * 200_000)
    assert [m.content for m in store.messages(conversation.id)] == ["fits"]
    store.add_message(conversation.id, Role.USER, "small")  # the store is still usable
    assert [m.content for m in store.messages(conversation.id)] == ["fits", "small"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_read_only_permissions_give_a_storage_error(
    db_path: Path, data_key: bytes, read_only: str
) -> None:
    store = ConversationStore(open_database(db_path, data_key))
    conversation = store.create_conversation()
    store.close()
    target = db_path if read_only == "file" else db_path.parent
    original = target.stat().st_mode
    target.chmod(0o555 if read_only == "folder" else 0o444)
    try:
        with pytest.raises(StorageError, match="conversation store"):
            store = ConversationStore(open_database(db_path, data_key))
            try:
                store.add_message(conversation.id, Role.USER, "cannot be saved")
            finally:
                store.close()
    finally:
        target.chmod(original)


def test_an_answers_sources_survive_a_restart(
    store: ConversationStore, db_path: Path, data_key: bytes
) -> None:
    from desktop.core.documents import AnswerSources, SourceRef

    conversation = store.create_conversation("Lease")
    reply = store.add_message(conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    source = SourceRef(
        number=1,
        document_id=4,
        document_name="Lease.pdf",
        document_sha256="ab" * 32,
        page=3,
        start=10,
        end=40,
        text="Rent is 900 a month.",
        chunk_id=12,
    )
    sources = AnswerSources(given=(source,), cited=(1,))
    store.update_message(reply.id, "Rent is 900 [1].", MessageStatus.COMPLETE, sources=sources)

    reopened = reopen(store, db_path, data_key)
    try:
        [loaded] = reopened.messages(conversation.id)
        assert loaded.sources == sources
        assert loaded.sources.cited_sources[0].label == "Lease.pdf, page 3"
    finally:
        reopened.close()


def test_deleted_messages_take_their_text_and_their_ids_for_good(store) -> None:
    conversation = store.create_conversation("Ids")
    kept = store.add_message(conversation.id, Role.USER, "kept")
    gone = store.add_message(conversation.id, Role.ASSISTANT, "secret reply")
    store.delete_messages([gone.id])
    assert [m.id for m in store.messages(conversation.id)] == [kept.id]
    assert store.search("secret") == []
    again = store.add_message(conversation.id, Role.ASSISTANT, "new reply")
    assert again.id > gone.id  # never the deleted one's: the audit log names replies by id


def test_a_replys_settings_time_and_speed_are_stored(store) -> None:
    conversation = store.create_conversation("About")
    reply = store.add_message(conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    settings = GenerationSettings(temperature=0.7, seed=3)
    store.update_message(
        reply.id,
        "Done.",
        MessageStatus.COMPLETE,
        settings=settings,
        generation_ms=2500,
        tokens_per_second=41.5,
    )
    saved = store.message(reply.id)
    assert (saved.settings, saved.generation_ms, saved.tokens_per_second) == (settings, 2500, 41.5)

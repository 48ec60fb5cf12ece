"""Rename, pin, archive and delete; a deleted conversation's text is gone from the files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.records import NEW_CONVERSATION_TITLE, MessageStatus, Role
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.sqlcipher_pages import decrypted_contents

SECRET = "Hieronymus-Quackenbush-4471"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "conversations.db"


@pytest.fixture
def store(db_path: Path, data_key: bytes) -> Iterator[ConversationStore]:
    opened = ConversationStore(open_database(db_path, data_key))
    yield opened
    opened.close()


def test_pinned_come_first_and_archived_are_listed_apart(store: ConversationStore) -> None:
    first = store.create_conversation("first")
    second = store.create_conversation("second")
    third = store.create_conversation("third")
    store.set_pinned(first.id, True)
    store.set_archived(second.id, True)

    assert [c.title for c in store.conversations()] == ["first", "third"]
    assert [c.title for c in store.conversations(archived=True)] == ["second"]
    store.set_archived(second.id, False)
    store.set_pinned(first.id, False)
    assert [c.id for c in store.conversations()] == [third.id, second.id, first.id]


def test_rename_tidies_the_title_and_never_leaves_it_empty(store: ConversationStore) -> None:
    conversation = store.create_conversation("draft")
    assert store.rename_conversation(conversation.id, "  Smith  v.\nJones ").title == (
        "Smith v. Jones"
    )
    assert store.rename_conversation(conversation.id, "   ").title == NEW_CONVERSATION_TITLE


def test_replies_record_the_model_file_and_token_counts(store: ConversationStore) -> None:
    conversation = store.create_conversation("chat")
    store.add_message(conversation.id, Role.USER, "hi")
    reply = store.add_message(
        conversation.id,
        Role.ASSISTANT,
        "",
        status=MessageStatus.STREAMING,
        model="tiny.gguf",
        model_sha256="ab" * 32,
    )
    saved = store.update_message(
        reply.id, "hello", MessageStatus.COMPLETE, prompt_tokens=12, completion_tokens=3
    )
    assert (saved.model, saved.model_sha256) == ("tiny.gguf", "ab" * 32)
    assert (saved.prompt_tokens, saved.completion_tokens) == (12, 3)
    updated = store.conversation(conversation.id)
    assert (updated.model_name, updated.model_sha256) == ("tiny.gguf", "ab" * 32)


def test_deleting_removes_the_conversation_and_its_messages(store: ConversationStore) -> None:
    kept = store.create_conversation("kept")
    store.add_message(kept.id, Role.USER, "stays")
    gone = store.create_conversation("gone")
    store.add_message(gone.id, Role.USER, "goes")

    store.delete_conversation(gone.id)

    assert [c.id for c in store.conversations()] == [kept.id]
    assert store.messages(gone.id) == []
    assert [m.content for m in store.messages(kept.id)] == ["stays"]


def test_deleted_text_is_gone_from_every_page_of_the_files(
    store: ConversationStore, db_path: Path, data_key: bytes
) -> None:
    kept = store.create_conversation("kept")
    store.add_message(kept.id, Role.USER, "an unrelated note " * 50)
    gone = store.create_conversation(f"About {SECRET}")
    store.add_message(gone.id, Role.USER, f"My client {SECRET} confessed " + "detail " * 400)
    reply = store.add_message(gone.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    for words in range(1, 6):  # the partial saves of a streaming reply leave older copies
        store.update_message(reply.id, f"{SECRET} " * words, MessageStatus.STREAMING)
    store.update_message(reply.id, f"Noted, {SECRET}.", MessageStatus.COMPLETE)
    store.checkpoint()  # some of it in the main file, some still in the log
    store.update_message(reply.id, f"Noted again, {SECRET}.", MessageStatus.COMPLETE)

    secret_forms = [SECRET.encode(), b"hieronymus", b"quackenbush"]  # text, index tokens
    before = decrypted_contents(db_path, data_key)
    assert all(form in before for form in secret_forms)  # the reader sees through encryption

    store.delete_conversation(gone.id)

    after = decrypted_contents(db_path, data_key)
    assert b"an unrelated note" in after
    for form in secret_forms:
        assert form not in after, form

"""The store is encrypted at rest: no plaintext in any file, and only its own key opens it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.records import MessageStatus, Role
from desktop.security.wrapping import new_data_key
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import WrongKeyError, open_database

MARKER = "Zanzibar-7731-privileged"


def every_file(folder: Path) -> Iterator[Path]:
    return (path for path in folder.rglob("*") if path.is_file())


def assert_no_plaintext(folder: Path, *texts: str) -> None:
    files = list(every_file(folder))
    assert files, "nothing was written"
    for path in files:
        data = path.read_bytes()
        for text in texts:
            for form in {text, text.lower(), text.upper()}:
                assert form.encode("utf-8") not in data, f"{form!r} in {path.name}"
                assert form.encode("utf-16-le") not in data, f"{form!r} (UTF-16) in {path.name}"


def test_no_file_in_the_data_folder_holds_the_text_while_open_or_after(
    tmp_path: Path, data_key: bytes
) -> None:
    data = tmp_path / "data"
    store = ConversationStore(open_database(data / "conversations.db", data_key))
    conversation = store.create_conversation(f"Case {MARKER}")
    store.add_message(conversation.id, Role.USER, f"My client {MARKER} said")
    reply = store.add_message(conversation.id, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    store.update_message(reply.id, f"About {MARKER}: noted", MessageStatus.STREAMING)
    store.update_message(reply.id, f"About {MARKER}: noted.", MessageStatus.COMPLETE)
    assert store.search(MARKER.split("-")[0])  # indexed, so the index is on disk too

    assert (data / "conversations.db-wal").stat().st_size > 0  # the log holds the writes
    assert_no_plaintext(data, MARKER, "My client", "About")
    store.close()
    assert_no_plaintext(data, MARKER, "My client", "About")


def test_a_wrong_key_is_refused_and_changes_nothing(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "conversations.db"
    store = ConversationStore(open_database(path, data_key))
    store.add_message(store.create_conversation("kept").id, Role.USER, "kept safe")
    store.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(WrongKeyError, match="does not open with this key"):
        open_database(path, new_data_key())

    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    reopened = ConversationStore(open_database(path, data_key))
    assert [m.content for m in reopened.messages(1)] == ["kept safe"]
    reopened.close()


def test_a_plaintext_sqlite_file_is_not_opened_as_the_store(
    tmp_path: Path, data_key: bytes
) -> None:
    import sqlite3

    path = tmp_path / "conversations.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(WrongKeyError):
        open_database(path, data_key)


def test_the_key_must_be_256_bits(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        open_database(tmp_path / "conversations.db", b"short")

"""Every older store becomes the current one without losing a word.

Older schemas are written here as they shipped (plain SQL), not by today's migration code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from desktop.core.errors import StorageError
from desktop.core.records import MessageStatus
from desktop.core.settings import GenerationSettings
from desktop.storage import driver
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import SCHEMA_VERSION, apply_key, open_database, schema_version
from desktop.storage.legacy import encrypt_plaintext_store
from desktop.storage.migrations import MIGRATIONS
from tests.unit.storage.test_encryption import assert_no_plaintext

V1 = """
CREATE TABLE conversations (id INTEGER PRIMARY KEY, title TEXT, created_at TEXT,
                            updated_at TEXT);
CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL
                       REFERENCES conversations(id), role TEXT NOT NULL, content TEXT NOT NULL,
                       status TEXT NOT NULL, model TEXT, created_at TEXT NOT NULL);
INSERT INTO conversations VALUES (1, 'Lease for Mrs Okafor', '2026-01-01T00:00:00+00:00',
                                  '2026-01-02T00:00:00+00:00');
INSERT INTO messages VALUES (1, 1, 'user', 'Summarise the lease clause 14', 'complete', NULL,
                             '2026-01-01T00:00:00+00:00');
INSERT INTO messages VALUES (2, 1, 'assistant', 'Clause 14 covers repairs', 'complete',
                             'tiny.gguf', '2026-01-01T00:00:01+00:00');
INSERT INTO messages VALUES (3, 1, 'assistant', '', 'failed', 'tiny.gguf',
                             '2026-01-01T00:00:02+00:00');
PRAGMA user_version = 1;
"""
V2 = (
    V1.replace("PRAGMA user_version = 1;", "")
    + """
ALTER TABLE conversations ADD COLUMN settings TEXT;
UPDATE conversations SET settings = '{"temperature": 0.2, "system_prompt": "Be brief."}';
PRAGMA user_version = 2;
"""
)


def keyed(path: Path, key: bytes) -> driver.Connection:
    conn = driver.connect(path)
    apply_key(conn, key, path)
    return conn


def write_encrypted(path: Path, key: bytes, script: str) -> None:
    conn = keyed(path, key)
    conn.executescript(script)
    conn.close()


def assert_current_and_intact(path: Path, key: bytes) -> ConversationStore:
    db = open_database(path, key)
    assert schema_version(db) == SCHEMA_VERSION
    store = ConversationStore(db)
    conversation = store.conversation(1)
    assert conversation.title == "Lease for Mrs Okafor"
    messages = store.messages(1)
    assert [m.content for m in messages[:2]] == [
        "Summarise the lease clause 14",
        "Clause 14 covers repairs",
    ]
    assert messages[2].status is MessageStatus.ERROR  # was "failed"
    assert [hit.conversation_id for hit in store.search("repairs")] == [1]  # indexed
    assert [hit.conversation_id for hit in store.search("Okafor")] == [1]  # title indexed
    return store


@pytest.mark.parametrize("version, script", [(1, V1), (2, V2)], ids=["v1", "v2"])
def test_an_encrypted_store_of_an_older_version_migrates(
    tmp_path: Path, data_key: bytes, version: int, script: str
) -> None:
    path = tmp_path / "conversations.db"
    write_encrypted(path, data_key, script)
    store = assert_current_and_intact(path, data_key)
    conversation = store.conversation(1)
    assert not conversation.archived and not conversation.pinned
    if version == 2:
        assert store.conversation(1).settings == GenerationSettings(
            temperature=0.2, system_prompt="Be brief."
        )
    store.close()


def test_a_version_3_store_gets_search_over_what_it_holds(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "conversations.db"
    write_encrypted(path, data_key, V2)
    db = sqlite_utils.Database(keyed(path, data_key))
    MIGRATIONS[2](db)  # the v2 -> v3 step, as shipped
    db.execute("PRAGMA user_version = 3")
    db.execute("UPDATE conversations SET pinned = 1")
    db.close()

    store = assert_current_and_intact(path, data_key)
    assert store.conversation(1).pinned
    store.close()


def test_each_step_lands_with_its_version_or_not_at_all(tmp_path: Path, data_key: bytes) -> None:
    path = tmp_path / "conversations.db"
    write_encrypted(path, data_key, V2)
    conn = keyed(path, data_key)
    conn.execute("CREATE TABLE messages_fts (x)")  # makes the v3 -> v4 step fail midway
    conn.commit()
    conn.close()

    with pytest.raises(StorageError):
        open_database(path, data_key)
    conn = keyed(path, data_key)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3  # v3 landed, v4 did not
    assert "conversations_fts" not in {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master")
    }
    conn.close()


# -- the first Cloister's plaintext store ------------------------------------------------------


def write_plaintext(path: Path, script: str) -> None:
    """As the skeleton did: the standard library's sqlite3 in WAL mode, left with a log."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(script)
    conn.commit()
    keep_open = sqlite3.connect(path)  # a second reader keeps the WAL from being folded away
    keep_open.execute("SELECT count(*) FROM messages").fetchone()
    conn.close()
    keep_open.close()


def test_the_plaintext_store_moves_into_the_encrypted_one_and_is_erased(
    tmp_path: Path, data_key: bytes
) -> None:
    plaintext, encrypted = tmp_path / "cloister.db", tmp_path / "conversations.db"
    write_plaintext(plaintext, V2)

    assert encrypt_plaintext_store(plaintext, encrypted, data_key) is True

    assert not plaintext.exists()
    assert not Path(f"{plaintext}-wal").exists() and not Path(f"{plaintext}-shm").exists()
    assert_no_plaintext(tmp_path, "Okafor", "lease clause", "Clause 14")
    store = assert_current_and_intact(encrypted, data_key)
    store.close()
    assert encrypt_plaintext_store(plaintext, encrypted, data_key) is False  # once only


def test_an_interrupted_move_finishes_on_the_next_start(tmp_path: Path, data_key: bytes) -> None:
    plaintext, encrypted = tmp_path / "cloister.db", tmp_path / "conversations.db"
    write_plaintext(plaintext, V2)
    backup = plaintext.read_bytes()
    encrypt_plaintext_store(plaintext, encrypted, data_key)
    plaintext.write_bytes(backup)  # as if the app died after the copy, before the erase

    assert encrypt_plaintext_store(plaintext, encrypted, data_key) is True
    assert not plaintext.exists()
    assert_current_and_intact(encrypted, data_key).close()


def test_a_plaintext_store_with_messages_the_encrypted_one_lacks_is_left_alone(
    tmp_path: Path, data_key: bytes
) -> None:
    plaintext, encrypted = tmp_path / "cloister.db", tmp_path / "conversations.db"
    open_database(encrypted, data_key).close()  # an encrypted store without those messages
    write_plaintext(plaintext, V2)
    before = plaintext.read_bytes()

    with pytest.raises(StorageError, match="lacks 3 messages"):
        encrypt_plaintext_store(plaintext, encrypted, data_key)
    assert plaintext.read_bytes() == before


def test_a_file_at_the_plaintext_place_that_is_not_sqlite_is_left_alone(
    tmp_path: Path, data_key: bytes
) -> None:
    plaintext = tmp_path / "cloister.db"
    plaintext.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(StorageError, match="not a conversation store"):
        encrypt_plaintext_store(plaintext, tmp_path / "conversations.db", data_key)
    assert plaintext.read_bytes() == b"\x00garbage" * 100

"""Sampling settings and the system prompt are stored with each conversation."""

from __future__ import annotations

import sqlite3

from desktop.core.settings import GenerationSettings
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import SCHEMA_VERSION, open_database, schema_version


def test_settings_survive_a_restart(tmp_path) -> None:
    path = tmp_path / "cloister.db"
    store = ConversationStore(open_database(path))
    custom = GenerationSettings(temperature=0.9, top_k=10, seed=5, system_prompt="Be formal.")
    conversation = store.create_conversation("Contract review", custom)
    other = store.create_conversation("Other")
    store.close()

    reopened = ConversationStore(open_database(path))
    assert reopened.conversation(conversation.id).settings == custom
    assert reopened.conversation(other.id).settings == GenerationSettings()
    changed = reopened.update_settings(other.id, GenerationSettings(max_tokens=50))
    assert changed.settings.max_tokens == 50
    reopened.close()


def test_a_version_1_store_migrates_and_keeps_its_conversations(tmp_path) -> None:
    path = tmp_path / "cloister.db"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE conversations (id INTEGER PRIMARY KEY, title TEXT, created_at TEXT,
                                    updated_at TEXT);
        CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER, role TEXT,
                               content TEXT, status TEXT, model TEXT, created_at TEXT);
        INSERT INTO conversations VALUES (1, 'From v1', '2026-01-01T00:00:00+00:00',
                                          '2026-01-01T00:00:00+00:00');
        INSERT INTO messages VALUES (1, 1, 'user', 'hello', 'complete', NULL,
                                     '2026-01-01T00:00:00+00:00');
        PRAGMA user_version = 1;
        """
    )
    old.close()

    db = open_database(path)
    assert schema_version(db) == SCHEMA_VERSION
    store = ConversationStore(db)
    conversation = store.conversation(1)
    assert conversation.title == "From v1"
    assert conversation.settings == GenerationSettings()
    assert [m.content for m in store.messages(1)] == ["hello"]
    store.close()

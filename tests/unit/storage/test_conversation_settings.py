"""Sampling settings and the system prompt are stored with each conversation."""

from __future__ import annotations

from desktop.core.settings import GenerationSettings
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database


def test_settings_survive_a_restart(tmp_path, data_key) -> None:
    path = tmp_path / "cloister.db"
    store = ConversationStore(open_database(path, data_key))
    custom = GenerationSettings(temperature=0.9, top_k=10, seed=5, system_prompt="Be formal.")
    conversation = store.create_conversation("Contract review", custom)
    other = store.create_conversation("Other")
    store.close()

    reopened = ConversationStore(open_database(path, data_key))
    assert reopened.conversation(conversation.id).settings == custom
    assert reopened.conversation(other.id).settings == GenerationSettings()
    changed = reopened.update_settings(other.id, GenerationSettings(max_tokens=50))
    assert changed.settings.max_tokens == 50
    reopened.close()

"""A conversation's title is metadata and is saved clean; its messages are kept byte for byte,
whatever they contain (issue 20)."""

from __future__ import annotations

from desktop.core.records import NEW_CONVERSATION_TITLE, Role, title_from_prompt
from desktop.storage.conversations import ConversationStore

HOSTILE = "Smith\u202e v.\x00 Jones\x1b[0m\u2066"
EVERYTHING = "".join(chr(c) for c in range(0x00, 0x250)) + "\u202a\u202e\u2066\u2069\u200f\ufeff"


def test_titles_are_saved_without_controls_or_bidi_overrides(store: ConversationStore) -> None:
    created = store.create_conversation(HOSTILE)
    assert created.title == "Smith v. Jones[0m"
    renamed = store.rename_conversation(created.id, "\u202eNew\x00\ttitle")
    assert renamed.title == store.conversation(created.id).title == "New title"
    nothing = store.rename_conversation(created.id, "\x00\u202e\x1b")
    assert nothing.title == NEW_CONVERSATION_TITLE


def test_a_title_from_a_hostile_prompt_is_its_first_visible_line() -> None:
    assert title_from_prompt("\x00\u202e\n\x1b\nLease\x00 review\u202e\nmore") == "Lease review"
    assert title_from_prompt("\x00\x1b") == NEW_CONVERSATION_TITLE


def test_messages_keep_every_character_byte_for_byte(store: ConversationStore) -> None:
    conversation = store.create_conversation(title_from_prompt(EVERYTHING))
    store.add_message(conversation.id, Role.USER, EVERYTHING)
    [message] = store.messages(conversation.id)
    assert message.content.encode("utf-8") == EVERYTHING.encode("utf-8")

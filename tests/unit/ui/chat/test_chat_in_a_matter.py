"""The chat inside the client matter in force (issue 22): its list, new conversations and
opening one by id stay in that matter; a conversation of another matter is refused, audited."""

from __future__ import annotations

from desktop.core.audit_events import EventType, Outcome
from desktop.core.matters import Matter
from tests.unit.ui.chat.test_chat_controller import Chat

ACME = Matter(id=2, client="ACME", number="001", name="Lease", opened_on="2026-01-02")


def _listed(chat: Chat) -> list[str]:
    view = chat.window.conversation_list
    return [view.item(row).text() for row in range(view.count())]


def test_a_new_conversation_goes_to_the_matter_in_force_and_is_listed_there_only(
    chat: Chat,
) -> None:
    chat.store.create_conversation("About the general question")
    chat.controller.refresh_conversation_list()
    chat.qtbot.waitUntil(lambda: len(_listed(chat)) == 1)
    chat.controller.set_matter(ACME)
    assert chat.controller.current_conversation is None  # a new chat in the new matter
    chat.qtbot.waitUntil(lambda: _listed(chat) == [])
    chat.send("About the lease")
    conversation = chat.store.conversation(chat.controller.current_conversation)
    assert conversation.matter_id == ACME.id
    created = chat.auditor.of(EventType.CONVERSATION_CREATE)[-1]
    assert created.details["matter_id"] == ACME.id
    assert created.details["matter_client"] == "ACME"
    chat.qtbot.waitUntil(lambda: len(_listed(chat)) == 1)


def test_opening_a_conversation_of_another_matter_is_refused_and_audited(chat: Chat) -> None:
    general = chat.store.create_conversation("General talk")
    chat.controller.set_matter(ACME)
    chat.controller.select_conversation(general.id)
    chat.qtbot.waitUntil(
        lambda: any(
            e.outcome is Outcome.DENIED for e in chat.auditor.of(EventType.CONVERSATION_OPEN)
        )
    )
    refused = chat.auditor.of(EventType.CONVERSATION_OPEN)[-1]
    assert refused.target_id == str(general.id)
    assert "another matter" in (refused.reason or "")
    chat.qtbot.waitUntil(lambda: chat.controller.current_conversation is None)
    assert "another matter" in chat.status_bar()

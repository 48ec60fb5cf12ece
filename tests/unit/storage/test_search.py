"""Search across all conversations: ranked, highlighted, safe with any typed text."""

from __future__ import annotations

import pytest

from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START, MessageStatus, Role
from desktop.storage.conversations import ConversationStore
from desktop.storage.search import fts_query


def chat(store: ConversationStore, title: str, *texts: str) -> int:
    conversation = store.create_conversation(title)
    for text in texts:
        store.add_message(conversation.id, Role.USER, text)
    return conversation.id


def marked(word: str) -> str:
    return f"{HIGHLIGHT_START}{word}{HIGHLIGHT_END}"


def test_finds_words_in_messages_with_a_highlighted_snippet(store: ConversationStore) -> None:
    chat(store, "Groceries", "Buy milk and bread")
    wanted = chat(store, "Tenancy", "The landlord must repair the boiler within 14 days")

    [hit] = store.search("boiler")
    assert hit.conversation_id == wanted
    assert hit.title == "Tenancy"
    assert marked("boiler") in hit.snippet
    assert "landlord" in hit.snippet


def test_every_word_must_match_and_the_last_one_may_be_unfinished(
    store: ConversationStore,
) -> None:
    both = chat(store, "A", "the patient reported dizziness after the dose")
    chat(store, "B", "the patient is well")
    assert [h.conversation_id for h in store.search("patient dizz")] == [both]
    assert store.search("patient dizz ") == []  # a finished word is matched whole


def test_case_and_accents_do_not_matter(store: ConversationStore) -> None:
    wanted = chat(store, "Café", "Rendez-vous au café à Genève")
    assert [h.conversation_id for h in store.search("GENEVE")] == [wanted]
    assert [h.conversation_id for h in store.search("cafe")] == [wanted]


def test_one_result_per_conversation_best_first(store: ConversationStore) -> None:
    once = chat(store, "Once", "an invoice is attached, among many other words here today")
    often = chat(store, "Often", "invoice invoice", "the invoice again", "invoice")
    hits = store.search("invoice")
    assert [h.conversation_id for h in hits] == [often, once]


def test_a_title_match_is_found_and_highlighted(store: ConversationStore) -> None:
    wanted = chat(store, "Quarterly tax return", "numbers only")
    [hit] = store.search("tax")
    assert hit.conversation_id == wanted
    assert hit.title == f"Quarterly {marked('tax')} return"
    assert hit.message_id is None


def test_renamed_titles_are_searched_by_their_new_name(store: ConversationStore) -> None:
    conversation = chat(store, "Old name", "body")
    store.rename_conversation(conversation, "Merger due diligence")
    assert store.search("Old") == []
    assert [h.conversation_id for h in store.search("diligence")] == [conversation]


@pytest.mark.parametrize(
    "typed",
    ['"', "AND", "NEAR(", "a:b", "*", "-", "(", "col:*", "'", "NOT OR", "^x", "日本"],
)
def test_any_typed_text_is_searched_as_words_never_a_syntax_error(
    store: ConversationStore, typed: str
) -> None:
    chat(store, "Symbols", "AND OR NOT are words here, a:b too")
    store.search(typed)  # no exception


def test_a_single_letter_is_a_word_not_a_prefix() -> None:
    assert fts_query("vitamin d") == '"vitamin" "d"'
    assert fts_query("vitamin de") == '"vitamin" "de"*'


def test_nothing_to_search_for_gives_nothing(store: ConversationStore) -> None:
    chat(store, "Any", "text")
    assert store.search("") == [] and store.search("  ?! ") == []
    assert fts_query(" ,. ") is None


def test_a_streaming_reply_is_found_once_it_stops(store: ConversationStore) -> None:
    conversation = chat(store, "Chat", "hello")
    reply = store.add_message(conversation, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    store.update_message(reply.id, "the ultraviolet index", MessageStatus.STREAMING)
    assert store.search("ultraviolet") == []
    store.update_message(reply.id, "the ultraviolet index is high", MessageStatus.COMPLETE)
    [hit] = store.search("ultraviolet")
    assert hit.message_id == reply.id
    store.update_message(reply.id, "edited: nothing here", MessageStatus.COMPLETE)
    assert store.search("ultraviolet") == []


def test_replies_cut_off_by_a_crash_become_searchable(store: ConversationStore) -> None:
    conversation = chat(store, "Chat", "hello")
    reply = store.add_message(conversation, Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    store.update_message(reply.id, "partial affidavit text", MessageStatus.STREAMING)
    store.mark_unfinished_interrupted()
    assert [h.message_id for h in store.search("affidavit")] == [reply.id]


def test_archived_conversations_are_found_and_say_so(store: ConversationStore) -> None:
    conversation = chat(store, "Old matter", "the probate file")
    store.set_archived(conversation, True)
    [hit] = store.search("probate")
    assert hit.archived


def test_deleted_conversations_are_not_found(store: ConversationStore) -> None:
    conversation = chat(store, "Secret", "the password is swordfish")
    store.delete_conversation(conversation)
    assert store.search("swordfish") == [] and store.search("Secret") == []

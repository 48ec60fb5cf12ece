"""Searching a pasted 1 MB document: found, with a short snippet around the word (issue 20).

FTS5's snippet() scores every hit against every other one in a row, so a message with a word
100,000 times never came back (a 1 MB message with a common word took 2.9 to 4 s); the test's
timeout is a hang guard, not a speed target (bench/big_input_bench.py measures that).
"""

from __future__ import annotations

import pytest

from desktop.core.records import HIGHLIGHT_END, HIGHLIGHT_START
from desktop.storage.search import SNIPPET_WORDS
from tests.unit.storage.test_search import chat, marked

CLAUSE = "The court may order costs where a claim is brought without merit. "
DOCUMENT = CLAUSE * 8_000 + "The deposit is held by quillonbarrow and sons. " + CLAUSE * 8_000


def assert_bounded(snippet: str) -> None:
    words = snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "").split()
    assert 0 < len(words) <= SNIPPET_WORDS + 1, snippet


@pytest.mark.timeout(120)
def test_a_megabyte_of_one_word_is_found(store) -> None:
    wanted = chat(store, "Pasted", "court " * 170_000)
    [hit] = store.search("court")
    assert hit.conversation_id == wanted
    assert marked("court") in hit.snippet
    assert_bounded(hit.snippet)


@pytest.mark.timeout(120)
def test_a_common_word_in_a_megabyte_message_gets_a_short_snippet(store) -> None:
    chat(store, "Groceries", "Buy milk and bread")
    wanted = chat(store, "Lease", "Please read this.", DOCUMENT)

    [hit] = store.search("court")
    assert hit.conversation_id == wanted
    assert marked("court") in hit.snippet
    assert_bounded(hit.snippet)
    assert store.message(hit.message_id).content == DOCUMENT  # the stored text, byte-exact


def test_a_rare_word_in_the_middle_shows_its_own_context(store) -> None:
    wanted = chat(store, "Lease", DOCUMENT)
    [hit] = store.search("quillonbarrow")
    assert hit.conversation_id == wanted
    assert f"held by {marked('quillonbarrow')} and sons" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert_bounded(hit.snippet)


def test_a_half_typed_word_and_two_words_find_it_too(store) -> None:
    wanted = chat(store, "Lease", DOCUMENT)
    [prefix] = store.search("quillon")
    assert prefix.conversation_id == wanted
    assert marked("quillonbarrow") in prefix.snippet
    [both] = store.search("deposit merit")
    assert both.conversation_id == wanted
    assert marked("deposit") in both.snippet or marked("merit") in both.snippet
    assert store.search("absentword") == []


def test_a_word_in_another_case_or_with_accents_folded_is_still_found(store) -> None:
    wanted = chat(store, "Lease", DOCUMENT.replace("quillonbarrow", "Quillonbarrow"))
    [hit] = store.search("QUILLONBARROW")
    assert hit.conversation_id == wanted
    assert marked("Quillonbarrow") in hit.snippet


def test_letters_that_change_length_in_lower_case_do_not_shift_the_snippet(store) -> None:
    wanted = chat(store, "Lease", "İstanbul office. " + DOCUMENT)  # "İ".lower() is two letters
    [hit] = store.search("quillonbarrow")
    assert hit.conversation_id == wanted
    assert f"held by {marked('quillonbarrow')} and sons" in hit.snippet

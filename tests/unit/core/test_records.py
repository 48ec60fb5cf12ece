"""Conversation titles and the validation of stored records."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desktop.core.records import (
    NEW_CONVERSATION_TITLE,
    TITLE_LENGTH,
    Conversation,
    Message,
    MessageStatus,
    Role,
    title_from_prompt,
)
from desktop.core.settings import GenerationSettings


def test_title_is_the_first_line_of_the_prompt() -> None:
    assert title_from_prompt("Summarise this contract\nIt is long.") == "Summarise this contract"


def test_title_skips_leading_blank_lines_and_spaces() -> None:
    assert title_from_prompt("\n   \n   Plan a trip to Lyon  \nDetails") == "Plan a trip to Lyon"


@pytest.mark.parametrize("prompt", ["", "   ", "\n\n", " \t \n  "])
def test_a_blank_prompt_gets_the_default_title(prompt: str) -> None:
    assert title_from_prompt(prompt) == NEW_CONVERSATION_TITLE


def test_a_title_of_exactly_the_limit_is_kept_whole() -> None:
    prompt = "x" * TITLE_LENGTH
    assert title_from_prompt(prompt) == prompt


def test_a_long_first_line_is_shortened_with_an_ellipsis() -> None:
    prompt = "Please write a detailed letter to my landlord about the broken heating"
    title = title_from_prompt(prompt)
    assert len(title) <= TITLE_LENGTH
    assert title.endswith("…")
    assert prompt.startswith(title[:-1])


def test_a_shortened_title_does_not_end_in_a_space_before_the_ellipsis() -> None:
    # The cut falls right after a word: the space is dropped, not shown as "word …".
    prompt = "a" * (TITLE_LENGTH - 2) + " " + "b" * 20
    title = title_from_prompt(prompt)
    assert title == "a" * (TITLE_LENGTH - 2) + "…"


def test_title_keeps_non_ascii_text() -> None:
    assert title_from_prompt("Résumé en français, s'il vous plaît") == (
        "Résumé en français, s'il vous plaît"
    )


def test_message_accepts_stored_strings_for_role_and_status() -> None:
    message = Message(id=1, conversation_id=2, role="assistant", content="Hi", status="streaming")
    assert message.role is Role.ASSISTANT
    assert message.status is MessageStatus.STREAMING
    assert message.created_at.tzinfo is not None


def test_message_defaults_to_complete() -> None:
    assert Message(id=1, conversation_id=1, role="user", content="").status is (
        MessageStatus.COMPLETE
    )


@pytest.mark.parametrize(
    ("field", "value"), [("role", "robot"), ("status", "half-done"), ("id", "not a number")]
)
def test_message_rejects_unknown_values(field: str, value: str) -> None:
    fields = {"id": 1, "conversation_id": 1, "role": "user", "content": "x", field: value}
    with pytest.raises(ValidationError):
        Message(**fields)


def test_records_are_immutable() -> None:
    message = Message(id=1, conversation_id=1, role="user", content="x")
    with pytest.raises(ValidationError):
        message.content = "changed"  # type: ignore[misc]


def test_conversation_gets_default_settings() -> None:
    conversation = Conversation(id=1, title="t")
    assert conversation.settings == GenerationSettings()
    assert conversation.updated_at >= conversation.created_at


def test_the_title_of_a_pasted_megabyte_reads_only_its_beginning(monkeypatch) -> None:
    """Cleaning a 1 MB line for a 48-character title took 1.4 s of the app's time (issue 20)."""
    from desktop.core import records

    given: list[int] = []
    real = records.safe_title
    monkeypatch.setattr(
        records, "safe_title", lambda text, length: given.append(len(text)) or real(text, length)
    )
    title = title_from_prompt("Lease terms: " + "word " * 200_000)
    assert title.startswith("Lease terms: word word") and len(title) <= records.TITLE_LENGTH
    assert max(given) < 20_000, "the whole megabyte was cleaned for a title"

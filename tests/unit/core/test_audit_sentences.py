"""Every audit event reads as a sentence, never as JSON; its details as name/value lines."""

from __future__ import annotations

import re

import pytest

from desktop.core.audit_events import EventType
from desktop.core.audit_sentences import (
    NOT_GIVEN,
    SENTENCES,
    describe,
    detail_lines,
    outcome_text,
    who,
)

SHA = "ab12cd34" + "0" * 56


def record(kind: EventType, **fields) -> dict:
    base = {
        "seq": 7,
        "timestamp": "2026-03-01T09:00:00.000Z",
        "event_type": str(kind),
        "outcome": "success",
        "reason": None,
        "actor": "anna",
        "role": "user",
        "target_type": None,
        "target_id": None,
        "details": {},
    }
    return base | fields


# What the app really records for each kind (see the callers of each EventType).
EXAMPLES = {
    EventType.APP_START: record(EventType.APP_START, details={"version": "1.2.0"}),
    EventType.AUTO_LOCK: record(EventType.AUTO_LOCK, details={"minutes": 15}),
    EventType.MODEL_LOAD: record(
        EventType.MODEL_LOAD,
        target_type="model",
        target_id=SHA,
        details={"file": "Llama-3.2-3B-Instruct-Q4_K_M.gguf", "architecture": "llama"},
    ),
    EventType.MODEL_DOWNLOAD: record(
        EventType.MODEL_DOWNLOAD,
        target_type="model",
        target_id="llama.gguf",
        details={"url": "https://x", "catalog_id": "llama", "stage": "finish", "sha256": SHA},
    ),
    EventType.CONVERSATION_DELETE: record(
        EventType.CONVERSATION_DELETE, target_type="conversation", target_id="12"
    ),
    EventType.CONVERSATION_RENAME: record(
        EventType.CONVERSATION_RENAME,
        target_type="conversation",
        target_id="12",
        details={"title": {"sha256": SHA, "chars": 12, "text": "Lease review"}},
    ),
    EventType.AIRGAP_BLOCKED: record(
        EventType.AIRGAP_BLOCKED,
        outcome="denied",
        reason="air-gapped mode",
        target_type="network",
        target_id="example.com:443",
        details={"operation": "socket.connect", "family": "AF_INET", "caller": "x.py:1"},
    ),
    EventType.SETTINGS_CHANGE: record(
        EventType.SETTINGS_CHANGE,
        target_type="setting",
        target_id="idle_lock_minutes",
        details={"old": 15, "new": None, "via": "settings page"},
    ),
    EventType.DOCUMENT_ADD: record(
        EventType.DOCUMENT_ADD,
        target_type="document",
        target_id=SHA,
        details={"name": "lease.pdf", "size": 1000, "collection_id": 1, "collection": "Leases"},
    ),
    EventType.MATTER_ACCESS: record(
        EventType.MATTER_ACCESS,
        outcome="denied",
        reason="Ethical wall W-7 screens you from this matter.",
        target_type="matter",
        target_id="4",
        details={
            "matter_id": 4,
            "matter_client": "Acme",
            "matter_number": "2026-001",
            "action": "search",
        },
    ),
}


def test_every_event_type_has_a_sentence() -> None:
    assert set(SENTENCES) == set(EventType)


@pytest.mark.parametrize("kind", list(EventType))
def test_no_sentence_is_json_or_left_unfilled(kind: EventType) -> None:
    # A record of that kind with realistic details, or none at all: never braces or quotes.
    for example in (EXAMPLES.get(kind), record(kind)):
        if example is None:
            continue
        sentence = describe(example)
        assert sentence and sentence[0].isupper()
        assert not re.search(r'[{}\[\]"]', sentence), sentence
        assert kind.value not in sentence  # "model.load" is for machines


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        (EventType.APP_START, "Cloister 1.2.0 started"),
        (EventType.MATTER_ACCESS, "Matter Acme / 2026-001: search"),
        (EventType.AUTO_LOCK, "Cloister locked itself after 15 minutes without use"),
        (
            EventType.MODEL_LOAD,
            "Model Llama-3.2-3B-Instruct-Q4_K_M.gguf loaded, SHA-256 ab12cd34…",
        ),
        (EventType.MODEL_DOWNLOAD, "Model llama.gguf downloaded, SHA-256 ab12cd34…"),
        (EventType.CONVERSATION_DELETE, "Conversation #12 deleted"),
        (EventType.CONVERSATION_RENAME, "Conversation #12 renamed to “Lease review”"),
        (EventType.AIRGAP_BLOCKED, "Network access to example.com:443 blocked"),
        (EventType.SETTINGS_CHANGE, "Setting idle_lock_minutes changed from 15 to none"),
        (EventType.DOCUMENT_ADD, "Document “lease.pdf” added to “Leases”"),
    ],
)
def test_sentences_name_what_happened(kind: EventType, sentence: str) -> None:
    assert describe(EXAMPLES[kind]) == sentence


def test_models_are_named_by_the_callers_namer_and_sentences_translated() -> None:
    def namer(file: str, sha256: str | None) -> str:
        assert sha256 == SHA
        return "Llama 3.2 3B"

    example = EXAMPLES[EventType.MODEL_LOAD]
    assert describe(example, model_name=namer) == "Model Llama 3.2 3B loaded, SHA-256 ab12cd34…"
    german = {"Model {model} loaded, SHA-256 {sha256}": "Modell {model} geladen ({sha256})"}
    assert describe(example, german.get, namer) == "Modell Llama 3.2 3B geladen (ab12cd34…)"


def test_a_record_of_an_unknown_kind_or_without_details_still_reads() -> None:
    assert describe(record(EventType.MODEL_LOAD)) == f"Model {NOT_GIVEN} loaded, SHA-256 ?"
    assert describe({"event_type": "future.thing"}) == "Event future.thing"


def test_outcome_and_who_in_words() -> None:
    assert outcome_text(EXAMPLES[EventType.APP_START]) == "done"
    assert outcome_text(EXAMPLES[EventType.AIRGAP_BLOCKED]) == "refused: air-gapped mode"
    assert who(EXAMPLES[EventType.APP_START]) == "anna (user)"
    assert who(record(EventType.APP_START, role="system", actor="")) == "system"


def test_details_are_name_value_lines_with_nested_fields_flattened() -> None:
    lines = dict(detail_lines(EXAMPLES[EventType.CONVERSATION_RENAME]))
    assert lines["event_type"] == "conversation.rename"
    assert lines["target"] == "conversation: 12"
    assert lines["details.title.sha256"] == SHA
    assert lines["details.title.text"] == "Lease review"
    assert all("{" not in value for value in lines.values())

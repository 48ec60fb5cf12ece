"""Deleting a conversation erases its texts from the audit log where the policy allows it
(issue 20), and the log still verifies offline.

Real encrypted stores and log; every page of audit.db and its WAL is read decrypted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.audit.bundle import export_bundle
from desktop.audit.log import AuditLog
from desktop.audit.records import entry_hash, seal
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import EventType, Outcome, conversation_event, text_digest
from desktop.core.records import Role
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database
from tests.sqlcipher_pages import decrypted_contents

SECRET = "Quaxelbrook"  # a word no other text holds
OTHER = "Zwimmerdale"


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    audit = AuditLog.open(tmp_path / "audit.db", data_key)
    audit.full_content = True  # the policy's audit_content: full
    yield audit
    audit.close()


def chat(store: ConversationStore, log: AuditLog, words: str) -> int:
    """A conversation as the window records it: title, prompt and reply kept in full."""
    conversation = store.create_conversation()
    log.record(conversation_event(EventType.CONVERSATION_RENAME, conversation.id,
                                  title=text_digest(f"About {words}")))  # fmt: skip
    for turn in range(3):
        prompt = f"Turn {turn}: my client {words} says " + "more " * 30
        log.record(
            conversation_event(EventType.PROMPT_SUBMIT, conversation.id, prompt=text_digest(prompt))
        )
        store.add_message(conversation.id, Role.USER, prompt)
        reply = store.add_message(conversation.id, Role.ASSISTANT, f"Noted about {words}.")
        log.record(
            conversation_event(
                EventType.REPLY_GENERATE,
                conversation.id,
                reply=text_digest(reply.content),
                message_id=reply.id,
            )
        )
    return conversation.id


def delete(store: ConversationStore, log: AuditLog, conversation_id: int):
    """As the window deletes: recorded, deleted, then the texts erased from the log."""
    log.record(conversation_event(EventType.CONVERSATION_DELETE, conversation_id))
    store.delete_conversation(conversation_id)
    return log.erase_conversation_texts(conversation_id)


@pytest.fixture
def store(tmp_path: Path, data_key: bytes):
    conversations = ConversationStore(open_database(tmp_path / "conversations.db", data_key))
    yield conversations
    conversations.close()


def verified(log: AuditLog, folder: Path) -> int:
    export_bundle(log, folder)
    verdict = verify_bundle(folder, (folder / "public_key.pem").read_bytes())
    assert verdict.ok, verdict.problems
    return verdict.records


def test_allowed_the_deleted_texts_leave_every_file_and_the_log_still_verifies(
    tmp_path: Path, data_key: bytes, store: ConversationStore, log: AuditLog
) -> None:
    log.erase_on_delete = True
    gone = chat(store, log, SECRET)
    chat(store, log, OTHER)
    log.checkpoint()  # some records signed before the erasure, some after
    chat(store, log, OTHER)
    assert SECRET.encode() in decrypted_contents(tmp_path / "audit.db", data_key)
    hashes = log.store.entry_hashes()

    erasure = delete(store, log, gone)

    assert (erasure.erased, erasure.kept, erasure.refusal) == (7, 0, None)  # title + 3 + 3
    for path in ("audit.db", "conversations.db"):
        assert SECRET.encode() not in decrypted_contents(tmp_path / path, data_key), path
    assert OTHER.encode() in decrypted_contents(tmp_path / "audit.db", data_key)
    assert log.store.entry_hashes()[: len(hashes)] == hashes  # same chain, same Merkle leaves
    [record] = [r for r in log.records() if r.event_type == EventType.TEXT_ERASE]
    assert record.outcome == Outcome.SUCCESS and len(record.details["records"]) == 7
    erased = [r for r in log.records() if r.seq in record.details["records"]]
    assert all("text" not in r.details.get("prompt", r.details.get("reply", {})) for r in erased)
    assert all(len(r.details.get("prompt", r.details.get("reply", {}))) in (0, 2) for r in erased)
    assert log.self_check() == []
    assert verified(log, tmp_path / "bundle") == log.size
    assert SECRET.encode() not in b"".join(p.read_bytes() for p in (tmp_path / "bundle").iterdir())


def test_forbidden_by_default_the_texts_stay_and_the_refusal_is_recorded(
    tmp_path: Path, data_key: bytes, store: ConversationStore, log: AuditLog
) -> None:
    gone = chat(store, log, SECRET)

    erasure = delete(store, log, gone)

    assert (erasure.erased, erasure.kept) == (0, 7)
    assert "policy does not allow" in erasure.sentence()
    # Documented: the conversation is gone from its store, its texts stay in the audit log.
    assert SECRET.encode() not in decrypted_contents(tmp_path / "conversations.db", data_key)
    assert SECRET.encode() in decrypted_contents(tmp_path / "audit.db", data_key)
    [record] = [r for r in log.records() if r.event_type == EventType.TEXT_ERASE]
    assert record.outcome == Outcome.DENIED
    assert verified(log, tmp_path / "bundle") == log.size


def test_a_legal_hold_keeps_the_texts_even_where_the_policy_allows_erasing(
    tmp_path: Path, data_key: bytes, store: ConversationStore, log: AuditLog
) -> None:
    log.erase_on_delete = True
    log.set_legal_hold(True)
    gone = chat(store, log, SECRET)

    erasure = delete(store, log, gone)

    assert erasure.refusal == "a legal hold is on" and erasure.kept == 7
    assert SECRET.encode() in decrypted_contents(tmp_path / "audit.db", data_key)


def test_a_conversation_kept_by_digest_only_has_nothing_to_erase(
    tmp_path: Path, store: ConversationStore, log: AuditLog
) -> None:
    log.full_content = False
    log.erase_on_delete = True
    gone = chat(store, log, SECRET)
    size = log.size

    erasure = delete(store, log, gone)

    assert (erasure.erased, erasure.kept, erasure.sentence()) == (0, 0, "")
    assert log.size == size + 1  # the delete itself, nothing more


def test_texts_of_records_written_before_the_rule_stay_and_still_verify(
    tmp_path: Path, data_key: bytes, store: ConversationStore, log: AuditLog
) -> None:
    """An older version hashed texts in place: erasing them would break the chain."""
    log.erase_on_delete = True
    conversation = store.create_conversation()
    prompt = f"an older {SECRET}"
    event = conversation_event(
        EventType.PROMPT_SUBMIT, conversation.id, prompt={**text_digest(prompt), "text": prompt}
    )
    body = {
        "seq": log.size + 1, "event_id": "0" * 32, "timestamp": "2025-01-01T00:00:00.000Z",
        **event.model_dump(mode="json"), "actor": log.actor, "role": "user",
        "host_id": log.host_id, "app_version": "0.9", "prev_hash": log._prev,
    }  # fmt: skip
    old = seal(body).model_copy(update={"entry_hash": entry_hash(body)})
    assert old.is_intact() and not old.texts_erasable
    log.store.append(old.seq, old.timestamp, old.event_type, old.actor, old.entry_hash, old.line())
    log._seq, log._prev = old.seq, old.entry_hash
    chat_id = chat(store, log, OTHER)
    assert chat_id != conversation.id

    erasure = delete(store, log, conversation.id)

    assert (erasure.erased, erasure.kept) == (0, 1)
    assert "older records keep it" in erasure.sentence()
    assert SECRET.encode() in decrypted_contents(tmp_path / "audit.db", data_key)
    assert log.self_check() == []
    assert verified(log, tmp_path / "bundle") == log.size


def test_a_kept_text_changed_afterwards_is_caught(
    tmp_path: Path, store: ConversationStore, log: AuditLog
) -> None:
    chat(store, log, SECRET)
    log.checkpoint()
    chat(store, log, OTHER)
    [line] = [line for line in log.store.lines() if OTHER in line and '"chat.prompt"' in line][:1]
    seq = int(line.split('"seq":')[1].split(",")[0])
    log.store.replace_records({seq: line.replace(OTHER, "Someone else")})

    assert log.self_check() == [f"record {seq} was changed or does not follow the one before"]
    export_bundle(log, tmp_path / "bundle")
    verdict = verify_bundle(tmp_path / "bundle", (tmp_path / "bundle/public_key.pem").read_bytes())
    assert not verdict.ok
    assert any(f"record seq {seq}" in problem for problem in verdict.problems)

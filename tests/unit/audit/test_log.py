"""Appending to the audit log: chained, durable across restarts, and fail-closed."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.audit.log import AuditError, AuditLog
from desktop.audit.records import GENESIS_HASH, MAX_RECORD_BYTES, AuditRecord
from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome


def test_records_are_chained_and_hashed_over_their_canonical_form(
    tmp_path: Path, data_key: bytes
) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    first = log.record(AuditEvent(event_type=EventType.APP_START), ActorRole.SYSTEM)
    second = log.record(
        AuditEvent(
            event_type=EventType.CONVERSATION_RENAME,
            target_type="conversation",
            target_id="7",
            details={"old": "a", "new": "b"},
        )
    )
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert second.computed_hash() == second.entry_hash
    assert second.timestamp.endswith("Z") and len(second.timestamp) == len(
        "2026-01-01T00:00:00.000Z"
    )
    assert second.actor and second.host_id and second.app_version
    assert log.records() == [first, second]
    log.close()


def test_the_chain_continues_after_a_restart(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    first = log.record(AuditEvent(event_type=EventType.APP_START))
    key, host = log.key.fingerprint, log.host_id
    log.close()

    again = AuditLog.open(tmp_path / "audit.db", data_key)
    second = again.record(AuditEvent(event_type=EventType.APP_STOP))
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert (again.key.fingerprint, again.host_id) == (key, host)  # same signing key and host
    again.close()


def test_a_record_that_cannot_be_written_stops_the_action(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    log.record(AuditEvent(event_type=EventType.APP_START))
    pages = log.store._db.execute("PRAGMA page_count").fetchone()[0]
    log.store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full

    with pytest.raises(AuditError, match="Not done: the audit record for it could not be written"):
        log.record(
            AuditEvent(event_type=EventType.CONVERSATION_DELETE, details={"pad": "x" * 20_000})
        )
    assert log.size == 1  # nothing half-written, and the chain is where it was
    log.store._db.execute(f"PRAGMA max_page_count = {pages * 100}")
    after = log.record(AuditEvent(event_type=EventType.APP_STOP))
    assert after.seq == 2
    log.close()


def test_a_record_longer_than_a_verifier_reads_is_refused(tmp_path: Path, data_key: bytes) -> None:
    """A prompt kept in full may be long, but not longer than `audit verify` reads a line."""
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    log.record(AuditEvent(event_type=EventType.APP_START))
    text = "é" * (MAX_RECORD_BYTES // 2)  # two bytes each in UTF-8: over the limit
    with pytest.raises(AuditError, match="over 16 MiB"):
        log.record(AuditEvent(event_type=EventType.PROMPT_SUBMIT, details={"text": text}))
    assert log.size == 1 and len(log.records()) == 1  # nothing written, the chain intact
    assert log.record(AuditEvent(event_type=EventType.APP_STOP)).seq == 2
    log.close()


def test_a_record_refuses_unknown_fields_and_is_frozen() -> None:
    record = AuditRecord(
        seq=1,
        event_id="e",
        timestamp="2026-01-01T00:00:00.000Z",
        event_type=EventType.APP_START,
        outcome=Outcome.SUCCESS,
        reason=None,
        actor="a",
        role=ActorRole.USER,
        host_id="h",
        app_version="1",
        target_type=None,
        target_id=None,
        details={},
        prev_hash=GENESIS_HASH,
        entry_hash=GENESIS_HASH,
    )
    with pytest.raises(ValueError):
        AuditRecord.model_validate({**record.model_dump(), "extra": 1})
    with pytest.raises(ValueError):
        record.seq = 2  # type: ignore[misc]


def test_a_checkpoint_is_signed_every_so_many_records(
    tmp_path: Path, data_key: bytes, monkeypatch
) -> None:
    monkeypatch.setattr("desktop.audit.log.CHECKPOINT_EVERY", 5)
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    for _ in range(12):
        log.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    assert [checkpoint.tree_size for checkpoint in log.checkpoints()] == [5, 10]
    log.close()


def test_a_session_starts_with_what_happened_while_unlocking(
    tmp_path: Path, data_key: bytes
) -> None:
    from desktop.audit.log import open_session_log
    from desktop.core.key_prompts import UnlockReport

    report = UnlockReport(
        failures=["2026-11-23T07:00:00.000"], key_changes=["unlocked with the recovery key"]
    )
    log = open_session_log(tmp_path / "audit.db", data_key, report)
    kinds = [(r.event_type, r.outcome, r.reason) for r in log.records()]
    assert kinds == [
        ("auth.unlock_failed", "failure", "wrong passphrase or recovery key"),
        ("auth.key_change", "success", "unlocked with the recovery key"),
        ("auth.unlock", "success", None),
        ("app.start", "success", None),
    ]
    log.close()

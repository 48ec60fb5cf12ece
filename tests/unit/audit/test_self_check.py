"""At start the log checks it is still what was last signed, and records it if not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.core.audit_events import AuditEvent, EventType


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    opened = AuditLog.open(tmp_path / "audit.db", data_key)
    for _ in range(8):
        opened.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    opened.checkpoint()
    for _ in range(4):
        opened.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    yield opened
    opened.close()


def reopen(log: AuditLog, tmp_path: Path, data_key: bytes) -> AuditLog:
    log.store._db.conn.commit()
    return AuditLog.open(tmp_path / "audit.db", data_key)


def test_an_intact_log_passes(log: AuditLog) -> None:
    assert log.self_check() == []
    assert log.records()[-1].event_type == "conversation.open"  # nothing recorded


def test_a_changed_recent_record_is_found_and_recorded(
    log: AuditLog, tmp_path: Path, data_key: bytes
) -> None:
    line = log.store.lines_from(10)[0]
    edited = json.loads(line) | {"actor": "mallory"}
    log.store._db.execute(
        "UPDATE events SET record = ? WHERE seq = 10",
        [json.dumps(edited, sort_keys=True, separators=(",", ":"))],
    )
    again = reopen(log, tmp_path, data_key)
    problems = again.self_check()
    assert problems == ["record 10 was changed or does not follow the one before"]
    failure = again.records()[-1]
    assert (failure.event_type, failure.outcome) == ("integrity.failure", "failure")
    again.close()


@pytest.mark.parametrize(
    "tamper, problem",
    [
        ("DELETE FROM events WHERE seq > 5", "fewer than the 8 its last checkpoint signed"),
        ("UPDATE events SET entry_hash = '" + "1" * 64 + "' WHERE seq = 3", "were changed"),
    ],
)
def test_a_log_that_no_longer_matches_its_checkpoint_is_found(
    log: AuditLog, tmp_path: Path, data_key: bytes, tamper: str, problem: str
) -> None:
    log.store._db.execute(tamper)
    again = reopen(log, tmp_path, data_key)
    problems = again.self_check()
    assert problems and problem in problems[0]
    again.close()

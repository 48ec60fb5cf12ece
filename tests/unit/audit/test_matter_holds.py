"""A legal hold on a matter keeps its audit records (issue 22): the log's retention purge and
the erasure of a deleted conversation's texts skip records of held matters, and the log still
verifies offline. Real encrypted log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.audit.bundle import export_bundle
from desktop.audit.log import DEFAULT_RETENTION_DAYS, AuditLog
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import (
    AuditEvent,
    EventType,
    Outcome,
    conversation_event,
    text_digest,
)
from desktop.core.records import utc_millis

NOW = datetime(2026, 11, 23, tzinfo=UTC)
HELD, FREE = 7, 8


def matter_event(matter_id: int) -> AuditEvent:
    details = {"matter_id": matter_id, "matter_client": "Acme", "matter_number": str(matter_id)}
    return AuditEvent(event_type=EventType.MATTER_ACCESS, details={**details, "action": "open"})


def test_the_purge_keeps_the_records_of_held_matters(tmp_path: Path, data_key: bytes) -> None:
    moment = [NOW - timedelta(days=DEFAULT_RETENTION_DAYS + 30)]

    def clock() -> str:
        moment[0] += timedelta(seconds=1)
        return utc_millis(moment[0])

    log = AuditLog.open(tmp_path / "audit.db", data_key, clock=clock)
    log.held_matters = lambda: frozenset({HELD})
    try:
        log.record(matter_event(FREE))
        log.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))  # no matter
        log.record(matter_event(HELD))
        log.record(matter_event(FREE))
        moment[0] = NOW
        # Purged records are the log's start: the held matter's first record ends the purge.
        assert log.purge(NOW) == 2
        kept = [r for r in log.records() if r.event_type == EventType.MATTER_ACCESS]
        assert [r.details["matter_id"] for r in kept] == [HELD, FREE]
        [purge] = [r for r in log.records() if r.event_type == EventType.RETENTION_PURGE]
        assert purge.details["held_matters"] == [HELD]
        export_bundle(log, tmp_path / "bundle")
        verdict = verify_bundle(tmp_path / "bundle", log.key.public_pem())
        assert verdict.ok, verdict.problems
    finally:
        log.close()


def test_texts_of_a_held_matter_are_not_erased(tmp_path: Path, data_key: bytes) -> None:
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    log.full_content = log.erase_on_delete = True
    log.held_matters = lambda: frozenset({HELD})
    try:
        log.record(
            conversation_event(
                EventType.PROMPT_SUBMIT, 3, prompt=text_digest("Quaxelbrook"), matter_id=HELD
            )
        )
        erasure = log.erase_conversation_texts(3)
        assert (erasure.erased, erasure.kept) == (0, 1)
        assert erasure.refusal == "a legal hold is on its matter"
        [refused] = [r for r in log.records() if r.event_type == EventType.TEXT_ERASE]
        assert refused.outcome == Outcome.DENIED
        assert "Quaxelbrook" in log.records()[0].model_dump_json()
    finally:
        log.close()

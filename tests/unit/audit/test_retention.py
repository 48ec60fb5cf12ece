"""Retention: old records lose their content, the chain stays verifiable, a legal hold stops it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.audit.bundle import PURGED, export_bundle
from desktop.audit.log import DEFAULT_RETENTION_DAYS, AuditLog
from desktop.audit.verify import verify_bundle
from desktop.core.audit_events import AuditEvent, EventType
from desktop.core.errors import KnownError
from desktop.core.records import utc_millis
from tests.sqlcipher_pages import decrypted_contents

NOW = datetime(2026, 11, 23, tzinfo=UTC)
SECRET = "Zebulon-old-record"


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> str:
        self.moment += timedelta(seconds=1)
        return utc_millis(self.moment)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW - timedelta(days=DEFAULT_RETENTION_DAYS + 30))  # seven years ago


@pytest.fixture
def log(tmp_path: Path, data_key: bytes, clock: Clock):
    opened = AuditLog.open(tmp_path / "audit.db", data_key, clock=clock)
    for _ in range(10):  # old enough to go
        opened.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN, details={"n": SECRET}))
    clock.moment = NOW - timedelta(days=10)
    for _ in range(5):  # recent: kept
        opened.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    clock.moment = NOW
    yield opened
    opened.close()


def test_the_default_is_six_years() -> None:
    assert DEFAULT_RETENTION_DAYS >= 6 * 365


def test_a_purge_drops_old_content_and_the_export_still_verifies(
    log: AuditLog, tmp_path: Path, data_key: bytes
) -> None:
    assert log.purge(NOW) == 10
    assert [r.seq for r in log.records()][:6] == [11, 12, 13, 14, 15, 16]
    purge = log.records()[-1]
    assert (purge.event_type, purge.details["records"]) == ("audit.purge", 10)
    assert SECRET.encode() not in decrypted_contents(tmp_path / "audit.db", data_key)

    folder = tmp_path / "bundle"
    manifest = export_bundle(log, folder)
    assert (manifest.purged_count, manifest.record_count) == (10, 6)
    verdict = verify_bundle(folder, log.key.public_pem())
    assert verdict.ok, verdict.problems
    assert log.purge(NOW) == 0  # nothing more is due


def test_a_changed_purged_hash_is_caught(log: AuditLog, tmp_path: Path) -> None:
    log.purge(NOW)
    folder = tmp_path / "bundle"
    export_bundle(log, folder)
    hashes = (folder / PURGED).read_text().split()
    hashes[3] = "0" * 64
    (folder / PURGED).write_text("\n".join(hashes) + "\n")
    assert not verify_bundle(folder, log.key.public_pem()).intact


def test_a_legal_hold_stops_purging_and_says_so(log: AuditLog) -> None:
    log.set_legal_hold(True)
    assert log.purge(NOW) == 0
    assert len([r for r in log.records() if r.details.get("n") == SECRET]) == 10
    denied = log.records()[-1]
    assert (denied.event_type, denied.outcome, denied.reason) == (
        "audit.purge",
        "denied",
        "legal hold",
    )
    log.set_legal_hold(False)
    assert log.purge(NOW) == 10


def test_retention_changes_are_audited_and_checked(log: AuditLog) -> None:
    log.set_retention_days(30)
    change = log.records()[-1]
    assert (change.event_type, change.role) == ("settings.change", "admin")
    assert change.details == {"old": DEFAULT_RETENTION_DAYS, "new": 30}
    assert log.purge(NOW) == 10  # the 10-day-old ones stay
    with pytest.raises(KnownError):
        log.set_retention_days(0)

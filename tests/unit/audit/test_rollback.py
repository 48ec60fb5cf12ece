"""At start, a missing, replaced, rolled-back or cut-short audit.db is found against the marker
kept beside the data key (and the witness), recorded, and kept as an alarm until an
administrator acknowledges it. Real encrypted audit databases throughout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.audit.marker import marker_path
from tests.unit.audit.witnessing import Admin, Insider, Workstation, fill


@pytest.fixture
def station(tmp_path: Path, data_key: bytes) -> Workstation:
    """No witness: the marker alone. Two sessions of 12 + 3 records."""
    station = Workstation(tmp_path / "ws", data_key, None)
    for _session in range(2):
        log = station.start()
        assert station.alarms() == []
        (station.data / "conversations.db").touch()  # the app's first start makes both
        fill(log, 10)
        station.stop()
    return station


def failures(station: Workstation) -> list[str]:
    log = AuditLog.open(station.db, station.data_key)
    try:
        return [r.reason or "" for r in log.records() if r.event_type == "integrity.failure"]
    finally:
        log.close()


def restart(station: Workstation) -> list[str]:
    station.start()
    alarms = station.alarms()
    station.stop()
    return alarms


def test_an_untouched_log_raises_nothing_and_keeps_a_marker(station: Workstation) -> None:
    assert restart(station) == []
    marker = json.loads(marker_path(station.db).read_text())
    assert marker["marker"]["tree_size"] == 29 and len(marker["mac"]) == 64


def test_a_deleted_audit_db_is_found_recorded_and_kept_until_acknowledged(
    station: Workstation,
) -> None:
    for path in station.data.glob("audit.db*"):
        path.unlink()
    log = station.start()
    [alarm] = station.alarms()
    assert alarm.startswith("audit.db was missing at start: a new audit log")
    assert "knows the log of key" in alarm and "with 26 records" in alarm
    station.stop()
    assert failures(station) == [alarm]  # recorded in the new log
    assert restart(station) == [alarm]  # still shown at the next start: not acknowledged
    log = station.start()
    assert station.guard is not None
    station.guard.acknowledge()
    assert station.alarms() == []
    assert log.records()[-1].event_type == "integrity.acknowledged"
    assert log.records()[-1].role == "admin"
    station.stop()
    assert restart(station) == []  # acknowledged, and not raised again


def test_an_older_copy_restored_is_found(station: Workstation, tmp_path: Path) -> None:
    station.copy_audit_db(tmp_path / "backup")
    log = station.start()
    fill(log, 30)
    station.stop()
    station.restore_audit_db(tmp_path / "backup")
    [alarm] = restart(station)
    assert alarm.startswith("audit.db holds 28 records, fewer than the 59 that the marker")
    assert "rolled back to an older copy, or its last records were deleted" in alarm


def test_records_cut_off_with_their_checkpoints_are_found(station: Workstation) -> None:
    Insider(station.db, station.data_key).truncate(keep=20)
    [alarm] = restart(station)
    assert alarm.startswith("audit.db holds 22 records, fewer than the 26")


def test_a_rewritten_log_is_found(station: Workstation) -> None:
    Insider(station.db, station.data_key).rewrite({3: {"outcome": "success"}})
    [alarm] = restart(station)
    assert alarm.startswith("the first 26 records of audit.db differ from what the marker")


def test_an_altered_or_deleted_marker_is_found(station: Workstation) -> None:
    path = marker_path(station.db)
    marker = json.loads(path.read_text())
    marker["marker"]["tree_size"] = 1
    path.write_text(json.dumps(marker))
    [alarm] = restart(station)
    assert "was altered or belongs to another data key" in alarm
    path.unlink()
    alarms = restart(station)
    assert alarms == [f"the audit marker {path} kept with the data key was deleted"]


def test_without_a_marker_a_missing_audit_db_beside_conversations_is_found(
    station: Workstation,
) -> None:
    marker_path(station.db).unlink()
    for path in station.data.glob("audit.db*"):
        path.unlink()
    [alarm] = restart(station)
    assert alarm.startswith("audit.db was missing at start while the conversations were there")


def test_the_witness_catches_a_restore_of_the_whole_data_folder(
    tmp_path: Path, data_key: bytes
) -> None:
    admin = Admin(tmp_path / "admin")
    station = Workstation(tmp_path / "ws", data_key, admin)
    station.start()
    station.stop()
    backup = tmp_path / "backup"
    station.copy_audit_db(backup)
    (backup / "audit-marker.json").write_bytes(marker_path(station.db).read_bytes())
    log = station.start()
    fill(log, 10)
    station.stop()
    admin.cosign(station.witness_dir)
    station.restore_audit_db(backup)  # audit.db and the marker: they agree with each other
    station.start()
    alarms = station.alarms()
    station.stop()
    assert alarms and "fewer than the 16 that the administrator's witness" in alarms[0]

"""Walls placed, changed and lifted in the policy are recorded at start (`matter.wall`), as is
a changed machine policy file (`policy.change`); a policy that failed closed unread neither
places nor lifts a wall (issue 22)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog, open_session_log
from desktop.audit.policy_changes import record_policy_changes
from desktop.core.audit_events import EventType
from desktop.core.audit_sentences import describe
from desktop.core.policy import memo_sha256
from desktop.policy.effective import load_policy

WALL = {
    "id": "W-1",
    "client": "ACME Corp",
    "number": "2026-001",
    "kind": "exclusionary",
    "accounts": ["alice"],
}


@pytest.fixture
def log(tmp_path: Path, data_key: bytes):
    log = AuditLog.open(tmp_path / "audit.db", data_key)
    yield log
    log.close()


def policy_with(tmp_path: Path, content: object):
    path = tmp_path / "policy.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return load_policy(path, None, trust=lambda _: None)


def wall_records(log: AuditLog) -> list[dict]:
    return [
        {"change": r.details["change"], "wall": r.target_id, **r.details}
        for r in log.records()
        if r.event_type == EventType.WALL_CHANGE
    ]


def test_walls_placed_changed_and_lifted_are_recorded_once(tmp_path: Path, log) -> None:
    record_policy_changes(log, policy_with(tmp_path, {}))
    assert wall_records(log) == []

    second = {**WALL, "id": "W-2", "kind": "inclusionary", "accounts": ["bob"], "memo": "Read."}
    record_policy_changes(log, policy_with(tmp_path, {"walls": [WALL, second]}))
    placed = wall_records(log)
    assert [(r["wall"], r["change"]) for r in placed] == [("W-1", "placed"), ("W-2", "placed")]
    assert placed[0]["matter_client"] == "ACME Corp" and placed[0]["matter_number"] == "2026-001"
    assert placed[1]["accounts"] == ["bob"] and placed[1]["memo_sha256"] == memo_sha256("Read.")

    record_policy_changes(log, policy_with(tmp_path, {"walls": [WALL, second]}))  # unchanged
    assert len(wall_records(log)) == 2

    widened = {**WALL, "accounts": ["alice", "carol"]}
    record_policy_changes(log, policy_with(tmp_path, {"walls": [widened]}))
    later = wall_records(log)[2:]
    assert [(r["wall"], r["change"]) for r in later] == [("W-1", "changed"), ("W-2", "lifted")]
    assert later[0]["before"]["accounts"] == ["alice"]
    assert later[0]["accounts"] == ["alice", "carol"]
    records = [r for r in log.records() if r.event_type == EventType.WALL_CHANGE]
    assert all(r.role == "system" and r.is_intact() for r in records)
    sentence = describe(records[-1].model_dump(mode="json"))
    assert sentence == "Ethical wall W-2 on matter ACME Corp / 2026-001: lifted"


def test_a_policy_that_failed_closed_unread_neither_places_nor_lifts(tmp_path: Path, log) -> None:
    record_policy_changes(log, policy_with(tmp_path, {"walls": [WALL]}))
    record_policy_changes(log, policy_with(tmp_path, "{broken"))
    assert [r["change"] for r in wall_records(log)] == ["placed"]
    record_policy_changes(log, policy_with(tmp_path, {"walls": [WALL]}))
    assert [r["change"] for r in wall_records(log)] == ["placed"]  # the same wall, still


def test_a_changed_policy_file_is_recorded(tmp_path: Path, log) -> None:
    first = policy_with(tmp_path, {"idle_lock_minutes": 5})
    record_policy_changes(log, first)
    assert not [r for r in log.records() if r.event_type == EventType.POLICY_CHANGE]
    record_policy_changes(log, first)
    second = policy_with(tmp_path, {"idle_lock_minutes": 1})
    record_policy_changes(log, second)
    [change] = [r for r in log.records() if r.event_type == EventType.POLICY_CHANGE]
    assert change.details == {
        "old_sha256": first.files[0].sha256,
        "new_sha256": second.files[0].sha256,
    }


def test_every_command_and_the_window_record_them(tmp_path: Path, data_key: bytes) -> None:
    """open_session_log (each command with its policy) records what changed."""
    policy = policy_with(tmp_path, {"walls": [WALL]})
    log = open_session_log(tmp_path / "audit.db", data_key, policy=policy, check=False)
    assert [r["change"] for r in wall_records(log)] == ["placed"]
    log.close()

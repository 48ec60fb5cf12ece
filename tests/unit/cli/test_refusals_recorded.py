"""Every refusal is recorded (issue 18): a locked setting from the command line is audited as
denied, and a wrong passphrase from a script that gives up is in the audit log after the next
unlock. Real processes, a real encrypted profile."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.audit.pending import PENDING_FILE
from desktop.cli.exits import BAD_INPUT, NO_SECRET
from desktop.policy.files import MACHINE_POLICY_DIR_ENV
from desktop.security.pacing import UNLOCK_FAILURES_FILE
from tests.unit.cli.cli_runs import (
    PASSPHRASE,
    assert_one_clean_line,
    audit_events,
    make_profile,
    run_cli,
)

LOCKED_LINE = "error: 'air_gapped' is set by your administrator's policy and cannot be changed."


def air_gapped(tmp_path: Path) -> list[str]:
    """An extra policy file: it tightens, so it works whoever runs the tests."""
    extra = tmp_path / "air-gapped.json"
    extra.write_text('{"air_gapped": true}')
    return ["--policy", str(extra)]


def air_gapped_machine(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "machine"
    folder.mkdir()
    (folder / "policy.json").write_text('{"air_gapped": true}')
    return {MACHINE_POLICY_DIR_ENV: str(folder)}


def denied_settings(paths, data_key: bytes) -> list[dict]:
    log = AuditLog.open(paths.audit_database, data_key)
    try:
        return [
            {"target": r.target_id, "reason": r.reason, **r.details}
            for r in log.records()
            if r.event_type == "settings.change" and r.outcome == "denied"
        ]
    finally:
        log.close()


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="a machine policy must belong to root"
)
def test_a_locked_setting_from_the_command_line_is_recorded_as_denied(tmp_path: Path) -> None:
    paths, new = make_profile(tmp_path / "profile")
    env = {**air_gapped_machine(tmp_path), "CLOISTER_PASSPHRASE": PASSPHRASE}
    result = run_cli("--basedir", str(paths.base), "settings", "set", "air_gapped", "off", env=env)
    assert result.returncode == BAD_INPUT
    assert assert_one_clean_line(result) == LOCKED_LINE
    [denied] = denied_settings(paths, new.data_key)
    assert denied["target"] == "air_gapped" and denied["old"] is True and denied["new"] is False
    assert denied["via"] == "command line" and "administrator's policy" in denied["reason"]
    assert not paths.preferences.exists()


def test_a_refusal_without_a_passphrase_is_recorded_at_the_next_unlock(tmp_path: Path) -> None:
    paths, new = make_profile(tmp_path / "profile")
    args = [*air_gapped(tmp_path), "--basedir", str(paths.base)]
    result = run_cli(*args, "settings", "set", "air_gapped", "off")  # no passphrase given
    assert result.returncode == BAD_INPUT
    assert assert_one_clean_line(result) == LOCKED_LINE
    assert (paths.data / PENDING_FILE).exists()
    assert denied_settings(paths, new.data_key) == []

    bundle = tmp_path / "bundle"
    unlocked = run_cli(
        "--basedir", str(paths.base), "audit", "export", str(bundle),
        env={"CLOISTER_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert unlocked.returncode == 0, unlocked.stderr
    [denied] = denied_settings(paths, new.data_key)
    assert denied["target"] == "air_gapped" and denied["happened_at"].endswith("Z")
    assert not (paths.data / PENDING_FILE).exists()


def test_a_wrong_passphrase_from_a_script_that_gives_up_is_recorded_later(tmp_path: Path) -> None:
    paths, new = make_profile(tmp_path / "profile")
    base = ["--basedir", str(paths.base)]
    wrong = run_cli(
        *base, "settings", "set", "idle_lock_minutes", "5",
        env={"CLOISTER_PASSPHRASE": "not the passphrase"},
    )  # fmt: skip
    assert wrong.returncode == NO_SECRET
    assert ("auth.unlock_failed", "failure") not in audit_events(paths, new.data_key)
    kept = json.loads((paths.data / UNLOCK_FAILURES_FILE).read_text())
    assert kept["in_a_row"] == 1 and len(kept["unrecorded"]) == 1

    right = run_cli(
        *base, "settings", "set", "idle_lock_minutes", "5",
        env={"CLOISTER_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert right.returncode == 0, right.stderr
    events = audit_events(paths, new.data_key)
    failed = events.index(("auth.unlock_failed", "failure"))
    assert failed < events.index(("settings.change", "success"))
    assert events.count(("auth.unlock_failed", "failure")) == 1
    assert not (paths.data / UNLOCK_FAILURES_FILE).exists()


def test_the_wait_between_tries_is_kept_across_processes(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    env = {"CLOISTER_PASSPHRASE": "not the passphrase"}
    for _ in range(3):  # three scripts, each trying once
        result = run_cli("--basedir", str(paths.base), "models", "verify", env=env)
        assert result.returncode == NO_SECRET
    kept = json.loads((paths.data / UNLOCK_FAILURES_FILE).read_text())
    assert kept["in_a_row"] == 3 and len(kept["unrecorded"]) == 3
    assert kept["last_failure"] > 0  # the fourth must wait from here, whichever process it is


def test_a_command_records_the_policy_it_ran_under_even_a_broken_one(tmp_path: Path) -> None:
    """As the window does: a `policy.loaded` record, failed closed here (the file is not JSON)."""
    paths, new = make_profile(tmp_path / "profile")
    folder = tmp_path / "machine"
    folder.mkdir()
    (folder / "policy.json").write_text("{not json")
    env = {MACHINE_POLICY_DIR_ENV: str(folder), "CLOISTER_PASSPHRASE": PASSPHRASE}
    result = run_cli(
        "--basedir", str(paths.base), "settings", "set", "idle_lock_minutes", "10", env=env
    )
    assert result.returncode == 0, result.stderr
    assert "air-gapped with downloads off" in result.stderr  # the one line every run says
    events = audit_events(paths, new.data_key)
    assert ("policy.loaded", "failure") in events
    assert events.index(("policy.loaded", "failure")) < events.index(("settings.change", "success"))

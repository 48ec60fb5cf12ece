"""The policy file: what it locks, and failing closed when it cannot be used."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from desktop.core.policy import AuditContent, PolicyLockedError, Source
from desktop.policy import files
from desktop.policy.effective import change_preference, load_policy
from desktop.policy.files import administrators_only
from desktop.policy.preferences import read_preferences

SHA = "ab" * 32


def write(path: Path, content: object) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_without_a_policy_file_every_setting_is_the_users_or_the_default(tmp_path: Path) -> None:
    effective = load_policy(tmp_path / "absent.json", tmp_path / "prefs.json")
    assert effective.problem is None
    assert not effective.air_gapped
    assert effective.downloads_allowed
    assert effective.audit_content is AuditContent.METADATA
    assert effective.settings["idle_lock_minutes"].source is Source.DEFAULT
    assert effective.settings["retention_days"].source is Source.APP
    assert not any(setting.locked for setting in effective.settings.values())
    assert effective.model_allowed(SHA)


def test_keys_in_the_policy_are_locked_and_win_over_the_users_choice(tmp_path: Path) -> None:
    prefs = tmp_path / "prefs.json"
    write(prefs, {"air_gapped": False, "idle_lock_minutes": 30, "export_allowed": False})
    policy = write(
        tmp_path / "policy.json",
        {"air_gapped": True, "idle_lock_minutes": 5, "allowed_models": [SHA.upper()]},
    )
    effective = load_policy(policy, prefs)
    assert effective.air_gapped and effective.is_locked("air_gapped")
    assert effective.idle_lock_minutes == 5 and effective.is_locked("idle_lock_minutes")
    assert not effective.export_allowed
    assert effective.settings["export_allowed"].source is Source.USER
    assert not effective.is_locked("export_allowed")
    # A refusal names who turned the setting off.
    assert effective.refusal("export_allowed", "exporting") == (
        "You turned off exporting in Settings."
    )
    assert effective.refusal("idle_lock_minutes", "idling") is None  # on: nothing refused
    assert not effective.downloads_allowed  # no downloads while air-gapped
    assert effective.model_allowed(SHA)  # listed in capitals, matched in any case
    assert not effective.model_allowed("cd" * 32)
    locked = load_policy(write(tmp_path / "strict.json", {"export_allowed": False}), prefs)
    assert locked.refusal("export_allowed", "exporting") == (
        "Your administrator's policy does not allow exporting."
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ({"air_gapped": "maybe"}, "air_gapped"),
        ({"air_gaped": True}, "air_gaped"),  # a typo must not silently unlock
        ({"allowed_models": ["not-a-hash"]}, "SHA-256"),
        ({"retention_days": 0}, "retention_days"),
        ({"admin_passphrase_hash": "hunter2"}, "hash-passphrase"),
        ([1, 2], "not valid"),
    ],
)
def test_an_invalid_policy_fails_closed_and_says_why(
    tmp_path: Path, content: object, expected: str
) -> None:
    effective = load_policy(write(tmp_path / "policy.json", content), None)
    assert effective.problem is not None and expected in effective.problem
    assert effective.air_gapped and effective.is_locked("air_gapped")
    assert not effective.downloads_allowed and effective.is_locked("downloads_allowed")
    assert effective.settings["air_gapped"].source is Source.FAIL_CLOSED


def test_an_unreadable_policy_fails_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = write(tmp_path / "policy.json", {"air_gapped": False})

    def refuse(*_: object, **__: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root, as in CI, could read a chmod 0 file
    effective = load_policy(policy, None)
    assert effective.problem is not None and "cannot be read" in effective.problem
    assert effective.air_gapped


def test_a_folder_where_the_policy_file_should_be_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "policy.json").mkdir()
    effective = load_policy(tmp_path / "policy.json", None)
    assert effective.problem is not None and effective.air_gapped


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anything")
def test_a_policy_the_user_could_edit_fails_closed(tmp_path: Path) -> None:
    writable = write(tmp_path / "policy.json", {"export_allowed": False})
    effective = load_policy(writable, None, trust=administrators_only)  # conftest relaxes it
    assert effective.problem is not None and "locks nothing" in effective.problem
    assert effective.air_gapped and not effective.export_allowed  # its keys still apply
    writable.chmod(0o444)  # still the user's own file: they may make it writable again
    assert load_policy(writable, None, trust=administrators_only).problem is not None


def test_the_default_place_is_machine_wide_on_each_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert files.default_policy_path() == Path("/etc/cloister/policy.json")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert files.default_policy_path() == Path("/Library/Application Support/Cloister/policy.json")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(files, "_program_data", lambda: Path("D:\\ProgramData"))
    assert str(files.default_policy_path()).replace("/", "\\") == (
        "D:\\ProgramData\\Cloister\\policy.json"
    )


def test_a_users_programdata_variable_does_not_move_the_machine_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 18: any user can set PROGRAMDATA; Windows' own answer counts (C:\\ProgramData
    where there is no shell32, as on this test machine)."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "C:\\Users\\me\\fake")
    assert str(files.default_policy_path()).replace("/", "\\") == (
        "C:\\ProgramData\\Cloister\\policy.json"
    )


def test_a_user_changes_an_open_setting_but_not_a_locked_one(tmp_path: Path) -> None:
    prefs = tmp_path / "prefs.json"
    policy = write(tmp_path / "policy.json", {"export_allowed": False})
    effective = load_policy(policy, prefs)
    change_preference(effective, prefs, "idle_lock_minutes", 7)
    assert read_preferences(prefs).idle_lock_minutes == 7
    for name, value in [
        ("export_allowed", True),
        ("allowed_models", []),
        ("admin_passphrase_hash", None),
    ]:
        with pytest.raises(PolicyLockedError, match=name):
            change_preference(effective, prefs, name, value)
    assert load_policy(policy, prefs).export_allowed is False
    with pytest.raises(ValueError, match="idle_lock_minutes"):
        change_preference(effective, prefs, "idle_lock_minutes", -1)
    with pytest.raises(ValueError, match="no setting"):
        change_preference(effective, prefs, "colour", "blue")


def test_a_damaged_preferences_file_gives_the_defaults(tmp_path: Path) -> None:
    prefs = write(tmp_path / "prefs.json", "{garbage")
    assert load_policy(tmp_path / "none.json", prefs).idle_lock_minutes == 15

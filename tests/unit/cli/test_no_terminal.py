"""The commands that unlock, run as scripts and services run them: in their own process with no
terminal. The passphrase comes from an environment variable or a file descriptor; without one,
or with a wrong one, the command ends at once with one clear line and exit code 3."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.audit.verify import verify_bundle
from desktop.cli.exits import NO_SECRET
from desktop.policy.preferences import read_preferences
from tests.unit.cli.cli_runs import (
    PASSPHRASE,
    assert_one_clean_line,
    audit_events,
    make_keychain_profile,
    make_profile,
    run_cli,
)

# Every command that unlocks, each with arguments that would otherwise do something.
UNLOCKING = {
    "audit export": ["audit", "export", "{tmp}/bundle"],
    "settings set": ["settings", "set", "idle_lock_minutes", "5"],
    "models import": ["models", "import", "{tmp}/model.gguf"],
    "models verify": ["models", "verify"],
    "models remove": ["models", "remove", "model.gguf"],
    "models default": ["models", "default", "model.gguf"],
}


def printed_fingerprint(stdout: str) -> str:
    """The signing key's fingerprint as `audit export` prints it: what an auditor pins."""
    [line] = [line for line in stdout.splitlines() if line.startswith("Signing key fingerprint:")]
    return line.split(":", 1)[1].strip()


@pytest.mark.parametrize("command", UNLOCKING)
def test_without_a_terminal_or_a_given_passphrase_it_says_how_to_give_one(
    tmp_path: Path, command: str
) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    args = [arg.format(tmp=tmp_path) for arg in UNLOCKING[command]]
    result = run_cli("--basedir", str(paths.base), *args)
    assert result.returncode == NO_SECRET
    line = assert_one_clean_line(result)
    assert line.startswith("error: No terminal to ask for the passphrase")
    assert "CLOISTER_PASSPHRASE" in line and "--passphrase-fd N" in line
    assert line.endswith("Nothing was done.")
    assert not (tmp_path / "bundle").exists()
    assert not paths.preferences.exists()


def test_the_passphrase_from_the_environment_unlocks_and_the_export_verifies(
    tmp_path: Path,
) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    bundle = tmp_path / "bundle"
    result = run_cli(
        "--basedir",
        str(paths.base),
        "audit",
        "export",
        str(bundle),
        env={"CLOISTER_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    # first start 2, unlock, the policy it ran under, export
    assert f"Exported 5 records to {bundle}" in result.stdout
    assert verify_bundle(bundle, pinned_fingerprints={printed_fingerprint(result.stdout)}).ok


def test_a_wrong_passphrase_from_the_environment_is_tried_once_and_nothing_is_done(
    tmp_path: Path,
) -> None:
    paths, new = make_profile(tmp_path / "profile")
    result = run_cli(
        "--basedir",
        str(paths.base),
        "settings",
        "set",
        "idle_lock_minutes",
        "5",
        env={"CLOISTER_PASSPHRASE": "not the passphrase"},
    )
    assert result.returncode == NO_SECRET
    line = assert_one_clean_line(result)
    assert line == (
        "error: The passphrase from CLOISTER_PASSPHRASE is not right (a given one is tried once). "
        "Nothing was done."
    )
    assert not paths.preferences.exists()
    assert ("settings.change", "success") not in audit_events(paths, new.data_key)


def test_the_passphrase_on_a_file_descriptor_unlocks(tmp_path: Path) -> None:
    paths, new = make_profile(tmp_path / "profile")
    reading, writing = os.pipe()
    os.write(writing, f"{PASSPHRASE}\nanything after the line is left alone\n".encode())
    os.close(writing)
    try:
        result = run_cli(
            "--basedir",
            str(paths.base),
            "settings",
            "set",
            "idle_lock_minutes",
            "5",
            "--passphrase-fd",
            str(reading),
            pass_fds=(reading,),
        )
    finally:
        os.close(reading)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "idle_lock_minutes = 5"
    assert read_preferences(paths.preferences).idle_lock_minutes == 5
    assert ("settings.change", "success") in audit_events(paths, new.data_key)


def test_the_passphrase_piped_to_standard_input_with_passphrase_fd_0(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    bundle = tmp_path / "bundle"
    result = run_cli(
        "--basedir",
        str(paths.base),
        "audit",
        "export",
        str(bundle),
        "--passphrase-fd",
        "0",
        stdin_text=f"{PASSPHRASE}\n",
    )
    assert result.returncode == 0, result.stderr
    assert verify_bundle(bundle, pinned_fingerprints={printed_fingerprint(result.stdout)}).ok


def test_a_file_descriptor_that_is_not_open_is_named(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    result = run_cli("--basedir", str(paths.base), "models", "verify", "--passphrase-fd", "9")
    assert result.returncode == NO_SECRET
    assert assert_one_clean_line(result) == (
        "error: Cannot read --passphrase-fd 9: Bad file descriptor. Nothing was done."
    )


def test_after_a_wrong_passphrase_the_recovery_key_unlocks_and_both_are_audited(
    tmp_path: Path,
) -> None:
    paths, new = make_profile(tmp_path / "profile")
    bundle = tmp_path / "bundle"
    result = run_cli(
        "--basedir",
        str(paths.base),
        "audit",
        "export",
        str(bundle),
        env={"CLOISTER_PASSPHRASE": "forgotten", "CLOISTER_RECOVERY_KEY": new.recovery_key},
    )
    assert result.returncode == 0, result.stderr
    events = audit_events(paths, new.data_key)
    assert ("auth.unlock_failed", "failure") in events  # the wrong passphrase, paced and kept
    assert ("auth.key_change", "success") in events  # "unlocked with the recovery key"
    assert events[-1] == ("audit.export", "success")


def test_a_keychain_that_lost_the_key_asks_a_script_for_the_recovery_key(tmp_path: Path) -> None:
    paths, new = make_keychain_profile(tmp_path / "profile")
    base = ["--basedir", str(paths.base), "settings", "set", "export_allowed", "off"]
    result = run_cli(*base, env={"CLOISTER_PASSPHRASE": PASSPHRASE})
    assert result.returncode == NO_SECRET
    line = assert_one_clean_line(result)
    assert "The system keychain no longer holds the key to these conversations." in line
    assert "These conversations have no passphrase (CLOISTER_PASSPHRASE is not used)." in line
    assert line.endswith(
        "No terminal to ask for the recovery key: give it in CLOISTER_RECOVERY_KEY or "
        "--recovery-key-fd N. Nothing was done."
    )

    result = run_cli(*base, env={"CLOISTER_RECOVERY_KEY": new.recovery_key})
    assert result.returncode == 0, result.stderr
    assert read_preferences(paths.preferences).export_allowed is False


def test_both_given_secrets_wrong_are_both_named(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    result = run_cli(
        "--basedir",
        str(paths.base),
        "models",
        "remove",
        "model.gguf",
        env={"CLOISTER_PASSPHRASE": "forgotten", "CLOISTER_RECOVERY_KEY": "AAAA-BBBB"},
    )
    assert result.returncode == NO_SECRET
    assert assert_one_clean_line(result) == (
        "error: The passphrase from CLOISTER_PASSPHRASE and the recovery key from "
        "CLOISTER_RECOVERY_KEY are not right (a given one is tried once). Nothing was done."
    )


def test_a_missing_data_folder_is_named_without_asking(tmp_path: Path) -> None:
    result = run_cli("--basedir", str(tmp_path / "nobody"), "audit", "export", str(tmp_path / "b"))
    assert result.returncode == 1
    assert assert_one_clean_line(result).startswith(
        f"error: No Cloister data at {tmp_path / 'nobody'}"
    )


def test_a_bad_value_is_refused_before_unlocking(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    result = run_cli("--basedir", str(paths.base), "settings", "set", "idle_lock_minutes", "ten")
    assert result.returncode == 2
    assert assert_one_clean_line(result) == (
        "error: idle_lock_minutes: expected a whole number of minutes, not 'ten'"
    )


def test_a_bad_time_filter_is_a_usage_error(tmp_path: Path) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    result = run_cli(
        "--basedir", str(paths.base), "audit", "export", str(tmp_path / "b"), "--since", "May"
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "argument --since: 'May' is not a time" in result.stderr
    assert not (tmp_path / "b").exists()


def test_hash_passphrase_without_a_terminal_says_how_to_give_it() -> None:
    result = run_cli("policy", "hash-passphrase")
    assert result.returncode == NO_SECRET
    line = assert_one_clean_line(result)
    assert "CLOISTER_ADMIN_PASSPHRASE" in line and "--passphrase-fd N" in line


@pytest.mark.parametrize("how", ["environment", "standard input"])
def test_hash_passphrase_hashes_a_given_passphrase(how: str) -> None:
    from desktop.security.admin import passphrase_matches

    admin = "admin passphrase 42"
    if how == "environment":
        result = run_cli("policy", "hash-passphrase", env={"CLOISTER_ADMIN_PASSPHRASE": admin})
    else:
        result = run_cli("policy", "hash-passphrase", "--passphrase-fd", "0", stdin_text=admin)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('{"admin_passphrase_hash": "scrypt$')
    stored = result.stdout.split('"')[3]
    assert passphrase_matches(admin, stored)


def test_hash_passphrase_refuses_a_short_one() -> None:
    result = run_cli("policy", "hash-passphrase", env={"CLOISTER_ADMIN_PASSPHRASE": "short"})
    assert result.returncode == 2
    assert assert_one_clean_line(result) == "error: use at least 8 characters."

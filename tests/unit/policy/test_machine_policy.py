"""The machine policy is the policy: only its place counts, a file others could change fails
closed, and an extra file (`--policy`) can only add restrictions (issue 18)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.policy import EffectivePolicy, Source, policy_loaded_event
from desktop.policy import files
from desktop.policy.effective import load_policy
from desktop.policy.files import MACHINE_POLICY_DIR_ENV, administrators_only
from tests.unit.cli.cli_runs import run_cli

SHA_A, SHA_B, SHA_C = "aa" * 32, "bb" * 32, "cc" * 32
posix_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs root to give a file away"
)


@pytest.fixture
def unsealed(monkeypatch: pytest.MonkeyPatch):
    """`main` in this process with an air-gapped policy must not install the air-gap guard:
    it cannot be removed, and the tests after this one need the network (a local server)."""
    import desktop.policy
    from desktop.security import airgap

    monkeypatch.setattr(desktop.policy, "seal_network", lambda *_: False)
    yield
    assert airgap.installed_guard() is None


def write(path: Path, content: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def trusted(_: Path) -> str | None:
    return None


def with_extra(tmp_path: Path, machine: dict | None, extra: object, prefs: dict | None = None):
    machine_file = tmp_path / "machine" / "policy.json"
    if machine is not None:
        write(machine_file, machine)
    prefs_file = write(tmp_path / "prefs.json", prefs or {})
    extra_file = write(tmp_path / "extra.json", extra)
    return load_policy(machine_file, prefs_file, [extra_file], trust=trusted)


# --- an extra file only adds restrictions ----------------------------------------------------


def test_an_extra_file_cannot_loosen_the_machine_policy(tmp_path: Path) -> None:
    machine = {
        "air_gapped": True,
        "export_allowed": False,
        "idle_lock_minutes": 5,
        "allowed_models": [SHA_A, SHA_B],
    }
    loose = {
        "air_gapped": False,
        "export_allowed": True,
        "downloads_allowed": True,
        "idle_lock_minutes": 0,
        "allowed_models": [SHA_B, SHA_C],
    }
    effective = with_extra(tmp_path, machine, loose)
    assert effective.problem is None
    assert effective.air_gapped and effective.is_locked("air_gapped")
    assert not effective.export_allowed and effective.settings["export_allowed"].source is (
        Source.POLICY
    )
    assert effective.idle_lock_minutes == 5
    assert effective.allowed_models == {SHA_B}  # both lists must allow a model
    assert not effective.model_allowed(SHA_C)


def test_an_extra_file_adds_restrictions_and_locks_them(tmp_path: Path) -> None:
    effective = with_extra(
        tmp_path,
        {"idle_lock_minutes": 30},
        {"air_gapped": True, "idle_lock_minutes": 10, "legal_hold": True},
        prefs={"export_allowed": False},
    )
    assert effective.air_gapped and effective.settings["air_gapped"].source is Source.EXTRA
    assert effective.idle_lock_minutes == 10 and effective.is_locked("idle_lock_minutes")
    assert effective.value("legal_hold") is True and effective.is_locked("legal_hold")
    assert not effective.export_allowed and not effective.is_locked("export_allowed")


def test_an_extra_file_without_a_machine_policy_cannot_unlock_the_users_own_choices(
    tmp_path: Path,
) -> None:
    effective = with_extra(
        tmp_path,
        None,
        {"air_gapped": False, "export_allowed": True, "idle_lock_minutes": 60},
        prefs={"air_gapped": True, "idle_lock_minutes": 5},
    )
    assert effective.air_gapped and effective.settings["air_gapped"].source is Source.USER
    assert not effective.is_locked("export_allowed")  # "on" restricts nothing: not locked
    assert effective.idle_lock_minutes == 5  # the stricter of the user's 5 and the file's 60


@pytest.mark.parametrize(
    "extra",
    [
        {"catalog_file": "/home/me/my-catalog.json"},
        {"admin_passphrase_hash": "scrypt$16384$8$1$c2FsdA==$aGFzaA=="},
        {"audit_content": "metadata"},
        {"retention_days": 1},  # would purge the audit log
    ],
    ids=["catalog", "admin-passphrase", "audit-content", "retention"],
)
def test_keys_only_the_machine_policy_sets_fail_closed_in_an_extra_file(
    tmp_path: Path, extra: dict
) -> None:
    effective = with_extra(tmp_path, {"export_allowed": False}, extra)
    assert effective.problem is not None
    assert "may only be set by the machine-wide policy" in effective.problem
    assert effective.air_gapped and effective.settings["air_gapped"].source is Source.FAIL_CLOSED
    assert not effective.downloads_allowed and not effective.export_allowed


def test_an_extra_file_may_repeat_the_machine_policys_own_value(tmp_path: Path) -> None:
    effective = with_extra(tmp_path, {"retention_days": 400}, {"retention_days": 400})
    assert effective.problem is None and effective.value("retention_days") == 400


@pytest.mark.parametrize(
    ("extra", "expected"),
    [(None, "does not exist"), ("{broken", "not valid JSON"), ({"air_gaped": True}, "air_gaped")],
    ids=["missing", "not-json", "unknown-key"],
)
def test_a_missing_or_invalid_extra_file_fails_closed_never_defaults(
    tmp_path: Path, extra: object, expected: str
) -> None:
    extra_file = tmp_path / "extra.json"
    if extra is not None:
        write(extra_file, extra)
    effective = load_policy(tmp_path / "none.json", None, [extra_file], trust=trusted)
    assert effective.problem is not None and expected in effective.problem
    assert str(extra_file) in effective.problem
    assert effective.air_gapped and effective.is_locked("air_gapped")
    assert not effective.downloads_allowed and effective.is_locked("downloads_allowed")


def test_the_policy_loaded_record_names_every_file_in_force(tmp_path: Path) -> None:
    machine = write(tmp_path / "machine" / "policy.json", {"export_allowed": False})
    extra = write(tmp_path / "extra.json", {"air_gapped": True})
    effective = load_policy(machine, None, [extra], trust=trusted)
    event = policy_loaded_event(effective)
    assert event.outcome == "success"
    assert event.details["policy_files"] == [
        {
            "path": str(machine),
            "role": "machine",
            "sha256": hashlib.sha256(machine.read_bytes()).hexdigest(),
        },
        {
            "path": str(extra),
            "role": "extra",
            "sha256": hashlib.sha256(extra.read_bytes()).hexdigest(),
        },
    ]
    assert event.details["from_extra_files"] == ["air_gapped"]
    assert event.details["export_allowed"] is False and event.details["air_gapped"] is True


def test_a_missing_extra_file_is_a_failure_in_the_policy_loaded_record(tmp_path: Path) -> None:
    effective = load_policy(tmp_path / "none.json", None, [tmp_path / "nonexistent"])
    event = policy_loaded_event(effective)
    assert event.outcome == "failure" and "does not exist" in (event.reason or "")
    assert event.details["policy_files"][1] == {
        "path": str(tmp_path / "nonexistent"),
        "role": "extra",
        "sha256": None,
    }


# --- a policy only administrators can change -------------------------------------------------


def test_a_policy_file_someone_else_could_change_fails_closed_with_its_keys_kept(
    tmp_path: Path,
) -> None:
    policy = write(tmp_path / "policy.json", {"export_allowed": False, "idle_lock_minutes": 3})

    def owned_by_the_user(path: Path) -> str | None:
        return f"The policy file {path} belongs to the user alice, not to root, so it locks nothing"

    effective = load_policy(policy, None, trust=owned_by_the_user)
    assert effective.problem is not None and "alice" in effective.problem
    assert "\n" not in effective.problem
    assert effective.air_gapped and effective.settings["air_gapped"].source is Source.FAIL_CLOSED
    assert not effective.export_allowed and effective.idle_lock_minutes == 3
    assert policy_loaded_event(effective).outcome == "failure"


@posix_root
def test_a_real_file_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.json", {"air_gapped": True})
    assert administrators_only(policy) is None  # root's own file in root's own folder
    os.chown(policy, 65534, 65534)  # nobody
    problem = administrators_only(policy)
    assert problem is not None and "not to root" in problem and "locks nothing" in problem
    assert load_policy(policy, None).problem == problem


@posix_root
def test_a_real_file_or_folder_writable_by_others_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cloister"
    policy = write(folder / "policy.json", {"air_gapped": True})
    policy.chmod(0o646)  # root's, but every user may write it
    assert "every user" in (administrators_only(policy) or "")
    policy.chmod(0o644)
    os.chmod(folder, 0o777)  # the file is fine, but anyone could replace it
    problem = administrators_only(policy)
    assert problem is not None and "folder" in problem and "every user" in problem
    os.chmod(folder, 0o755)
    os.chown(folder, 65534, 65534)
    assert "folder" in (administrators_only(policy) or "")


@posix_root
def test_a_link_to_a_file_in_someone_elses_folder_is_refused(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    target = write(theirs / "real.json", {"air_gapped": True})
    os.chown(theirs, 65534, 65534)  # they may replace real.json whenever they like
    link = tmp_path / "cloister" / "policy.json"
    link.parent.mkdir()
    link.symlink_to(target)
    problem = administrators_only(link)
    assert problem is not None and str(theirs) in problem


@posix_root
def test_the_command_line_says_so_in_one_line_and_runs_air_gapped(tmp_path: Path) -> None:
    policy = write(tmp_path / "machine" / "policy.json", {"export_allowed": False})
    os.chown(policy, 65534, 65534)
    env = {MACHINE_POLICY_DIR_ENV: str(policy.parent)}
    result = run_cli("--basedir", str(tmp_path / "d"), "selftest", "--airgap", env=env)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "runs air-gapped with downloads off" in result.stderr
    assert "not to root" in result.stderr
    assert result.stdout.startswith("This installation: air-gapped: the policy file could not")


# --- only the machine-wide place counts ------------------------------------------------------


def test_the_machine_place_override_is_ignored_when_a_machine_policy_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = write(tmp_path / "etc" / "cloister" / "policy.json", {"air_gapped": True})
    monkeypatch.setattr(files, "default_policy_path", lambda: installed)
    path, note = files.machine_policy_path({MACHINE_POLICY_DIR_ENV: str(tmp_path / "mine")})
    assert path == installed
    assert note is not None and "ignored" in note
    installed.unlink()
    path, note = files.machine_policy_path({MACHINE_POLICY_DIR_ENV: str(tmp_path / "mine")})
    assert path == tmp_path / "mine" / "policy.json" and note is None
    assert files.machine_policy_path({}) == (installed, None)


def test_the_override_cannot_loosen_an_installed_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, unsealed
) -> None:
    installed = write(tmp_path / "etc" / "cloister" / "policy.json", {"air_gapped": True})
    write(tmp_path / "mine" / "policy.json", {"air_gapped": False})
    monkeypatch.setattr(files, "default_policy_path", lambda: installed)
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(tmp_path / "mine"))
    assert main(["--basedir", str(tmp_path / "d"), "policy", "show"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"Policy file: {installed}"
    assert f"WARNING: {MACHINE_POLICY_DIR_ENV} is ignored" in out
    row = next(line for line in out.splitlines() if line.startswith("air_gapped "))
    assert row.split()[1:3] == ["on", "locked"]


def test_policy_nonexistent_no_longer_means_the_defaults(tmp_path: Path, capsys, unsealed) -> None:
    """The issue's finding: `--policy /nonexistent` used to open every lock."""
    code = main(["--basedir", str(tmp_path / "d"), "--policy", "/nonexistent", "policy", "show"])
    assert code == 0
    out = capsys.readouterr().out
    assert "FAILED CLOSED: The extra policy file /nonexistent (--policy) does not exist." in out
    row = next(line for line in out.splitlines() if line.startswith("air_gapped "))
    assert row.split()[1:3] == ["on", "locked"]


# --- `policy show` shows the values in force --------------------------------------------------


def test_policy_show_says_downloads_are_off_while_air_gapped(
    tmp_path: Path, capsys, unsealed
) -> None:
    extra = write(tmp_path / "extra.json", {"air_gapped": True, "allowed_models": [SHA_A]})
    assert main(["--basedir", str(tmp_path / "d"), "--policy", str(extra), "policy", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"Extra policy file (adds restrictions only): {extra}" in lines
    downloads = next(line for line in lines if line.startswith("downloads_allowed "))
    assert downloads.split()[1:3] == ["off", "locked"]
    assert "air-gapped (set: on, default)" in downloads
    unlisted = next(line for line in lines if line.startswith("unlisted_models_allowed "))
    assert unlisted.split()[1:3] == ["off", "locked"]


def test_in_force_tells_the_value_that_applies() -> None:
    effective = EffectivePolicy.resolve_defaults()
    assert effective.in_force("downloads_allowed") == (True, None)
    air_gapped = effective.with_user_setting("air_gapped", True)
    assert air_gapped.in_force("downloads_allowed") == (False, "air-gapped")
    assert air_gapped.downloads_allowed is False

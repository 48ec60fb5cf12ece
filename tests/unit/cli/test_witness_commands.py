"""`audit witness-keygen`, `audit cosign`, `audit verify --witnessed`, and the alarm a command
prints: exit codes and one clean line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from desktop.cli import main
from desktop.core.policy import Policy
from tests.unit.cli.cli_runs import PASSPHRASE, assert_one_clean_line, make_profile, run_cli


def test_witness_keygen_writes_the_key_and_prints_the_policy_line(tmp_path: Path, capsys) -> None:
    key = tmp_path / "witness.key"
    assert main(["audit", "witness-keygen", str(key)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "audit_witness_pubkey" in line)
    vkey = json.loads("{" + line + "}")["audit_witness_pubkey"]
    assert Policy(audit_witness_pubkey=vkey).audit_witness_pubkey == vkey
    assert (tmp_path / "witness.key.pub").read_text().strip() == vkey
    assert key.stat().st_mode & 0o077 == 0  # the administrator's alone
    assert main(["audit", "witness-keygen", str(key)]) == 1  # never replaced
    assert "already exists" in capsys.readouterr().err


def test_a_policy_with_a_witness_key_that_is_not_one_is_invalid() -> None:
    with pytest.raises(ValidationError, match="witness-keygen"):
        Policy(audit_witness_pubkey="cloister-audit-witness+00000000+AAAA")


def test_cosign_with_no_key_or_no_folder_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["audit", "cosign", "--key", str(tmp_path / "nope"), str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("error: Cannot read the witness key")
    key = tmp_path / "witness.key"
    main(["audit", "witness-keygen", str(key)])
    capsys.readouterr()
    assert main(["audit", "cosign", "--key", str(key), str(tmp_path / "missing")]) == 2
    assert "There is no witness folder" in capsys.readouterr().err
    (tmp_path / "share").mkdir()
    assert main(["audit", "cosign", "--key", str(key), str(tmp_path / "share")]) == 0
    assert "No audit logs" in capsys.readouterr().out


def test_verify_witnessed_needs_the_witness_key(tmp_path: Path, capsys) -> None:
    (tmp_path / "bundle").mkdir()
    (tmp_path / "share").mkdir()
    args = ["audit", "verify", str(tmp_path / "bundle"), "--witnessed", str(tmp_path / "share")]
    assert main(args) == 2
    assert "needs the witness's public key" in capsys.readouterr().err
    (tmp_path / "bad.pub").write_text("not a key\n")
    assert main([*args, "--witness-key", str(tmp_path / "bad.pub")]) == 2
    assert "not a witness key" in capsys.readouterr().err


def test_a_command_says_when_audit_db_went_missing(tmp_path: Path) -> None:
    paths, _new = make_profile(tmp_path / "profile")
    env = {"CLOISTER_PASSPHRASE": PASSPHRASE}
    base = ["--basedir", str(paths.base), "--policy", str(tmp_path / "none.json")]
    first = run_cli(*base, "audit", "export", str(tmp_path / "one"), env=env)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    for path in paths.data.glob("audit.db*"):
        path.unlink()
    second = run_cli(*base, "audit", "export", str(tmp_path / "two"), env=env)
    assert second.returncode == 0, second.stderr
    line = assert_one_clean_line(second)
    assert line.startswith("WARNING: The audit log may have been tampered with: audit.db was")
    assert line.endswith("an administrator must acknowledge it.")


def test_audit_acknowledge_needs_the_administrator_and_clears_the_alarm(tmp_path: Path) -> None:
    from desktop.security.admin import hash_passphrase
    from desktop.security.wrapping import ScryptCost

    paths, _new = make_profile(tmp_path / "profile")
    policy = tmp_path / "policy.json"
    admin_hash = hash_passphrase("admin secret", ScryptCost(n=2**10))
    policy.write_text(json.dumps({"admin_passphrase_hash": admin_hash}))
    env = {"CLOISTER_PASSPHRASE": PASSPHRASE}
    base = ["--basedir", str(paths.base), "--policy", str(policy)]
    assert run_cli(*base, "audit", "acknowledge", env=env).stdout == (
        "No audit alarm to acknowledge.\n"
    )
    for path in paths.data.glob("audit.db*"):
        path.unlink()
    wrong = run_cli(*base, "audit", "acknowledge", env=env | {"CLOISTER_ADMIN_PASSPHRASE": "no"})
    assert wrong.returncode == 3
    assert wrong.stdout.startswith("ALARM (")
    assert "audit.db was missing at start" in wrong.stdout
    assert assert_one_clean_line(wrong).endswith("Nothing was done.")
    right = run_cli(
        *base, "audit", "acknowledge", env=env | {"CLOISTER_ADMIN_PASSPHRASE": "admin secret"}
    )
    assert right.returncode == 0, right.stderr
    assert right.stdout.splitlines()[-1].startswith("Acknowledged 1 alarm(s)")
    after = run_cli(*base, "audit", "export", str(tmp_path / "bundle"), env=env)
    assert after.returncode == 0 and after.stderr == ""  # no alarm any more
    events = (tmp_path / "bundle" / "events.jsonl").read_text()
    assert '"integrity.acknowledged"' in events and '"auth.admin"' in events

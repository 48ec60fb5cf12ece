"""The command line: --version, and `models inspect` for admins checking a model file."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.cli.exits import UNPINNED
from desktop.policy.files import MACHINE_POLICY_DIR_ENV
from tests.unit.models.gguf_files import write_gguf

ROOT = Path(__file__).resolve().parents[2]


def test_version_prints_the_version(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"Cloister {__version__}"


def test_python_dash_m_desktop_reports_its_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,  # a hang guard: processes start slowly on a loaded machine
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Cloister {__version__}"


def test_inspect_describes_a_good_model(tmp_path: Path, capsys) -> None:
    path = write_gguf(tmp_path / "tiny.gguf", name="Tiny Test", context_length=2048)
    assert main(["models", "inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "name:           Tiny Test" in out
    assert "architecture:   llama" in out
    assert "context length: 2048" in out
    assert "tensors:        2" in out
    assert "chat template:  yes" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"just some notes\n" * 10, "notes.gguf is not a GGUF model file."),
        (b"", "notes.gguf is truncated"),
    ],
    ids=["text-file", "empty"],
)
def test_inspect_of_a_bad_file_fails_with_the_reason(
    tmp_path: Path, capsys, content: bytes, expected: str
) -> None:
    path = tmp_path / "notes.gguf"
    path.write_bytes(content)
    assert main(["models", "inspect", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {expected}")
    assert captured.out == ""


def test_inspect_of_a_missing_file_fails_with_its_path(tmp_path: Path, capsys) -> None:
    path = tmp_path / "absent.gguf"
    assert main(["models", "inspect", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"error: Model file not found: {path}"


def test_models_needs_an_action(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["models"])
    assert exited.value.code == 2
    assert "required: ACTION" in capsys.readouterr().err


def _bundle(tmp_path, data_key):
    from desktop.audit.bundle import export_bundle
    from desktop.audit.log import AuditLog
    from desktop.core.audit_events import AuditEvent, EventType

    log = AuditLog.open(tmp_path / "audit.db", data_key)
    for _ in range(3):
        log.record(AuditEvent(event_type=EventType.CONVERSATION_OPEN))
    export_bundle(log, tmp_path / "bundle")
    log.close()
    return tmp_path / "bundle"


def _fingerprint(bundle) -> str:
    return json.loads((bundle / "manifest.json").read_text())["key_fingerprint"]


def test_audit_verify_passes_an_intact_bundle_signed_by_the_pinned_key(
    tmp_path, data_key, capsys
) -> None:
    bundle = _bundle(tmp_path, data_key)
    fingerprint = _fingerprint(bundle)
    assert main(["audit", "verify", str(bundle), "--fingerprint", fingerprint.upper()]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 3 records")
    assert f"Signing key fingerprint: {fingerprint}" in out
    assert "pinned with --fingerprint" in out


def test_audit_verify_of_an_intact_bundle_nobody_pinned_the_key_of_exits_4(
    tmp_path, data_key, capsys
) -> None:
    bundle = _bundle(tmp_path, data_key)
    assert main(["audit", "verify", str(bundle)]) == UNPINNED == 4
    out = capsys.readouterr().out
    assert out.startswith("UNAUTHENTICATED: 3 records, internally consistent, but signed by a key")
    assert f"Signing key fingerprint: {_fingerprint(bundle)}" in out
    assert "compare this fingerprint" in out.lower()
    assert "OK" not in out


def test_audit_verify_of_a_bundle_re_signed_with_a_new_key_is_not_vouched_for(
    tmp_path, data_key, capsys, monkeypatch
) -> None:
    """The issue's finding: without a pinned key, a re-signed bundle verified with exit 0."""
    from desktop.audit.bundle import MANIFEST, SIGNATURE
    from desktop.audit.checkpoint import Checkpoint
    from desktop.audit.records import canonical_json
    from desktop.security.signing import SigningKey

    bundle = _bundle(tmp_path, data_key)
    pinned = _fingerprint(bundle)
    forger = SigningKey.generate()
    checkpoint = Checkpoint.model_validate_json((bundle / "checkpoint.json").read_text())
    unsigned = checkpoint.model_copy(update={"key_fingerprint": forger.fingerprint})
    signature = base64.b64encode(forger.sign(unsigned.signed_bytes())).decode()
    (bundle / "checkpoint.json").write_text(
        unsigned.model_copy(update={"signature": signature}).line() + "\n"
    )
    (bundle / "public_key.pem").write_bytes(forger.public_pem())
    manifest = json.loads((bundle / MANIFEST).read_text())
    for name in ("checkpoint.json", "public_key.pem"):
        manifest["files"][name] = hashlib.sha256((bundle / name).read_bytes()).hexdigest()
        manifest["sizes"][name] = (bundle / name).stat().st_size
    manifest["key_fingerprint"] = forger.fingerprint
    text = canonical_json(manifest).encode()
    (bundle / MANIFEST).write_bytes(text)
    (bundle / SIGNATURE).write_text(base64.b64encode(forger.sign(text)).decode() + "\n")
    (bundle / "checkpoints.jsonl").write_text("")  # the old key's checkpoints would betray it
    manifest["files"]["checkpoints.jsonl"] = hashlib.sha256(b"").hexdigest()
    manifest["sizes"]["checkpoints.jsonl"] = 0
    text = canonical_json(manifest).encode()
    (bundle / MANIFEST).write_bytes(text)
    (bundle / SIGNATURE).write_text(base64.b64encode(forger.sign(text)).decode() + "\n")

    assert main(["audit", "verify", str(bundle)]) == UNPINNED
    assert capsys.readouterr().out.startswith("UNAUTHENTICATED: 3 records")
    assert main(["audit", "verify", str(bundle), "--fingerprint", pinned]) == 1
    assert capsys.readouterr().out.startswith(
        f"FAILED: signed by the key {forger.fingerprint}, not the one you pinned"
    )
    policy = tmp_path / "machine" / "policy.json"
    policy.parent.mkdir()
    policy.write_text(json.dumps({"audit_signing_fingerprints": [pinned]}))
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(policy.parent))
    assert main(["audit", "verify", str(bundle)]) == UNPINNED
    assert "not among the 1 key your administrator's policy pins" in capsys.readouterr().out


def test_audit_verify_vouches_for_a_key_the_policy_pins(
    tmp_path, data_key, capsys, monkeypatch
) -> None:
    bundle = _bundle(tmp_path, data_key)
    policy = tmp_path / "machine" / "policy.json"  # only the machine policy pins keys
    policy.parent.mkdir()
    policy.write_text(json.dumps({"audit_signing_fingerprints": ["ab" * 32, _fingerprint(bundle)]}))
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(policy.parent))
    assert main(["audit", "verify", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 3 records")
    assert f"a key your administrator's policy pins ({policy})" in out


def test_audit_verify_with_a_bad_fingerprint_is_bad_input(tmp_path, data_key, capsys) -> None:
    bundle = _bundle(tmp_path, data_key)
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify", str(bundle), "--fingerprint", "12ab"])
    assert exited.value.code == 2
    assert "'12ab' is not a key fingerprint" in capsys.readouterr().err


def test_audit_verify_names_the_first_bad_record_and_exits_1(tmp_path, data_key, capsys) -> None:
    bundle = _bundle(tmp_path, data_key)
    events = bundle / "events.jsonl"
    events.write_text(events.read_text().replace('"seq":2', '"seq":7'))
    assert main(["audit", "verify", str(bundle), "--pubkey", str(bundle / "public_key.pem")]) == 1
    assert capsys.readouterr().out.startswith("FAILED: record seq 7 (line 2)")


def test_audit_verify_with_an_unreadable_key_file_exits_2(tmp_path, data_key, capsys) -> None:
    bundle = _bundle(tmp_path, data_key)
    assert main(["audit", "verify", str(bundle), "--pubkey", str(tmp_path / "nope.pem")]) == 2
    assert capsys.readouterr().err == (
        f"error: Cannot read the public key {tmp_path / 'nope.pem'}: No such file or directory.\n"
    )


def test_audit_verify_with_a_key_file_that_is_no_key_exits_2(tmp_path, data_key, capsys) -> None:
    bundle = _bundle(tmp_path, data_key)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a key")
    assert main(["audit", "verify", str(bundle), "--pubkey", str(notes)]) == 2
    assert capsys.readouterr().err == f"error: {notes} is not an Ed25519 public key (PEM).\n"


def test_audit_verify_of_a_missing_folder_says_so_and_exits_2(tmp_path, capsys) -> None:
    missing = tmp_path / "bundle"
    assert main(["audit", "verify", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: There is no audit bundle folder at {missing}.\n"
    assert "FAILED" not in captured.out  # not a verdict on a bundle: there is none


def test_audit_verify_of_a_file_asks_for_the_folder_and_exits_2(tmp_path, capsys) -> None:
    file = tmp_path / "events.jsonl"
    file.write_text("{}")
    assert main(["audit", "verify", str(file)]) == 2
    assert "is a file; give the folder that `cloister audit export` wrote" in (
        capsys.readouterr().err
    )


def test_help_says_which_commands_open_the_window_and_how_scripts_unlock(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # as one line: wrapping aside
    assert "Without a command, Cloister's window opens. No command opens the window" in text
    for name in ("CLOISTER_PASSPHRASE", "--passphrase-fd N", "CLOISTER_RECOVERY_KEY"):
        assert name in text
    assert "CLOISTER_ADMIN_PASSPHRASE" in text
    assert "3 no passphrase or recovery key to be had, a wrong one, or none typed" in text


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "export"],
        ["settings", "set"],
        ["models", "import"],
        ["models", "verify"],
        ["models", "remove"],
        ["models", "default"],
        ["policy", "hash-passphrase"],
    ],
    ids=" ".join,
)
def test_each_command_that_needs_a_secret_says_how_to_give_it(capsys, command) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--passphrase-fd N" in text
    variable = "CLOISTER_ADMIN_PASSPHRASE" if command[0] == "policy" else "CLOISTER_PASSPHRASE"
    assert f"the environment variable {variable}" in text
    assert "exit codes:" in text


def test_audit_verify_help_lists_its_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "verify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "0 the bundle is intact and signed by a pinned key" in text
    assert "1 the bundle is NOT intact" in text
    assert "2 nothing to check: no bundle folder there" in text
    assert "4 the bundle is consistent but signed by a key nobody pinned" in text
    assert "--fingerprint HEX" in text


def test_help_lists_the_unauthenticated_exit_code(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "4 audit verify: consistent, but signed by a key nobody pinned" in text


def passphrase_profile(tmp_path, monkeypatch):
    """Cloister data a terminal command unlocks with "the passphrase" (no trusted keychain)."""
    from desktop.audit.log import open_session_log
    from desktop.paths import AppPaths
    from desktop.security.keychain import Keychain
    from desktop.security.vault import KeyVault
    from desktop.security.wrapping import ScryptCost
    from tests.memory_keyring import MemoryKeyring

    paths = AppPaths(tmp_path / "profile").ensure()
    untrusted = Keychain(MemoryKeyring(), trusted=False)
    monkeypatch.setattr("desktop.cli.unlock.Keychain", lambda: untrusted)
    key = KeyVault(paths.key_file, untrusted, ScryptCost(n=2**10)).create("the passphrase").data_key
    open_session_log(paths.audit_database, key).close()  # as the app's first start
    return paths, key


class Terminal:
    """Standard input as a terminal: the command asks there (the prompt is scripted)."""

    def isatty(self) -> bool:
        return True


def test_audit_export_unlocks_with_the_passphrase_and_writes_a_verifiable_bundle(
    tmp_path, capsys, monkeypatch
) -> None:
    paths, _ = passphrase_profile(tmp_path, monkeypatch)
    answers = iter(["wrong passphrase", "the passphrase"])
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("desktop.cli.secret_input.ask_hidden", lambda prompt: next(answers))

    out = tmp_path / "bundle"
    assert main(["--basedir", str(paths.base), "audit", "export", str(out)]) == 0
    # start 2, failure, unlock, the policy it ran under, export
    assert "Exported 6 records" in capsys.readouterr().out
    assert main(["audit", "verify", str(out), "--fingerprint", _fingerprint(out)]) == 0
    events = (out / "events.jsonl").read_text()
    assert '"auth.unlock_failed"' in events and '"audit.export"' in events


def test_audit_export_without_cloister_data_says_so(tmp_path, capsys) -> None:
    assert main(["--basedir", str(tmp_path), "audit", "export", str(tmp_path / "b")]) == 1
    assert "No Cloister data" in capsys.readouterr().err


def test_models_import_list_verify_default_and_remove_for_it(
    tmp_path, capsys, monkeypatch, starter_model
) -> None:
    from desktop.audit.log import AuditLog

    paths, key = passphrase_profile(tmp_path, monkeypatch)
    monkeypatch.setenv("CLOISTER_PASSPHRASE", "the passphrase")
    copy = tmp_path / "usb" / "office-model.gguf"
    copy.parent.mkdir()
    copy.write_bytes(starter_model.read_bytes() + b"\0" * 64)  # in no catalog
    base = ["--basedir", str(paths.base)]

    assert main([*base, "models", "import", str(copy)]) == 0
    assert "imported office-model.gguf" in capsys.readouterr().out
    assert main([*base, "models", "default", "office-model.gguf"]) == 0
    assert main([*base, "models", "list"]) == 0
    listed = capsys.readouterr().out
    assert "office-model.gguf (default)" in listed and "unverified" in listed
    assert main([*base, "models", "verify", "office-model.gguf"]) == 0
    assert "ok     office-model.gguf" in capsys.readouterr().out
    assert main([*base, "models", "remove", "office-model.gguf"]) == 0
    assert not (paths.models / "office-model.gguf").exists()
    assert main([*base, "models", "remove", "office-model.gguf"]) == 2
    assert "No installed model" in capsys.readouterr().err
    policy = tmp_path / "policy.json"
    policy.write_text('{"unlisted_models_allowed": false}')
    assert main([*base, "--policy", str(policy), "models", "import", str(copy)]) == 1
    assert "in no catalog" in capsys.readouterr().err
    log = AuditLog.open(paths.audit_database, key)
    try:
        events = [(r.event_type, r.outcome) for r in log.records() if r.event_type[:6] == "model."]
    finally:
        log.close()
    assert events == [
        ("model.import", "success"),
        ("model.verify", "success"),
        ("model.delete", "success"),
        ("model.import", "denied"),
    ]

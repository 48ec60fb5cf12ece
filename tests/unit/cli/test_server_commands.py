"""`cloister server list | set-key | remove-key` (issue 23): the firm servers of a real policy
file, their API keys from a hidden prompt or standard input (never an argument), kept in the
keychain or wrapped under the data key, every change audited without the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.audit.log import AuditLog
from desktop.cli.main import main
from desktop.policy.files import MACHINE_POLICY_DIR_ENV
from desktop.remote.keys import SERVER_KEYS_FILE, ServerKeys
from desktop.security.keychain import Keychain
from tests.memory_keyring import MemoryKeyring
from tests.unit.cli.cli_runs import PASSPHRASE, assert_one_clean_line, make_profile, run_cli
from tests.unit.cli.test_cli import Terminal, passphrase_profile

SECRET = "sk-firm-4f3c2b1a0e9d8c7b"
PIN = "ab" * 32
SERVERS = [
    {
        "name": "gpu1",
        "label": "GPU server",
        "base_url": "https://gpu1.firm.internal:8443/v1",
        "pin_sha256": [PIN, "cd" * 32],
        "models": ["qwen2.5-72b", "llama-3.3-70b"],
        "matters": [{"client": "Acme", "number": "2026-001"}, "General"],
    },
    {
        "name": "cpu-box",
        "base_url": "https://10.0.0.7:8080/v1",
        "pin_sha256": ["ef" * 32],
        "models": ["mistral-small"],
        "matters": "all",
    },
]


def write_policy(folder: Path, **extra: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.json").write_text(json.dumps({"firm_servers": SERVERS, **extra}))
    return folder


@pytest.fixture
def profile(tmp_path, monkeypatch):
    """A passphrase profile (no trusted keychain: keys go to the profile's file) whose machine
    policy names two firm servers; the command unlocks with the passphrase from the
    environment and reads the API key at a scripted hidden prompt."""
    paths, key = passphrase_profile(tmp_path, monkeypatch)
    monkeypatch.setattr(
        "desktop.cli.server.Keychain", lambda: Keychain(MemoryKeyring(), trusted=False)
    )
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(write_policy(tmp_path / "machine")))
    monkeypatch.setenv("CLOISTER_PASSPHRASE", "the passphrase")
    return paths, key


def type_at_prompt(monkeypatch, *answers: str) -> list[str]:
    prompts: list[str] = []
    typed = iter(answers)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("desktop.cli.secret_input.ask_hidden", ask)
    return prompts


def server(paths, *args: str) -> int:
    return main(["--basedir", str(paths.base), "server", *args])


def audit_records(paths, key) -> list[dict]:
    log = AuditLog.open(paths.audit_database, key)
    try:
        return [record.model_dump(mode="json") for record in log.records()]
    finally:
        log.close()


def test_set_key_list_and_remove_key(profile, monkeypatch, capsys) -> None:
    paths, key = profile
    assert server(paths, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "LABEL", "URL", "PINS", "MODELS", "MATTERS", "KEY"]
    assert lines[1].startswith("gpu1")
    for shown in ("GPU server", "https://gpu1.firm.internal:8443/v1", f"{PIN[:12]}…, cdcd"):
        assert shown in lines[1]
    assert "qwen2.5-72b, llama-3.3-70b" in lines[1] and "Acme/2026-001, General" in lines[1]
    assert lines[1].endswith("none")
    assert "Firm server" in lines[2] and " all " in lines[2]

    prompts = type_at_prompt(monkeypatch, SECRET)
    assert server(paths, "set-key", "GPU1") == 0  # the policy's spelling wins
    said = capsys.readouterr()
    assert prompts == ["API key of firm server gpu1 (not shown): "]
    assert said.out.startswith("API key of firm server gpu1 stored (encrypted under the data key")
    assert SECRET not in said.out + said.err
    file = paths.data / SERVER_KEYS_FILE
    assert SECRET.encode() not in file.read_bytes()
    keys = ServerKeys.for_profile(paths, key, Keychain(MemoryKeyring(), trusted=False))
    assert keys.get("gpu1") == SECRET

    assert server(paths, "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[1].endswith("stored") and listed[2].endswith("none")

    assert server(paths, "remove-key", "gpu1") == 0
    assert capsys.readouterr().out == "API key of firm server gpu1 removed.\n"
    assert keys.get("gpu1") is None
    assert server(paths, "remove-key", "gpu1") == 0
    assert "No API key was stored for firm server gpu1" in capsys.readouterr().out

    records = audit_records(paths, key)
    changes = [r for r in records if r["event_type"] == "policy.change"]
    assert [(r["target_id"], r["details"]["api_key"]) for r in changes] == [
        ("gpu1", "stored"),
        ("gpu1", "removed"),
    ]
    assert all(SECRET not in json.dumps(record) for record in records)


def test_an_unknown_server_is_refused_with_the_names_the_policy_has(profile, capsys) -> None:
    paths, _ = profile
    assert server(paths, "set-key", "gpu9") == 2
    line = capsys.readouterr().err.strip()
    assert line == (
        "error: The policy names no firm server 'gpu9'; it names: gpu1, cpu-box. "
        "Nothing was changed."
    )
    assert server(paths, "remove-key", "gpu9") == 2
    assert "it names: gpu1, cpu-box" in capsys.readouterr().err


def test_without_firm_servers_the_commands_say_so(tmp_path, monkeypatch, capsys) -> None:
    paths, _ = passphrase_profile(tmp_path, monkeypatch)
    monkeypatch.setattr(
        "desktop.cli.server.Keychain", lambda: Keychain(MemoryKeyring(), trusted=False)
    )
    (tmp_path / "machine").mkdir()
    (tmp_path / "machine" / "policy.json").write_text("{}")
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(tmp_path / "machine"))
    monkeypatch.setenv("CLOISTER_PASSPHRASE", "the passphrase")
    assert server(paths, "list") == 0
    assert "The policy names no firm server" in capsys.readouterr().out
    assert server(paths, "set-key", "gpu1") == 2
    assert "adds servers under firm_servers" in capsys.readouterr().err


def test_the_key_is_never_an_argument(profile, capsys) -> None:
    paths, _ = profile
    with pytest.raises(SystemExit) as exited:
        server(paths, "set-key", "gpu1", SECRET)
    assert exited.value.code == 2


@pytest.mark.parametrize(
    ("typed", "code", "problem"),
    [
        ("two words", 2, "only letters, digits and punctuation"),
        ("", 3, "No API key was typed. Nothing was stored."),
    ],
)
def test_an_unusable_key_is_one_clear_line(profile, monkeypatch, capsys, typed, code, problem):
    paths, _ = profile
    type_at_prompt(monkeypatch, typed)
    assert server(paths, "set-key", "gpu1") == code
    said = capsys.readouterr()
    assert problem in said.err and "Traceback" not in said.err
    assert not (paths.data / SERVER_KEYS_FILE).exists()


def test_with_a_keychain_the_key_goes_beside_the_data_key(tmp_path, monkeypatch, capsys):
    from desktop.audit.log import open_session_log
    from desktop.paths import AppPaths
    from desktop.security.vault import KeyVault

    backend = MemoryKeyring()
    keychain = Keychain(backend, trusted=True)
    paths = AppPaths(tmp_path / "profile").ensure()
    key = KeyVault(paths.key_file, keychain).create().data_key
    open_session_log(paths.audit_database, key).close()
    monkeypatch.setattr("desktop.cli.unlock.Keychain", lambda: keychain)
    monkeypatch.setattr("desktop.cli.server.Keychain", lambda: keychain)
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(write_policy(tmp_path / "machine")))
    type_at_prompt(monkeypatch, SECRET)
    assert server(paths, "set-key", "cpu-box") == 0
    assert "in the system keychain" in capsys.readouterr().out
    assert SECRET in backend.entries.values()
    assert not (paths.data / SERVER_KEYS_FILE).exists()


def test_a_policy_with_an_administrator_passphrase_asks_for_it(tmp_path, monkeypatch, capsys):
    from desktop.security.admin import hash_passphrase
    from desktop.security.wrapping import ScryptCost

    paths, key = passphrase_profile(tmp_path, monkeypatch)
    monkeypatch.setattr(
        "desktop.cli.server.Keychain", lambda: Keychain(MemoryKeyring(), trusted=False)
    )
    admin_hash = hash_passphrase("admin secret", ScryptCost(n=2**10))
    folder = write_policy(tmp_path / "machine", admin_passphrase_hash=admin_hash)
    monkeypatch.setenv(MACHINE_POLICY_DIR_ENV, str(folder))
    monkeypatch.setenv("CLOISTER_PASSPHRASE", "the passphrase")
    monkeypatch.setenv("CLOISTER_ADMIN_PASSPHRASE", "wrong")
    type_at_prompt(monkeypatch, SECRET)
    assert server(paths, "set-key", "gpu1") == 3
    assert capsys.readouterr().err.strip().endswith("Nothing was done.")
    assert not (paths.data / SERVER_KEYS_FILE).exists()
    monkeypatch.setenv("CLOISTER_ADMIN_PASSPHRASE", "admin secret")
    type_at_prompt(monkeypatch, SECRET)
    assert server(paths, "set-key", "gpu1") == 0
    stored = [r for r in audit_records(paths, key) if r["event_type"] == "policy.change"]
    assert [r["role"] for r in stored] == ["admin"]


def test_a_script_gives_the_passphrase_and_the_key_on_standard_input(tmp_path) -> None:
    paths, new = make_profile(tmp_path / "profile")
    env = {MACHINE_POLICY_DIR_ENV: str(write_policy(tmp_path / "machine"))}
    base = ["--basedir", str(paths.base), "server"]
    given = run_cli(
        *base,
        "set-key",
        "gpu1",
        "--passphrase-fd",
        "0",
        env=env,
        stdin_text=f"{PASSPHRASE}\n{SECRET}\n",
    )
    assert given.returncode == 0, given.stderr
    assert SECRET not in given.stdout + given.stderr
    keys = ServerKeys.for_profile(paths, new.data_key, Keychain(MemoryKeyring(), trusted=False))
    assert keys.get("gpu1") == SECRET
    nothing = run_cli(*base, "set-key", "gpu1", env=env | {"CLOISTER_PASSPHRASE": PASSPHRASE})
    assert nothing.returncode == 3
    assert assert_one_clean_line(nothing) == (
        "error: The API key from standard input is empty. Nothing was done."
    )

"""Issue 20 where the user meets it: a key.json with a scrypt cost of 2^22 (or any damage)
ends `cloister` with one line and the app with a message box, never a traceback, and before
anyone is asked for a passphrase that could not help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as app_module
from desktop.cli.exits import NO_SECRET, OK
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.ui.lock.key_dialogs import DialogKeyPrompter
from tests.memory_keyring import MemoryKeyring
from tests.unit.cli.cli_runs import PASSPHRASE, assert_one_clean_line, make_profile, run_cli

DAMAGED = "is damaged or was not written by Cloister"
COSTS = {"2^22": 2**22, "2^40": 2**40, "-1": -1}


def damage(paths: AppPaths, n: int) -> bytes:
    envelope = json.loads(paths.key_file.read_text())
    envelope["passphrase"]["scrypt"]["n"] = n
    paths.key_file.write_text(json.dumps(envelope, indent=2))
    return paths.key_file.read_bytes()


COMMANDS = {
    "settings set": ["settings", "set", "idle_lock_minutes", "5"],
    "audit export": ["audit", "export", "{tmp}/bundle"],
}


@pytest.mark.parametrize(
    ("command", "cost"), [("settings set", cost) for cost in COSTS] + [("audit export", "2^22")]
)
def test_the_command_line_says_the_key_file_is_damaged_in_one_line(
    tmp_path: Path, command: str, cost: str
) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    before = damage(paths, COSTS[cost])
    args = [arg.format(tmp=tmp_path) for arg in COMMANDS[command]]
    result = run_cli("--basedir", str(paths.base), *args, env={"CLOISTER_PASSPHRASE": PASSPHRASE})
    assert result.returncode not in (OK, NO_SECRET)  # refused, and not for a wrong passphrase
    line = assert_one_clean_line(result)
    assert line.startswith(f"error: Cloister's key file {paths.key_file} {DAMAGED}")
    assert "Restore the file from a backup" in line
    assert paths.key_file.read_bytes() == before
    assert not paths.preferences.exists() and not (tmp_path / "bundle").exists()


def test_the_app_says_the_key_file_is_damaged_before_asking_anything(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths, _ = make_profile(tmp_path / "profile")
    before = damage(paths, 2**22)
    monkeypatch.setattr(app_module, "Keychain", lambda: Keychain(MemoryKeyring(), trusted=False))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    asked: list[str | None] = []
    monkeypatch.setattr(
        DialogKeyPrompter, "ask_secret", lambda self, problem, possible: asked.append(problem)
    )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))

    assert app_module.run(paths, EffectivePolicy.resolve_defaults()) == 1
    assert len(shown) == 1 and DAMAGED in shown[0] and str(paths.key_file) in shown[0]
    assert asked == []  # no passphrase can open it: the user is not asked for one
    assert paths.key_file.read_bytes() == before

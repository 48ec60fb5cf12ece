"""`cloister` from the first start to the next: the key dialogs, then the window.

The first start's flow is answered through its pages (tests/e2e/first_run_driver.py), the
later starts' dialogs by replacing DialogKeyPrompter's methods, and the event loop returns at
once; everything else is the real start-up path of `python -m desktop`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as app_module
from desktop.audit.log import AuditLog
from desktop.core.key_prompts import Passphrase
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain
from desktop.security.vault import KeyVault
from desktop.ui.lock.key_dialogs import DialogKeyPrompter
from desktop.ui.onboarding.wizard import FirstRunWizard
from tests.e2e.first_run_driver import answer_first_run
from tests.memory_keyring import MemoryKeyring

pytestmark = pytest.mark.model


@pytest.fixture
def headless_start(qtbot, monkeypatch):
    """No keychain (as on this box), no event loop: run() returns once the window is up."""
    untrusted = Keychain(MemoryKeyring(), trusted=False)
    monkeypatch.setattr(app_module, "Keychain", lambda: untrusted)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    shown: list[str] = []

    def first_run(wizard: FirstRunWizard) -> int:
        result = answer_first_run(wizard, "a long passphrase")
        shown.append(wizard.recovery.panel.recovery_key)
        return result

    monkeypatch.setattr(FirstRunWizard, "exec", first_run)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    return shown, errors


def start(base: Path, model: Path) -> int:
    """`cloister --basedir BASE --model MODEL` without a policy file."""
    return app_module.run(
        AppPaths.from_basedir(base), EffectivePolicy.resolve_defaults(), str(model)
    )


def test_first_start_sets_a_passphrase_and_the_next_one_asks_for_it(
    headless_start, monkeypatch, tmp_path: Path, starter_model: Path
) -> None:
    shown, errors = headless_start
    base = tmp_path / "profile"
    assert start(base, starter_model) == 0
    assert len(shown) == 1 and errors == []
    icon = QApplication.windowIcon()  # the window and the task bar show Cloister's icon
    assert not icon.isNull() and icon.availableSizes()[0].width() >= 256

    answers = iter([Passphrase("not it at all"), Passphrase("a long passphrase")])
    monkeypatch.setattr(
        DialogKeyPrompter, "ask_secret", lambda self, problem, possible: next(answers)
    )
    assert start(base, starter_model) == 0
    assert errors == []

    untrusted = Keychain(MemoryKeyring(), trusted=False)
    key = KeyVault(base / "data" / "key.json", untrusted).unlock("a long passphrase")
    log = AuditLog.open(base / "data" / "audit.db", key)
    kinds = [record.event_type for record in log.records()]
    log.close()
    assert kinds[:3] == ["auth.key_change", "auth.unlock", "app.start"]
    assert "auth.unlock_failed" in kinds and kinds[-1] == "app.stop"


def test_quitting_at_the_unlock_prompt_starts_nothing(
    headless_start, monkeypatch, tmp_path: Path, starter_model: Path
) -> None:
    base = tmp_path / "profile"
    assert start(base, starter_model) == 0
    monkeypatch.setattr(DialogKeyPrompter, "ask_secret", lambda self, problem, possible: None)
    before = (base / "data" / "audit.db").stat().st_size
    assert start(base, starter_model) == 0
    assert (base / "data" / "audit.db").stat().st_size == before


def test_a_store_without_its_key_file_is_refused_with_a_message(
    headless_start, tmp_path: Path, starter_model: Path, monkeypatch
) -> None:
    _, errors = headless_start
    base = tmp_path / "profile"
    assert start(base, starter_model) == 0
    (base / "data" / "key.json").unlink()
    assert start(base, starter_model) == 1
    assert "key file" in errors[0] and "missing" in errors[0]


def test_wrong_passphrases_before_giving_up_are_recorded_at_the_next_start(
    headless_start, monkeypatch, tmp_path: Path, starter_model: Path
) -> None:
    """Issue 18: they used to be lost with the process that gave up."""
    base = tmp_path / "profile"
    assert start(base, starter_model) == 0
    gave_up = iter([Passphrase("wrong one"), Passphrase("wrong two"), None])
    monkeypatch.setattr(
        DialogKeyPrompter, "ask_secret", lambda self, problem, possible: next(gave_up)
    )
    assert start(base, starter_model) == 0  # quit at the prompt: no window, no audit log
    assert (base / "data" / "unlock-failures.json").exists()

    right = iter([Passphrase("a long passphrase")])
    monkeypatch.setattr(
        DialogKeyPrompter, "ask_secret", lambda self, problem, possible: next(right)
    )
    assert start(base, starter_model) == 0
    untrusted = Keychain(MemoryKeyring(), trusted=False)
    key = KeyVault(base / "data" / "key.json", untrusted).unlock("a long passphrase")
    log = AuditLog.open(base / "data" / "audit.db", key)
    kinds = [record.event_type for record in log.records()]
    log.close()
    assert kinds.count("auth.unlock_failed") == 2
    second_start = kinds.index("app.start", kinds.index("app.start") + 1)
    assert kinds[second_start - 3 : second_start] == [
        "auth.unlock_failed",
        "auth.unlock_failed",
        "auth.unlock",
    ]
    assert not (base / "data" / "unlock-failures.json").exists()

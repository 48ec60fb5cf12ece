"""`cloister selftest` where it cannot start: it says why and stops (the full run, with the real
worker and model, is tests/e2e/test_selftest.py); and its keychain step says what the first
start does with the key, as the first-run dialog does."""

from __future__ import annotations

from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail

from desktop.cli import selftest
from desktop.cli.selftest import StepResult, passed, run_selftest
from desktop.core.policy import EffectivePolicy
from desktop.security.keychain import Keychain, key_protection
from desktop.security.unlocking import obtain_data_key
from desktop.security.vault import KeyMode, KeyVault
from desktop.security.wrapping import ScryptCost
from tests.memory_keyring import MemoryKeyring


def test_a_bundle_without_the_starter_model_says_how_to_test_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selftest, "bundled_models_dir", lambda: tmp_path / "empty")
    reported: list[StepResult] = []
    results = run_selftest(EffectivePolicy.resolve_defaults(), None, reported.append)
    assert reported == results
    assert [(r.name, r.ok) for r in results] == [("model file", False)]
    assert "SmolLM2-135M-Instruct.Q4_1.gguf is not installed" in results[0].detail
    assert results[0].detail.endswith("Or test another: selftest --model FILE.gguf")
    assert not passed(results)


def test_no_steps_is_not_a_pass() -> None:
    assert not passed([])


SECRET_SERVICE = type("Keyring", (MemoryKeyring,), {"__module__": "keyring.backends.SecretService"})


class FirstRun:
    """The first-run dialogs, scripted: what they were told, and a passphrase when asked."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def choose_passphrase(self, reason: str) -> str:
        self.reasons.append(reason)
        return "a long passphrase"

    def show_recovery_key(self, recovery_key: str) -> None:
        pass

    def ask_secret(self, problem, passphrase_possible):  # pragma: no cover - a first start
        raise AssertionError("a first start asks for no secret")


@pytest.mark.parametrize(
    "backend",
    [SECRET_SERVICE, MemoryKeyring, fail.Keyring],
    ids=["trusted", "untrusted", "no-backend"],
)
def test_selftest_and_the_first_run_agree_about_the_keychain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend
) -> None:
    """Both take the system's keyring as the app does (Keychain()); the self-test says what
    the first start then does, in the first-run dialog's words."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend())
    said = selftest.check_keychain()

    first_run = FirstRun()
    vault = KeyVault(tmp_path / "key.json", Keychain(), ScryptCost(n=2**10))
    assert obtain_data_key(vault, first_run, store_exists=False) is not None
    if vault.mode is KeyMode.KEYCHAIN:
        assert first_run.reasons == []  # no dialog about the keychain: it just works
        assert said.endswith(
            f"The system keychain ({Keychain().name}) keeps the key: nothing to type at start."
        )
    else:
        assert first_run.reasons == [key_protection(Keychain())]
        assert said.endswith(first_run.reasons[0])
        assert "no secure keychain" in said
    assert (vault.mode is KeyMode.KEYCHAIN) == (backend is SECRET_SERVICE)

"""The start-up conversation about the key: first run, keychain, passphrase, recovery."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop.core.key_prompts import Passphrase, RecoveryKey, UnlockReport
from desktop.security.keychain import Keychain
from desktop.security.pacing import UNLOCK_FAILURES_FILE
from desktop.security.unlocking import FREE_ATTEMPTS, MissingKeyError, obtain_data_key
from desktop.security.vault import KeyMode, KeyVault
from desktop.security.wrapping import ScryptCost
from tests.memory_keyring import MemoryKeyring

CHEAP = ScryptCost(n=2**10)


@dataclass
class ScriptedUser:
    """Answers the prompts from a script and remembers what it was shown."""

    passphrases: list[str | None] = field(default_factory=list)
    secrets: list[Passphrase | RecoveryKey | None] = field(default_factory=list)
    shown_recovery_keys: list[str] = field(default_factory=list)
    problems: list[str | None] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def choose_passphrase(self, reason: str) -> str | None:
        self.reasons.append(reason)
        return self.passphrases.pop(0)

    def show_recovery_key(self, recovery_key: str) -> None:
        self.shown_recovery_keys.append(recovery_key)

    def ask_secret(self, problem: str | None, passphrase_possible: bool):
        self.problems.append(problem)
        return self.secrets.pop(0)


class WallClock:
    """time.time for the failures file, moved on by the pauses instead of waiting."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def make_vault(tmp_path: Path, *, secure: bool, backend: MemoryKeyring | None = None) -> KeyVault:
    return KeyVault(
        tmp_path / "key.json", Keychain(backend or MemoryKeyring(), trusted=secure), CHEAP
    )


def test_first_start_with_a_secure_keychain_asks_nothing_but_shows_the_recovery_key(
    tmp_path: Path,
) -> None:
    vault, user = make_vault(tmp_path, secure=True), ScriptedUser()
    key = obtain_data_key(vault, user, store_exists=False)
    assert key is not None and len(key) == 32
    assert vault.mode is KeyMode.KEYCHAIN
    assert len(user.shown_recovery_keys) == 1
    assert obtain_data_key(vault, ScriptedUser(), store_exists=True) == key  # next start


def test_first_start_without_a_secure_keychain_sets_a_passphrase(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    user = ScriptedUser(passphrases=["correct horse battery"])
    key = obtain_data_key(vault, user, store_exists=False)
    assert vault.mode is KeyMode.PASSPHRASE
    assert "no secure keychain" in user.reasons[0]
    assert user.shown_recovery_keys

    again = ScriptedUser(secrets=[Passphrase("correct horse battery")])
    assert obtain_data_key(vault, again, store_exists=True) == key
    assert again.problems == [None]


def test_a_keychain_that_refuses_to_store_falls_back_to_a_passphrase(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    backend.locked = True
    vault = make_vault(tmp_path, secure=True, backend=backend)
    user = ScriptedUser(passphrases=["a long passphrase"])
    key = obtain_data_key(vault, user, store_exists=False)
    assert key is not None and vault.mode is KeyMode.PASSPHRASE
    assert user.reasons[0].startswith("The system keychain would not store Cloister's key")


def test_declining_to_choose_a_passphrase_creates_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    assert obtain_data_key(vault, ScriptedUser(passphrases=[None]), store_exists=False) is None
    assert not vault.exists()


def test_wrong_passphrases_are_told_and_slowed_down_then_the_right_one_unlocks(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, secure=False)
    key = vault.create("the right passphrase").data_key
    wrong = [Passphrase(f"wrong guess {n}") for n in range(FREE_ATTEMPTS + 2)]
    user = ScriptedUser(secrets=[*wrong, Passphrase("the right passphrase")])
    clock = WallClock()

    assert obtain_data_key(vault, user, store_exists=True, sleep=clock.sleep, clock=clock) == key
    delays = clock.slept
    assert user.problems[0] is None
    assert all("passphrase is not right" in p for p in user.problems[1:] if p)
    assert delays == [1.0, 2.0, 4.0]  # free tries first, then doubling waits


def test_giving_up_at_the_unlock_prompt_returns_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    vault.create("the right passphrase")
    assert obtain_data_key(vault, ScriptedUser(secrets=[None]), store_exists=True) is None


def test_a_forgotten_passphrase_is_replaced_after_unlocking_with_the_recovery_key(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, secure=False)
    created = vault.create("forgotten passphrase")
    user = ScriptedUser(
        secrets=[RecoveryKey(created.recovery_key.lower().replace("-", " "))],
        passphrases=["a brand new passphrase"],
    )
    assert obtain_data_key(vault, user, store_exists=True) == created.data_key
    assert vault.unlock("a brand new passphrase") == created.data_key


def test_the_first_start_reports_the_new_key(tmp_path: Path) -> None:
    report = UnlockReport()
    user = ScriptedUser(passphrases=["first passphrase"])
    obtain_data_key(make_vault(tmp_path, secure=False), user, store_exists=False, report=report)
    assert report.key_changes == ["data key created, kept under a passphrase; recovery key shown"]


def test_wrong_answers_and_a_recovery_are_reported_for_the_audit_log(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    created = vault.create("forgotten passphrase")
    report = UnlockReport()
    user = ScriptedUser(
        secrets=[Passphrase("a wrong guess"), RecoveryKey(created.recovery_key)],
        passphrases=["the new passphrase"],
    )
    assert obtain_data_key(vault, user, store_exists=True, report=report) == created.data_key
    assert len(report.failures) == 1
    assert report.key_changes == ["unlocked with the recovery key", "new passphrase set"]


def test_a_keychain_that_lost_the_key_asks_for_the_recovery_key_and_restores_it(
    tmp_path: Path,
) -> None:
    backend = MemoryKeyring()
    vault = make_vault(tmp_path, secure=True, backend=backend)
    created = vault.create()
    backend.entries.clear()  # e.g. the user profile's keychain was reset
    user = ScriptedUser(secrets=[RecoveryKey("AAAA-BBBB"), RecoveryKey(created.recovery_key)])

    assert obtain_data_key(vault, user, store_exists=True) == created.data_key
    assert "no longer holds the key" in (user.problems[0] or "")
    assert "recovery key is not right" in (user.problems[1] or "")
    assert vault.unlock_from_keychain() == created.data_key  # back in the keychain


def test_a_missing_key_file_next_to_a_store_is_never_replaced(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=True)
    with pytest.raises(MissingKeyError, match="missing"):
        obtain_data_key(vault, ScriptedUser(), store_exists=True)
    assert not vault.exists()


# --- wrong answers outlive the process (issue 18) ---------------------------------------------


def test_wrong_answers_of_a_process_that_gave_up_are_reported_at_the_next_unlock(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, secure=False)
    key = vault.create("the right passphrase").data_key
    clock = WallClock()
    gave_up = ScriptedUser(secrets=[Passphrase("wrong one"), Passphrase("wrong two"), None])
    assert obtain_data_key(vault, gave_up, store_exists=True, clock=clock) is None
    assert (tmp_path / UNLOCK_FAILURES_FILE).exists()  # written before the prompt closed

    report = UnlockReport()
    user = ScriptedUser(secrets=[Passphrase("the right passphrase")])
    assert obtain_data_key(vault, user, store_exists=True, report=report, clock=clock) == key
    assert len(report.failures) == 2
    assert (tmp_path / UNLOCK_FAILURES_FILE).exists()  # kept until the audit log has them
    report.recorded()
    assert not (tmp_path / UNLOCK_FAILURES_FILE).exists()
    again = UnlockReport()
    user = ScriptedUser(secrets=[Passphrase("the right passphrase")])
    obtain_data_key(vault, user, store_exists=True, report=again, clock=clock)
    assert again.failures == []  # recorded once only


def test_the_wait_between_tries_does_not_start_over_in_a_new_process(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    key = vault.create("the right passphrase").data_key
    clock = WallClock()
    for n in range(FREE_ATTEMPTS + 1):  # each a process of its own that tries once and quits
        one_try = ScriptedUser(secrets=[Passphrase(f"wrong {n}"), None])
        obtain_data_key(vault, one_try, store_exists=True, sleep=clock.sleep, clock=clock)
    assert clock.slept == [1.0]  # the 4th process waited as if it were the same one
    user = ScriptedUser(secrets=[Passphrase("the right passphrase")])
    assert obtain_data_key(vault, user, store_exists=True, sleep=clock.sleep, clock=clock) == key
    assert clock.slept == [1.0, 2.0]  # and so does the next one, however long it was away
    clock.now += 3600
    user = ScriptedUser(secrets=[Passphrase("wrong again"), Passphrase("the right passphrase")])
    obtain_data_key(vault, user, store_exists=True, sleep=clock.sleep, clock=clock)
    assert clock.slept == [1.0, 2.0]  # a success started the count again


def test_a_damaged_failures_file_is_no_fresh_start(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, secure=False)
    key = vault.create("the right passphrase").data_key
    (tmp_path / UNLOCK_FAILURES_FILE).write_text("{garbage")
    clock, report = WallClock(), UnlockReport()
    user = ScriptedUser(secrets=[Passphrase("the right passphrase")])
    assert (
        obtain_data_key(
            vault, user, store_exists=True, sleep=clock.sleep, clock=clock, report=report
        )
        == key
    )
    assert clock.slept == [1.0]
    assert report.failures == ["(unlock failures file was damaged)"]

"""Creating, unlocking and recovering the data key, in both modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import KnownError
from desktop.security.keychain import Keychain, KeychainError
from desktop.security.vault import DamagedKeyFileError, KeyMode, KeyVault
from desktop.security.wrapping import ScryptCost, WrongSecretError
from tests.memory_keyring import MemoryKeyring

CHEAP = ScryptCost(n=2**10)


def vault(tmp_path: Path, *, secure: bool, backend: MemoryKeyring | None = None) -> KeyVault:
    keychain = Keychain(backend or MemoryKeyring(), trusted=secure)
    return KeyVault(tmp_path / "key.json", keychain, CHEAP)


def test_keychain_mode_keeps_the_key_in_the_keychain_only(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    keys = vault(tmp_path, secure=True, backend=backend)
    created = keys.create()
    assert keys.mode is KeyMode.KEYCHAIN
    assert keys.unlock_from_keychain() == created.data_key
    envelope_text = keys.path.read_text()
    assert created.data_key.hex() not in envelope_text and created.recovery_key not in envelope_text
    assert len(backend.entries) == 1
    assert oct(keys.path.stat().st_mode & 0o777) == "0o600"


def test_without_a_secure_keychain_a_passphrase_is_required(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    keys = vault(tmp_path, secure=False, backend=backend)
    with pytest.raises(KnownError, match="choose a passphrase"):
        keys.create()
    created = keys.create("a good passphrase")
    assert keys.mode is KeyMode.PASSPHRASE
    assert backend.entries == {}  # nothing goes to an untrusted keychain
    assert keys.unlock("a good passphrase") == created.data_key


def test_wrong_passphrase_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    keys = vault(tmp_path, secure=False)
    created = keys.create("a good passphrase")
    before = keys.path.read_bytes()
    for attempt in ("a good passphrasE", "", "x" * 200):
        with pytest.raises(WrongSecretError, match="not the right passphrase"):
            keys.unlock(attempt)
    assert keys.path.read_bytes() == before
    assert keys.unlock("a good passphrase") == created.data_key


def test_short_passphrases_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="at least 8"):
        vault(tmp_path, secure=False).create("short")


def test_recovery_key_opens_and_a_new_passphrase_can_be_set(tmp_path: Path) -> None:
    keys = vault(tmp_path, secure=False)
    created = keys.create("forgotten passphrase")
    recovered = keys.recover(created.recovery_key)
    assert recovered == created.data_key
    keys.set_passphrase(recovered, "the new passphrase")
    assert keys.unlock("the new passphrase") == created.data_key
    with pytest.raises(WrongSecretError):
        keys.unlock("forgotten passphrase")
    assert keys.recover(created.recovery_key) == created.data_key  # still valid


def test_lost_keychain_entry_sends_the_user_to_the_recovery_key(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    keys = vault(tmp_path, secure=True, backend=backend)
    created = keys.create()
    backend.entries.clear()  # e.g. the OS profile was rebuilt
    with pytest.raises(KeychainError, match="recovery key"):
        keys.unlock_from_keychain()
    keys.store_in_keychain(keys.recover(created.recovery_key))
    assert keys.unlock_from_keychain() == created.data_key


def test_a_key_is_never_replaced(tmp_path: Path) -> None:
    keys = vault(tmp_path, secure=False)
    keys.create("a good passphrase")
    with pytest.raises(KnownError, match="never replaced"):
        keys.create("another passphrase")


def test_a_damaged_key_file_gives_a_clear_message(tmp_path: Path) -> None:
    keys = vault(tmp_path, secure=False)
    keys.create("a good passphrase")
    keys.path.write_text("{ not json")
    with pytest.raises(DamagedKeyFileError, match="damaged or was not written by Cloister"):
        keys.unlock("a good passphrase")

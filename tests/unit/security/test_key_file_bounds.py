"""Issue 20: a key.json that Cloister did not write is refused as damaged, never a traceback.

Each case starts from a real key file (made by KeyVault, cheap scrypt cost) and changes one
thing in it; unlocking with the right passphrase must then say the file is damaged, and
leave the file as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.core.scrypt_limits import (
    MAX_N,
    MAX_P,
    MAX_R,
    MAX_WORK,
    MIN_N,
    scrypt_cost_problem,
    scrypt_maxmem,
)
from desktop.security.keychain import Keychain
from desktop.security.vault import DamagedKeyFileError, KeyVault
from desktop.security.wrapping import ScryptCost
from tests.memory_keyring import MemoryKeyring

PASSPHRASE = "a good passphrase"
CHEAP = ScryptCost(n=2**10)
DAMAGED = "is damaged or was not written by Cloister"

Json = dict[str, Any]


def make_vault(tmp_path: Path) -> tuple[KeyVault, bytes, str]:
    """A passphrase-mode key file as the app writes it: (vault, data key, recovery key)."""
    vault = KeyVault(tmp_path / "key.json", Keychain(MemoryKeyring(), trusted=False), CHEAP)
    new = vault.create(PASSPHRASE)
    return vault, new.data_key, new.recovery_key


def _set(path: str, value: Any) -> Callable[[Json], None]:
    """A change that sets `path` (dotted) to `value`; `...` deletes it."""
    *parents, last = path.split(".")

    def change(envelope: Json) -> None:
        node = envelope
        for name in parents:
            node = node[name]
        if value is ...:
            del node[last]
        else:
            node[last] = value

    return change


BAD_FIELDS: dict[str, Callable[[Json], None]] = {
    # the scrypt cost: what issue 20 found (2^22, 2^40, -1), and its neighbours
    "n 2^22": _set("passphrase.scrypt.n", 2**22),
    "n 2^40": _set("passphrase.scrypt.n", 2**40),
    "n -1": _set("passphrase.scrypt.n", -1),
    "n 0": _set("passphrase.scrypt.n", 0),
    "n 1": _set("passphrase.scrypt.n", 1),
    "n not a power of two": _set("passphrase.scrypt.n", 1000),
    "n below the minimum": _set("passphrase.scrypt.n", 2**9),
    "n a float": _set("passphrase.scrypt.n", 1024.0),
    "n a fraction": _set("passphrase.scrypt.n", 1024.5),
    "n a string": _set("passphrase.scrypt.n", "1024"),
    "n true": _set("passphrase.scrypt.n", True),
    "n null": _set("passphrase.scrypt.n", None),
    "n a list": _set("passphrase.scrypt.n", [1024]),
    "n missing": _set("passphrase.scrypt.n", ...),
    "r 0": _set("passphrase.scrypt.r", 0),
    "r -8": _set("passphrase.scrypt.r", -8),
    "r huge": _set("passphrase.scrypt.r", 2**30),
    "r a string": _set("passphrase.scrypt.r", "8"),
    "p 0": _set("passphrase.scrypt.p", 0),
    "p huge": _set("passphrase.scrypt.p", 2**31),
    "p a float": _set("passphrase.scrypt.p", 1.0),
    "cost over the memory cap": _set("passphrase.scrypt", {"n": 2**20, "r": 32, "p": 1}),
    "cost over the work cap": _set("passphrase.scrypt", {"n": 2**20, "r": 8, "p": 16}),
    "scrypt null": _set("passphrase.scrypt", None),
    "scrypt missing": _set("passphrase.scrypt", ...),
    "scrypt a string": _set("passphrase.scrypt", "n=1024"),
    "scrypt an extra field": _set("passphrase.scrypt.maxmem", 2**40),
    # the other fields of the passphrase copy
    "kdf unknown": _set("passphrase.kdf", "md5"),
    "kdf of the recovery key": _set("passphrase.kdf", "hkdf-sha256"),
    "kdf missing": _set("passphrase.kdf", ...),
    "salt truncated base64": _set("passphrase.salt", "AAAAAAAAAAAAAAAAAAAAA"),
    "salt not base64": _set("passphrase.salt", "!!!!not base64!!!!!!!!=="),
    "salt empty": _set("passphrase.salt", ""),
    "salt too short": _set("passphrase.salt", "AAAAAA=="),
    "salt a number": _set("passphrase.salt", 16),
    "nonce truncated base64": _set("passphrase.nonce", "AAAAAAAAAAAAAAA"),
    "nonce too short": _set("passphrase.nonce", "AAAAAAAAAAAAAA=="),
    "nonce too long": _set("passphrase.nonce", "A" * 24),
    "ciphertext truncated base64": _set("passphrase.ciphertext", "A" * 63),
    "ciphertext too short": _set("passphrase.ciphertext", "A" * 60),
    "ciphertext empty": _set("passphrase.ciphertext", ""),
    "ciphertext null": _set("passphrase.ciphertext", None),
    "ciphertext an object": _set("passphrase.ciphertext", {}),
    # the envelope
    "version 2": _set("version", 2),
    "version a string": _set("version", "1"),
    "mode unknown": _set("mode", "plaintext"),
    "keychain mode with a passphrase copy": _set("mode", "keychain"),
    "passphrase copy missing": _set("passphrase", ...),
    "passphrase copy null": _set("passphrase", None),
    "passphrase copy a list": _set("passphrase", []),
    "key id not hex": _set("key_id", "not a key id!!!!"),
    "key id too long": _set("key_id", "0" * 10_000),
    "key id a number": _set("key_id", 7),
    "key id missing": _set("key_id", ...),
    "created_at not a date": _set("created_at", "yesterday"),
    "created_at missing": _set("created_at", ...),
    "recovery copy missing": _set("recovery", ...),
    "recovery copy with scrypt": _set("recovery.kdf", "scrypt"),
    "recovery salt not base64": _set("recovery.salt", "%%%%"),
    "an extra field": _set("comment", "hello"),
}


@pytest.mark.parametrize("case", BAD_FIELDS)
def test_a_bad_field_is_a_damaged_key_file(tmp_path: Path, case: str) -> None:
    vault, _, _ = make_vault(tmp_path)
    envelope = json.loads(vault.path.read_text())
    BAD_FIELDS[case](envelope)
    vault.path.write_text(json.dumps(envelope))
    before = vault.path.read_bytes()
    with pytest.raises(DamagedKeyFileError, match=DAMAGED) as refused:
        vault.unlock(PASSPHRASE)
    assert str(vault.path) in str(refused.value) and "backup" in str(refused.value)
    assert vault.path.read_bytes() == before  # nothing rewritten


BAD_FILES: dict[str, bytes] = {
    "empty": b"",
    "not JSON": b"this is not a key file",
    "cut in half": b'{"version": 1, "key_id": "00',
    "a JSON array": b"[1, 2, 3]",
    "a JSON string": b'"key"',
    "JSON null": b"null",
    "a number": b"1e400",
    "nested deeply": b"[" * 100_000 + b"]" * 100_000,
    "not UTF-8": b'{"version": 1, "key_id": "\xff\xfe"}',
    "NUL bytes": b"\0" * 64,
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_file_that_is_not_a_key_file_is_damaged(tmp_path: Path, case: str) -> None:
    vault, _, _ = make_vault(tmp_path)
    vault.path.write_bytes(BAD_FILES[case])
    with pytest.raises(DamagedKeyFileError, match=DAMAGED):
        vault.unlock(PASSPHRASE)


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    vault, _, _ = make_vault(tmp_path)
    with vault.path.open("r+b") as file:
        file.seek(1 << 30)  # 1 GiB, sparse: costs no disk
        file.write(b" ")
    with pytest.raises(DamagedKeyFileError, match=DAMAGED):
        vault.unlock(PASSPHRASE)


def test_the_recovery_key_is_refused_the_same_way(tmp_path: Path) -> None:
    vault, _, recovery_key = make_vault(tmp_path)
    envelope = json.loads(vault.path.read_text())
    envelope["recovery"]["nonce"] = "A" * 15  # truncated base64
    vault.path.write_text(json.dumps(envelope))
    with pytest.raises(DamagedKeyFileError, match=DAMAGED):
        vault.recover(recovery_key)


def test_an_unchanged_file_still_unlocks(tmp_path: Path) -> None:
    vault, data_key, recovery_key = make_vault(tmp_path)
    envelope = json.loads(vault.path.read_text())
    vault.path.write_text(json.dumps(envelope, indent=None))  # same content, other layout
    assert vault.unlock(PASSPHRASE) == data_key
    assert vault.recover(recovery_key) == data_key


def test_a_key_file_at_the_highest_cost_allowed_unlocks(tmp_path: Path) -> None:
    """Issue 20: n = 2^20 asked hashlib for 2 GiB of maxmem, over its limit, and crashed."""
    highest = ScryptCost(n=MAX_N, r=8, p=1)
    assert highest.n * highest.r * highest.p == MAX_WORK
    keychain = Keychain(MemoryKeyring(), trusted=False)
    new = KeyVault(tmp_path / "key.json", keychain, highest).create(PASSPHRASE)
    reread = KeyVault(tmp_path / "key.json", keychain)  # as the next start reads it
    assert reread.envelope().passphrase.scrypt == highest  # type: ignore[union-attr]
    assert reread.unlock(PASSPHRASE) == new.data_key


@pytest.mark.parametrize(
    ("n", "r", "p"),
    [(MAX_N, 8, 1), (MAX_N // 4, MAX_R, 1), (MAX_N // 16, 1, MAX_P), (MIN_N, 1, 1)],
)
def test_every_corner_of_the_bounds_gets_the_memory_scrypt_needs(n: int, r: int, p: int) -> None:
    assert scrypt_cost_problem(n, r, p) is None
    needed = 128 * r * (n + 2) + 128 * r * p  # OpenSSL's V and B
    assert needed <= scrypt_maxmem(n, r, p) < 2**31 - 1  # hashlib's own limit

"""Issue 20's fuzz corpus for key.json: mutated real key files and arbitrary JSON or bytes.

Whatever the file holds, unlocking with the right passphrase or recovery key either gives the
data key itself (never another key) or raises a KnownError: DamagedKeyFileError for a file out
of bounds, WrongSecretError for one within bounds whose wrapped copy no longer opens (AES-GCM
cannot tell a changed ciphertext from a wrong passphrase). A file whose JSON says what the
original said always unlocks. No other exception, ever.

scrypt's work cap is lowered here so that a mutation that lands on a valid but different cost
stays cheap; the real cap is tested in test_key_file_bounds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import scrypt_limits
from desktop.security.keychain import Keychain
from desktop.security.vault import DamagedKeyFileError, KeyVault
from desktop.security.wrapping import ScryptCost, WrongSecretError
from tests.memory_keyring import MemoryKeyring

PASSPHRASE = "a good passphrase"
FUZZ = settings(
    max_examples=100,
    deadline=None,  # a loaded machine is slow, not wrong
    suppress_health_check=[HealthCheck.too_slow],
)


class Original:
    """One real key file, made once; each example writes its mutation over a copy."""

    def __init__(self, folder: Path) -> None:
        keychain, cheap = Keychain(MemoryKeyring(), trusted=False), ScryptCost(n=2**10)
        new = KeyVault(folder / "original.json", keychain, cheap).create(PASSPHRASE)
        self.data_key, self.recovery_key = new.data_key, new.recovery_key
        self.text = (folder / "original.json").read_bytes()
        self.json: dict[str, Any] = json.loads(self.text)
        self.vault = KeyVault(folder / "key.json", keychain, cheap)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Original]:
    with patch.object(scrypt_limits, "MAX_WORK", 2**14):
        yield Original(tmp_path_factory.mktemp("key-fuzz"))


def check(original: Original, content: bytes) -> None:
    """The property: the data key, or a KnownError this module names; nothing else."""
    original.vault.path.write_bytes(content)
    try:  # canonical text, so that 1024.0 or true is not taken for 1024 or 1
        same_json = _canonical(json.loads(content)) == _canonical(original.json)
    except ValueError:
        same_json = False
    for unlock, secret in (
        (original.vault.unlock, PASSPHRASE),
        (original.vault.recover, original.recovery_key),
    ):
        try:
            data_key = unlock(secret)
        except DamagedKeyFileError as exc:
            assert not same_json, exc
            assert "damaged or was not written by Cloister" in str(exc)
        except WrongSecretError:
            assert not same_json
        else:
            assert data_key == original.data_key


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["scrypt", "hkdf-sha256", "passphrase", "keychain", "A" * 16, "A" * 64]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field of the key file's JSON, nested ones included."""
    if isinstance(node, dict):
        for name, child in node.items():
            yield (*prefix, name)
            yield from _paths(child, (*prefix, name))


@FUZZ
@given(data=st.data())
def test_a_field_replaced_deleted_or_added(original: Original, data: st.DataObject) -> None:
    envelope = json.loads(original.text)
    path = data.draw(st.sampled_from(sorted(_paths(envelope))))
    parent = envelope
    for name in path[:-1]:
        parent = parent[name]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = data.draw(JSON)
    elif action == "delete":
        del parent[path[-1]]
    else:
        parent[data.draw(st.text(min_size=1, max_size=10))] = data.draw(JSON)
    check(original, json.dumps(envelope).encode())


@FUZZ
@given(data=st.data())
def test_bytes_flipped_cut_or_inserted(original: Original, data: st.DataObject) -> None:
    content = bytearray(original.text)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(content)))
        action = data.draw(st.sampled_from(["set", "delete", "insert", "truncate"]))
        if action == "truncate":
            del content[at:]
        elif action == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif at < len(content):
            if action == "delete":
                del content[at]
            else:
                content[at] = data.draw(st.integers(0, 255))
    check(original, bytes(content))


@FUZZ
@given(content=JSON.map(lambda value: json.dumps(value).encode()) | st.binary(max_size=200))
def test_arbitrary_json_or_bytes(original: Original, content: bytes) -> None:
    check(original, content)


def test_the_original_itself_unlocks(original: Original) -> None:
    check(original, original.text)
    assert original.vault.unlock(PASSPHRASE) == original.data_key

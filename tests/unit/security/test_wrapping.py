"""Wrapping the data key under a passphrase or recovery key."""

from __future__ import annotations

import json

import pytest

from desktop.security.wrapping import (
    ScryptCost,
    WrongSecretError,
    key_id,
    new_data_key,
    new_recovery_key,
    normalise_recovery_key,
    unwrap,
    wrap_with_passphrase,
    wrap_with_recovery_key,
)

CHEAP = ScryptCost(n=2**10)  # the real cost is tested once, in test_default_cost_is_strong


def test_a_data_key_is_256_random_bits() -> None:
    keys = {new_data_key() for _ in range(50)}
    assert len(keys) == 50 and all(len(key) == 32 for key in keys)


def test_passphrase_round_trip_and_wrong_passphrase() -> None:
    key = new_data_key()
    wrapped = wrap_with_passphrase(key, "correct horse", "test", CHEAP)
    assert unwrap(wrapped, "correct horse", "test") == key
    with pytest.raises(WrongSecretError, match="not the right passphrase"):
        unwrap(wrapped, "correct horsE", "test")


def test_a_copy_wrapped_for_one_purpose_does_not_open_for_another() -> None:
    key = new_data_key()
    wrapped = wrap_with_passphrase(key, "correct horse", "store A", CHEAP)
    with pytest.raises(WrongSecretError):
        unwrap(wrapped, "correct horse", "store B")


def test_the_wrapped_form_holds_no_key_or_passphrase() -> None:
    key = new_data_key()
    wrapped = wrap_with_passphrase(key, "correct horse", "test", CHEAP)
    text = wrapped.model_dump_json()
    assert "correct horse" not in text and key.hex() not in text
    assert json.loads(text)["scrypt"] == {"n": 1024, "r": 8, "p": 1}


def test_recovery_key_format_and_typing_variations() -> None:
    recovery = new_recovery_key()
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    key = new_data_key()
    wrapped = wrap_with_recovery_key(key, recovery, "test")
    typed = " ".join(groups).lower()  # spaces instead of dashes, lower case
    assert normalise_recovery_key(typed) == normalise_recovery_key(recovery)
    assert unwrap(wrapped, typed, "test") == key
    with pytest.raises(WrongSecretError):
        unwrap(wrapped, new_recovery_key(), "test")


def test_key_id_names_a_key_without_revealing_it() -> None:
    key = new_data_key()
    assert key_id(key) == key_id(key) != key_id(new_data_key())
    assert key.hex()[:16] != key_id(key)


def test_default_cost_is_strong() -> None:
    cost = ScryptCost()
    assert cost.n >= 2**17 and cost.r >= 8  # OWASP's minimum for scrypt
    key = new_data_key()
    wrapped = wrap_with_passphrase(key, "a long passphrase", "t")
    assert wrapped.scrypt == cost
    assert unwrap(wrapped, "a long passphrase", "t") == key

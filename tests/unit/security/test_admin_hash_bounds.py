"""Issue 20, the policy file's side: the administrator's passphrase hash carries a scrypt cost
too, read from a file. Out of bounds it is refused when the policy is read, and checking a
passphrase against it is a plain "no", never a traceback in the sign-in dialog."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desktop.core.policy import Policy
from desktop.security.admin import hash_passphrase, passphrase_matches
from desktop.security.wrapping import ScryptCost

SALT_AND_HASH = "c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g="
OUT_OF_BOUNDS = {
    "n 2^22": f"scrypt$4194304$8$1${SALT_AND_HASH}",
    "n 2^40": f"scrypt$1099511627776$8$1${SALT_AND_HASH}",
    "n 0": f"scrypt$0$8$1${SALT_AND_HASH}",
    "n not a power of two": f"scrypt$1000$8$1${SALT_AND_HASH}",
    "n with 400 digits": f"scrypt${'9' * 400}$8$1${SALT_AND_HASH}",
    "r 0": f"scrypt$1024$0$1${SALT_AND_HASH}",
    "p huge": f"scrypt$1024$8$4294967296${SALT_AND_HASH}",
    "salt truncated base64": "scrypt$1024$8$1$A$aGFzaA==",
}


@pytest.mark.parametrize("case", OUT_OF_BOUNDS)
def test_a_hash_out_of_bounds_is_refused_when_the_policy_is_read(case: str) -> None:
    with pytest.raises(ValidationError, match="hash-passphrase"):
        Policy.model_validate({"admin_passphrase_hash": OUT_OF_BOUNDS[case]})


@pytest.mark.parametrize("case", OUT_OF_BOUNDS)
def test_a_hash_out_of_bounds_matches_no_passphrase(case: str) -> None:
    assert passphrase_matches("the admin passphrase", OUT_OF_BOUNDS[case]) is False


def test_a_hash_cloister_made_is_accepted_and_matches() -> None:
    stored = hash_passphrase("the admin passphrase", ScryptCost(n=2**10))
    assert Policy.model_validate({"admin_passphrase_hash": stored}).admin_passphrase_hash == stored
    assert passphrase_matches("the admin passphrase", stored)
    assert not passphrase_matches("not the admin passphrase", stored)

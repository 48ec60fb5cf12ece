"""The administrator's passphrase: hashed for the policy, checked with paced retries."""

from __future__ import annotations

from desktop.core.policy import Policy
from desktop.security.admin import FREE_ATTEMPTS, admin_gate, hash_passphrase, passphrase_matches
from desktop.security.wrapping import ScryptCost

FAST = ScryptCost(n=2**10)  # tests only: the real cost is 2**17


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_is_valid_in_a_policy_and_matches_only_its_passphrase() -> None:
    stored = hash_passphrase("correct horse", FAST)
    assert Policy(admin_passphrase_hash=stored).admin_passphrase_hash == stored
    assert passphrase_matches("correct horse", stored)
    assert not passphrase_matches("correct horse ", stored)
    assert not passphrase_matches("correct horse", "scrypt$broken")
    assert hash_passphrase("correct horse", FAST) != stored  # salted


def test_wrong_tries_are_paced_and_a_too_early_try_is_not_even_checked() -> None:
    clock = Clock()
    gate = admin_gate(hash_passphrase("s3cret", FAST), clock)
    for _ in range(FREE_ATTEMPTS - 1):
        assert gate.check("nope").wait_seconds == 0
    third = gate.check("nope")
    assert not third.ok and third.wait_seconds == 1
    early = gate.check("s3cret")  # right, but too soon: refused without checking
    assert not early.ok and "Wait" in early.message
    clock.now += 1
    assert gate.check("nope").wait_seconds == 2
    clock.now += 2
    assert gate.check("s3cret").ok
    assert gate.check("nope").wait_seconds == 0  # success starts the count again


def test_the_wait_survives_a_new_process_when_kept_in_a_file(tmp_path) -> None:
    from desktop.security.pacing import ADMIN_FAILURES_FILE

    stored = hash_passphrase("s3cret", FAST)
    kept = tmp_path / ADMIN_FAILURES_FILE
    for _ in range(FREE_ATTEMPTS):
        assert not admin_gate(stored, failures_file=kept).check("nope").ok  # one per process
    later = admin_gate(stored, failures_file=kept)  # the app started again
    early = later.check("s3cret")
    assert not early.ok and "Wait" in early.message and early.wait_seconds > 0

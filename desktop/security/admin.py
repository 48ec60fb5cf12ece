"""The administrator's passphrase: its scrypt hash in the policy file, and checking it.

Wrong answers are paced, not slept on: after FREE_ATTEMPTS in a row each further try must
wait longer (1, 2, 4 … MAX_DELAY_SECONDS s), and a try made too early is refused unchecked.
The caller (a dialog) shows the wait; the GUI thread is never blocked.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop.core.policy import SCRYPT_HASH
from desktop.security.wrapping import ScryptCost, scrypt_key

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 60.0


def hash_passphrase(passphrase: str, cost: ScryptCost | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (base64), for the policy's admin_passphrase_hash."""
    cost = cost or ScryptCost()
    salt = secrets.token_bytes(16)
    digest = scrypt_key(passphrase, salt, cost)
    return "$".join(["scrypt", str(cost.n), str(cost.r), str(cost.p), _b64(salt), _b64(digest)])


def passphrase_matches(passphrase: str, stored: str) -> bool:
    if not SCRYPT_HASH.match(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    cost = ScryptCost(n=int(n), r=int(r), p=int(p))
    candidate = scrypt_key(passphrase, base64.b64decode(salt), cost)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str = ""  # why not, for the dialog
    wait_seconds: float = 0.0  # how long until the next try is accepted


class PacedCheck:
    """Checks a passphrase with paced retries (the administrator's, or the user's at the lock)."""

    def __init__(
        self,
        matches: Callable[[str], bool],
        what: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._matches = matches
        self._what = what
        self._clock = clock
        self._failures = 0
        self._next_try = 0.0

    def wait_seconds(self) -> float:
        return max(0.0, self._next_try - self._clock())

    def check(self, passphrase: str) -> CheckResult:
        wait = self.wait_seconds()
        if wait > 0:
            return CheckResult(False, f"Too many wrong tries. Wait {wait:.0f} s.", wait)
        if self._matches(passphrase):
            self._failures = 0
            return CheckResult(True)
        self._failures += 1
        if self._failures >= FREE_ATTEMPTS:
            delay = min(2.0 ** (self._failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)
            self._next_try = self._clock() + delay
            return CheckResult(False, f"That is not the {self._what}. Wait {delay:.0f} s.", delay)
        return CheckResult(False, f"That is not the {self._what}.")

    def problem(self, passphrase: str) -> str | None:
        """For a dialog: None when right, else what to say."""
        result = self.check(passphrase)
        return None if result.ok else result.message


def admin_gate(stored_hash: str, clock: Callable[[], float] = time.monotonic) -> PacedCheck:
    return PacedCheck(
        lambda passphrase: passphrase_matches(passphrase, stored_hash),
        "administrator passphrase",
        clock,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

"""The administrator's passphrase: its scrypt hash in the policy file, and checking it.

Wrong answers are paced, not slept on: after FREE_ATTEMPTS in a row each further try must
wait longer (1, 2, 4 … MAX_DELAY_SECONDS s), and a try made too early is refused unchecked.
The caller (a dialog) shows the wait; the GUI thread is never blocked. With a failures file
(desktop.security.pacing) the wait survives a restart of the app.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.policy import SCRYPT_HASH
from desktop.core.records import utc_millis
from desktop.security.pacing import FailureLedger, MemoryPacing, Pacing
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
    """False also for a hash that is out of bounds (the policy reader refuses those first)."""
    if not SCRYPT_HASH.match(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    try:
        cost = ScryptCost(n=int(n), r=int(r), p=int(p))  # within desktop.core.scrypt_limits
        salt_bytes = base64.b64decode(salt, validate=True)
        expected = base64.b64decode(digest, validate=True)
    except ValueError:  # pydantic's ValidationError, binascii.Error, int() of 4,300+ digits
        return False
    return hmac.compare_digest(scrypt_key(passphrase, salt_bytes, cost), expected)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str = ""  # why not, for the dialog
    wait_seconds: float = 0.0  # how long until the next try is accepted


class PacedCheck:
    """Checks a passphrase with paced retries (the administrator's, or the user's at the lock).

    `pacing` keeps the count: in memory by default, or a FailureLedger so that a new process
    does not start the wait over. Every try's outcome is audited by the caller at once."""

    def __init__(
        self,
        matches: Callable[[str], bool],
        what: str,
        clock: Callable[[], float] = time.monotonic,
        pacing: Pacing | None = None,
    ) -> None:
        self._matches = matches
        self._what = what
        self._pacing = pacing or MemoryPacing(FREE_ATTEMPTS, MAX_DELAY_SECONDS, clock)

    def wait_seconds(self) -> float:
        return self._pacing.wait_seconds()

    def check(self, passphrase: str) -> CheckResult:
        wait = self.wait_seconds()
        if wait > 0:
            return CheckResult(False, f"Too many wrong tries. Wait {wait:.0f} s.", wait)
        if self._matches(passphrase):
            self._pacing.succeeded()
            return CheckResult(True)
        delay = self._pacing.failed(utc_millis(), recorded=True)
        if delay > 0:
            return CheckResult(False, f"That is not the {self._what}. Wait {delay:.0f} s.", delay)
        return CheckResult(False, f"That is not the {self._what}.")

    def problem(self, passphrase: str) -> str | None:
        """For a dialog: None when right, else what to say."""
        result = self.check(passphrase)
        return None if result.ok else result.message


def admin_gate(
    stored_hash: str,
    clock: Callable[[], float] = time.monotonic,
    failures_file: Path | None = None,
) -> PacedCheck:
    """`failures_file`: where the count survives the process (beside the database)."""
    pacing = (
        FailureLedger(failures_file, FREE_ATTEMPTS, MAX_DELAY_SECONDS)
        if failures_file is not None
        else None
    )
    return PacedCheck(
        lambda passphrase: passphrase_matches(passphrase, stored_hash),
        "administrator passphrase",
        clock,
        pacing,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

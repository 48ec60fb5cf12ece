"""The scrypt costs Cloister accepts from a file, and the memory scrypt is allowed for them.

The cost of a wrapped key (key.json) and of the administrator's passphrase hash (the policy
file) is read from a file anyone may have edited, so it is checked against these bounds before
scrypt runs: a cost out of bounds would otherwise stop the process (hashlib's ValueError or
TypeError) or hold gigabytes for minutes. The bounds admit every cost Cloister writes
(n = 2^17, r = 8, p = 1; 2^10 in tests) and room to raise it to n = 2^20 (1 GiB).
"""

from __future__ import annotations

MIN_N = 2**10
MAX_N = 2**20
MAX_R = 32
MAX_P = 16
# n * r * p: scrypt's memory is 128 * n * r bytes and its time grows with n * r * p. The cap is
# the cost of n = 2^20, r = 8, p = 1: 1 GiB, about 6 s on a slow laptop core.
MAX_WORK = 2**20 * 8
# hashlib refuses a maxmem of 2^31 - 1 or more, whatever scrypt needs.
_HASHLIB_MAXMEM = 2**31 - 1
_MAXMEM_MARGIN = 2**20


def scrypt_cost_problem(n: int, r: int, p: int) -> str | None:
    """Why (n, r, p) is not a cost Cloister accepts, or None when it is."""
    if not (MIN_N <= n <= MAX_N and n & (n - 1) == 0):
        return f"the scrypt cost n must be a power of two from {MIN_N} to {MAX_N}"
    if not 1 <= r <= MAX_R:
        return f"the scrypt block size r must be from 1 to {MAX_R}"
    if not 1 <= p <= MAX_P:
        return f"the scrypt parallelism p must be from 1 to {MAX_P}"
    if n * r * p > MAX_WORK:
        return f"the scrypt cost n * r * p must be at most {MAX_WORK}"
    return None


def scrypt_maxmem(n: int, r: int, p: int) -> int:
    """The memory limit to give hashlib.scrypt: what OpenSSL's scrypt takes for (n, r, p)
    (128 r (n + 2) for V, 128 r p for B), plus a margin; below hashlib's own limit for every
    cost scrypt_cost_problem accepts."""
    return min(128 * r * (n + 2) + 128 * r * p + _MAXMEM_MARGIN, _HASHLIB_MAXMEM - 1)

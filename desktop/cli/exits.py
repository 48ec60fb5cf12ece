"""The command line's exit codes (listed in `cloister --help`) and the one line an error gets."""

from __future__ import annotations

import sys

from desktop.core.errors import KnownError
from desktop.profile.instance import BUSY_EXIT
from desktop.profile.preflight import DATA_FOLDER_EXIT

OK = 0
FAILED = 1  # the action failed or was refused; an audit bundle that is not intact
BAD_INPUT = 2  # bad arguments or input (argparse's own code too): no such folder, a bad value
NO_SECRET = 3  # no passphrase or recovery key to be had, a wrong one, or the user gave up
UNPINNED = 4  # audit verify: a consistent bundle, but signed by a key nobody pinned
INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT

HELP = f"""exit codes:
  {OK}    done (audit verify: intact, and signed by a pinned key)
  {FAILED}    failed or refused (audit verify: the bundle is NOT intact)
  {BAD_INPUT}    bad arguments or input (audit verify: no such folder, an unusable key)
  {NO_SECRET}    no passphrase or recovery key to be had, a wrong one, or none typed
  {UNPINNED}    audit verify: consistent, but signed by a key nobody pinned (not vouched for)
  {DATA_FOLDER_EXIT}   the data folder cannot be used (read-only, full, locks refused...)
  {BUSY_EXIT}   Cloister is using this profile: close it, or add --wait
  {INTERRUPTED}  interrupted (Ctrl-C)"""

VERIFY_HELP = f"""exit codes:
  {OK}  the bundle is intact and signed by a pinned key (--pubkey, --fingerprint,
     or audit_signing_fingerprints in the administrator's policy)
  {FAILED}  the bundle is NOT intact, or not signed by the key you pinned: the first
     problem is named
  {BAD_INPUT}  nothing to check: no bundle folder there, or the --pubkey file is unusable
     (or the --fingerprint is not 64 hexadecimal digits)
  {UNPINNED}  the bundle is consistent but signed by a key nobody pinned: anyone can make
     such a bundle with a key of their own, so it is not vouched for; compare the
     fingerprint shown with the one your administrator gave you, then pin it"""


class SecretError(KnownError):
    """No passphrase or recovery key could be had, or the one given is wrong: nothing was done."""


def error_line(exc: BaseException) -> str:
    """One line for the user; an OSError names its file and says what went wrong in words."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"error: {where}{exc.strerror}"
    return f"error: {exc}"


def report_error(exc: Exception, code: int) -> int:
    """Print `exc` as one line on stderr; the exit code is `code`, or NO_SECRET for a
    SecretError (whichever command it stopped)."""
    print(error_line(exc), file=sys.stderr)
    return NO_SECRET if isinstance(exc, SecretError) else code

"""`cloister audit verify` (offline, no key) and `cloister audit export` (asks to unlock)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.exits import BAD_INPUT, FAILED, OK, UNPINNED, report_error
from desktop.core.errors import KnownError

if TYPE_CHECKING:
    from desktop.cli.witness import WitnessedOption
    from desktop.core.policy import EffectivePolicy

_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


def fingerprint_argument(text: str) -> str:
    """--fingerprint: 64 hex digits as `audit export` prints them (any case, colons allowed)."""
    cleaned = text.strip().lower().replace(":", "")
    if not _FINGERPRINT.fullmatch(cleaned):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a key fingerprint: 64 hexadecimal digits, as `cloister audit "
            "export` prints them"
        )
    return cleaned


def verify_audit(
    bundle: Path,
    pubkey: Path | None,
    fingerprint: str | None = None,
    policy_fingerprints: Collection[str] = (),
    policy_path: str | None = None,
    witnessed: WitnessedOption | None = None,
) -> int:
    """Exit code 0 only for an intact bundle signed by a pinned key: --pubkey, --fingerprint,
    or else one the administrator's policy pins (and, with --witnessed, consistent with every
    cosigned checkpoint). 1 means a bundle that is not intact (or not signed by the key given,
    or disproved by the witness), 4 an intact one nobody pinned the key of, never a mistyped
    path (that is 2)."""
    from desktop.audit.verify import verify_bundle

    try:
        _check_is_folder(bundle)
        key = _read_public_key(pubkey) if pubkey else None
        if witnessed is not None:
            witnessed.prepare()
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)
    pins = {fingerprint} if fingerprint else set(policy_fingerprints)
    verdict = verify_bundle(bundle, key, pins)
    witness_line = witnessed.check(bundle, verdict) if witnessed is not None else ""
    problems = [_printable(problem) for problem in verdict.problems]
    if fingerprint and verdict.key_fingerprint and not verdict.pinned:
        problems.insert(
            0,
            f"signed by the key {verdict.key_fingerprint}, not the one you pinned with "
            f"--fingerprint ({fingerprint})",
        )
    if problems:
        print(f"FAILED: {problems[0]}")
        for problem in problems[1:]:
            print(f"  also: {problem}")
        return FAILED
    if not verdict.pinned:
        _unpinned(verdict.records, verdict.key_fingerprint, policy_fingerprints, policy_path)
        return UNPINNED
    print(
        f"OK: {verdict.records} records; signatures, sizes, hashes, chain, Merkle root and "
        "earlier checkpoints agree."
    )
    print(f"Signing key fingerprint: {verdict.key_fingerprint}")
    if pubkey:
        print(f"Signed by the key you pinned with --pubkey {pubkey}.")
    elif fingerprint:
        print("Signed by the key you pinned with --fingerprint.")
    else:
        print(f"Signed by a key your administrator's policy pins ({policy_path}).")
    if witness_line:
        print(witness_line)
    return OK


def _unpinned(
    records: int, fingerprint: str, policy_fingerprints: Collection[str], policy_path: str | None
) -> None:
    print(
        f"UNAUTHENTICATED: {records} records, internally consistent, but signed by a key "
        "nobody pinned."
    )
    print(f"Signing key fingerprint: {fingerprint}")
    if policy_fingerprints:
        count = len(policy_fingerprints)
        print(
            f"It is not among the {count} key{'s' if count > 1 else ''} your administrator's "
            f"policy pins ({policy_path})."
        )
    print(
        "Anyone can make a consistent bundle with a key of their own. Compare this fingerprint "
        "with the one your administrator gave you; if they are the same, run again with "
        f"--fingerprint {fingerprint} (or --pubkey FILE)."
    )


def _printable(text: str) -> str:
    """A problem as it may be printed: text from a hostile bundle must not drive the terminal."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def _check_is_folder(bundle: Path) -> None:
    """A mistyped path is not a tampered bundle: it gets its own message and exit code."""
    if not bundle.exists():
        raise KnownError(f"There is no audit bundle folder at {bundle}.")
    if not bundle.is_dir():
        raise KnownError(f"{bundle} is a file; give the folder that `cloister audit export` wrote.")


def _read_public_key(path: Path) -> bytes:
    from desktop.security.signing import load_public_pem

    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise KnownError(f"Cannot read the public key {path}: {exc.strerror}.") from exc
    try:
        load_public_pem(pem)
    except ValueError:
        raise KnownError(f"{path} is not an Ed25519 public key (PEM).") from None
    return pem


def export_audit(args: argparse.Namespace, policy: EffectivePolicy | None = None) -> int:
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.audit.rollback import StartState, guard_log
    from desktop.audit.service import AuditService
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.audit_events import AuditQuery
    from desktop.core.key_prompts import UnlockReport
    from desktop.paths import AppPaths

    paths = AppPaths.from_basedir(args.basedir)
    report = UnlockReport()
    query = AuditQuery(args.since, args.until, args.actor, tuple(args.event))
    try:
        data_key = unlock_from_terminal(paths, report)
        start = StartState.of(paths.audit_database, paths.database)
        log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
        try:
            guard_log(log, data_key, start, policy, paths.audit_database, say=_say_alarm)
            # The audit page's Export path: the export is recorded first, then written.
            count = AuditService(log).export(str(args.folder), query, siem=args.siem)
            fingerprint = log.key.fingerprint
        finally:
            log.close()
    except KnownError as exc:
        return report_error(exc, FAILED)
    print(f"Exported {count} records to {args.folder}")
    print(f"Signing key fingerprint: {fingerprint}")
    return OK


def _say_alarm(text: str) -> None:
    import sys

    print(f"WARNING: {text}", file=sys.stderr)

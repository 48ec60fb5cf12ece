"""`cloister audit verify` (offline, no key) and `cloister audit export` (asks to unlock)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.exits import BAD_INPUT, FAILED, OK, report_error
from desktop.core.errors import KnownError

if TYPE_CHECKING:
    from desktop.cli.witness import WitnessedOption
    from desktop.core.policy import EffectivePolicy


def verify_audit(
    bundle: Path, pubkey: Path | None, witnessed: WitnessedOption | None = None
) -> int:
    """Exit code 1 means a bundle that is not intact, never a mistyped path (that is 2)."""
    from desktop.audit.verify import verify_bundle

    try:
        _check_is_folder(bundle)
        key = _read_public_key(pubkey) if pubkey else None
        if witnessed is not None:
            witnessed.prepare()
    except KnownError as exc:
        return report_error(exc, BAD_INPUT)
    verdict = verify_bundle(bundle, key)
    witness_line = witnessed.check(bundle, verdict) if witnessed is not None else ""
    if not verdict.ok:
        print(f"FAILED: {verdict.problems[0]}")
        for problem in verdict.problems[1:]:
            print(f"  also: {problem}")
        return FAILED
    print(
        f"OK: {verdict.records} records; signatures, hashes, chain, Merkle root and earlier "
        "checkpoints agree."
    )
    print(f"Signing key fingerprint: {verdict.key_fingerprint}")
    if witness_line:
        print(witness_line)
    if verdict.key_from_bundle:
        print(
            "Checked against the public key inside the bundle: compare this fingerprint with "
            "the one your administrator gave you, or pass --pubkey."
        )
    return OK


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
        log = open_session_log(paths.audit_database, data_key, report, start=False)
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

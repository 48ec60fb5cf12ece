"""`cloister audit verify` (offline, no key) and `cloister audit export` (asks to unlock)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def verify_audit(bundle: Path, pubkey: Path | None) -> int:
    from desktop.audit.verify import verify_bundle

    try:
        key = pubkey.read_bytes() if pubkey else None
    except OSError as exc:
        print(f"error: cannot read {pubkey}: {exc.strerror}", file=sys.stderr)
        return 2
    verdict = verify_bundle(bundle, key)
    if not verdict.ok:
        print(f"FAILED: {verdict.problems[0]}")
        for problem in verdict.problems[1:]:
            print(f"  also: {problem}")
        return 1
    print(
        f"OK: {verdict.records} records; signatures, hashes, chain, Merkle root and earlier "
        "checkpoints agree."
    )
    print(f"Signing key fingerprint: {verdict.key_fingerprint}")
    if verdict.key_from_bundle:
        print(
            "Checked against the public key inside the bundle: compare this fingerprint with "
            "the one your administrator gave you, or pass --pubkey."
        )
    return 0


def export_audit(args: argparse.Namespace) -> int:
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.audit.service import AuditService
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.audit_events import AuditQuery
    from desktop.core.errors import KnownError
    from desktop.core.key_prompts import UnlockReport
    from desktop.paths import AppPaths

    paths = AppPaths.from_basedir(args.basedir)
    report = UnlockReport()
    query = AuditQuery(args.since, args.until, args.actor, tuple(args.event))
    try:
        data_key = unlock_from_terminal(paths, report)
        log = open_session_log(paths.audit_database, data_key, report, start=False)
        try:
            # The audit page's Export path: the export is recorded first, then written.
            count = AuditService(log).export(str(args.folder), query, siem=args.siem)
            fingerprint = log.key.fingerprint
        finally:
            log.close()
    except KnownError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Exported {count} records to {args.folder}")
    print(f"Signing key fingerprint: {fingerprint}")
    return 0

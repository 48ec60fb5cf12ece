"""`cloister store check` (the full integrity check of every store) and `cloister store reset
NAME` (start one store anew: the explicit, audited choice a refused start offers).

A reset never deletes: the old file (with its write-ahead log) is renamed beside it, still
encrypted, so that someone can try to recover from it. For the conversations and documents
the reset is recorded before the file is moved (no record, no reset); the audit log's own
reset is the new log's first record, and its marker raises the alarm an administrator must
acknowledge (audit/rollback.py).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from desktop.cli.exits import BAD_INPUT, FAILED, OK, report_error
from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome
from desktop.core.errors import KnownError, StorageError
from desktop.core.key_prompts import UnlockReport
from desktop.core.policy import EffectivePolicy
from desktop.paths import AppPaths
from desktop.storage.registry import StoreRegistry
from desktop.storage.store_check import check_store
from desktop.storage.store_errors import AUDIT, KINDS, StoreKind, kind_named

SET_ASIDE = "set-aside"
RESETTABLE = ", ".join(kind.reset_name for kind in KINDS)


def check_stores_command(paths: AppPaths, policy: EffectivePolicy) -> int:
    """Every store read back whole (`PRAGMA integrity_check`); one line each; exit 0 if all
    are whole. A damaged one is recorded in the audit log when the log itself opens."""
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.cli.unlock import unlock_from_terminal

    report = UnlockReport()
    try:
        data_key = unlock_from_terminal(paths, report)
    except KnownError as exc:
        return report_error(exc, FAILED)
    registry = StoreRegistry.of(paths.data, data_key)
    problems: list[tuple[StoreKind, str]] = []
    for kind in KINDS:
        path = paths.data / kind.file
        if not path.exists() and registry.identity(kind.file) is None:
            print(f"{kind.named}: not made yet")
            continue
        try:
            check_store(path, data_key, registry, full=True)
        except StorageError as exc:
            problems.append((kind, str(exc)))
            print(f"{kind.named}: DAMAGED - {exc}")
        else:
            print(f"{kind.named}: whole")
    _record_check(paths, data_key, report, policy, problems)
    return FAILED if problems else OK


def _record_check(
    paths: AppPaths,
    data_key: bytes,
    report: UnlockReport,
    policy: EffectivePolicy,
    problems: list[tuple[StoreKind, str]],
) -> None:
    from desktop.audit.log import open_session_log

    if any(kind is AUDIT for kind, _ in problems):
        return  # the log cannot take records; the refused start says so again
    try:
        log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
    except KnownError as exc:
        print(f"The check could not be recorded: {exc}", file=sys.stderr)
        return
    try:
        for kind, problem in problems:
            log.record(_event(kind, Outcome.FAILURE, problem, "check"), ActorRole.USER)
    finally:
        log.close()


def reset_store_command(paths: AppPaths, policy: EffectivePolicy, name: str) -> int:
    """Start the store NAME anew: recorded, the old file set aside, the record updated."""
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.audit.rollback import StartState, guard_log
    from desktop.cli.unlock import unlock_from_terminal

    kind = kind_named(name)
    if kind is None:
        print(f"error: '{name}' is not a store; name one of {RESETTABLE}.", file=sys.stderr)
        return BAD_INPUT
    path = paths.data / kind.file
    report = UnlockReport()
    try:
        data_key = unlock_from_terminal(paths, report)
        registry = StoreRegistry.of(paths.data, data_key)
        aside: Path | None = None
        if kind is AUDIT:  # a new log, whose first records say why
            aside = set_aside(path)
        start = StartState.of(paths.audit_database, paths.database)
        log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
        try:
            if kind is AUDIT:
                guard_log(log, data_key, start, policy, paths.audit_database, say=_warn)
            if kind is not AUDIT:
                aside = _aside_name(path)
            reason = "started anew at the user's request"
            log.record(_event(kind, Outcome.SUCCESS, reason, "reset", aside), ActorRole.USER)
            if kind is not AUDIT:  # recorded first: no record, no reset
                aside = set_aside(path, aside)
                registry.forget(kind.file)
        finally:
            log.close()
    except KnownError as exc:
        return report_error(exc, FAILED)
    kept = f"the old file was kept as {aside}" if aside else "there was no old file"
    print(f"{kind.label} {kind.be('starts', 'start')} anew; {kept}. This was recorded.")
    return OK


def _event(
    kind: StoreKind, outcome: Outcome, reason: str, action: str, aside: Path | None = None
) -> AuditEvent:
    details: dict[str, object] = {"action": action}
    if aside is not None:
        details["set_aside_as"] = aside.name
    return AuditEvent(
        event_type=EventType.STORE_RESET if action == "reset" else EventType.INTEGRITY_FAILURE,
        outcome=outcome,
        reason=reason,
        target_type="store",
        target_id=kind.file,
        details=details,
    )


def _aside_name(path: Path) -> Path | None:
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.{SET_ASIDE}-{stamp}")


def set_aside(path: Path, aside: Path | None = None) -> Path | None:
    """Rename the store and its write-ahead log beside it (as `aside`, or a name with the
    time); None if there was no store."""
    aside = aside or _aside_name(path)
    if aside is None:
        return None
    try:
        for suffix in ("-wal", "-shm", ""):  # the log first: the store must stay with it
            part = path.with_name(path.name + suffix)
            if part.exists():
                part.rename(aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise StorageError(
            f"Could not set {path} aside: {exc.strerror or exc}. Nothing else was changed."
        ) from exc
    return aside


def _warn(text: str) -> None:
    print(f"WARNING: {text}", file=sys.stderr)

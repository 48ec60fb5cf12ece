"""At start: is audit.db still the log that was last seen, or was it deleted, replaced, rolled
back to an older copy or cut short? Then: keep that knowledge outside audit.db.

The log is compared with what was recorded outside it: the marker beside the data key
(audit/marker.py) and, where the policy names a witness folder, the latest checkpoint there
and the latest one the administrator's witness cosigned (audit/witness.py). A mismatch becomes
an `integrity.failure` record and an alarm kept in the marker, shown in the window and by the
commands until an administrator acknowledges it (`integrity.acknowledged`). From then on every
checkpoint updates the marker and is submitted to the witness folder.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.audit.checkpoint import Checkpoint
from desktop.audit.log import AuditLog
from desktop.audit.marker import Alarm, AuditMarker, MarkerError, MarkerFile, marker_path
from desktop.audit.merkle import MerkleTree
from desktop.audit.witness import Sighting, WitnessUnavailable, WitnessWriter, tree_extends
from desktop.audit.witness_files import parse_witness_vkey
from desktop.core.audit_events import ActorRole, AuditEvent, EventType, Outcome
from desktop.core.errors import KnownError
from desktop.core.policy import EffectivePolicy
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.wrapping import key_id

_MARKER_KEPT = "marker_kept"  # audit.db meta: a marker was written for this log
ALARM_HEADLINE = "The audit log may have been tampered with"


@dataclass(frozen=True)
class StartState:
    """What was on disk before the log was opened (opening creates a missing audit.db)."""

    audit_db_existed: bool
    conversations_existed: bool

    @classmethod
    def of(cls, audit_database: Path, conversations: Path) -> StartState:
        return cls(audit_database.exists(), conversations.exists())


def witness_writer(
    log: AuditLog, data_key: bytes, witness_dir: str | None, witness_pubkey: str | None
) -> WitnessWriter | None:
    """The policy's witness folder for this profile's log, if the policy names one."""
    if not witness_dir:
        return None
    witness = None
    if witness_pubkey:
        try:
            witness = parse_witness_vkey(witness_pubkey)
        except ValueError:
            witness = None  # the policy schema checked it; a bad one only loses the check
    return WitnessWriter(Path(witness_dir), key_id(data_key), log.key, witness)


class AuditGuard:
    """Checks the log at start, then keeps the marker and the witness folder up to date."""

    def __init__(
        self,
        log: AuditLog,
        marker: MarkerFile,
        witness: WitnessWriter | None,
        start: StartState,
    ) -> None:
        self.log = log
        self.marker = marker
        self.witness = witness
        self.start = start
        self.witness_problem: str | None = None
        self.checked = False  # check() has run: from then on checkpoints are followed
        self._lock = threading.Lock()
        self._alarms: list[Alarm] = []
        self._seen: list[str] = []
        self._state = (0, "")  # the tree size and root the marker holds

    @classmethod
    def from_policy(
        cls,
        log: AuditLog,
        data_key: bytes,
        start: StartState,
        policy: EffectivePolicy | None,
        audit_database: Path,
    ) -> AuditGuard:
        return cls.for_log(
            log,
            data_key,
            start,
            witness_dir=policy.audit_witness_dir if policy else None,
            witness_pubkey=policy.audit_witness_pubkey if policy else None,
            audit_database=audit_database,
        )

    @classmethod
    def for_log(
        cls,
        log: AuditLog,
        data_key: bytes,
        start: StartState,
        *,
        witness_dir: str | None = None,
        witness_pubkey: str | None = None,
        audit_database: Path,
    ) -> AuditGuard:
        writer = witness_writer(log, data_key, witness_dir, witness_pubkey)
        return cls(log, MarkerFile(marker_path(audit_database), data_key), writer, start)

    # -- at start -----------------------------------------------------------------------------

    def check(self) -> list[Alarm]:
        """Compare the log with what was seen of it outside audit.db; record what does not
        match; then follow every checkpoint. Returns the alarms not yet acknowledged.
        It reads every entry hash, as the self-check does: the app runs it on its I/O thread."""
        tree = self.log.tree()
        problems, marker = self._marker_problems()
        self._alarms = list(marker.alarms) if marker else []
        self._seen = list(marker.seen) if marker else []
        sightings: list[Sighting] = []
        if marker is not None:
            sightings.append(
                Sighting(
                    f"the marker kept with the data key (of {marker.updated_at})",
                    marker.log_key_fingerprint,
                    marker.tree_size,
                    marker.root_hash,
                )
            )
        if self.witness is not None:
            sightings += self.witness.sightings()
        for sighting in sightings:
            if sighting.identity in self._seen:
                continue  # alarmed on once already
            problem = self._compare(sighting, tree)
            if problem:
                problems.append(problem)
                self._seen.append(sighting.identity)
        if not sightings and not problems and self._log_lost_without_trace():
            problems.append(
                "audit.db was missing at start while the conversations were there: a new, "
                "empty audit log was started"
            )
        for problem in problems:
            self._raise(problem)
        self._save(tree)
        self.log.checkpoint_listeners.append(self._on_checkpoint)
        if self.witness is not None and self.log.size:
            # The witness sees every start, and its folder is tried now. A fresh tree: the
            # app runs this on its I/O thread while other threads may record.
            self.log.checkpoint()
        self.checked = True
        return self.pending()

    def _marker_problems(self) -> tuple[list[str], AuditMarker | None]:
        try:
            marker = self.marker.read()
        except MarkerError as exc:
            return [f"{exc}: it no longer vouches for the audit log"], None
        if marker is None and self.log.store.meta(_MARKER_KEPT) == b"1":
            return [f"the audit marker {self.marker.path} kept with the data key was deleted"], None
        return [], marker

    def _log_lost_without_trace(self) -> bool:
        """No marker yet (the first start of this version, or the first start at all): only a
        missing audit.db beside existing conversations says a log was lost."""
        return not self.start.audit_db_existed and self.start.conversations_existed

    def _compare(self, seen: Sighting, tree: MerkleTree) -> str | None:
        now = f"audit.db holds {tree.size} records"
        if seen.key_fingerprint and seen.key_fingerprint != self.log.key.fingerprint:
            how = "was missing at start" if not self.start.audit_db_existed else "was replaced"
            return (
                f"audit.db {how}: a new audit log (signing key {self.log.key.fingerprint[:16]}) "
                f"was started, but {seen.source} knows the log of key "
                f"{seen.key_fingerprint[:16]} with {seen.tree_size} records"
            )
        if seen.tree_size > tree.size:
            return (
                f"{now}, fewer than the {seen.tree_size} that {seen.source} saw: it was rolled "
                "back to an older copy, or its last records were deleted"
            )
        if not tree_extends(tree, seen.tree_size, seen.root_hash):
            return (
                f"the first {seen.tree_size} records of audit.db differ from what "
                f"{seen.source} saw: the log was rewritten"
            )
        return None

    def _raise(self, problem: str) -> None:
        record = self.log.record(
            AuditEvent(
                event_type=EventType.INTEGRITY_FAILURE,
                outcome=Outcome.FAILURE,
                reason=problem,
                target_type="audit",
                target_id="audit.db",
                details={"check": "start", "problem": problem},
            ),
            ActorRole.SYSTEM,
        )
        alarm = Alarm(raised_at=record.timestamp, problem=problem, record_seq=record.seq)
        self._alarms.append(alarm)

    # -- from then on -------------------------------------------------------------------------

    def pending(self) -> list[Alarm]:
        with self._lock:
            return list(self._alarms)

    def acknowledge(self, role: ActorRole = ActorRole.ADMIN) -> list[Alarm]:
        """An administrator has seen the alarms: recorded first (fail closed), then cleared."""
        alarms = self.pending()
        if not alarms or not self.checked:  # nothing shown yet, so nothing to acknowledge
            return []
        self.log.record(
            AuditEvent(
                event_type=EventType.INTEGRITY_ACKNOWLEDGED,
                reason=f"{len(alarms)} integrity alarm(s) acknowledged",
                target_type="audit",
                target_id="audit.db",
                details={
                    "alarms": [alarm.model_dump(mode="json") for alarm in alarms],
                },
            ),
            role,
        )
        with self._lock:
            self._alarms = [a for a in self._alarms if a not in alarms]
            self._write_marker()  # the same signed size: no need to read the log again
        return alarms

    def _save(self, tree: MerkleTree) -> None:
        with self._lock:
            self._state = (tree.size, tree.root().hex())
            self._write_marker()
        if self.log.store.meta(_MARKER_KEPT) != b"1":
            self.log.store.set_meta(_MARKER_KEPT, b"1")

    def _write_marker(self) -> None:
        size, root = self._state
        marker = AuditMarker(
            log_key_fingerprint=self.log.key.fingerprint,
            tree_size=size,
            root_hash=root,
            updated_at=utc_millis(),
            alarms=self._alarms,
        ).with_seen(self._seen)
        self.marker.write(marker)

    def _on_checkpoint(self, checkpoint: Checkpoint, tree: MerkleTree) -> None:
        try:
            self._save(tree)
        except KnownError as exc:  # the log itself is fine; the next checkpoint tries again
            print(f"Cloister: {exc}", file=sys.stderr)
        if self.witness is None:
            return
        try:
            self.witness.submit(checkpoint, tree)
        except WitnessUnavailable as exc:
            first = self.witness_problem is None
            self.witness_problem = str(exc)
            if first:  # once a session: the log must not fill with the same failure
                self.log.record(
                    AuditEvent(
                        event_type=EventType.AUDIT_WITNESS,
                        outcome=Outcome.FAILURE,
                        reason=str(exc),
                        target_type="folder",
                        target_id=str(self.witness.root),
                    ),
                    ActorRole.SYSTEM,
                )
        else:
            self.witness_problem = None


def alarm_text(alarms: list[Alarm]) -> str:
    """The alarms in one paragraph, for the banner and the command line."""
    first = alarms[0]
    fields = {"problem": first.problem, "raised_at": first.raised_at, "more": len(alarms) - 1}
    if len(alarms) > 1:
        template = QT_TRANSLATE_NOOP(
            "AuditErrors",
            "The audit log may have been tampered with: {problem} (detected {raised_at}) "
            "(and {more} more). This was recorded; an administrator must acknowledge it.",
        )
    else:
        template = QT_TRANSLATE_NOOP(
            "AuditErrors",
            "The audit log may have been tampered with: {problem} (detected {raised_at}). "
            "This was recorded; an administrator must acknowledge it.",
        )
    return words(template, **fields)


def guard_log(
    log: AuditLog,
    data_key: bytes,
    start: StartState,
    policy: EffectivePolicy | None,
    audit_database: Path,
    say: Callable[[str], None] | None = None,
) -> AuditGuard:
    """Check the just-opened log (see AuditGuard.check); `say` gets the alarms in words."""
    guard = AuditGuard.from_policy(log, data_key, start, policy, audit_database)
    alarms = guard.check()
    if say is not None:
        if alarms:
            say(alarm_text(alarms))
        if guard.witness_problem:
            say(guard.witness_problem)
    return guard

"""Appending to the audit log: fail closed, one durable record per action.

Callers record an action *before* carrying it out; `AuditError` means the record could not be
written and the action must not happen (the message says so, for the user).
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop import __version__
from desktop.audit.checkpoint import Checkpoint, make_checkpoint
from desktop.audit.merkle import MerkleTree, leaf_hash, root_from_leaf_hashes
from desktop.audit.pending import forget_pending, pending
from desktop.audit.policy_changes import record_policy_changes
from desktop.audit.records import GENESIS_HASH, MAX_RECORD_BYTES, AuditRecord, seal
from desktop.core.audit_events import (
    ActorRole,
    AuditEvent,
    EventType,
    Outcome,
    TextDigest,
    TextErasure,
)
from desktop.core.errors import KnownError, StorageError
from desktop.core.key_prompts import UnlockReport
from desktop.core.policy import (
    DEFAULT_RETENTION_DAYS,
    EffectivePolicy,
    PolicyLockedError,
    policy_loaded_event,
)
from desktop.core.records import utc_millis
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.security.identity import machine_name, os_account
from desktop.security.signing import SigningKey
from desktop.storage.audit_store import AuditStore, EventFilter
from desktop.storage.store_check import check_stores

_SIGNING_KEY, _HOST_ID = "signing_key", "host_id"
_RETENTION, _LEGAL_HOLD = "retention_days", "legal_hold"
# Besides every stop, export and purge: a signed checkpoint every so many records.
CHECKPOINT_EVERY = 10_000


class AuditError(KnownError):
    """A record could not be written: the action it describes must not go ahead."""


class AuditLog:
    def __init__(
        self,
        store: AuditStore,
        key: SigningKey,
        *,
        actor: str,
        host_id: str,
        host_name: str | None = None,
        app_version: str = __version__,
        clock: Callable[[], str] = utc_millis,
    ) -> None:
        self.store = store
        self.key = key
        self.actor = actor
        self.host_id = host_id
        self.host_name = host_name  # the machine's name; None writes records as before
        self.app_version = app_version
        self._clock = clock
        self._seq, self._prev = store.last() or (0, GENESIS_HASH)
        self._record_lock = threading.RLock()
        self.full_content = False  # the policy's audit_content = full: texts, not just digests
        self.erase_on_delete = False  # the policy's audit_erase_on_delete (issue 20)
        self._policy: dict[str, object] = {}  # retention settings the policy file fixes
        # Matters under a legal hold (issue 22): their records are neither purged nor erased.
        self.held_matters: Callable[[], Collection[int]] = frozenset
        # Told of every checkpoint once it is kept (the witness folder, the marker beside the
        # data key: audit/rollback.py); each one handles its own failures.
        self.checkpoint_listeners: list[Callable[[Checkpoint, MerkleTree], None]] = []

    @classmethod
    def open(cls, path: Path, data_key: bytes, **options: object) -> AuditLog:
        """The log at `path` (made on first use, with its signing key and host id)."""
        store = AuditStore.open(path, data_key)
        raw = store.meta(_SIGNING_KEY)
        if raw is None:
            key = SigningKey.generate()
            store.set_meta(_SIGNING_KEY, key.raw())
        else:
            key = SigningKey.from_raw(raw)
        host = store.meta(_HOST_ID)
        if host is None:
            host = secrets.token_hex(8).encode()  # this installation, not the network name
            store.set_meta(_HOST_ID, host)
        return cls(
            store,
            key,
            actor=os_account(),
            host_id=host.decode(),
            host_name=machine_name(),
            **options,  # type: ignore[arg-type]
        )

    def close(self) -> None:
        self.store.close()

    @property
    def size(self) -> int:
        return self._seq

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> AuditRecord:
        # Records come from the GUI thread, the I/O thread and model transfers: one at a time,
        # or two could claim the same sequence number and break the chain.
        with self._record_lock:
            return self._record(event, role)

    def _record(self, event: AuditEvent, role: ActorRole) -> AuditRecord:
        if self.full_content:
            event = _with_texts(event)
        sealed = seal(
            {
                "seq": self._seq + 1,
                "event_id": uuid.uuid4().hex,
                "timestamp": self._clock(),
                **event.model_dump(mode="json"),
                "actor": self.actor,
                "role": role,
                "host_id": self.host_id,
                **({"host_name": self.host_name} if self.host_name is not None else {}),
                "app_version": self.app_version,
                "prev_hash": self._prev,
            }
        )
        line = sealed.line()
        if len(line) > MAX_RECORD_BYTES // 4 and len(line.encode("utf-8")) > MAX_RECORD_BYTES:
            raise AuditError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "Not done: its audit record would be over {limit} MiB, more "
                        "than an audit bundle may hold in one line.",
                    ),
                    limit=MAX_RECORD_BYTES >> 20,
                )
            )
        try:
            self.store.append(
                sealed.seq,
                sealed.timestamp,
                sealed.event_type,
                sealed.actor,
                sealed.entry_hash,
                line,
            )
        except StorageError as exc:
            raise AuditError(
                words(
                    QT_TRANSLATE_NOOP(
                        "AuditErrors",
                        "Not done: the audit record for it could not be written ({exc}).",
                    ),
                    exc=exc,
                )
            ) from exc
        self._seq, self._prev = sealed.seq, sealed.entry_hash
        if sealed.seq % CHECKPOINT_EVERY == 0:
            with contextlib.suppress(StorageError):  # the next checkpoint covers it then
                self.checkpoint()
        return sealed

    def tree(self) -> MerkleTree:
        return MerkleTree([leaf_hash(entry) for entry in self.store.entry_hashes()])

    def checkpoint(self, tree: MerkleTree | None = None) -> Checkpoint:
        """Sign the log as it stands, linked to the previous checkpoint; keep it."""
        tree = tree or self.tree()
        earlier = self.checkpoints()
        made = make_checkpoint(
            tree, self._prev, earlier[-1] if earlier else None, self.key, self._clock()
        )
        self.store.add_checkpoint(made.tree_size, made.line())
        for listener in self.checkpoint_listeners:
            listener(made, tree)
        return made

    def self_check(self) -> list[str]:
        """Is the stored log still the one last signed? Records any failure as an event.

        Checks that the log still extends its latest checkpoint (same Merkle root over the
        first tree_size entry hashes) and re-hashes every record written since. A full re-hash
        of older records is what exporting and verifying a bundle does.
        """
        problems: list[str] = []
        hashes = self.store.entry_hashes()
        earlier = self.checkpoints()
        signed = earlier[-1].tree_size if earlier else 0
        if earlier:
            last = earlier[-1]
            if last.tree_size > len(hashes):
                problems.append(
                    f"the log holds {len(hashes)} records, fewer than the {last.tree_size} "
                    "its last checkpoint signed"
                )
            elif root_from_leaf_hashes([leaf_hash(h) for h in hashes[: last.tree_size]]).hex() != (
                last.root_hash
            ):
                problems.append("records signed by the last checkpoint were changed")
        previous = hashes[signed - 1].hex() if 0 < signed <= len(hashes) else GENESIS_HASH
        for line in self.store.lines_from(signed + 1):
            record = AuditRecord.model_validate_json(line)
            if not record.is_intact() or record.prev_hash != previous:
                problems.append(
                    f"record {record.seq} was changed or does not follow the one before"
                )
                break
            previous = record.entry_hash
        if problems:
            self.record(
                AuditEvent(
                    event_type=EventType.INTEGRITY_FAILURE,
                    outcome=Outcome.FAILURE,
                    reason=problems[0],
                    target_type="audit",
                    details={"problems": problems},
                ),
                ActorRole.SYSTEM,
            )
        return problems

    def checkpoints(self) -> list[Checkpoint]:
        return [Checkpoint.model_validate_json(text) for text in self.store.checkpoints()]

    # -- retention ----------------------------------------------------------------------------

    def apply_policy(self, locked: dict[str, object]) -> None:
        """Retention settings the administrator's policy fixes: they win and cannot be set."""
        self._policy = {name: locked[name] for name in (_RETENTION, _LEGAL_HOLD) if name in locked}

    @property
    def retention_days(self) -> int:
        if _RETENTION in self._policy:
            return int(self._policy[_RETENTION])  # type: ignore[call-overload]
        stored = self.store.meta(_RETENTION)
        return int(stored.decode()) if stored else DEFAULT_RETENTION_DAYS

    @property
    def legal_hold(self) -> bool:
        if _LEGAL_HOLD in self._policy:
            return bool(self._policy[_LEGAL_HOLD])
        return self.store.meta(_LEGAL_HOLD) == b"1"

    def set_retention_days(self, days: int) -> None:
        if days < 1:
            raise KnownError(
                QT_TRANSLATE_NOOP("AuditErrors", "Audit records must be kept at least one day.")
            )
        self._change_setting(_RETENTION, self.retention_days, days, str(days).encode())

    def set_legal_hold(self, on: bool) -> None:
        self._change_setting(_LEGAL_HOLD, self.legal_hold, on, b"1" if on else b"0")

    def _change_setting(self, name: str, old: object, new: object, stored: bytes) -> None:
        if name in self._policy:
            raise PolicyLockedError(name)
        self.record(
            AuditEvent(
                event_type=EventType.SETTINGS_CHANGE,
                target_type="audit",
                target_id=name,
                details={"old": old, "new": new},
            ),
            ActorRole.ADMIN,
        )
        self.store.set_meta(name, stored)

    def purge(self, now: datetime | None = None) -> int:
        """Drop the content of records older than the retention period, unless a legal hold
        is on. The chain stays verifiable: purged records keep their entry hashes, the log is
        checkpointed before and after, and the purge is itself a record."""
        cutoff = utc_millis((now or datetime.now(UTC)) - timedelta(days=self.retention_days))
        due = self.store.count(EventFilter(until=cutoff))
        if not due:
            return 0
        details: dict[str, object] = {
            "cutoff": cutoff,
            "records": due,
            "retention_days": self.retention_days,
        }
        held = sorted(self.held_matters())
        if held:
            details["held_matters"] = held  # their records stay (issue 22)
        if self.legal_hold:
            self.record(
                AuditEvent(
                    event_type=EventType.RETENTION_PURGE,
                    outcome=Outcome.DENIED,
                    reason="legal hold",
                    details=details,
                ),
                ActorRole.SYSTEM,
            )
            return 0
        self.checkpoint()  # the log as it was, signed, before anything goes
        purge = self.record(
            AuditEvent(event_type=EventType.RETENTION_PURGE, details=details), ActorRole.SYSTEM
        )
        purged = self.store.purge_before(cutoff, keep_from_seq=purge.seq, keep_matters=held)
        self.checkpoint()
        return purged

    def recorded_replies(self, since: str) -> set[int]:
        """Message ids of the `chat.reply` records written since `since` (utc_millis)."""
        where = EventFilter(since=since, event_types=(EventType.REPLY_GENERATE,))
        recorded = set()
        for line in self.store.lines(where):
            message_id = AuditRecord.model_validate_json(line).details.get("message_id")
            if isinstance(message_id, int):
                recorded.add(message_id)
        return recorded

    def erase_conversation_texts(self, conversation_id: int) -> TextErasure:
        """Erase a deleted conversation's prompts, replies and titles from the log, where the
        policy allows it and no legal hold is on; recorded either way.

        Each record keeps its digests, times and entry hash (texts are outside the hash:
        audit/records.py), so the chain, the Merkle tree and every signed checkpoint still
        verify; the log is checkpointed before and after, as for a retention purge.
        """
        with self._record_lock:  # no record may slip in between the checkpoints
            return self._erase_texts(conversation_id)

    def _erase_texts(self, conversation_id: int) -> TextErasure:
        target = str(conversation_id)
        found = map(AuditRecord.model_validate_json, self.store.lines_with_texts_about(target))
        holding = [
            record
            for record in found
            if record.target_type == "conversation"
            and record.target_id == target
            and record.holds_texts
        ]
        if not holding:
            return TextErasure(0, 0)
        held = set(self.held_matters())
        erasable = {
            record.seq: record
            for record in holding
            if record.texts_erasable and record.details.get("matter_id") not in held
        }
        kept = len(holding) - len(erasable)
        refusal = None
        if not self.erase_on_delete:
            refusal = "your administrator's policy does not allow erasing it"
        elif self.legal_hold:
            refusal = "a legal hold is on"
        elif not erasable and any(r.details.get("matter_id") in held for r in holding):
            refusal = "a legal hold is on its matter"
        details = {"records": sorted(erasable), "kept": kept}
        if refusal is not None:
            self.record(
                AuditEvent(
                    event_type=EventType.TEXT_ERASE,
                    outcome=Outcome.DENIED,
                    reason=refusal,
                    target_type="conversation",
                    target_id=target,
                    details={**details, "records": []},
                )
            )
            return TextErasure(0, len(holding), refusal)
        self.checkpoint()  # the log as it was, signed, before any text goes
        self.record(
            AuditEvent(
                event_type=EventType.TEXT_ERASE,
                target_type="conversation",
                target_id=target,
                details=details,
            )
        )
        self.store.replace_records(
            {seq: record.without_texts().line() for seq, record in erasable.items()}
        )
        self.checkpoint()
        return TextErasure(len(erasable), kept)

    def records(self) -> list[AuditRecord]:
        return [AuditRecord.model_validate_json(line) for line in self.store.lines()]


def _with_texts(event: AuditEvent) -> AuditEvent:
    details = {
        name: {**value, "text": value.text} if isinstance(value, TextDigest) else value
        for name, value in event.details.items()
    }
    return event.model_copy(update={"details": details})


def open_session_log(
    path: Path,
    data_key: bytes,
    unlocking: UnlockReport | None = None,
    *,
    start: bool = True,
    policy: EffectivePolicy | None = None,
    check: bool = True,
) -> AuditLog:
    """The audit log, with this unlock (and app start) recorded in it, and, for a command
    given `policy`, the policy it runs under (as the window records it); fails closed.
    `check`: read it back first (quick_check), so that damage is named as such (the app
    checks every store itself before opening any)."""
    if check:
        check_stores(path.parent, data_key, names=[path.name])
    audit = AuditLog.open(path, data_key)
    try:
        unlocking = unlocking or UnlockReport()
        for attempted_at in unlocking.failures:
            audit.record(
                AuditEvent(
                    event_type=EventType.UNLOCK_FAILURE,
                    outcome=Outcome.FAILURE,
                    reason="wrong passphrase or recovery key",
                    details={"attempted_at": attempted_at},
                )
            )
        for change in unlocking.key_changes:
            audit.record(AuditEvent(event_type=EventType.KEY_CHANGE, reason=change))
        audit.record(AuditEvent(event_type=EventType.UNLOCK_SUCCESS))
        unlocking.recorded()  # only now may the failures file forget them
        for event, role in pending(path.parent):  # refusals kept while it could not be opened
            audit.record(event, role)
        forget_pending(path.parent)
        if start:
            audit.record(
                AuditEvent(event_type=EventType.APP_START, details={"version": __version__}),
                ActorRole.SYSTEM,
            )
        if policy is not None:
            audit.record(policy_loaded_event(policy), ActorRole.SYSTEM)
            record_policy_changes(audit, policy)  # walls placed, changed or lifted
    except BaseException:
        audit.close()
        raise
    return audit

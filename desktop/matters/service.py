"""MatterService: the one API for matters that the window and the command line use (issue 22).

Every way into a matter passes `enter`, which asks the access check (the administrator's
ethical walls) and records the access, or its refusal with the reason, in the audit log. Each
change is recorded before (or, for a new matter, in the same transaction as) the change
itself: no record, no change. Runs on the thread that owns the conversation store.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from desktop.core.audit_events import ActorRole, AuditEvent, Auditor, EventType, Outcome
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessCheck,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
    MatterClosedError,
    MatterError,
    MatterKey,
    MatterOnHoldError,
    MatterState,
    matter_details,
)
from desktop.core.policy import memo_sha256
from desktop.core.translatable import QT_TRANSLATE_NOOP, Count, words
from desktop.matters.collections import MatterCollections
from desktop.matters.naming import (
    MAX_NAME_CHARS,
    NAME,
    clean_field,
    clean_key,
    opening_date,
    parse_key,
)
from desktop.matters.retention import MAX_RETENTION_DAYS, PurgeReport, cutoff
from desktop.matters.store import MatterStore
from desktop.matters.walls import access_event, acknowledgement_event
from desktop.storage.conversations import ConversationStore
from desktop.storage.matter_rules import closed_message, hold_message

MEMO_OWED = QT_TRANSLATE_NOOP(
    "Matters", "Read and acknowledge the memo of ethical wall {wall} before working on this matter."
)
ADMIN_ONLY_HOLD = QT_TRANSLATE_NOOP(
    "Matters", "Only the administrator can place or lift a legal hold."
)

__all__ = ["MatterService", "memo_sha256"]


class MatterService:
    def __init__(
        self,
        store: ConversationStore,
        auditor: Auditor,
        access: AccessCheck,
        account: str,
        collections: MatterCollections | None = None,
    ) -> None:
        self._conversations = store
        self._store = MatterStore(store.database)
        self._auditor = auditor
        self.access = access  # replaceable: the walls' check asks this service (acknowledged)
        self._account = account
        self.collections = collections
        # Read from other threads (the audit log's purge, the indexer): frozensets, replaced
        # whole.
        self._held = self._store.held_ids()
        self._frozen = self._frozen_ids()

    @property
    def account(self) -> str:
        return self._account

    # -- reading ------------------------------------------------------------------------------

    def matters(self) -> list[Matter]:
        """General first, then the open matters by client and number, the closed ones last."""
        return self._store.all()

    def matter(self, matter_id: int) -> Matter:
        return self._store.get(matter_id)

    def find(self, text: str) -> Matter:
        """The matter named "CLIENT/NUMBER" or "General" (the command line's way)."""
        key = parse_key(text)
        found = self._store.find(key)
        if found is None:
            raise MatterError(
                words(QT_TRANSLATE_NOOP("Matters", "There is no matter {key}."), key=str(key))
            )
        return found

    def conversation_matter(self, conversation_id: int) -> int:
        """The matter a conversation belongs to (MatterError if there is none)."""
        return self._store.conversation_matter(conversation_id)

    def held_matter_ids(self) -> frozenset[int]:
        """Matters under a legal hold: the audit log keeps their records (any thread)."""
        return self._held

    def frozen_matter_ids(self) -> frozenset[int]:
        """Matters closed or under a legal hold: nothing comes in, nothing goes (any thread:
        the indexer leaves their watched folders alone)."""
        return self._frozen

    def _frozen_ids(self) -> frozenset[int]:
        return frozenset(m.id for m in self._store.all() if m.read_only or m.on_hold)

    # -- the access check ---------------------------------------------------------------------

    def check(self, matter_id: int, action: MatterAction) -> AccessDecision:
        """What the walls say, without recording it: for greying out what would be refused."""
        return self._decide(self._store.get(matter_id).key, action)

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        """The guard on every way into a matter: recorded whether allowed or refused;
        MatterAccessDenied when refused (`decision.needs_acknowledgement`: a memo is owed)."""
        matter = self._store.get(matter_id)
        decision = self._decide(matter.key, action)
        if decision.allowed and not decision.needs_acknowledgement:
            self._auditor.record(access_event(matter, action, decision), ActorRole.USER)
            return matter
        details: dict[str, Any] = {**matter_details(matter), "action": str(action)}
        if decision.needs_acknowledgement:  # not in yet: refused until the memo is read
            details["needs_acknowledgement"] = True
        self._refused(EventType.MATTER_ACCESS, details, decision)
        raise MatterAccessDenied(decision)

    def acknowledge_memo(self, matter_id: int) -> None:
        """This account has read the wall memo the matter asks for: recorded, then kept (by
        the memo's SHA-256, so that a changed memo is asked for again)."""
        matter = self._store.get(matter_id)
        decision = self._decide(matter.key, MatterAction.OPEN)
        if not decision.allowed:
            self._refused(
                EventType.WALL_ACKNOWLEDGE, matter_details(matter), decision, action="acknowledge"
            )
            raise MatterAccessDenied(decision)
        if not decision.needs_acknowledgement or decision.memo is None or not decision.wall_id:
            return  # nothing owed (acknowledged meanwhile, or the wall was lifted)
        self._auditor.record(
            acknowledgement_event(matter, decision.wall_id, decision.memo), ActorRole.USER
        )
        self._store.record_acknowledgement(
            decision.wall_id, self._account, memo_sha256(decision.memo)
        )

    def acknowledged(self, wall_id: str, account: str, memo_sha256: str) -> bool:
        return self._store.acknowledged(wall_id, account, memo_sha256)

    def record_acknowledgement(self, wall_id: str, account: str, memo_sha256: str) -> None:
        self._store.record_acknowledgement(wall_id, account, memo_sha256)

    # -- changes ------------------------------------------------------------------------------

    def create(self, client: str, number: str, name: str, opened_on: str | None = None) -> Matter:
        """A new open matter. MatterError for a client and number already taken or bad input;
        MatterAccessDenied where a wall refuses this account the matter."""
        key = clean_key(client, number)
        name = clean_field(name, NAME, MAX_NAME_CHARS)
        opened = opening_date(opened_on)
        wanted = {"matter_id": None, "matter_client": key.client, "matter_number": key.number}
        decision = self._decide(key, MatterAction.CREATE)
        if not decision.allowed:  # a memo owed is asked for on opening, not here
            self._refused(EventType.MATTER_CREATE, {**wanted, "action": "create"}, decision)
            raise MatterAccessDenied(decision)
        taken = self._store.find(key)
        if taken is not None:
            said = QT_TRANSLATE_NOOP(
                "Matters",
                "There is already a matter {key} (“{name}”): choose another matter number.",
            )
            raise MatterError(words(said, key=str(taken.key), name=taken.name))
        with self._store.transaction():  # no record, no matter
            matter_id = self._store.insert(key.client, key.number, name, opened)
            self._record(
                EventType.MATTER_CREATE,
                {**wanted, "matter_id": matter_id, "name": name, "opened_on": opened},
            )
        return self._store.get(matter_id)

    def close(self, matter_id: int) -> Matter:
        """Closed: read-only (its conversations and documents are read and exported only)."""
        if matter_id == GENERAL_MATTER_ID:
            raise MatterError(
                QT_TRANSLATE_NOOP(
                    "Matters", "General cannot be closed: it holds what belongs to no matter."
                )
            )
        return self._set_state(matter_id, MatterState.CLOSED)

    def reopen(self, matter_id: int) -> Matter:
        return self._set_state(matter_id, MatterState.OPEN)

    def set_retention(self, matter_id: int, days: int | None, *, by_admin: bool) -> Matter:
        """How long the matter keeps conversations and documents nobody changed (None: until
        deleted by hand)."""
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            said = QT_TRANSLATE_NOOP(
                "Matters", "A retention period is from 1 to {days} days, or none."
            )
            raise MatterError(words(said, days=Count(MAX_RETENTION_DAYS)))
        matter = self.enter(matter_id, MatterAction.OPEN)
        if matter.retention_days == days:
            return matter
        change = f"retention {days} days" if days is not None else "no retention period"
        self._record(
            EventType.MATTER_CHANGE,
            {**matter_details(matter), "change": change, "old": matter.retention_days, "new": days},
            role=ActorRole.ADMIN if by_admin else ActorRole.USER,
        )
        self._store.update(matter_id, retention_days=days)
        return self._store.get(matter_id)

    def set_hold(self, matter_id: int, on: bool, *, by_admin: bool) -> Matter:
        """Place (or lift) a legal hold: nothing of the matter is deleted or purged while it
        is on. The administrator's alone (the caller has checked the passphrase)."""
        matter = self._store.get(matter_id)
        change = "placed" if on else "lifted"
        details = {**matter_details(matter), "change": change}
        if not by_admin:
            self._refused(
                EventType.MATTER_HOLD, details, AccessDecision(False, reason=ADMIN_ONLY_HOLD)
            )
            raise MatterError(ADMIN_ONLY_HOLD)
        if matter.on_hold == on:
            return matter
        self._record(EventType.MATTER_HOLD, details, role=ActorRole.ADMIN)
        self._store.update(matter_id, on_hold=int(on))
        self._held = self._store.held_ids()
        self._frozen = self._frozen_ids()
        return self._store.get(matter_id)

    def move_conversation(self, conversation_id: int, to_matter_id: int) -> None:
        """Into another matter, with its own attached files; both matters entered, neither
        closed nor under a hold (leaving a held matter would take evidence out of it)."""
        source, target = self._for_move(
            self._store.conversation_matter(conversation_id), to_matter_id
        )
        if source.id == target.id:
            return
        self._record_move(source, target, "conversation", conversation_id)
        if self.collections is not None:  # first: a failure leaves the conversation where it was
            self.collections.move_conversation_files(conversation_id, target.id)
        try:
            with self._store.transaction():
                self._store.set_conversation_matter(conversation_id, target.id)
        except BaseException:
            if self.collections is not None:
                self.collections.move_conversation_files(conversation_id, source.id)
            raise

    def move_collection(self, collection_id: int, to_matter_id: int) -> None:
        if self.collections is None:
            raise MatterError(
                QT_TRANSLATE_NOOP(
                    "Matters", "Documents are not available, so no collection can be moved."
                )
            )
        source, target = self._for_move(
            self.collections.collection_matter(collection_id), to_matter_id
        )
        if source.id == target.id:
            return
        self._record_move(source, target, "collection", collection_id)
        self.collections.move_collection(collection_id, target.id)

    def purge_expired(self, now: datetime | None = None) -> PurgeReport:
        """Each matter's conversations (and documents) past its retention period deleted;
        held matters skipped, with the refusal recorded. Recorded before anything goes."""
        now = now or datetime.now(UTC)
        report = PurgeReport()
        for matter in self._store.all():
            due_before = cutoff(matter, now)
            if due_before is None:
                continue
            due = self._store.conversations_before(matter.id, due_before)
            details = {
                **matter_details(matter),
                "change": "retention purge",
                "cutoff": due_before,
                "retention_days": matter.retention_days,
                "conversations": due,
            }
            if matter.on_hold:
                if due:
                    self._refused(
                        EventType.MATTER_CHANGE,
                        details,
                        AccessDecision(False, reason="legal hold"),
                        role=ActorRole.SYSTEM,
                    )
                    report.held_matter_ids.append(matter.id)
                continue
            if due:
                self._record(EventType.MATTER_CHANGE, details, role=ActorRole.SYSTEM)
            for conversation_id in due:
                self._conversations.delete_conversation(conversation_id, purging=True)
                report.deleted_conversation_ids.append(conversation_id)
            report.conversations += len(due)
            if self.collections is not None:
                report.documents += self.collections.purge_documents(matter.id, due_before)
        return report

    # -- helpers ------------------------------------------------------------------------------

    def _decide(self, key: MatterKey, action: MatterAction) -> AccessDecision:
        decision = self.access.check(self._account, key, action)
        if decision.allowed and decision.needs_acknowledgement and not decision.reason:
            reason = words(MEMO_OWED, wall=decision.wall_id or "")
            decision = dataclasses.replace(decision, reason=reason)
        return decision

    def _set_state(self, matter_id: int, state: MatterState) -> Matter:
        matter = self.enter(matter_id, MatterAction.OPEN)
        if matter.state == state:
            return matter
        change = "closed" if state == MatterState.CLOSED else "reopened"
        self._record(EventType.MATTER_CHANGE, {**matter_details(matter), "change": change})
        self._store.update(matter_id, state=str(state))
        self._frozen = self._frozen_ids()
        return self._store.get(matter_id)

    def _for_move(self, from_id: int, to_id: int) -> tuple[Matter, Matter]:
        source = self.enter(from_id, MatterAction.OPEN)
        target = self.enter(to_id, MatterAction.OPEN)
        for matter in (source, target):
            if matter.read_only:
                raise MatterClosedError(closed_message(matter.key))
            if matter.on_hold:
                raise MatterOnHoldError(hold_message(matter.key))
        return source, target

    def _record_move(self, source: Matter, target: Matter, kind: str, item_id: int) -> None:
        self._record(
            EventType.MATTER_MOVE,
            {
                **matter_details(target),
                "what": f"{kind} #{item_id}",
                "from_matter": str(source.key),
                "from_matter_id": source.id,
                "from_matter_client": source.client,
                "from_matter_number": source.number,
            },
            target=(kind, item_id),
        )

    def _record(
        self,
        event_type: EventType,
        details: dict[str, Any],
        *,
        wall: str | None = None,
        role: ActorRole = ActorRole.USER,
        target: tuple[str, int] | None = None,
    ) -> None:
        if wall:
            details = {**details, "wall": wall}
        target_type, target_id = target or ("matter", details.get("matter_id"))
        self._auditor.record(
            AuditEvent(
                event_type=event_type,
                target_type=target_type,
                target_id=None if target_id is None else str(target_id),
                details=details,
            ),
            role,
        )

    def _refused(
        self,
        event_type: EventType,
        details: dict[str, Any],
        decision: AccessDecision,
        *,
        role: ActorRole = ActorRole.USER,
        action: str | None = None,
    ) -> None:
        if action is not None:
            details = {**details, "action": action}
        if decision.wall_id:
            details = {**details, "wall": decision.wall_id}
        matter_id = details.get("matter_id")
        self._auditor.record(
            AuditEvent(
                event_type=event_type,
                outcome=Outcome.DENIED,
                reason=decision.reason,
                target_type="matter",
                target_id=None if matter_id is None else str(matter_id),
                details=details,
            ),
            role,
        )

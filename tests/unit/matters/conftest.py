"""A real encrypted conversation store, a service over it, and fakes for the audit log, the
walls and the document library."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop.core.audit_events import ActorRole, AuditEvent
from desktop.core.matters import AccessDecision, AllowEveryone, MatterAction, MatterKey
from desktop.matters.service import MatterService
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import open_database

ACCOUNT = "alice"


class RecordingAuditor:
    def __init__(self) -> None:
        self.events: list[tuple[AuditEvent, ActorRole]] = []
        self.fail = False

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> object:
        if self.fail:
            from desktop.audit.log import AuditError

            raise AuditError("The audit log cannot be written.")
        self.events.append((event, role))
        return event

    def of(self, event_type: str) -> list[AuditEvent]:
        return [event for event, _ in self.events if event.event_type == event_type]


@dataclass
class Walls:
    """A stand-in for the policy's walls: keys refused, or allowed once a memo is read."""

    refused: set[MatterKey] = field(default_factory=set)
    memos: dict[MatterKey, str] = field(default_factory=dict)
    acknowledged: object = None  # MatterService.acknowledged, set by the fixture

    def check(self, account: str, key: MatterKey, action: MatterAction) -> AccessDecision:
        if key in self.refused:
            return AccessDecision(False, f"Wall w-{key.client} screens {account}.", "w1")
        memo = self.memos.get(key)
        if memo is not None:
            from desktop.matters.service import memo_sha256

            done = self.acknowledged(f"memo-{key.client}", account, memo_sha256(memo))  # type: ignore[operator]
            if not done:
                return AccessDecision(True, None, f"memo-{key.client}", memo, True)
        return AccessDecision(True)


@dataclass
class FakeCollections:
    matters: dict[int, int] = field(default_factory=dict)  # collection id -> matter id
    conversation_files: dict[int, int] = field(default_factory=dict)
    purged: list[tuple[int, str]] = field(default_factory=list)
    fail_moves: bool = False
    due_documents: int = 2  # what the next purge finds

    def collection_matter(self, collection_id: int) -> int:
        return self.matters[collection_id]

    def move_collection(self, collection_id: int, matter_id: int) -> None:
        self.matters[collection_id] = matter_id

    def move_conversation_files(self, conversation_id: int, matter_id: int) -> None:
        if self.fail_moves:
            raise OSError("documents store is full")
        self.conversation_files[conversation_id] = matter_id

    def purge_documents(self, matter_id: int, older_than: str) -> int:
        self.purged.append((matter_id, older_than))
        found, self.due_documents = self.due_documents, 0
        return found


@pytest.fixture
def store(tmp_path: Path, data_key: bytes) -> Iterator[ConversationStore]:
    opened = ConversationStore(open_database(tmp_path / "conversations.db", data_key))
    yield opened
    opened.close()


@pytest.fixture
def auditor() -> RecordingAuditor:
    return RecordingAuditor()


@pytest.fixture
def walls() -> Walls:
    return Walls()


@pytest.fixture
def collections() -> FakeCollections:
    return FakeCollections()


@pytest.fixture
def service(
    store: ConversationStore, auditor: RecordingAuditor, walls: Walls, collections: FakeCollections
) -> MatterService:
    made = MatterService(store, auditor, AllowEveryone(), ACCOUNT, collections)
    walls.acknowledged = made.acknowledged
    made.access = walls
    return made

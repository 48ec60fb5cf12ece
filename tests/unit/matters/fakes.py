"""A matter gate that audits like MatterService.enter, matter contents in memory, and a log
holding records of several matters."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

from desktop.audit.log import AuditLog
from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    AccessDecision,
    Matter,
    MatterAccessDenied,
    MatterAction,
    matter_details,
)
from desktop.core.records import Conversation, Message, MessageStatus, Role
from desktop.matters.contents import MatterDocument

GENERAL = Matter(id=GENERAL_MATTER_ID, client="", number="", name="General", opened_on="1970-01-01")
ACME = Matter(
    id=2, client="Acme Corp", number="2024/017", name="Acme v. Widget", opened_on="2024-03-01"
)
GLOBEX = Matter(id=3, client="Globex", number="001", name="Globex merger", opened_on="2024-05-02")
WHEN = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


class Gate:
    """MatterService.enter as far as an export needs it: refuses where told, audits both."""

    def __init__(self, log: AuditLog, matters: list[Matter], refuse: str | None = None) -> None:
        self.log, self.matters, self.refuse = log, {m.id: m for m in matters}, refuse

    def enter(self, matter_id: int, action: MatterAction) -> Matter:
        matter = self.matters[matter_id]
        outcome = Outcome.DENIED if self.refuse else Outcome.SUCCESS
        self.log.record(
            AuditEvent(
                event_type=EventType.MATTER_ACCESS,
                outcome=outcome,
                reason=self.refuse,
                target_type="matter",
                target_id=str(matter_id),
                details={**matter_details(matter), "action": str(action)},
            )
        )
        if self.refuse:
            raise MatterAccessDenied(AccessDecision(allowed=False, reason=self.refuse))
        return matter


class Contents:
    """One matter's conversations and documents, in memory."""

    def __init__(self, conversations: dict[str, list[str]], files: dict[str, bytes]) -> None:
        self._conversations = [
            Conversation(id=n, title=title, created_at=WHEN, updated_at=WHEN)
            for n, title in enumerate(conversations, 1)
        ]
        self._messages = {
            n: [
                Message(
                    id=n * 100 + i,
                    conversation_id=n,
                    role=Role.USER if i % 2 == 0 else Role.ASSISTANT,
                    content=text,
                    status=MessageStatus.COMPLETE,
                    created_at=WHEN,
                )
                for i, text in enumerate(texts)
            ]
            for n, texts in enumerate(conversations.values(), 1)
        }
        self._files = files
        self._documents = [
            MatterDocument(
                id=n,
                collection="Pleadings",
                name=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                kind=name.rsplit(".", 1)[-1],
                status="indexed",
                imported_at="2026-03-04T10:00:00.000Z",
            )
            for n, (name, data) in enumerate(files.items(), 1)
        ]

    def conversations(self) -> list[Conversation]:
        return self._conversations

    def messages(self, conversation_id: int) -> list[Message]:
        return self._messages[conversation_id]

    def documents(self) -> list[MatterDocument]:
        return self._documents

    def original(self, document_id: int) -> io.BytesIO:
        return io.BytesIO(list(self._files.values())[document_id - 1])


def fake_pdf(markdown: str, path: Path, title: str) -> None:
    """Stands in for ui/chat/pdf_export.write_pdf where Qt is not the point."""
    path.write_bytes(b"%PDF-1.4 fake\n" + title.encode() + b"\n" + markdown.encode())


def record(
    log: AuditLog,
    kind: EventType,
    details: dict[str, object],
    outcome: Outcome = Outcome.SUCCESS,
    reason: str | None = None,
) -> None:
    log.record(AuditEvent(event_type=kind, outcome=outcome, reason=reason, details=details))


def fill_matters(log: AuditLog) -> None:
    """Records of Acme, Globex, General, and some of no matter."""
    record(log, EventType.MATTER_CREATE, matter_details(ACME))
    record(log, EventType.MATTER_CREATE, matter_details(GLOBEX))
    record(log, EventType.APP_START, {"version": "x"})
    record(log, EventType.MATTER_ACCESS, {**matter_details(ACME), "action": "open"})
    record(log, EventType.MATTER_ACCESS, {**matter_details(GLOBEX), "action": "open"})
    record(log, EventType.MATTER_ACCESS, {**matter_details(GENERAL), "action": "open"})
    # A wall names its matter by client and number only.
    record(
        log,
        EventType.WALL_CHANGE,
        {
            "matter_client": ACME.client,
            "matter_number": ACME.number,
            "wall": "w1",
            "change": "placed",
        },
    )
    record(
        log,
        EventType.MATTER_MOVE,
        {**matter_details(GLOBEX), "from_matter_id": ACME.id, "what": "conversation #4"},
    )

"""Records about a conversation name the conversation's matter (issue 22)."""

from __future__ import annotations

from desktop.core.audit_events import ActorRole, AuditEvent, EventType, conversation_event
from desktop.core.matters import Matter, MatterError
from desktop.matters.tagging import MatterTaggingAuditor

ACME = Matter(id=2, client="ACME", number="001", name="Lease", opened_on="2026-01-02")


class Recorder:
    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: AuditEvent, role: ActorRole = ActorRole.USER) -> None:
        self.events.append(event)


def _conversation_matter(conversation_id: int) -> int:
    if conversation_id != 7:
        raise MatterError("There is no conversation with the id 9.")
    return ACME.id


def test_a_conversation_record_names_its_matter_and_others_are_left_alone() -> None:
    log = Recorder()
    tagging = MatterTaggingAuditor(log, _conversation_matter, lambda _id: ACME)
    tagging.record(conversation_event(EventType.PROMPT_SUBMIT, 7, prompt="digest"))
    tagging.record(conversation_event(EventType.CONVERSATION_DELETE, 9))  # gone already
    tagging.record(AuditEvent(event_type=EventType.APP_START))
    prompt, deleted, start = log.events
    assert prompt.details == {
        "matter_id": 2,
        "matter_client": "ACME",
        "matter_number": "001",
        "prompt": "digest",
    }
    assert deleted.details == {}
    assert start.details == {}

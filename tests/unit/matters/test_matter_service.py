"""MatterService (issue 22): every way in guarded and recorded, every change recorded,
refusals recorded with their reason, bad input answered with a sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.audit.log import AuditError
from desktop.core.audit_events import ActorRole, EventType, Outcome
from desktop.core.matters import (
    GENERAL_MATTER_ID,
    MatterAccessDenied,
    MatterAction,
    MatterClosedError,
    MatterError,
    MatterKey,
    MatterOnHoldError,
    MatterState,
)
from desktop.core.records import Role
from desktop.matters.service import MatterService
from desktop.storage.conversations import ConversationStore
from tests.unit.matters.conftest import ACCOUNT, FakeCollections, RecordingAuditor, Walls


def test_matters_are_listed_general_first_then_open_then_closed(service: MatterService) -> None:
    zed = service.create("Zed", "1", "Last by name")
    service.create("acme", "2", "First by name")
    closed = service.create("Acme", "1", "Closed")
    service.close(closed.id)
    names = [m.name for m in service.matters()]
    assert names == ["General", "First by name", "Last by name", "Closed"]
    assert service.matter(zed.id).key == MatterKey("Zed", "1")
    assert service.find("zed/1").id == zed.id
    assert service.find("General").id == GENERAL_MATTER_ID


def test_create_is_recorded_with_the_matter(
    service: MatterService, auditor: RecordingAuditor
) -> None:
    matter = service.create("  Acme  Corp ", " 2026/014 ", "Lease\u202e dispute", "2026-03-01")
    assert (matter.client, matter.number, matter.name) == ("Acme Corp", "2026/014", "Lease dispute")
    assert (matter.opened_on, matter.state) == ("2026-03-01", MatterState.OPEN)
    [event] = auditor.of(EventType.MATTER_CREATE)
    assert event.details["matter_id"] == matter.id
    assert (event.details["matter_client"], event.details["matter_number"]) == (
        "Acme Corp",
        "2026/014",
    )


@pytest.mark.parametrize(
    "client, number, name, opened_on, message",
    [
        ("", "1", "x", None, "client"),
        ("Acme", "  ", "x", None, "matter number"),
        ("Acme", "1", "\u200b", None, "name"),
        ("Ac/me", "1", "x", None, "“/”"),
        ("Acme", "1", "x", "2026-02-30", "YYYY-MM-DD"),
        ("A" * 81, "1", "x", None, "too long"),
    ],
)
def test_bad_input_gets_a_sentence(
    service: MatterService, client: str, number: str, name: str, opened_on, message: str
) -> None:
    with pytest.raises(MatterError, match=message):
        service.create(client, number, name, opened_on)


def test_a_taken_client_and_number_is_refused_whatever_the_case(service: MatterService) -> None:
    service.create("Acme", "1", "Lease")
    with pytest.raises(MatterError, match="already a matter Acme / 1"):
        service.create("ACME", "1", "Other")


def test_a_matter_is_created_only_if_its_record_is_written(
    service: MatterService, auditor: RecordingAuditor
) -> None:
    auditor.fail = True
    with pytest.raises(AuditError):
        service.create("Acme", "1", "Lease")
    auditor.fail = False
    assert [m.name for m in service.matters()] == ["General"]


def test_enter_records_each_access(service: MatterService, auditor: RecordingAuditor) -> None:
    matter = service.create("Acme", "1", "Lease")
    assert service.enter(matter.id, MatterAction.SEARCH) == matter
    [event] = auditor.of(EventType.MATTER_ACCESS)
    assert (event.outcome, event.details["action"], event.details["matter_id"]) == (
        Outcome.SUCCESS,
        "search",
        matter.id,
    )


def test_a_wall_refuses_and_the_refusal_is_recorded_with_its_reason(
    service: MatterService, auditor: RecordingAuditor, walls: Walls
) -> None:
    matter = service.create("Acme", "1", "Lease")
    walls.refused.add(matter.key)
    assert not service.check(matter.id, MatterAction.OPEN).allowed
    assert auditor.of(EventType.MATTER_ACCESS) == []  # check alone records nothing
    for action in MatterAction:
        if action is MatterAction.CREATE:
            continue
        with pytest.raises(MatterAccessDenied, match="screens alice") as refused:
            service.enter(matter.id, action)
        assert refused.value.decision.wall_id == "w1"
    refusals = auditor.of(EventType.MATTER_ACCESS)
    assert {e.outcome for e in refusals} == {Outcome.DENIED}
    assert {e.details["action"] for e in refusals} == {
        "open",
        "import",
        "search",
        "retrieve",
        "export",
    }
    assert all(
        e.reason == "Wall w-Acme screens alice." and e.details["wall"] == "w1" for e in refusals
    )


def test_creating_a_walled_matter_is_refused_and_recorded(
    service: MatterService, auditor: RecordingAuditor, walls: Walls
) -> None:
    walls.refused.add(MatterKey("Acme", "1"))
    with pytest.raises(MatterAccessDenied):
        service.create("Acme", "1", "Lease")
    [event] = auditor.of(EventType.MATTER_CREATE)
    assert (event.outcome, event.details["matter_client"], event.details["matter_id"]) == (
        Outcome.DENIED,
        "Acme",
        None,
    )
    assert [m.name for m in service.matters()] == ["General"]


def test_a_wall_memo_is_acknowledged_once_then_again_when_it_changes(
    service: MatterService, auditor: RecordingAuditor, walls: Walls
) -> None:
    matter = service.create("Acme", "1", "Lease")
    walls.memos[matter.key] = "Do not discuss with the Birch team."
    with pytest.raises(MatterAccessDenied) as owed:
        service.enter(matter.id, MatterAction.OPEN)
    assert owed.value.decision.needs_acknowledgement
    assert "acknowledge the memo" in str(owed.value)
    service.acknowledge_memo(matter.id)
    assert service.enter(matter.id, MatterAction.OPEN) == matter
    [ack] = auditor.of(EventType.WALL_ACKNOWLEDGE)
    assert (ack.details["wall"], ack.details["matter_id"]) == ("memo-Acme", matter.id)
    assert service.acknowledged("memo-Acme", ACCOUNT, ack.details["memo_sha256"])

    walls.memos[matter.key] = "Changed: do not discuss with anyone."
    with pytest.raises(MatterAccessDenied):
        service.enter(matter.id, MatterAction.OPEN)


def test_general_cannot_be_closed_and_closing_is_recorded(
    service: MatterService, auditor: RecordingAuditor
) -> None:
    with pytest.raises(MatterError, match="General cannot be closed"):
        service.close(GENERAL_MATTER_ID)
    matter = service.create("Acme", "1", "Lease")
    assert service.close(matter.id).read_only
    assert not service.reopen(matter.id).read_only
    changes = [e.details["change"] for e in auditor.of(EventType.MATTER_CHANGE)]
    assert changes == ["closed", "reopened"]


def test_a_hold_is_the_administrators_and_recorded_as_theirs(
    service: MatterService, auditor: RecordingAuditor
) -> None:
    matter = service.create("Acme", "1", "Lease")
    with pytest.raises(MatterError, match="Only the administrator"):
        service.set_hold(matter.id, True, by_admin=False)
    assert not service.matter(matter.id).on_hold
    assert service.set_hold(matter.id, True, by_admin=True).on_hold
    assert service.held_matter_ids() == {matter.id}
    service.set_hold(matter.id, False, by_admin=True)
    assert service.held_matter_ids() == frozenset()
    holds = [
        (event.outcome, event.details["change"], role)
        for event, role in auditor.events
        if event.event_type == EventType.MATTER_HOLD
    ]
    assert holds == [
        (Outcome.DENIED, "placed", ActorRole.USER),
        (Outcome.SUCCESS, "placed", ActorRole.ADMIN),
        (Outcome.SUCCESS, "lifted", ActorRole.ADMIN),
    ]


def test_retention_is_checked_and_recorded(
    service: MatterService, auditor: RecordingAuditor
) -> None:
    matter = service.create("Acme", "1", "Lease")
    with pytest.raises(MatterError, match="1 to 36,500"):
        service.set_retention(matter.id, 0, by_admin=False)
    assert service.set_retention(matter.id, 30, by_admin=False).retention_days == 30
    assert service.set_retention(matter.id, None, by_admin=True).retention_days is None
    [first, second] = auditor.of(EventType.MATTER_CHANGE)
    assert (first.details["new"], second.details["old"]) == (30, 30)


def test_moving_a_conversation_takes_its_files_and_is_recorded(
    service: MatterService,
    store: ConversationStore,
    auditor: RecordingAuditor,
    collections: FakeCollections,
) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("Note")
    service.move_conversation(conversation.id, matter.id)
    assert store.conversation(conversation.id).matter_id == matter.id
    assert collections.conversation_files == {conversation.id: matter.id}
    [move] = auditor.of(EventType.MATTER_MOVE)
    assert (move.details["what"], move.details["from_matter"], move.details["matter_id"]) == (
        f"conversation #{conversation.id}",
        "General",
        matter.id,
    )
    assert (move.target_type, move.details["from_matter_id"]) == ("conversation", 1)


def test_a_conversation_stays_when_its_files_cannot_move(
    service: MatterService, store: ConversationStore, collections: FakeCollections
) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("Note")
    collections.fail_moves = True
    with pytest.raises(OSError):
        service.move_conversation(conversation.id, matter.id)
    assert store.conversation(conversation.id).matter_id == GENERAL_MATTER_ID


@pytest.mark.parametrize("state", ["closed", "held", "walled"])
def test_nothing_moves_out_of_or_into_a_closed_held_or_walled_matter(
    service: MatterService,
    store: ConversationStore,
    walls: Walls,
    collections: FakeCollections,
    state: str,
) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("Note")
    collections.matters[5] = GENERAL_MATTER_ID
    expected: type[Exception] = MatterClosedError
    if state == "closed":
        service.close(matter.id)
    elif state == "held":
        service.set_hold(matter.id, True, by_admin=True)
        expected = MatterOnHoldError
    else:
        walls.refused.add(matter.key)
        expected = MatterAccessDenied
    with pytest.raises(expected):
        service.move_conversation(conversation.id, matter.id)
    with pytest.raises(expected):
        service.move_collection(5, matter.id)
    assert store.conversation(conversation.id).matter_id == GENERAL_MATTER_ID
    assert collections.matters[5] == GENERAL_MATTER_ID


def test_moving_a_collection(service: MatterService, collections: FakeCollections) -> None:
    matter = service.create("Acme", "1", "Lease")
    collections.matters[5] = GENERAL_MATTER_ID
    service.move_collection(5, matter.id)
    assert collections.matters[5] == matter.id


def test_the_purge_follows_each_matters_retention_and_skips_held_ones(
    service: MatterService,
    store: ConversationStore,
    auditor: RecordingAuditor,
    collections: FakeCollections,
) -> None:
    kept_forever = service.create("Acme", "1", "No retention")
    short = service.create("Acme", "2", "Short")
    held = service.create("Acme", "3", "Held")
    ids = {}
    for matter in (kept_forever, short, held):
        ids[matter.id] = store.create_conversation("Old", matter_id=matter.id).id
    for matter in (short, held):
        service.set_retention(matter.id, 30, by_admin=False)
    service.close(short.id)  # retention runs on after closing
    service.set_hold(held.id, True, by_admin=True)
    later = datetime.now(UTC) + timedelta(days=31)

    report = service.purge_expired(later)
    assert report.deleted_conversation_ids == [ids[short.id]]
    assert (report.conversations, report.documents, report.held_matter_ids) == (1, 2, [held.id])
    assert store.conversations(matter_id=kept_forever.id)
    assert store.conversations(matter_id=held.id)
    assert store.conversations(matter_id=short.id) == []
    assert [matter for matter, _ in collections.purged] == [short.id]
    purges = [
        e for e in auditor.of(EventType.MATTER_CHANGE) if e.details["change"] == "retention purge"
    ]
    assert sorted((e.details["matter_id"], e.outcome) for e in purges) == [
        (short.id, Outcome.SUCCESS),
        (held.id, Outcome.DENIED),
    ]
    assert service.purge_expired(datetime.now(UTC)).nothing_done  # nothing due yet


def test_messages_of_a_held_matter_stay_through_a_store_delete(
    service: MatterService, store: ConversationStore
) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("x", matter_id=matter.id)
    store.add_message(conversation.id, Role.USER, "kept")
    service.set_hold(matter.id, True, by_admin=True)
    with pytest.raises(MatterOnHoldError):
        store.delete_conversation(conversation.id)

"""Matters in the conversation store (issue 22): General for what came before, listing and
search inside one matter, a closed matter read-only, a held one keeping everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.matters import (
    GENERAL_MATTER_ID,
    MatterClosedError,
    MatterError,
    MatterOnHoldError,
)
from desktop.core.records import Role
from desktop.matters.service import MatterService
from desktop.storage.conversations import ConversationStore
from desktop.storage.database import SCHEMA_VERSION, open_database, schema_version
from desktop.storage.migrations import MIGRATIONS


def test_a_store_from_before_matters_puts_everything_in_general(
    tmp_path: Path, data_key: bytes
) -> None:
    path = tmp_path / "conversations.db"
    db = open_database(path, data_key, MIGRATIONS[:6])  # as version 6 shipped
    db.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES "
        "('Lease for Mrs Okafor', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
    )
    db.conn.commit()
    db.close()
    store = ConversationStore(open_database(path, data_key))
    assert schema_version(store.database) == SCHEMA_VERSION
    [only] = store.conversations()
    assert only.matter_id == GENERAL_MATTER_ID
    [general] = MatterService(store, None, None, "a").matters()  # type: ignore[arg-type]
    assert (general.id, general.name, general.client, general.number) == (1, "General", "", "")
    store.close()


def test_listing_and_search_stay_inside_one_matter(
    store: ConversationStore, service: MatterService
) -> None:
    acme = service.create("Acme", "2026-001", "Lease dispute")
    other = service.create("Birch", "7", "Merger")
    ours = store.create_conversation("Okafor lease", matter_id=acme.id)
    store.add_message(ours.id, Role.USER, "the zebulon clause")
    theirs = store.create_conversation("Birch merger", matter_id=other.id)
    store.add_message(theirs.id, Role.USER, "the zebulon clause as well")
    general = store.create_conversation("Okafor general note")

    assert [c.id for c in store.conversations(matter_id=acme.id)] == [ours.id]
    assert [c.id for c in store.conversations(matter_id=other.id)] == [theirs.id]
    assert [c.id for c in store.conversations()] == [general.id]  # General by default
    assert [h.conversation_id for h in store.search("zebulon", matter_id=acme.id)] == [ours.id]
    assert [h.conversation_id for h in store.search("zebulon", matter_id=other.id)] == [theirs.id]
    assert store.search("zebulon") == []  # General has no such message
    assert [h.conversation_id for h in store.search("Okafor", matter_id=acme.id)] == [ours.id]
    assert [h.conversation_id for h in store.search("Okafor")] == [general.id]


def test_a_closed_matter_is_read_only(store: ConversationStore, service: MatterService) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("Lease", matter_id=matter.id)
    message = store.add_message(conversation.id, Role.USER, "hello")
    service.close(matter.id)

    with pytest.raises(MatterClosedError, match="closed"):
        store.create_conversation("More", matter_id=matter.id)
    for write in (
        lambda: store.add_message(conversation.id, Role.USER, "more"),
        lambda: store.update_message(message.id, "changed", message.status),
        lambda: store.rename_conversation(conversation.id, "New"),
        lambda: store.set_pinned(conversation.id, True),
        lambda: store.delete_messages([message.id]),
        lambda: store.delete_conversation(conversation.id),
    ):
        with pytest.raises(MatterClosedError):
            write()
    assert [m.content for m in store.messages(conversation.id)] == ["hello"]  # still readable

    service.reopen(matter.id)
    store.add_message(conversation.id, Role.USER, "more")


def test_a_held_matter_keeps_everything(store: ConversationStore, service: MatterService) -> None:
    matter = service.create("Acme", "1", "Lease")
    conversation = store.create_conversation("Lease", matter_id=matter.id)
    message = store.add_message(conversation.id, Role.USER, "evidence")
    service.set_hold(matter.id, True, by_admin=True)

    with pytest.raises(MatterOnHoldError, match="legal hold"):
        store.delete_conversation(conversation.id)
    with pytest.raises(MatterOnHoldError):
        store.delete_messages([message.id])
    with pytest.raises(MatterOnHoldError):
        store.delete_conversation(conversation.id, purging=True)
    store.add_message(conversation.id, Role.USER, "still working")  # a hold is not a close
    assert len(store.messages(conversation.id)) == 2

    service.set_hold(matter.id, False, by_admin=True)
    store.delete_conversation(conversation.id)
    assert store.conversations(matter_id=matter.id) == []


def test_no_conversation_goes_into_a_matter_that_does_not_exist(store: ConversationStore) -> None:
    with pytest.raises(MatterError, match="no matter"):
        store.create_conversation("Lost", matter_id=99)


def test_a_matters_old_hits_are_ranked_though_other_matters_have_newer_ones(
    store: ConversationStore, service: MatterService, monkeypatch
) -> None:
    """The window of recent hits ranked is counted inside the matter: other matters' newer
    messages never push this matter's hits out of it."""
    from desktop.storage import search

    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    matter = service.create("Acme", "1", "Lease")
    ours = store.create_conversation("Ours", matter_id=matter.id)
    store.add_message(ours.id, Role.USER, "the quorridge clause")
    for n in range(5):  # newer, in General
        other = store.create_conversation(f"Other {n}")
        store.add_message(other.id, Role.USER, "quorridge again")
    [hit] = store.search("quorridge", matter_id=matter.id)
    assert hit.conversation_id == ours.id
    assert len(store.search("quorridge")) == 3  # General's own window

"""Matters in the document store (issue 22): no read path crosses from one client matter into
another, whatever ids the caller passes; collections move between matters with everything in
them; a store from before matters puts everything in General."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import desktop
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.migrations import DOCUMENT_MIGRATIONS
from desktop.documents.store import (
    ALL_MATTERS,
    CollectionNameTaken,
    DocumentStore,
    NotInStore,
    open_document_store,
)
from desktop.storage.database import open_database, schema_version
from tests.unit.documents.conftest import unit
from tests.unit.documents.test_store import EMBEDDER, chunk_ids, indexed

SMITH = 2  # matter ids as conversations.db's matters table would give them
ACME = 3
WORD = "indemnity"  # in both matters' documents: a search for it must stay in its matter


@dataclass
class Matter:
    collection: int
    document: int
    chunk: int


@pytest.fixture
def two(store: DocumentStore) -> dict[int, Matter]:
    """Each matter with a collection, a document (one chunk with a vector) and its own
    conversation's files; every collection of both is named "Pleadings"."""
    made: dict[int, Matter] = {}
    for matter_id, vector in ((SMITH, unit(1, 0.1)), (ACME, unit(1, 0.2))):
        collection = store.create_collection("Pleadings", matter_id=matter_id)
        document = indexed(
            store, collection.id, f"brief-{matter_id}.txt", f"The {WORD} clause of {matter_id}."
        )
        [chunk] = chunk_ids(store, document)
        store.save_vectors(EMBEDDER, 4, [(chunk, vector)])
        made[matter_id] = Matter(collection.id, document, chunk)
    return made


def test_every_read_path_from_another_matter_finds_nothing(
    store: DocumentStore, two: dict[int, Matter]
) -> None:
    theirs = two[ACME]
    mine = SMITH
    everything = [two[SMITH].collection, theirs.collection]

    assert [c.id for c in store.collections(matter_id=mine)] == [two[SMITH].collection]
    assert [d.id for d in store.documents(matter_id=mine)] == [two[SMITH].document]
    assert store.documents(theirs.collection, matter_id=mine) == []
    for read in (
        lambda: store.collection(theirs.collection, matter_id=mine),
        lambda: store.document(theirs.document, matter_id=mine),
        lambda: store.original(theirs.document, matter_id=mine),
        lambda: store.page_text(theirs.document, 1, matter_id=mine),
        lambda: store.chunk(theirs.chunk, matter_id=mine),
    ):
        with pytest.raises(NotInStore):
            read()
    assert store.pages(theirs.document, matter_id=mine) == []
    assert store.text_size([theirs.document], matter_id=mine) == 0
    assert store.hits([theirs.chunk, two[SMITH].chunk], matter_id=mine) == store.hits(
        [two[SMITH].chunk], matter_id=mine
    )

    # Searches asked for both matters' collections rank the caller's matter's chunks only.
    keyword = store.rank_keywords(WORD, everything, 10, matter_id=mine)
    assert [chunk for chunk, _ in keyword] == [two[SMITH].chunk]
    assert [h.chunk_id for h in store.search_keywords(WORD, everything, 10, matter_id=mine)] == [
        two[SMITH].chunk
    ]
    nearest = store.rank_vectors(unit(1, 0.2), EMBEDDER, everything, 10, matter_id=mine)
    assert [chunk for chunk, _ in nearest] == [two[SMITH].chunk]
    found = store.search_vectors(unit(1, 0.2), EMBEDDER, everything, 10, matter_id=mine)
    assert [h.chunk_id for h in found] == [two[SMITH].chunk]
    assert store.rank_keywords(WORD, [theirs.collection], 10, matter_id=mine) == []
    assert store.rank_vectors(unit(1), EMBEDDER, [theirs.collection], 10, matter_id=mine) == []
    assert store.unembedded_chunks(EMBEDDER, everything, matter_id=mine) == 0
    assert store.fully_embedded(EMBEDDER, [theirs.collection], matter_id=mine)  # nothing there

    # A conversation of one matter cannot be pointed at the other's collection.
    with pytest.raises(NotInStore):
        store.set_scope(40, theirs.collection, matter_id=mine)
    store._conn.execute("INSERT INTO conversation_scopes VALUES (41, ?)", [theirs.collection])
    assert store.scope_collections(41, matter_id=mine) == []  # one written around the check
    assert [c.id for c in store.scope_collections(41, matter_id=ACME)] == [theirs.collection]


def test_names_are_per_matter_and_say_nothing_of_other_matters(
    store: DocumentStore, two: dict[int, Matter]
) -> None:
    with pytest.raises(CollectionNameTaken):
        store.create_collection("Pleadings", matter_id=SMITH)
    other = store.create_collection("Exhibits", matter_id=SMITH)
    with pytest.raises(CollectionNameTaken, match="already has a collection named"):
        store.move_collection(two[ACME].collection, SMITH)
    assert store.collection_matter(two[ACME].collection) == ACME
    store.rename_collection(other.id, "Correspondence")


def test_a_collection_moves_with_its_documents_chunks_and_vectors(
    store: DocumentStore, two: dict[int, Matter]
) -> None:
    moving = store.create_collection("Exhibits", matter_id=SMITH)
    document = indexed(store, moving.id, "exhibit.txt", f"An {WORD} exhibit.")
    [chunk] = chunk_ids(store, document)
    store.save_vectors(EMBEDDER, 4, [(chunk, unit(0, 1))])
    store.set_scope(50, moving.id, matter_id=SMITH)

    store.move_collection(moving.id, ACME)
    assert store.collection_matter(moving.id) == ACME
    assert store.documents(moving.id, matter_id=SMITH) == []
    assert store.scope_collections(50, matter_id=SMITH) == []  # its old matter's view of it
    assert [h.chunk_id for h in store.search_keywords(WORD, [moving.id], 5, matter_id=ACME)] == [
        chunk
    ]
    nearest = store.rank_vectors(unit(0, 1), EMBEDDER, [moving.id], 1, matter_id=ACME)
    assert [c for c, _ in nearest] == [chunk]
    assert store.rank_vectors(unit(0, 1), EMBEDDER, [moving.id], 1, matter_id=SMITH) == []


def test_a_conversations_own_files_follow_it_and_its_old_scope_is_forgotten(
    store: DocumentStore, two: dict[int, Matter]
) -> None:
    own = store.create_collection("Files of conversation 9", matter_id=SMITH, conversation_id=9)
    assert store.collection_for_conversation(9, matter_id=SMITH) == own
    store.set_scope(9, two[SMITH].collection, matter_id=SMITH)

    store.move_conversation_files(9, ACME)
    assert store.collection_for_conversation(9, matter_id=SMITH) is None
    moved = store.collection_for_conversation(9, matter_id=ACME)
    assert moved is not None and moved.id == own.id and moved.matter_id == ACME
    assert store.scope(9) is None  # Smith's collection: no longer its to ask about
    with pytest.raises(NotInStore, match="another matter"):
        store.create_collection("Files of conversation 9", matter_id=SMITH, conversation_id=9)


def test_expired_documents_of_one_matter_only(store: DocumentStore, two: dict[int, Matter]) -> None:
    assert store.expired_documents(SMITH, "1999-01-01") == []
    [expired] = store.expired_documents(SMITH, "9999-01-01")
    assert expired.id == two[SMITH].document
    store.remove_documents([expired.id])
    assert store.documents(matter_id=SMITH) == []
    assert [d.id for d in store.documents(matter_id=ACME)] == [two[ACME].document]


def test_the_indexer_alone_reads_across_matters(
    store: DocumentStore, two: dict[int, Matter]
) -> None:
    assert len(store.documents(matter_id=ALL_MATTERS)) == 2
    with pytest.raises(TypeError):
        store.documents(matter_id=None)  # type: ignore[arg-type]  # never "no matter" by mistake
    users = [
        path
        for path in Path(desktop.__file__).parent.rglob("*.py")
        if "ALL_MATTERS" in path.read_text(encoding="utf-8")
    ]
    assert sorted(p.name for p in users) == [
        "indexer.py",  # reads every queued file
        "library.py",  # the embedding model of the whole library; moves; forgetting a scope
        "store.py",
        "watching.py",  # the indexer's watched folders
    ]


def test_a_store_from_before_matters_is_all_general_and_keeps_its_ids(
    db_path: Path, data_key: bytes
) -> None:
    db = open_database(db_path, data_key, DOCUMENT_MIGRATIONS[:4])
    conn = db.conn
    for name in ("Leases", "Clinic", "Gone"):
        conn.execute(
            "INSERT INTO collections (name, kind, created_at) VALUES (?, 'library', 'x')", [name]
        )
    conn.execute("DELETE FROM collections WHERE name = 'Gone'")  # id 3 was used once
    conn.execute(
        "INSERT INTO documents (collection_id, name, sha256, size, kind, status, imported_at) "
        "VALUES (1, 'lease.txt', 'ab', 1, 'txt', 'keyword', 'x')"
    )
    conn.execute(
        "INSERT INTO chunks (collection_id, document_id, ordinal, text) VALUES (1, 1, 0, 'rent')"
    )
    conn.execute("INSERT INTO conversation_scopes VALUES (7, 2)")
    conn.execute("INSERT INTO watched_folders VALUES (1, '/srv/leases')")
    conn.commit()
    db.close()

    store = open_document_store(db_path, data_key)
    try:
        assert schema_version(store._db) == len(DOCUMENT_MIGRATIONS)
        general = store.collections(matter_id=GENERAL_MATTER_ID)
        assert [(c.id, c.name, c.matter_id) for c in general] == [
            (2, "Clinic", GENERAL_MATTER_ID),
            (1, "Leases", GENERAL_MATTER_ID),
        ]
        assert store.scope(7) == 2 and store.watched_folders() == [(1, "/srv/leases")]
        assert [h.text for h in store.search_keywords("rent", [1], 5, matter_id=1)] == ["rent"]
        assert store.create_collection("New", matter_id=SMITH).id == 4  # never 3 again
        assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        store.close()

"""The document store: encrypted, no duplicates, resumable, erasable, scoped per collection."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from desktop.core.errors import StorageError
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents import vectors
from desktop.documents.migrations import DOCUMENT_MIGRATIONS
from desktop.documents.originals import PART_SIZE
from desktop.documents.store import (
    CollectionNameTaken,
    DocumentStore,
    NotInStore,
    open_document_store,
)
from desktop.documents.stored import CollectionKind, DocumentStatus
from desktop.storage.database import WrongKeyError, schema_version
from tests.sqlcipher_pages import decrypted_contents
from tests.unit.documents.conftest import Chunk, Page, extraction, unit
from tests.unit.storage.test_encryption import assert_no_plaintext

EMBEDDER = "all-MiniLM-L6-v2 sha256:abc"
SECRET = "Zanzibarq"  # a word no other text here has


def indexed(store: DocumentStore, collection_id: int, name: str, *texts: str) -> int:
    document, _ = store.add_document(collection_id, name, "\n".join(texts).encode())
    pages, chunks = extraction(*texts)
    store.save_extraction(document.id, pages, chunks, title=name)
    return document.id


def chunk_ids(store: DocumentStore, document_id: int) -> list[int]:
    rows = store._conn.execute(
        "SELECT id FROM chunks WHERE document_id = ? ORDER BY ordinal", [document_id]
    )
    return [row[0] for row in rows]


def test_a_new_store_is_migrated_and_reopens(db_path: Path, data_key: bytes) -> None:
    store = open_document_store(db_path, data_key)
    assert schema_version(store._db) == len(DOCUMENT_MIGRATIONS)
    assert store.vectors_available, store.vectors_unavailable
    library = store.create_collection("Smith v Jones", matter_id=GENERAL_MATTER_ID)
    store.close()

    reopened = open_document_store(db_path, data_key)
    assert reopened.collections(matter_id=GENERAL_MATTER_ID) == [library]
    reopened.close()


def test_a_store_of_a_newer_cloister_is_refused(db_path: Path, data_key: bytes) -> None:
    store = open_document_store(db_path, data_key)
    store._conn.execute("PRAGMA user_version = 99")
    store.close()
    with pytest.raises(StorageError, match="newer Cloister"):
        open_document_store(db_path, data_key)


def test_only_its_own_key_opens_it(db_path: Path, data_key: bytes) -> None:
    open_document_store(db_path, data_key).close()
    with pytest.raises(WrongKeyError):
        open_document_store(db_path, bytes(32))


def test_no_file_in_the_folder_holds_a_documents_text(db_path: Path, data_key: bytes) -> None:
    store = open_document_store(db_path, data_key)
    collection = store.create_collection(f"Matter {SECRET}", matter_id=GENERAL_MATTER_ID)
    text = f"The tenant {SECRET} shall give notice"
    document_id = indexed(store, collection.id, f"{SECRET}.txt", text, "Second page")
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, document_id)[0], unit(1, 2))])
    assert store.search_keywords(
        SECRET, [collection.id], 5, matter_id=GENERAL_MATTER_ID
    )  # the index is written too
    assert (
        store.original(document_id, matter_id=GENERAL_MATTER_ID).read()
        == f"{text}\nSecond page".encode()
    )

    assert db_path.with_name("documents.db-wal").stat().st_size > 0
    assert_no_plaintext(db_path.parent, SECRET, "The tenant", "shall give notice")
    store.close()
    assert_no_plaintext(db_path.parent, SECRET, "The tenant", "shall give notice")


def test_collections_have_unique_names_and_a_conversation_has_one(
    store: DocumentStore,
) -> None:
    library = store.create_collection("  Lease   review ", matter_id=GENERAL_MATTER_ID)
    assert (library.name, library.kind) == ("Lease review", CollectionKind.LIBRARY)
    with pytest.raises(CollectionNameTaken, match="already exists"):
        store.create_collection("Lease review", matter_id=GENERAL_MATTER_ID)

    attached = store.create_collection(
        "Conversation 7", conversation_id=7, matter_id=GENERAL_MATTER_ID
    )
    assert attached.kind is CollectionKind.CONVERSATION
    assert (
        store.create_collection(
            "Conversation 7 again", conversation_id=7, matter_id=GENERAL_MATTER_ID
        )
        == attached
    )
    assert store.collection_for_conversation(7, matter_id=GENERAL_MATTER_ID) == attached
    assert store.collection_for_conversation(8, matter_id=GENERAL_MATTER_ID) is None

    renamed = store.rename_collection(library.id, "Leases")
    assert renamed.name == "Leases"
    assert [c.name for c in store.collections(matter_id=GENERAL_MATTER_ID)] == [
        "Leases",
        "Conversation 7",
    ]


def test_the_same_file_is_stored_once_per_collection(store: DocumentStore) -> None:
    first = store.create_collection("First", matter_id=GENERAL_MATTER_ID)
    second = store.create_collection("Second", matter_id=GENERAL_MATTER_ID)
    data = b"%PDF-1.7 the same bytes"

    document, added = store.add_document(first.id, "lease.pdf", data)
    assert added
    assert (document.kind, document.size, document.status) == ("pdf", len(data), "queued")
    again, added_again = store.add_document(first.id, "copy of lease.pdf", io.BytesIO(data))
    assert (again.id, added_again) == (document.id, False)

    class Pipe(io.RawIOBase):  # a stream that cannot seek: found a duplicate after reading
        def __init__(self) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            return self._data.readinto(buffer)

    piped, piped_added = store.add_document(first.id, "piped.pdf", Pipe())  # type: ignore[arg-type]
    assert (piped.id, piped_added) == (document.id, False)
    assert [d.id for d in store.documents(first.id, matter_id=GENERAL_MATTER_ID)] == [document.id]
    assert store._conn.execute("SELECT count(*) FROM originals").fetchone()[0] == 1

    elsewhere, added_elsewhere = store.add_document(second.id, "lease.pdf", data)
    assert added_elsewhere and elsewhere.id != document.id


def test_a_large_original_is_stored_in_parts_and_read_back_in_pieces(
    store: DocumentStore,
) -> None:
    collection = store.create_collection("Discovery", matter_id=GENERAL_MATTER_ID)
    data = bytes(range(256)) * (PART_SIZE * 3 // 256) + b"tail"
    document, _ = store.add_document(collection.id, "big.pdf", io.BytesIO(data))
    assert document.size == len(data)
    assert store._conn.execute(
        "SELECT count(*), max(length(data)) FROM originals WHERE document_id = ?", [document.id]
    ).fetchone() == (4, PART_SIZE)

    reader = store.original(document.id, matter_id=GENERAL_MATTER_ID)
    reader.seek(PART_SIZE - 2)
    assert reader.read(6) == data[PART_SIZE - 2 : PART_SIZE + 4]  # across two parts
    reader.seek(-4, io.SEEK_END)
    assert reader.read() == b"tail"
    reader.seek(0)
    assert reader.read() == data


def test_saving_an_extraction_again_replaces_it(store: DocumentStore) -> None:
    """An indexer killed after saving (or during) simply runs again: nothing doubles."""
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    document, _ = store.add_document(collection.id, "lease.txt", b"Clause 14 repairs")
    store.set_status(document.id, "reading")
    pages = [Page(1, "Clause 14: the landlord repairs the roof."), Page(2, "Clause 15: rent.")]
    chunks = [
        Chunk(0, 1, 0, 41, "Clause 14", "Clause 14: the landlord repairs the roof."),
        Chunk(1, 2, 0, 16, "Clause 15", "Clause 15: rent."),
    ]
    store.save_extraction(document.id, pages, chunks, "Lease", {"ocr_pages": []})
    first_ids = chunk_ids(store, document.id)
    store.save_vectors(EMBEDDER, 4, [(first_ids[0], unit(1))])

    saved = store.save_extraction(document.id, pages, chunks, "Lease", {"ocr_pages": []})

    assert (saved.status, saved.page_count, saved.title) == ("keyword", 2, "Lease")
    assert saved.notes == {"ocr_pages": []}
    assert len(chunk_ids(store, document.id)) == 2
    assert [
        h.text
        for h in store.search_keywords(
            "roof repairs", [collection.id], 10, matter_id=GENERAL_MATTER_ID
        )
    ] == ["Clause 14: the landlord repairs the roof."]
    assert store.page_text(document.id, 2, matter_id=GENERAL_MATTER_ID) == "Clause 15: rent."
    # The old chunks' vectors went with them; the new chunks wait for theirs.
    assert (
        store.search_vectors(unit(1), EMBEDDER, [collection.id], 5, matter_id=GENERAL_MATTER_ID)
        == []
    )
    assert len(store.chunks_without_vectors(EMBEDDER, 10)) == 2


def test_a_document_is_embedded_when_all_its_chunks_have_vectors(store: DocumentStore) -> None:
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    document_id = indexed(store, collection.id, "lease.txt", "one", "two", "three")
    ids = chunk_ids(store, document_id)
    assert store.chunks_without_vectors(EMBEDDER, 2) == [(ids[0], "one"), (ids[1], "two")]
    assert store.unembedded_chunks(EMBEDDER, [collection.id], matter_id=GENERAL_MATTER_ID) == 3
    assert not store.fully_embedded(EMBEDDER, [collection.id], matter_id=GENERAL_MATTER_ID)

    assert store.save_vectors(EMBEDDER, 4, [(ids[0], unit(1)), (ids[1], unit(0, 1))]) == 2
    assert store.document(document_id, matter_id=GENERAL_MATTER_ID).status is DocumentStatus.KEYWORD
    assert store.collection(collection.id, matter_id=GENERAL_MATTER_ID).embedder == EMBEDDER
    assert store.save_vectors(EMBEDDER, 4, [(ids[1], unit(0, 1)), (ids[2], unit(0, 0, 1))]) == 2

    assert (
        store.document(document_id, matter_id=GENERAL_MATTER_ID).status is DocumentStatus.EMBEDDED
    )
    assert store.chunks_without_vectors(EMBEDDER, 10) == []
    assert store.unembedded_chunks(EMBEDDER, [collection.id], matter_id=GENERAL_MATTER_ID) == 0
    assert store.fully_embedded(EMBEDDER, [collection.id], matter_id=GENERAL_MATTER_ID)
    nearest = store.search_vectors(
        unit(0, 1, 0.1), EMBEDDER, [collection.id], 2, matter_id=GENERAL_MATTER_ID
    )
    assert [h.text for h in nearest] == ["two", "three"]
    assert nearest[0].score == pytest.approx(0.995, abs=0.01)


def test_another_embedder_waits_for_consent_then_rebuilds(store: DocumentStore) -> None:
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    document_id = indexed(store, collection.id, "lease.txt", "one")
    [chunk_id] = chunk_ids(store, document_id)
    store.save_vectors(EMBEDDER, 4, [(chunk_id, unit(1))])

    other = "bge-small-en-v1.5 sha256:def"
    assert store.chunks_without_vectors(other, 10) == []  # not without consent
    assert store.save_vectors(other, 8, [(chunk_id, unit(1, dimension=8))]) == 0
    assert store.unembedded_chunks(other, [collection.id], matter_id=GENERAL_MATTER_ID) == 1
    assert not store.fully_embedded(other, [collection.id], matter_id=GENERAL_MATTER_ID)

    store.change_embedder(collection.id, other)
    assert store.document(document_id, matter_id=GENERAL_MATTER_ID).status is DocumentStatus.KEYWORD
    assert (
        store.search_vectors(unit(1), EMBEDDER, [collection.id], 5, matter_id=GENERAL_MATTER_ID)
        == []
    )
    assert store.chunks_without_vectors(other, 10) == [(chunk_id, "one")]
    store.save_vectors(other, 8, [(chunk_id, unit(1, dimension=8))])
    assert [
        h.chunk_id
        for h in store.search_vectors(
            unit(1, dimension=8), other, [1], 5, matter_id=GENERAL_MATTER_ID
        )
    ] == [chunk_id]


def test_a_search_never_leaves_its_collections(store: DocumentStore) -> None:
    mine = store.create_collection("Mine", matter_id=GENERAL_MATTER_ID)
    theirs = store.create_collection("Theirs", matter_id=GENERAL_MATTER_ID)
    own = indexed(store, mine.id, "mine.txt", "indemnity clause for the buyer")
    other = indexed(store, theirs.id, "theirs.txt", "indemnity clause for the seller")
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, own)[0], unit(1, 0.2))])
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, other)[0], unit(1))])  # the nearer one

    keyword = store.search_keywords("indemnity seller", [mine.id], 10, matter_id=GENERAL_MATTER_ID)
    assert [h.document_id for h in keyword] == [own]
    vector = store.search_vectors(unit(1), EMBEDDER, [mine.id], 10, matter_id=GENERAL_MATTER_ID)
    assert [h.document_id for h in vector] == [own]
    assert store.search_keywords("indemnity", [], 10, matter_id=GENERAL_MATTER_ID) == []

    both = store.search_vectors(
        unit(1), EMBEDDER, [mine.id, theirs.id], 1, matter_id=GENERAL_MATTER_ID
    )
    assert [h.document_id for h in both] == [other]
    assert {
        h.document_id
        for h in store.search_keywords("indemnity", [1, 2], 10, matter_id=GENERAL_MATTER_ID)
    } == {own, other}


def test_keywords_match_any_word_and_other_forms_of_it(store: DocumentStore) -> None:
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    indexed(store, collection.id, "a.txt", "The lease was terminated by the landlord.")
    indexed(store, collection.id, "b.txt", "Rent is due monthly.")

    hits = store.search_keywords(
        "What happens when terminating a lease?", [collection.id], 5, matter_id=GENERAL_MATTER_ID
    )
    assert [h.document_name for h in hits] == ["a.txt"]
    assert hits[0].score > 0
    assert store.search_keywords(
        'NEAR("rent" AND :*', [collection.id], 5, matter_id=GENERAL_MATTER_ID
    )[0].document_name == ("b.txt")  # the user's text is words, never FTS5 syntax
    only_stop_words = store.search_keywords(
        "what is it?", [collection.id], 5, matter_id=GENERAL_MATTER_ID
    )
    assert [h.document_name for h in only_stop_words] == ["b.txt"]  # then they are kept


def test_a_removed_document_leaves_no_trace_in_any_page(
    store: DocumentStore, db_path: Path, data_key: bytes
) -> None:
    collection = store.create_collection("Matter", matter_id=GENERAL_MATTER_ID)
    kept = indexed(store, collection.id, "kept.txt", "an unrelated note " * 50)
    secret_text = f"My client {SECRET} confessed " + "detail " * 400
    gone = indexed(store, collection.id, f"{SECRET}.txt", secret_text, f"Page two {SECRET}")
    store.checkpoint()  # some of it in the main file, some still in the log
    store.save_extraction(gone, *extraction(secret_text, f"Page two {SECRET} again"))
    signature = (1234.5, -987.25, 42.125, 7.0625)  # a vector no other chunk has
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, gone)[0], list(signature))])
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, kept)[0], unit(1))])

    # The text, the index's token (porter leaves this word whole) and the vector's bytes.
    forms = [SECRET.encode(), SECRET.lower().encode(), struct.pack("<4f", *signature)]
    before = decrypted_contents(db_path, data_key)
    assert all(form in before for form in forms)  # the reader sees through encryption

    store.remove_document(gone)

    after = decrypted_contents(db_path, data_key)
    assert b"an unrelated note" in after
    for form in forms:
        assert form not in after, form
    with pytest.raises(NotInStore, match="no longer in Cloister"):
        store.document(gone, matter_id=GENERAL_MATTER_ID)
    with pytest.raises(NotInStore):
        store.save_extraction(gone, *extraction("late"))
    assert [d.id for d in store.documents(matter_id=GENERAL_MATTER_ID)] == [kept]
    assert store.search_keywords(SECRET, [collection.id], 5, matter_id=GENERAL_MATTER_ID) == []


def test_deleting_a_collection_erases_its_documents(
    store: DocumentStore, db_path: Path, data_key: bytes
) -> None:
    doomed = store.create_collection(f"Matter {SECRET}", matter_id=GENERAL_MATTER_ID)
    kept = store.create_collection("Kept", matter_id=GENERAL_MATTER_ID)
    indexed(store, doomed.id, "a.txt", f"{SECRET} one")
    indexed(store, kept.id, "b.txt", "kept words")

    store.delete_collection(doomed.id)

    assert [c.name for c in store.collections(matter_id=GENERAL_MATTER_ID)] == ["Kept"]
    assert [d.name for d in store.documents(matter_id=GENERAL_MATTER_ID)] == ["b.txt"]
    assert SECRET.encode() not in decrypted_contents(db_path, data_key)


def test_status_and_the_reason_for_a_failure(store: DocumentStore) -> None:
    collection = store.create_collection("Inbox", matter_id=GENERAL_MATTER_ID)
    document, _ = store.add_document(collection.id, "locked.pdf", b"%PDF")
    store.set_status(document.id, DocumentStatus.NEEDS_PASSWORD)
    failed = store.set_status(document.id, "failed", "This PDF is damaged and cannot be read.")
    assert (failed.status, failed.message) == ("failed", "This PDF is damaged and cannot be read.")
    assert [d.id for d in store.documents(status="failed", matter_id=GENERAL_MATTER_ID)] == [
        document.id
    ]
    with pytest.raises(ValueError):
        store.set_status(document.id, "lost")


def test_without_sqlite_vec_the_store_works_by_keywords(
    db_path: Path, data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite_vec

    monkeypatch.setattr(sqlite_vec, "loadable_path", lambda: str(db_path.parent / "missing"))
    store = open_document_store(db_path, data_key)
    assert not store.vectors_available
    assert "sqlite-vec" in str(store.vectors_unavailable)
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    document_id = indexed(store, collection.id, "a.txt", "rent review")
    assert [
        h.document_id
        for h in store.search_keywords("rent", [collection.id], 5, matter_id=GENERAL_MATTER_ID)
    ] == [document_id]
    assert (
        store.search_vectors(unit(1), EMBEDDER, [collection.id], 5, matter_id=GENERAL_MATTER_ID)
        == []
    )
    with pytest.raises(StorageError, match="sqlite-vec"):
        store.save_vectors(EMBEDDER, 4, [(1, unit(1))])
    store.remove_document(document_id)  # no vector tables yet: nothing stands in the way
    store.close()


def test_a_file_with_vectors_is_not_half_erased_without_sqlite_vec(
    db_path: Path, data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_document_store(db_path, data_key)
    collection = store.create_collection("Leases", matter_id=GENERAL_MATTER_ID)
    document_id = indexed(store, collection.id, "a.txt", "rent review")
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, document_id)[0], unit(1))])
    store.close()
    monkeypatch.setattr(vectors, "load", lambda conn: "the vector index could not be loaded")

    store = open_document_store(db_path, data_key)
    with pytest.raises(StorageError, match="Nothing was changed"):
        store.remove_document(document_id)
    assert (
        store.document(document_id, matter_id=GENERAL_MATTER_ID).status is DocumentStatus.EMBEDDED
    )
    store.close()


def test_in_a_large_store_a_word_in_most_chunks_does_not_drown_the_rare_ones(
    store: DocumentStore,
) -> None:
    from desktop.documents.keywords import MIN_CHUNKS

    collection = store.create_collection("Large", matter_id=GENERAL_MATTER_ID)
    pages = [f"The agreement, clause {n}: the parties agree." for n in range(MIN_CHUNKS + 10)]
    indexed(store, collection.id, "boilerplate.txt", *pages)
    indexed(store, collection.id, "escrow.txt", "The deposit is held in escrow by the agent.")
    hits = store.search_keywords(
        "Which agreement says who holds the escrow deposit?", [1], 3, matter_id=GENERAL_MATTER_ID
    )
    assert hits[0].document_name == "escrow.txt"
    kept = store._selective_terms(["agreement", "escrow", "deposit", "holds"])
    assert kept == ["escrow", "deposit", "holds"]  # "agreement" is in most chunks


def test_vector_search_sees_what_another_connection_saved_and_removed(
    store: DocumentStore, db_path: Path, data_key: bytes
) -> None:
    collection = store.create_collection("Shared", matter_id=GENERAL_MATTER_ID)
    first = indexed(store, collection.id, "first.txt", "The first note.")
    store.save_vectors(EMBEDDER, 4, [(chunk_ids(store, first)[0], [1.0, 0.0, 0.0, 0.0])])
    assert [
        h.document_name
        for h in store.search_vectors([1, 0, 0, 0], EMBEDDER, [1], 5, matter_id=GENERAL_MATTER_ID)
    ] == ["first.txt"]  # read into memory now
    other = open_document_store(db_path, data_key)  # the indexer's connection
    try:
        second = indexed(other, collection.id, "second.txt", "The second note.")
        other.save_vectors(EMBEDDER, 4, [(chunk_ids(other, second)[0], [0.0, 1.0, 0.0, 0.0])])
        nearest = store.search_vectors(
            [0, 1, 0, 0], EMBEDDER, [collection.id], 5, matter_id=GENERAL_MATTER_ID
        )
        assert [h.document_name for h in nearest] == ["second.txt", "first.txt"]
        other.remove_document(second)
    finally:
        other.close()
    nearest = store.search_vectors(
        [0, 1, 0, 0], EMBEDDER, [collection.id], 5, matter_id=GENERAL_MATTER_ID
    )
    assert [h.document_name for h in nearest] == ["first.txt"]

"""Hybrid retrieval over a real encrypted store: fusion, and saying when it fell back."""

from __future__ import annotations

from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.keywords import fts_query, query_terms
from desktop.documents.retrieval import (
    NO_EMBEDDER_NOTE,
    NOT_EMBEDDED_NOTE,
    reciprocal_rank_fusion,
    retrieve,
)
from desktop.documents.store import DocumentStore
from tests.unit.documents.conftest import extraction, unit

EMBEDDER = "all-MiniLM-L6-v2 sha256:abc"
PASSAGES = {
    # text: its (made-up) embedding
    "The tenant must give three months' notice to end the lease.": unit(1, 0.1),
    "Rent is reviewed every five years by an independent surveyor.": unit(0, 1),
    "Either party may bring the agreement to a close by writing to the other.": unit(1),
    "The landlord keeps the roof and the outside walls in repair.": unit(0, 0, 1),
}
QUESTION = "How do I end the lease?"
QUESTION_VECTOR = unit(1, 0.05)  # "bring to a close" means "end": nearest by meaning


def filled(store: DocumentStore, *, embed: int = len(PASSAGES)) -> int:
    collection = store.create_collection("Lease", matter_id=GENERAL_MATTER_ID)
    document, _ = store.add_document(collection.id, "lease.txt", "\n".join(PASSAGES).encode())
    store.save_extraction(document.id, *extraction(*PASSAGES))
    ids = [chunk_id for chunk_id, _ in store.chunks_without_vectors(EMBEDDER, 100)]
    vectors = list(PASSAGES.values())
    store.save_vectors(EMBEDDER, 4, list(zip(ids, vectors, strict=True))[:embed])
    return collection.id


def test_fusion_rewards_agreement_over_one_sided_first_places() -> None:
    assert reciprocal_rank_fusion([[1, 2, 3], [3, 2, 1]]) == [1, 3, 2]  # ties: first seen first
    assert reciprocal_rank_fusion([[1, 2, 3, 4], [4, 2, 5]]) == [2, 4, 1, 3, 5]
    assert reciprocal_rank_fusion([[7, 8], []]) == [7, 8]
    assert reciprocal_rank_fusion([]) == []


def test_a_question_becomes_any_of_its_topical_words() -> None:
    assert query_terms("What is the notice period for the Lease?") == ["notice", "period", "lease"]
    assert fts_query("notice: NEAR(lease*)") == '"notice" OR "near" OR "lease"'
    assert fts_query("who is it") == '"who" OR "is" OR "it"'
    assert fts_query("  ?! ") is None


def test_hybrid_finds_the_passage_in_other_words_and_keywords_the_exact_one(
    store: DocumentStore,
) -> None:
    collection_id = filled(store)
    result = retrieve(
        store,
        QUESTION,
        QUESTION_VECTOR,
        EMBEDDER,
        [collection_id],
        k=2,
        matter_id=GENERAL_MATTER_ID,
    )
    assert (result.mode, result.note) == ("hybrid", None)
    assert {hit.text for hit in result.hits} == {
        "The tenant must give three months' notice to end the lease.",  # both sides agree
        "Either party may bring the agreement to a close by writing to the other.",  # meaning
    }
    assert result.hits[0].text.startswith("The tenant")
    assert result.hits[0].score > result.hits[1].score


def test_without_an_embedding_model_it_says_it_searched_by_words(store: DocumentStore) -> None:
    collection_id = filled(store)
    result = retrieve(
        store, QUESTION, None, None, [collection_id], k=2, matter_id=GENERAL_MATTER_ID
    )
    assert (result.mode, result.note) == ("keyword", NO_EMBEDDER_NOTE)
    assert [hit.text for hit in result.hits] == [
        "The tenant must give three months' notice to end the lease."
    ]


def test_a_collection_still_being_embedded_is_searched_and_the_user_told(
    store: DocumentStore,
) -> None:
    collection_id = filled(store, embed=0)
    nothing_yet = retrieve(
        store, QUESTION, QUESTION_VECTOR, EMBEDDER, [collection_id], matter_id=GENERAL_MATTER_ID
    )
    assert (nothing_yet.mode, nothing_yet.note) == ("keyword", NOT_EMBEDDED_NOTE)
    assert nothing_yet.hits

    store.save_vectors(
        EMBEDDER,
        4,
        [(chunk_id, unit(1)) for chunk_id, _ in store.chunks_without_vectors(EMBEDDER, 2)],
    )
    partly = retrieve(
        store, QUESTION, QUESTION_VECTOR, EMBEDDER, [collection_id], matter_id=GENERAL_MATTER_ID
    )
    assert (partly.mode, partly.note) == ("hybrid", NOT_EMBEDDED_NOTE)


def test_without_sqlite_vec_the_reason_is_given(store: DocumentStore) -> None:
    collection_id = filled(store)
    store.vectors_unavailable = "the vector index (sqlite-vec) could not be loaded: gone"
    result = retrieve(
        store, QUESTION, QUESTION_VECTOR, EMBEDDER, [collection_id], matter_id=GENERAL_MATTER_ID
    )
    assert result.mode == "keyword"
    assert result.note is not None and "sqlite-vec" in result.note
    assert result.hits


def test_retrieval_stays_inside_the_collections_asked_for(store: DocumentStore) -> None:
    collection_id = filled(store)
    other = store.create_collection("Other matter", matter_id=GENERAL_MATTER_ID)
    document, _ = store.add_document(other.id, "other.txt", b"end the lease")
    store.save_extraction(document.id, *extraction("How to end the lease early."))
    [(chunk_id, _)] = store.chunks_without_vectors(EMBEDDER, 10)
    store.save_vectors(EMBEDDER, 4, [(chunk_id, QUESTION_VECTOR)])

    result = retrieve(
        store,
        QUESTION,
        QUESTION_VECTOR,
        EMBEDDER,
        [collection_id],
        k=10,
        matter_id=GENERAL_MATTER_ID,
    )
    assert result.hits and all(hit.document_name == "lease.txt" for hit in result.hits)
    assert retrieve(
        store, QUESTION, QUESTION_VECTOR, EMBEDDER, [other.id], matter_id=GENERAL_MATTER_ID
    ).hits[0].document_id == (document.id)


def test_words_most_chunks_hold_are_left_out_of_a_keyword_search_of_a_large_store():
    from desktop.documents.keywords import MIN_CHUNKS, selective_terms

    words = ["agreement", "party", "deposit", "escrow"]
    stems = {"agreement": "agreement", "party": "parti", "deposit": "deposit", "escrow": "escrow"}
    counts = {"agreement": 9000, "parti": 5000, "deposit": 120, "escrow": 3}
    assert selective_terms(words, stems, counts, 10 * MIN_CHUNKS) == ["deposit", "escrow"]
    assert selective_terms(words, stems, counts, MIN_CHUNKS - 1) == words  # small: all count
    common = {"agreement": 9000, "parti": 8000, "deposit": 7000, "escrow": 6000}
    assert selective_terms(words, stems, common, 10_000) == ["deposit", "escrow"]  # rarest two

"""Hybrid retrieval: BM25 and vector rankings merged by reciprocal rank fusion.

Keywords find the passage that uses the question's own words (a clause number, a name);
vectors find the one that says the same thing in other words. Reciprocal rank fusion merges
the two rankings without comparing their scores (which share no scale). Without a query vector
(no embedding model) or before a collection has vectors, retrieval falls back to keywords and
says so in a sentence the window can show.

Candidates per side: BM25 ranks every matching chunk whatever the LIMIT, so the keyword side
takes 4,096 at no extra cost. vec0's KNN gets slower with k (at 100,000 chunks: ~55 ms for
k=5, ~100 ms for k=500, ~250 ms for k=4096: measured with scratch queries). A chunk below
the 70th place on both sides cannot reach the fused top 5 anyway: it scores under 2/130 =
1/65, and the keyword side's first five score at least that each. So the vector side takes
200: what a deeper list would add to a chunk's score is under 1/260.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.stored import ChunkHit

RRF_K = 60  # the constant of Cormack et al. (2009): damps the weight of the very first ranks
# Candidates from each side. A passage below 50th on a side adds under 1/110 to its fused
# score there, so deeper lists change the fused top 5 only for a passage high on one side and
# just below the cut on the other; the evaluation set's recall@5 is the same as with 4,096 and
# 200 (tests/integration/test_retrieval_quality.py), and sqlite-vec's KNN slows as k grows.
KEYWORD_CANDIDATES = 200
VECTOR_CANDIDATES = 50

NO_EMBEDDER_NOTE = QT_TRANSLATE_NOOP(
    "RetrievalNotes",
    "Passages were found by their words only: with an embedding model, Cloister also finds "
    "passages that say the same thing in other words.",
)
NOT_EMBEDDED_NOTE = QT_TRANSLATE_NOOP(
    "RetrievalNotes",
    "Some documents are still being indexed for meaning; until they are, they are searched "
    "by their words only.",
)
NO_VECTOR_INDEX_NOTE = QT_TRANSLATE_NOOP(
    "RetrievalNotes", "Passages were found by their words only: {reason}."
)


class RetrievalStore(Protocol):
    """What retrieval needs of the store (DocumentStore has it)."""

    @property
    def vectors_available(self) -> bool: ...

    vectors_unavailable: str | None

    def rank_keywords(
        self, query: str, collection_ids: Sequence[int], limit: int
    ) -> list[tuple[int, float]]: ...

    def rank_vectors(
        self,
        vector: Sequence[float],
        embedder: str,
        collection_ids: Sequence[int],
        limit: int,
    ) -> list[tuple[int, float]]: ...

    def fully_embedded(self, embedder: str, collection_ids: Sequence[int]) -> bool: ...

    def hits(
        self, chunk_ids: Sequence[int], scores: Sequence[float] | None = None
    ) -> list[ChunkHit]: ...


@dataclass(frozen=True)
class Retrieval:
    hits: list[ChunkHit]  # best first; score: the fused score (hybrid) or -bm25 (keyword)
    mode: Literal["hybrid", "keyword"]
    note: str | None  # for the user, when retrieval was less than it could be


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[int]:
    """Ids ordered by the sum over rankings of 1 / (k + rank), rank counted from 1.

    Ties keep the order in which an id was first seen (the first ranking's order first)."""
    return [item for item, _ in fused_scores(rankings, k)]


def fused_scores(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda entry: -entry[1])  # stable: ties keep first seen


def retrieve(
    store: RetrievalStore,
    question: str,
    query_vector: Sequence[float] | None,
    embedder: str | None,
    collection_ids: Sequence[int],
    k: int = 5,
) -> Retrieval:
    """The `k` passages of these collections that best answer `question`, best first."""
    keyword_ranking = store.rank_keywords(question, collection_ids, KEYWORD_CANDIDATES)
    note = _fallback_note(store, query_vector, embedder, collection_ids)
    vector_ranking: list[tuple[int, float]] = []
    if query_vector is not None and embedder is not None and store.vectors_available:
        vector_ranking = store.rank_vectors(
            query_vector, embedder, collection_ids, VECTOR_CANDIDATES
        )
    if not vector_ranking:
        best = keyword_ranking[:k]
        hits = store.hits([chunk_id for chunk_id, _ in best], [score for _, score in best])
        return Retrieval(hits, "keyword", note)
    fused = fused_scores(
        [
            [chunk_id for chunk_id, _ in keyword_ranking],
            [chunk_id for chunk_id, _ in vector_ranking],
        ]
    )[:k]
    hits = store.hits([chunk_id for chunk_id, _ in fused], [score for _, score in fused])
    return Retrieval(hits, "hybrid", note)


def _fallback_note(
    store: RetrievalStore,
    query_vector: Sequence[float] | None,
    embedder: str | None,
    collection_ids: Sequence[int],
) -> str | None:
    if query_vector is None or embedder is None:
        return NO_EMBEDDER_NOTE
    if not store.vectors_available:
        return words(NO_VECTOR_INDEX_NOTE, reason=store.vectors_unavailable)
    if not store.fully_embedded(embedder, collection_ids):
        return NOT_EMBEDDED_NOTE
    return None

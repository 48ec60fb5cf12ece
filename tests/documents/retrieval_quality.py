"""Recall@5 on the evaluation set (`eval_set.build`), with the real pipeline: the documents are
indexed as .txt files (pages joined by form feeds) by `open_documents`, then each question is
asked three ways: hybrid (`retrieval.retrieve`, what the app uses), BM25 only and vectors only
(the store's own rankings). A question counts as found when a chunk holding its answering
passage is among the top 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.documents import DocumentStatus
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.retrieval import retrieve
from desktop.documents.store import DocumentStore
from desktop.documents.wiring import Documents, NamedEmbedder
from tests.documents.eval_set import EvalDocument, EvalQuestion, build
from tests.documents.indexed import Watcher, documents_service, write_text_files

TOP = 5


@dataclass(frozen=True)
class Recall:
    questions: int
    hybrid: float
    keyword: float
    vector: float

    def lines(self) -> list[str]:
        return [
            f"recall@{TOP} over {self.questions} questions: hybrid {self.hybrid:.3f}, "
            f"BM25 only {self.keyword:.3f}, vectors only {self.vector:.3f}",
        ]


def index_eval_set(
    docs: Documents, watcher: Watcher, folder: Path, documents: Sequence[EvalDocument]
) -> int:
    """Adds the evaluation documents to a new collection and waits until all are embedded;
    the collection's id."""
    files = write_text_files(folder, {doc.name: "\f".join(doc.pages) for doc in documents})
    collection = docs.library.create_collection("Evaluation", GENERAL_MATTER_ID)
    report = docs.library.add_paths([files], collection.id, None, GENERAL_MATTER_ID)
    assert len(report.added) == len(documents), report.describe()
    watcher.wait_for({DocumentStatus.EMBEDDED}, len(documents))
    return collection.id


def _found(store: DocumentStore, chunk_ids: Sequence[int], passage: str) -> bool:
    return any(
        passage in hit.text
        for hit in store.hits(list(chunk_ids)[:TOP], matter_id=GENERAL_MATTER_ID)
    )


def recall_at_5(
    store: DocumentStore,
    embedder: NamedEmbedder,
    collection_id: int,
    questions: Sequence[EvalQuestion],
) -> Recall:
    found = {"hybrid": 0, "keyword": 0, "vector": 0}
    vectors = embedder.embed([q.question for q in questions])
    for question, vector in zip(questions, vectors, strict=True):
        hybrid = retrieve(
            store,
            question.question,
            vector,
            embedder.name,
            [collection_id],
            TOP,
            matter_id=GENERAL_MATTER_ID,
        )
        assert hybrid.mode == "hybrid", hybrid.note
        keyword = store.rank_keywords(
            question.question, [collection_id], TOP, matter_id=GENERAL_MATTER_ID
        )
        nearest = store.rank_vectors(
            vector, embedder.name, [collection_id], TOP, matter_id=GENERAL_MATTER_ID
        )
        found["hybrid"] += _found(store, [hit.chunk_id for hit in hybrid.hits], question.passage)
        found["keyword"] += _found(store, [chunk for chunk, _ in keyword], question.passage)
        found["vector"] += _found(store, [chunk for chunk, _ in nearest], question.passage)
    total = len(questions)
    return Recall(total, *(found[side] / total for side in ("hybrid", "keyword", "vector")))


def measure(folder: Path, documents: int = 60) -> Recall:
    """Builds the evaluation set, indexes it in `folder` and measures recall@5."""
    eval_docs, questions = build(documents)
    watcher = Watcher()
    with documents_service(folder, watcher) as docs:
        collection_id = index_eval_set(docs, watcher, folder / "files", eval_docs)
        return recall_at_5(docs.store, docs.embedders.pair[1], collection_id, questions)

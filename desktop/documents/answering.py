"""The documents behind a question: which passages the model reads, and which it cited.

A conversation asks about its own attached files and the collection it is pointed at, and
only ever sees its own client matter's (issue 22): every read below names the matter, and the
store filters by it inside its queries. Short
documents that fit the budget are given whole, page by page (the answer says so); otherwise
hybrid retrieval picks the passages. Runs on the app's I/O thread, with its own store
connection; the question's vector comes from a small embedder process of its own, so a
question never waits behind an indexing batch.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from desktop.core.documents import AnswerSources, DocumentStatus, GroundedQuestion
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP
from desktop.documents.citations import check_citations
from desktop.documents.retrieval import retrieve
from desktop.documents.sources import (
    CHARS_PER_TOKEN,
    WholePage,
    grounded_question,
    number_passages,
    sources_part,
    whole_pages,
)

log = logging.getLogger(__name__)

CANDIDATES = 8  # passages retrieved; as many as fit the budget are given
READY = (DocumentStatus.KEYWORD, DocumentStatus.EMBEDDED)
STILL_READING = QT_TRANSLATE_NOOP(
    "RetrievalNotes", "The documents are still being read: this answer could not use them yet."
)
NOTHING_MATCHED = QT_TRANSLATE_NOOP(
    "RetrievalNotes",
    "Nothing in the documents matched the question: this answer is not based on them.",
)


class QueryEmbedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class Indexing(Protocol):
    def pause(self) -> None: ...
    def resume(self) -> None: ...


class Answering:
    def __init__(
        self, store: Any, embedder: QueryEmbedder | None, indexing: Indexing | None = None
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._indexing = indexing

    def ground(
        self, conversation_id: int, question: str, budget_tokens: int, *, matter_id: int
    ) -> GroundedQuestion | None:
        """The question with its sources, from the conversation's matter (`matter_id`)."""
        collections = self._store.scope_collections(conversation_id, matter_id=matter_id)
        if not collections:
            return None  # not a question about documents
        documents = [
            doc
            for collection in collections
            for doc in self._store.documents(collection.id, matter_id=matter_id)
            if doc.status in READY
        ]
        if not documents:
            return GroundedQuestion(text=question, sources=AnswerSources(note=STILL_READING))
        given = self._whole(documents, budget_tokens, matter_id)
        if given is not None:
            names = tuple(dict.fromkeys(s.document_name for s in given))
            sources = AnswerSources(given=tuple(given), whole_documents=names)
        else:
            sources = self._retrieved(
                [c.id for c in collections], question, budget_tokens, matter_id
            )
        if not sources.given:
            sources = sources.model_copy(update={"note": sources.note or NOTHING_MATCHED})
        return GroundedQuestion(
            text=grounded_question(question, sources.given),
            sources=sources,
            prefix_chars=len(sources_part(sources.given)),
        )

    def set_embedder(self, embedder: QueryEmbedder | None) -> None:
        """Questions are embedded by the model that builds the vectors (on the I/O thread)."""
        self._embedder = embedder

    def cite(self, sources: AnswerSources, answer: str) -> AnswerSources:
        check = check_citations(answer, {source.number for source in sources.given})
        return sources.model_copy(update={"cited": check.cited, "unknown": check.unknown})

    def set_generating(self, generating: bool) -> None:
        if self._indexing is not None:
            (self._indexing.pause if generating else self._indexing.resume)()

    def _whole(
        self, documents: Sequence[Any], budget_tokens: int, matter_id: int
    ) -> list[Any] | None:
        """Every page of every document, when all of it fits (cheap check first)."""
        size = self._store.text_size([doc.id for doc in documents], matter_id=matter_id)
        if size > budget_tokens * CHARS_PER_TOKEN:
            return None
        pages = [
            WholePage(doc.id, doc.name, doc.sha256, number, text)
            for doc in documents
            for number, text in self._store.pages(doc.id, matter_id=matter_id)
        ]
        return whole_pages(pages, budget_tokens)

    def _retrieved(
        self, collection_ids: list[int], question: str, budget_tokens: int, matter_id: int
    ) -> AnswerSources:
        vector, embedder = None, None
        if self._embedder is not None:
            try:
                vector, embedder = self._embedder.embed([question])[0], self._embedder.name
            except KnownError as exc:  # keyword search still answers; the note says why
                log.warning("question not embedded: %s", exc)
        found = retrieve(
            self._store,
            question,
            vector,
            embedder,
            collection_ids,
            k=CANDIDATES,
            matter_id=matter_id,
        )
        given = number_passages(found.hits, budget_tokens)
        return AnswerSources(given=tuple(given), note=found.note)

"""The documents feature assembled: store connections, reader and embedder processes, the
indexer, and the service the window and the chat use. `app.py` calls `open_documents` once.

Processes: the indexer's reader (parses and OCRs), a second reader for the page viewer (a
page opens while a long file is being read), the indexer's embedder, and a query embedder
(a question never waits behind an indexing batch). Each starts on first use.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.core.audit_events import Auditor
from desktop.core.documents import DocumentRow, EmbedderOption, IndexProgress, PageView
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.answering import Answering
from desktop.documents.embedders import CHOSEN_KEY, Embedder, chosen_embedder
from desktop.documents.indexer import Indexer
from desktop.documents.library import DocumentLibraryService, document_row
from desktop.documents.reader import DocumentReader
from desktop.documents.store import DocumentStore, open_document_store
from desktop.documents.stored import DocumentInfo
from desktop.inference.embedder_client import EmbedderClient

VIEWER_SCALE = 2.0  # sharp on a high-density screen; the viewer scales it down to fit


class NamedEmbedder:
    """An embedder client with the name its vectors are kept under: model file and SHA-256,
    so vectors of another model (or another build of it) are never mixed in; it puts the
    model's task prefix before each text ("search_query: " for nomic's questions)."""

    def __init__(self, client: EmbedderClient, path: Path, prefix: str = "") -> None:
        self.client = client
        self.prefix = prefix
        self._path = path

    @cached_property
    def name(self) -> str:
        """Hashed on first use (indexing or a question, on the I/O thread), not at start: the
        embedding model's SHA-256 took half a second before the window could show."""
        return f"{self._path.stem}:{self.client.model_sha256[:16]}"

    @property
    def dimension(self) -> int:
        return self.client.dimension

    def embed(self, texts: list[str]) -> list[list[float]]:
        texts = [self.prefix + text for text in texts] if self.prefix else texts
        return [list(map(float, vector)) for vector in self.client.embed(texts)]

    def pause(self) -> None:
        self.client.pause()

    def resume(self) -> None:
        self.client.resume()

    def close(self) -> None:
        self.client.close()


Pair = tuple[NamedEmbedder, NamedEmbedder] | tuple[None, None]  # the indexer's, the questions'


class EmbedderSwitch:
    """The embedding model in use, and changing it (the library asks, on the I/O thread)."""

    def __init__(
        self,
        choices: Sequence[Embedder],
        chosen_id: str | None,
        *,
        air_gapped: bool,
        on_event: Callable[[object], None] | None,
    ) -> None:
        self.choices = list(choices)
        self._air_gapped = air_gapped
        self._on_event = on_event
        self.current = chosen_embedder(self.choices, chosen_id)
        self.problem: str | None = None
        try:
            self.pair: Pair = self.start(self.current)
        except KnownError as exc:  # a damaged model file: keyword search still works
            self.current, self.pair = None, (None, None)
            self.problem = f"Documents are found by keyword only: {exc}"

    def start(self, choice: Embedder | None) -> Pair:
        if choice is None or choice.path is None:
            return None, None
        path, entry = choice.path, choice.entry
        return tuple(  # type: ignore[return-value]
            NamedEmbedder(
                EmbedderClient(path, air_gapped=self._air_gapped, on_event=self._on_event),
                path,
                prefix,
            )
            for prefix in (entry.document_prefix, entry.query_prefix)
        )

    def options(self) -> list[EmbedderOption]:
        return [
            EmbedderOption(
                id=choice.entry.id,
                name=choice.entry.name,
                installed=choice.installed,
                chosen=choice is self.current,
                good_for=choice.entry.good_for or "",
            )
            for choice in self.choices
        ]

    def find(self, embedder_id: str) -> Embedder:
        for choice in self.choices:
            if choice.entry.id == embedder_id:
                return choice
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "There is no embedding model {embedder_id!r} in the catalog."
                ),
                embedder_id=embedder_id,
            )
        )

    def close(self) -> None:
        for embedder in self.pair:
            if embedder is not None:
                with contextlib.suppress(Exception):
                    embedder.close()


@dataclass
class Documents:
    library: DocumentLibraryService
    indexer: Indexer
    store: DocumentStore  # the I/O thread's connection
    readers: tuple[DocumentReader, ...]
    embedders: EmbedderSwitch

    def close(self) -> None:
        """Stop indexing (the work left is in the store for next time), then the processes."""
        self.indexer.close()  # it closes an embedder it was handed and had not taken yet
        for reader in self.readers:
            with contextlib.suppress(Exception):
                reader.close()
        self.embedders.close()
        self.store.close()


def open_documents(
    path: Path,
    data_key: bytes,
    auditor: Auditor,
    *,
    embedders: Sequence[Embedder],
    air_gapped: bool,
    on_progress: Callable[[IndexProgress], None],
    on_document: Callable[[DocumentRow], None],
    on_error: Callable[[str], None],
    on_event: Callable[[object], None] | None = None,
) -> Documents:
    """Everything documents need, indexing started (it resumes what a last run left)."""
    store = open_document_store(path, data_key)
    reader = DocumentReader(air_gapped=air_gapped, on_event=on_event)
    viewer = DocumentReader(air_gapped=air_gapped, ocr=False, on_event=on_event)
    switch = EmbedderSwitch(
        embedders, store.setting(CHOSEN_KEY), air_gapped=air_gapped, on_event=on_event
    )
    if switch.problem:
        on_error(switch.problem)
    indexing, questions = switch.pair

    def changed(info: DocumentInfo) -> None:
        on_document(document_row(info))

    indexer = Indexer(
        lambda: open_document_store(path, data_key),
        reader,
        indexing,
        auditor,
        on_progress=on_progress,
        on_change=changed,
        on_error=on_error,
    )

    def render(doc: DocumentInfo, original: Any, page: int, start: int, end: int) -> PageView:
        drawn = viewer.render(
            original.read(), doc.name, page, scale=VIEWER_SCALE, start=start, end=end
        )
        return PageView(
            document_id=doc.id,
            document_name=doc.name,
            page=page,
            page_count=doc.page_count or page,
            kind="image",
            width=drawn.page.width,
            height=drawn.page.height,
            stride=drawn.page.stride,
            bgra=drawn.page.bgra,
            scale=drawn.page.scale,
            rects=tuple(tuple(rect) for rect in drawn.rects),  # type: ignore[misc]
        )

    answering = Answering(store, questions, indexer)
    library = DocumentLibraryService(store, indexer, answering, auditor, render, switch)
    indexer.start()
    return Documents(library, indexer, store, (reader, viewer), switch)

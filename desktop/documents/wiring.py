"""The documents feature assembled: store connections, reader and embedder processes, the
indexer, and the service the window and the chat use. `app.py` calls `open_documents` once.

Processes: the indexer's reader (parses and OCRs), a second reader for the page viewer (a
page opens while a long file is being read), the indexer's embedder, and a query embedder
(a question never waits behind an indexing batch). Each starts on first use.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.audit_events import Auditor
from desktop.core.documents import DocumentRow, IndexProgress, PageView
from desktop.core.errors import KnownError
from desktop.documents.answering import Answering
from desktop.documents.indexer import Indexer
from desktop.documents.library import DocumentLibraryService, document_row
from desktop.documents.reader import DocumentReader
from desktop.documents.store import DocumentStore, open_document_store
from desktop.documents.stored import DocumentInfo
from desktop.inference.embedder_client import EmbedderClient

VIEWER_SCALE = 2.0  # sharp on a high-density screen; the viewer scales it down to fit
EMBEDDER_FILE = "all-MiniLM-L6-v2.gguf"  # converted at set-up (scripts/fetch_models.py)


class NamedEmbedder:
    """An embedder client with the name its vectors are kept under: model file and SHA-256,
    so vectors of another model (or another build of it) are never mixed in."""

    def __init__(self, client: EmbedderClient, path: Path) -> None:
        self.client = client
        self.name = f"{path.stem}:{client.model_sha256[:16]}"

    @property
    def dimension(self) -> int:
        return self.client.dimension

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, vector)) for vector in self.client.embed(texts)]

    def pause(self) -> None:
        self.client.pause()

    def resume(self) -> None:
        self.client.resume()

    def close(self) -> None:
        self.client.close()


@dataclass
class Documents:
    library: DocumentLibraryService
    indexer: Indexer
    store: DocumentStore  # the I/O thread's connection
    readers: tuple[DocumentReader, ...]
    embedders: tuple[NamedEmbedder, ...]

    def close(self) -> None:
        """Stop indexing (the work left is in the store for next time), then the processes."""
        self.indexer.close()
        for process in (*self.readers, *self.embedders):
            with contextlib.suppress(Exception):
                process.close()
        self.store.close()


def find_embedder(models_dirs: list[Path]) -> Path | None:
    for folder in models_dirs:
        candidate = folder / EMBEDDER_FILE
        if candidate.is_file():
            return candidate
    return None


def open_documents(
    path: Path,
    data_key: bytes,
    auditor: Auditor,
    *,
    embedder_path: Path | None,
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
    embedders: tuple[NamedEmbedder, ...] = ()
    if embedder_path is not None:
        try:
            embedders = tuple(
                NamedEmbedder(
                    EmbedderClient(embedder_path, air_gapped=air_gapped, on_event=on_event),
                    embedder_path,
                )
                for _ in range(2)  # the indexer's and the questions'
            )
        except KnownError as exc:
            on_error(f"Documents are found by keyword only: {exc}")
    indexing, questions = embedders if embedders else (None, None)

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
    library = DocumentLibraryService(store, indexer, answering, auditor, render)
    indexer.start()
    return Documents(library, indexer, store, (reader, viewer), embedders)

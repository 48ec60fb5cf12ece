"""`cloister selftest`'s documents step: a PDF read, OCR'd, indexed, embedded and found again.

The sample PDF (`sample_pdf`: a text page and a scanned page) goes through the parts the app
uses, in its order: the encrypted documents store keeps the original, the caged document
reader reads it and OCRs the scan, the chunker cuts it, the store saves pages and chunks, the
bundled embedder (all-MiniLM-L6-v2, in its own caged process) computes the vectors, and
hybrid retrieval must find the scanned page's passage for a question in its words. So a
bundle that lost RapidOCR's models, sqlite-vec's extension, PDFium or the embedder fails here.

Imported by `selftest` when the step runs (it loads numpy; the steps before it do not).
"""

from __future__ import annotations

from desktop.cli.sample_pdf import QUESTION, SCANNED_WORDS, sample_pdf
from desktop.cli.selftest import PLAINTEXT_HEADER, StepFailed
from desktop.core.audit_events import AuditEvent, Auditor, EventType
from desktop.core.matters import GENERAL_MATTER_ID
from desktop.documents.chunking import chunk_pages
from desktop.documents.embedders import find_embedders
from desktop.documents.reader import DocumentReader
from desktop.documents.retrieval import retrieve
from desktop.documents.store import open_document_store
from desktop.documents.wiring import NamedEmbedder
from desktop.inference.embedder_client import EmbedderClient
from desktop.models.catalog import Catalog
from desktop.paths import AppPaths, assets_dir, bundled_models_dir

NAME = "selftest-lease.pdf"
SCANNED_PAGE_NUMBER = 2


def check_documents(paths: AppPaths, data_key: bytes, air_gapped: bool, audit: Auditor) -> str:
    starter = Catalog.load(assets_dir() / "catalog.json").starter_embedder
    [found_starter] = find_embedders([starter], [bundled_models_dir()])
    embedder_path = found_starter.path
    if embedder_path is None:
        raise StepFailed(f"{starter.file} is not in {bundled_models_dir()}")
    data = sample_pdf()
    store = open_document_store(paths.documents_database, data_key)
    reader = DocumentReader(air_gapped=air_gapped)
    embedder = NamedEmbedder(EmbedderClient(embedder_path, air_gapped=air_gapped), embedder_path)
    try:
        collection = store.create_collection("Self-test", matter_id=GENERAL_MATTER_ID)
        doc, _ = store.add_document(collection.id, NAME, data)
        extracted = reader.read(data, NAME)
        scan = extracted.pages[SCANNED_PAGE_NUMBER - 1].text.lower()
        if not all(word in scan for word in SCANNED_WORDS):
            notes = " ".join(extracted.notes) or "no note"
            raise StepFailed(f"OCR of the scanned page read {scan[:80]!r} ({notes})")
        chunks = chunk_pages(extracted.pages)
        store.save_extraction(doc.id, extracted.pages, chunks, extracted.title)
        audit.record(
            AuditEvent(
                event_type=EventType.DOCUMENT_INDEX,
                target_type="document",
                target_id=doc.sha256,
                details={"name": NAME, "pages": len(extracted.pages), "chunks": len(chunks)},
            )
        )
        waiting = store.chunks_without_vectors(embedder.name, len(chunks) + 1)
        vectors = embedder.embed([text for _, text in waiting])
        ids = [chunk_id for chunk_id, _ in waiting]
        store.save_vectors(embedder.name, embedder.dimension, list(zip(ids, vectors, strict=True)))
        found = retrieve(
            store,
            QUESTION,
            embedder.embed([QUESTION])[0],
            embedder.name,
            [collection.id],
            k=3,
            matter_id=GENERAL_MATTER_ID,
        )
        _check_found(found.mode, found.note, [hit.page for hit in found.hits])
        store.checkpoint()  # the pages leave the WAL for the database file itself
        with paths.documents_database.open("rb") as file:
            if file.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER:
                raise StepFailed(f"{paths.documents_database} is a plaintext SQLite file")
        caged = reader.started is not None and reader.started.caged
        return (
            f"{NAME}: {len(extracted.pages)} pages, page {SCANNED_PAGE_NUMBER} read by OCR; "
            f"{len(chunks)} chunks, {embedder.dimension}-d vectors by {embedder_path.stem}; "
            f"{QUESTION!r} -> page {found.hits[0].page} (hybrid); "
            f"reader {'caged' if caged else 'NOT caged'}; ciphertext on disk"
        )
    finally:
        embedder.close()
        reader.close()
        store.close()


def _check_found(mode: str, note: str | None, pages: list[int | None]) -> None:
    if mode != "hybrid":
        raise StepFailed(f"retrieval fell back to keywords: {note}")
    if not pages or pages[0] != SCANNED_PAGE_NUMBER:
        raise StepFailed(f"{QUESTION!r} found pages {pages}, not page {SCANNED_PAGE_NUMBER}")

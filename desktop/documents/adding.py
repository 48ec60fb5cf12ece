"""Adding and removing one document, audited: shared by the window's actions and the
watched-folder scan (which runs on the indexer's thread with its own store)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.audit_events import AuditEvent, Auditor, EventType
from desktop.core.errors import KnownError
from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.store import DocumentStore
from desktop.documents.stored import CollectionInfo, DocumentInfo

# Larger files are refused with a clear message: reading one takes more memory than an office
# PC can spare beside the model, and no court filing or record is one file that large.
MAX_FILE_BYTES = 256 << 20


def add_file(
    store: DocumentStore, auditor: Auditor, collection: CollectionInfo, path: Path
) -> tuple[DocumentInfo, bool]:
    """Store a copy of the file, queued for reading; False: the same file is there already.
    Raises KnownError with the reason (no sentence start: "name: reason" reads on)."""
    try:
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            raise KnownError(
                words(
                    QT_TRANSLATE_NOOP(
                        "DocumentErrors",
                        "it is {size:,.0f} MB; Cloister reads files up to {limit} "
                        "MB. Split it (for a PDF: print ranges of pages to PDF) and "
                        "add the parts",
                    ),
                    size=stat.st_size / (1 << 20),
                    limit=MAX_FILE_BYTES >> 20,
                )
            )
        with path.open("rb") as stream:
            doc, new = store.add_document(
                collection.id,
                path.name,
                stream,
                source_path=str(path),
                source_mtime=stat.st_mtime,
            )
    except OSError as exc:
        raise KnownError(
            words(
                QT_TRANSLATE_NOOP("DocumentErrors", "it could not be read ({reason})"),
                reason=exc.strerror or exc,
            )
        ) from exc
    if new:
        try:
            auditor.record(
                AuditEvent(
                    event_type=EventType.DOCUMENT_ADD,
                    target_type="document",
                    target_id=doc.sha256,
                    details={
                        "name": doc.name,
                        "size": doc.size,
                        "collection_id": collection.id,
                        "collection": collection.name,
                    },
                )
            )
        except BaseException:
            store.remove_document(doc.id)  # no record, no document
            raise
    return doc, new


def remove_document(store: DocumentStore, auditor: Auditor, document_id: int, why: str) -> None:
    """Recorded first, then erased (text, chunks, vectors, the copy of the original)."""
    doc = store.document(document_id)
    auditor.record(
        AuditEvent(
            event_type=EventType.DOCUMENT_REMOVE,
            reason=why,
            target_type="document",
            target_id=doc.sha256,
            details={"name": doc.name, "collection_id": doc.collection_id},
        )
    )
    store.remove_document(document_id)

"""What the document store hands out and what it takes in (plain records, no Qt, no I/O).

The parser's `Page` and the chunker's `Chunk` are not defined here: the store takes any object
with their attributes (`PageLike`, `ChunkLike`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from desktop.core.documents import DocumentStatus

__all__ = ["DocumentStatus"]  # the window's status words and the store's are the same


class CollectionKind(StrEnum):
    LIBRARY = "library"  # a named collection a conversation can be pointed at
    CONVERSATION = "conversation"  # the files attached to one conversation


class PageLike(Protocol):
    number: int
    text: str
    needs_ocr: bool
    # Optional: `ocr_engine` (str), the engine that read a scanned page.


class ChunkLike(Protocol):
    index: int
    page: int
    start: int
    end: int
    heading: str | None
    text: str


@dataclass(frozen=True)
class CollectionInfo:
    id: int
    name: str
    kind: CollectionKind
    conversation_id: int | None
    embedder: str | None  # name and SHA-256 of the model that built its vectors
    created_at: str
    matter_id: int = 1  # the client matter it belongs to (issue 22; General is 1)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    collection_id: int
    name: str
    sha256: str
    size: int
    kind: str  # the file's type, e.g. "pdf", "docx"
    page_count: int | None
    title: str | None
    status: DocumentStatus
    message: str | None  # why it failed, for the user
    notes: dict[str, Any] = field(default_factory=dict)
    source_path: str | None = None  # where a watched folder's file lives
    source_mtime: float | None = None
    imported_at: str = ""
    indexed_at: str | None = None


@dataclass(frozen=True)
class ChunkHit:
    chunk_id: int
    document_id: int
    document_name: str
    document_sha256: str
    page: int | None
    start: int | None  # character offsets of the passage, as the chunker gave them
    end: int | None
    heading: str | None
    text: str
    score: float  # higher is better; its scale depends on the search that found it

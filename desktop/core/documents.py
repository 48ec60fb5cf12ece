"""Documents as the window shows them (issue 19): collections, indexing progress, the
sources an answer was given and the ones it cited.

Plain data, so the UI can show them and the conversation store can keep an answer's sources
with it (an answer stays traceable to its pages after a restart and in every export).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, SkipValidation

from desktop.core.display_text import safe_title
from desktop.core.translatable import QT_TRANSLATE_NOOP, joined, words


class DocumentStatus(StrEnum):
    QUEUED = "queued"  # stored, waiting to be read
    READING = "reading"  # being parsed (and OCR'd)
    NEEDS_PASSWORD = "needs_password"  # an encrypted PDF: ask the user
    KEYWORD = "keyword"  # read and chunked: found by keyword search, vectors still to come
    EMBEDDED = "embedded"  # fully indexed
    FAILED = "failed"  # could not be read; the message says why


STATUS_WORDS = {
    DocumentStatus.QUEUED: "waiting",
    DocumentStatus.READING: "reading",
    DocumentStatus.NEEDS_PASSWORD: "needs its password",
    DocumentStatus.KEYWORD: "searchable by keyword",
    DocumentStatus.EMBEDDED: "indexed",
    DocumentStatus.FAILED: "could not be read",
}


class CollectionRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    documents: int = 0
    conversation_id: int | None = None  # a conversation's own attached files
    embedder: str | None = None  # the embedding model that built its vectors


class DocumentRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    collection_id: int
    name: str
    status: DocumentStatus
    pages: int | None = None
    size: int = 0
    sha256: str = ""
    message: str | None = None  # why it failed, or notes (pages read by OCR, unreadable pages)


class EmbedderOption(BaseModel):
    """An embedding model the Documents page offers."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    installed: bool
    chosen: bool = False
    good_for: str = ""


class IndexProgress(BaseModel):
    """What the indexer is doing, for the progress bar: files, pages and an estimate."""

    model_config = ConfigDict(frozen=True)

    files_done: int = 0
    files_total: int = 0
    pages_done: int = 0
    pages_total: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    current: str | None = None  # the file in hand
    eta_seconds: float | None = None
    paused: bool = False  # waiting while an answer is written

    @property
    def busy(self) -> bool:
        return self.files_done < self.files_total or self.chunks_embedded < self.chunks_total


class SourceRef(BaseModel):
    """One numbered source given to the model: a passage of a document page."""

    model_config = ConfigDict(frozen=True)

    number: int  # [n] in the prompt and the answer
    document_id: int
    document_name: str
    document_sha256: str
    page: int
    start: int  # character offsets of the passage in the page's text
    end: int
    text: str  # the passage itself, as the model read it
    chunk_id: int | None = None  # None when a whole short document was given
    heading: str | None = None

    @property
    def label(self) -> str:
        return f"{safe_title(self.document_name)}, page {self.page}"


class AnswerSources(BaseModel):
    """The sources behind one answer: what it was given, what it cited, what went wrong."""

    model_config = ConfigDict(frozen=True)

    given: tuple[SourceRef, ...] = ()
    cited: tuple[int, ...] = ()  # source numbers in order of first citation
    unknown: tuple[int, ...] = ()  # numbers the answer cited that match no source
    whole_documents: tuple[str, ...] = ()  # short documents given whole, not in pieces
    # e.g. keyword search only, because no embedding model; not validated, so that a marked
    # text keeps its template for the window (core/translatable) instead of becoming a str
    note: Annotated[str | None, SkipValidation] = None

    @property
    def cited_sources(self) -> tuple[SourceRef, ...]:
        by_number = {source.number: source for source in self.given}
        return tuple(by_number[n] for n in self.cited if n in by_number)

    @property
    def problem(self) -> str | None:
        """What to flag to the user about the citations, or None when they hold up."""
        if not self.given:
            return None
        if self.unknown:
            numbers = ", ".join(f"[{n}]" for n in self.unknown)
            return words(
                QT_TRANSLATE_NOOP(
                    "RetrievalNotes",
                    "The answer cites {numbers}, which matches no source: check it yourself.",
                ),
                numbers=numbers,
            )
        if not self.cited:
            return QT_TRANSLATE_NOOP(
                "RetrievalNotes",
                "The answer cites none of its sources: check it against the documents.",
            )
        return None


class GroundedQuestion(BaseModel):
    """The latest question as the model reads it (with its numbered sources), and those
    sources, kept with the answer once it has cited them."""

    model_config = ConfigDict(frozen=True)

    text: str
    sources: AnswerSources
    # The characters of `text` before the question: the instruction and the sources, the
    # part the document prompt cache keeps (inference/prompt_cache.py). 0: no sources.
    prefix_chars: int = 0


def sources_record(sources: AnswerSources) -> dict[str, object]:
    """An answer's sources for its audit record: traceable later without the text itself."""
    return {
        "given": [
            {
                "number": s.number,
                "document_sha256": s.document_sha256,
                "document": s.document_name,
                "page": s.page,
                "chunk_id": s.chunk_id,
                "start": s.start,
                "end": s.end,
            }
            for s in sources.given
        ],
        "cited": list(sources.cited),
        "unknown": list(sources.unknown),
        "whole_documents": list(sources.whole_documents),
        "mode_note": sources.note,
    }


class PageView(BaseModel):
    """One page of a document as the source viewer shows it, with a passage to highlight.

    A PDF page comes as a bitmap (`kind` "image": BGRA bytes, rendered at `scale` times its
    size at scale 1.0) with the passage's rectangles at scale 1.0, top-left origin, y down;
    any other format as its text (`kind` "text") with the passage as [start, end) offsets.
    """

    model_config = ConfigDict(frozen=True)

    document_id: int
    document_name: str
    page: int  # 1-based, as cited
    page_count: int
    kind: Literal["image", "text"]
    width: int = 0
    height: int = 0
    stride: int = 0  # bytes per row of `bgra`
    bgra: bytes = b""
    scale: float = 1.0  # the bitmap's pixels per page pixel at scale 1.0
    rects: tuple[tuple[float, float, float, float], ...] = ()  # (left, top, right, bottom)
    text: str = ""
    start: int = 0  # the passage in `text`; start == end: nothing to highlight
    end: int = 0
    note: str = ""  # why the page is shown this way (a scan's passage is marked in its text)


class AddReport(BaseModel):
    """What became of the files the user added: where they went, and what was turned away."""

    model_config = ConfigDict(frozen=True)

    collection_id: int  # a conversation's own collection is made when its first file comes
    added: tuple[str, ...] = ()  # file names queued for indexing
    duplicates: tuple[str, ...] = ()  # already in that collection (same SHA-256)
    # "name: why", e.g. an unsupported type or an unreadable file; not validated, so that each
    # keeps its template for the window (core/translatable)
    refused: Annotated[tuple[str, ...], SkipValidation] = ()

    def describe(self) -> str:
        parts = []
        if self.added:
            count = len(self.added)
            parts.append(
                words(QT_TRANSLATE_NOOP("AddReport", "Added {name}."), name=self.added[0])
                if count == 1
                else words(QT_TRANSLATE_NOOP("AddReport", "Added {count} files."), count=count)
            )
        if self.duplicates:
            there = QT_TRANSLATE_NOOP("AddReport", "Already there: {names}.")
            parts.append(words(there, names=", ".join(self.duplicates)))
        if self.refused:
            not_added = QT_TRANSLATE_NOOP("AddReport", "Not added: {files}.")
            parts.append(words(not_added, files=joined("; ", self.refused)))
        return joined(" ", parts) if parts else QT_TRANSLATE_NOOP("AddReport", "No files to add.")

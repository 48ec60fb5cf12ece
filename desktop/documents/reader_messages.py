"""What the app and the document reader process say to each other over their pipe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.documents.extracted import DocumentError, ExtractedDocument

if TYPE_CHECKING:  # pypdfium2 is imported where a page is drawn, not at the app's start
    from desktop.documents.formats.pdf import RenderedPage


@dataclass(frozen=True)
class ReadRequest:
    """Followed on the pipe by the file's bytes, sent raw (`send_bytes`): pickling them with the
    request would copy a 500 MB file once more on each side."""

    name: str
    password: str | None
    ocr: bool  # False: scanned pages stay empty, with a note naming them


@dataclass(frozen=True)
class RenderRequest:
    """A page drawn for the page viewer, with a passage's rectangles; the bytes follow."""

    name: str
    password: str | None
    page: int
    scale: float
    start: int
    end: int


@dataclass(frozen=True)
class RenderDone:
    page: RenderedPage
    rects: list[tuple[float, float, float, float]]


@dataclass(frozen=True)
class Shutdown:
    pass


@dataclass(frozen=True)
class ReaderStarted:
    """Sent once, first: how the process is confined (the app may audit it)."""

    caged: bool
    cage: str  # in words: writes, sockets and processes
    memory: str  # its memory ceiling, in words


@dataclass(frozen=True)
class ReadProgress:
    pages_done: int
    pages_total: int


@dataclass(frozen=True)
class ReadDone:
    document: ExtractedDocument


@dataclass(frozen=True)
class ReadFailed:
    error: DocumentError  # NeedsPassword among them: pickled whole

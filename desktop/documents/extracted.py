"""What a parser makes of a document: its text, page by page, with headings.

Every format reader returns an `ExtractedDocument`; page numbers are 1-based and heading offsets
are character offsets into their page's text, so a chunk can keep both and a citation can point
back at a page. Pages of a scanned PDF come back empty with `needs_ocr` set; OCR later replaces
them (`with_pages`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from desktop.core.errors import KnownError

DocumentKind = Literal["pdf", "docx", "text", "markdown", "html", "eml", "msg", "rtf"]


class DocumentError(KnownError):
    """A document cannot be read: damaged, unsupported, refused; the message names the file."""


class NeedsPassword(DocumentError):
    """An encrypted PDF, opened without its password or with a wrong one."""


@dataclass(frozen=True)
class Heading:
    offset: int  # character offset in the page's text
    title: str


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    text: str
    headings: tuple[Heading, ...] = ()
    needs_ocr: bool = False  # no text layer, but something drawn: a scan


@dataclass(frozen=True)
class ExtractedDocument:
    kind: DocumentKind
    pages: tuple[Page, ...]
    title: str | None = None
    notes: tuple[str, ...] = ()  # sentences for the user: what was skipped and why

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def scanned_pages(self) -> list[int]:
        return [page.number for page in self.pages if page.needs_ocr]

    @property
    def has_text(self) -> bool:
        return any(page.text.strip() for page in self.pages)

    def with_pages(self, pages: tuple[Page, ...] | list[Page]) -> ExtractedDocument:
        """The same document with these pages (OCR's text in place of the scans)."""
        return replace(self, pages=tuple(pages))


def pages_from_texts(
    texts: list[str], headings: list[tuple[Heading, ...]] | None = None
) -> tuple[Page, ...]:
    """Pages numbered from 1; `headings`, when given, is parallel to `texts`."""
    found = headings or [()] * len(texts)
    return tuple(
        Page(number=i, text=text, headings=marks)
        for i, (text, marks) in enumerate(zip(texts, found, strict=True), start=1)
    )

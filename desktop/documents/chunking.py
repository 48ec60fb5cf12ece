"""Pages into chunks of roughly a paragraph or two, each traceable to its page and heading.

A chunk never crosses a page (a citation names one page) or a heading (a section's chunk is
about that section). Paragraphs are packed up to TARGET_CHARS; a paragraph longer than
MAX_CHARS is cut at sentence ends, then at spaces. A heading line stays with the text after
it. Offsets are character offsets into the page's text, so the viewer can highlight the exact
passage; a chunk's text is that slice, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

TARGET_CHARS = 900  # ~200 tokens: a paragraph or two of legal prose
MAX_CHARS = 1500  # MiniLM reads 512 tokens; stay well inside for any prose

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])[\"')\]]*\s+")


class HeadingLike(Protocol):
    offset: int
    title: str


class PageLike(Protocol):
    number: int
    text: str
    headings: Sequence[HeadingLike]


@dataclass(frozen=True)
class Chunk:
    index: int  # order in the document, from 0
    page: int  # 1-based page number
    start: int  # [start, end) in the page's text
    end: int
    heading: str | None  # the section it belongs to, if the document has headings
    text: str


def chunk_pages(pages: Iterable[PageLike]) -> list[Chunk]:
    chunks: list[Chunk] = []
    heading: str | None = None  # a section carries over to the next page
    for page in pages:
        for start, end, section in _sections(page, heading):
            heading = section
            for span_start, span_end in _pack(page.text, start, end):
                text = page.text[span_start:span_end]
                chunks.append(Chunk(len(chunks), page.number, span_start, span_end, section, text))
    return chunks


def _sections(page: PageLike, heading: str | None) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, heading) of each run of the page under one heading."""
    cuts = sorted((h.offset, h.title) for h in page.headings if 0 <= h.offset < len(page.text))
    start = 0
    for offset, title in cuts:
        if offset > start:
            yield start, offset, heading
        start, heading = offset, title
    yield start, len(page.text), heading


def _pack(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of whole paragraphs up to TARGET_CHARS; long ones cut to MAX_CHARS."""
    current: tuple[int, int] | None = None
    for piece_start, piece_end in _pieces(text, start, end):
        if current is None:
            current = (piece_start, piece_end)
        elif piece_end - current[0] <= TARGET_CHARS or _is_heading_only(text, *current):
            current = (current[0], piece_end)
        else:
            yield current
            current = (piece_start, piece_end)
    if current is not None:
        yield current


def _is_heading_only(text: str, start: int, end: int) -> bool:
    """A lone short line (a heading) joins the paragraph after it."""
    body = text[start:end].strip()
    return "\n" not in body and len(body) < 120


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Paragraph spans with their surrounding blank space trimmed, none over MAX_CHARS."""
    position = start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        yield from _trimmed_and_cut(text, position, match.start())
        position = match.end()
    yield from _trimmed_and_cut(text, position, end)


def _trimmed_and_cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_CHARS:
        cut = _cut_point(text, start, start + MAX_CHARS)
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _cut_point(text: str, start: int, limit: int) -> int:
    """The last sentence end before `limit` (past the middle), else the last space, else it."""
    middle = start + (limit - start) // 2
    best = None
    for match in _SENTENCE_END.finditer(text, middle, limit):
        best = match.start()
    if best is None:
        space = text.rfind(" ", middle, limit)
        best = space if space > start else limit
    return best

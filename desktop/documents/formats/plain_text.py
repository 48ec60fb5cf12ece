"""Plain text and Markdown files: pages split at form feeds, Markdown headings found.

The text is kept as written (Markdown markup included: the model reads it well and a citation
shows the same characters); only line endings become "\\n".
"""

from __future__ import annotations

import re

from desktop.documents.extracted import ExtractedDocument, Heading, pages_from_texts
from desktop.documents.formats.text_encoding import decode_text

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def read_text(data: bytes, name: str) -> ExtractedDocument:
    pages = split_pages(decode_text(data, name))
    return ExtractedDocument(kind="text", pages=pages_from_texts(pages))


def read_markdown(data: bytes, name: str) -> ExtractedDocument:
    pages = split_pages(decode_text(data, name))
    headings = [markdown_headings(page) for page in pages]
    title = next((marks[0].title for marks in headings if marks), None)
    return ExtractedDocument(kind="markdown", pages=pages_from_texts(pages, headings), title=title)


def split_pages(text: str) -> list[str]:
    """Normalised line endings, one string per form-feed-separated page."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\f")


def markdown_headings(text: str) -> tuple[Heading, ...]:
    """ATX (`# Title`) and setext (`Title` over `===` or `---`) headings, outside code fences."""
    found: list[Heading] = []
    offset = 0
    fence: str | None = None
    previous: tuple[int, str] | None = None  # (offset, line) of a paragraph line just before
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence, previous = opened.group(1), None
            continue
        atx = _ATX.match(line)
        if atx:
            title = (atx.group(2) or "").strip()
            if title:
                found.append(Heading(offset=start, title=title))
            previous = None
            continue
        underline = _SETEXT_UNDERLINE.match(line)
        if underline and previous is not None:
            found.append(Heading(offset=previous[0], title=previous[1].strip()))
            previous = None
            continue
        previous = (start, line) if line.strip() and not line.startswith("    ") else None
    return tuple(found)

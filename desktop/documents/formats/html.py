"""HTML to text with the standard library's parser: what a reader sees, not the markup.

Scripts, styles and other invisible parts are dropped; block elements end a paragraph, so
chunks keep the page's structure; h1-h6 become headings; table cells are joined with " | ",
like Word tables. The parser never fetches anything (no images, no stylesheets).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument, Heading, Page
from desktop.documents.formats.text_encoding import decode_text

_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "object"})
_PARAGRAPH = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "ul", "h1", "h2", "h3", "h4", "h5",
        "h6", "body", "html",
    }
)  # fmt: skip
_LINE = frozenset({"br", "li", "tr", "caption", "option"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})
_RANK = {"": 0, " | ": 1, "\n": 2, "\n\n": 3}
_SPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def read_html(data: bytes, name: str) -> ExtractedDocument:
    return html_document(decode_html(data, name), name)


def html_document(markup: str, name: str) -> ExtractedDocument:
    """The text of an HTML page as a one-page document (HTML has no pages)."""
    reader = _TextReader()
    try:
        reader.feed(markup)
        reader.close()
    except Exception as exc:  # html.parser is lenient; anything it still raises is damage
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "{name} could not be read: the HTML in it is damaged."
                ),
                name=name,
            )
        ) from exc
    text, headings = reader.result()
    title = reader.title or (headings[0].title if headings else None)
    return ExtractedDocument(
        kind="html", pages=(Page(number=1, text=text, headings=headings),), title=title
    )


def html_to_text(markup: str) -> str:
    """Just the visible text (for an e-mail's HTML body)."""
    reader = _TextReader()
    reader.feed(markup)
    reader.close()
    return reader.result()[0]


def decode_html(data: bytes, name: str) -> str:
    """Bytes of an HTML file to text: its own <meta charset> when it names one we know."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass  # an encoding Python does not know: guess like for plain text
    return decode_text(data, name)


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self._parts: list[str] = []
        self._length = 0
        self._pending = ""  # the break owed before the next text
        self._hidden: list[str] = []  # open invisible elements
        self._pre = 0
        self._in_title = False
        self._title_parts: list[str] = []
        self._heading: tuple[int, list[str]] | None = None  # offset, words
        self._headings: list[Heading] = []
        self._cell_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN and tag not in _VOID:
            self._hidden.append(tag)
        if tag == "title":
            self._in_title = True
        if self._hidden:
            return
        if tag in _PARAGRAPH:
            self._owe("\n\n")
        elif tag in _LINE:
            self._owe("\n")
        if tag == "tr":
            self._cell_in_row = 0
        elif tag in ("td", "th"):
            if self._cell_in_row:
                self._owe(" | ")
            self._cell_in_row += 1
        elif tag == "pre":
            self._pre += 1
        elif tag in _HEADINGS:
            self._heading = (-1, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            self.title = _SPACE.sub(" ", "".join(self._title_parts)).strip() or None
        if self._hidden:
            if tag == self._hidden[-1]:
                self._hidden.pop()
            return
        if tag in _PARAGRAPH:
            self._owe("\n\n")
        elif tag in _LINE:
            self._owe("\n")
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        elif tag in _HEADINGS and self._heading is not None:
            offset, words = self._heading
            title = _SPACE.sub(" ", "".join(words)).strip()
            if title and offset >= 0:
                self._headings.append(Heading(offset=offset, title=title))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._hidden:
            return
        text = data if self._pre else _SPACE.sub(" ", data)
        if not self._pre and (not self._parts or self._pending or self._ends_in_space()):
            text = text.lstrip(" ")
        if not text:
            return
        if self._pending and self._parts:
            self._emit(self._pending)
        self._pending = ""
        if self._heading is not None:
            offset, words = self._heading
            self._heading = (self._length if offset < 0 else offset, [*words, text])
        self._emit(text)

    def result(self) -> tuple[str, tuple[Heading, ...]]:
        text = "".join(self._parts)
        stripped = text.rstrip()
        return stripped, tuple(h for h in self._headings if h.offset < len(stripped))

    def _owe(self, gap: str) -> None:
        """Remember a break; a paragraph break outranks a line break, which outranks a cell's."""
        if _RANK[gap] > _RANK[self._pending]:
            self._pending = gap

    def _emit(self, text: str) -> None:
        if "\n" in text and self._parts and not self._pre:
            # A break after a trailing space: drop the space so lines do not end in blanks.
            last = self._parts[-1]
            if last.endswith(" "):
                self._parts[-1] = last.rstrip(" ")
                self._length -= len(last) - len(self._parts[-1])
        self._parts.append(text)
        self._length += len(text)

    def _ends_in_space(self) -> bool:
        return bool(self._parts) and self._parts[-1][-1:].isspace()

"""Word (.docx) files through python-docx's XML tree: text in body order, pages, headings.

Paragraphs and tables come in the order they appear; a table row reads "cell | cell". Word
stores no page numbers, but it marks where it last broke pages (`w:lastRenderedPageBreak`), and
hard page breaks are in the text: both start a new page, so a citation can say "page 3" as
the user's Word would. Before anything is parsed the ZIP container is checked, so a zip bomb
(a small file that inflates to gigabytes) is refused instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import DocumentError, ExtractedDocument, Heading, Page

MAX_UNCOMPRESSED = 128 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, refused above this when the total is large too
RATIO_CHECKED_ABOVE = 16 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}r"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_RENDERED_BREAK = f"{_W}lastRenderedPageBreak"
_NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
_DELETED = (f"{_W}del", f"{_W}moveFrom")  # tracked deletions and moved-away text
_SDT, _SDT_CONTENT = f"{_W}sdt", f"{_W}sdtContent"
_BREAK = object()  # a page break in a paragraph's stream of pieces
_RENDERED = object()  # where Word last broke the page


def read_docx(data: bytes, name: str) -> ExtractedDocument:
    check_container(data, name)
    import docx  # python-docx (MIT); imported here so other formats do not load lxml's tree

    try:
        document = docx.Document(io.BytesIO(data))
        styles = {style.style_id: style.name or "" for style in document.styles}
        title = (document.core_properties.title or "").strip() or None
        builder = _PageBuilder()
        _read_blocks(document.element.body, styles, builder)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds on damage
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} could not be read: it is damaged or not a complete Word document.",
                ),
                name=name,
            )
        ) from exc
    pages = builder.pages()
    if title is None:
        title = next((p.headings[0].title for p in pages if p.headings), None)
    return ExtractedDocument(kind="docx", pages=pages, title=title)


def check_container(data: bytes, name: str) -> None:
    """A readable ZIP with a Word body, not inflating past the limits; else `DocumentError`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:  # zipfile raises many kinds on a damaged archive
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} could not be read: it is damaged or not a complete Word document.",
                ),
                name=name,
            )
        ) from exc
    if "word/document.xml" not in {member.filename for member in members}:
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} is not a Word document: it has no document text inside.",
                ),
                name=name,
            )
        )
    inflated = sum(member.file_size for member in members)
    compressed = max(1, sum(member.compress_size for member in members))
    if inflated > MAX_UNCOMPRESSED or (
        inflated > RATIO_CHECKED_ABOVE and inflated / compressed > MAX_RATIO
    ):
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors",
                    "{name} was refused: it would expand to {size} MB when "
                    "opened, which is how malicious files (zip bombs) look. Save "
                    "it again from Word, or split it.",
                ),
                name=name,
                size=inflated // (1024 * 1024),
            )
        )


def _read_blocks(container, styles: dict[str, str], builder: _PageBuilder) -> None:
    """Paragraphs and tables of a body (or a content control) in document order."""
    for child in container.iterchildren():
        if child.tag == _P:
            _read_paragraph(child, styles, builder)
        elif child.tag == _TBL:
            _read_table(child, builder)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _read_blocks(content, styles, builder)


def _read_paragraph(paragraph, styles: dict[str, str], builder: _PageBuilder) -> None:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    style_name = styles.get(style.get(f"{_W}val"), "") if style is not None else ""
    before = paragraph.find(f"{_W}pPr/{_W}pageBreakBefore")
    if before is not None and before.get(f"{_W}val", "true") not in ("0", "false", "off"):
        builder.page_break()
    heading = _is_heading(style_name)
    builder.begin_paragraph()
    for piece in _pieces(paragraph):
        if piece is _BREAK:
            builder.page_break()
        elif piece is _RENDERED:
            builder.rendered_break()
        else:
            builder.add(piece)
    start, text = builder.end_paragraph()
    if heading and text.strip():
        builder.heading(start + len(text) - len(text.lstrip()), " ".join(text.split()))


def _read_table(table, builder: _PageBuilder) -> None:
    """One line per row, cells joined by " | "; a break anywhere in a row comes before it."""
    builder.begin_paragraph()
    for row in table.iterchildren(_TR):
        cells, broke, rendered = [], False, False
        for cell in row.iterchildren(_TC):
            words = []
            for paragraph in cell.iter(_P):
                parts = []
                for piece in _pieces(paragraph):
                    if piece is _BREAK:
                        broke = True
                    elif piece is _RENDERED:
                        rendered = True
                    else:
                        parts.append(piece)
                words.append(" ".join("".join(parts).split()))
            cells.append(" ".join(w for w in words if w))
        if broke:
            builder.page_break()
        elif rendered:
            builder.rendered_break()
        if any(cells):
            builder.add_line(" | ".join(cells))
    builder.end_paragraph()


def _pieces(paragraph) -> Iterator[object]:
    """Text, `_BREAK` and `_RENDERED` in order; deleted (tracked) text is left out."""
    for element in paragraph.iter(_T, _TAB, _BR, _CR, _RENDERED_BREAK, _NO_BREAK_HYPHEN):
        if next(element.iterancestors(*_DELETED), None) is not None:
            continue
        tag = element.tag
        if tag == _T:
            yield element.text or ""
        elif tag == _TAB:
            yield "\t"
        elif tag == _NO_BREAK_HYPHEN:
            yield "-"
        elif tag == _RENDERED_BREAK:
            yield _RENDERED
        elif tag == _BR and element.get(f"{_W}type") == "page":
            yield _BREAK
        elif tag == _BR and element.get(f"{_W}type") == "column":
            yield "\n"
        else:
            yield "\n"


def _is_heading(style_name: str) -> bool:
    lowered = style_name.lower()
    return lowered == "title" or lowered.startswith("heading")


class _PageBuilder:
    """Collects text into pages; a rendered break right after a hard one is the same break."""

    def __init__(self) -> None:
        self._done: list[Page] = []
        self._parts: list[str] = []
        self._length = 0
        self._headings: list[Heading] = []
        self._paragraph_start = 0  # character offset of the open paragraph on this page
        self._paragraph_part = 0  # its first index in _parts
        self._separated = False  # whether the open paragraph was preceded by a blank line
        self._just_broke = False  # no text since the last hard break

    def begin_paragraph(self) -> None:
        self._separated = self._length > 0
        if self._separated:
            self._append("\n\n")
        self._paragraph_start, self._paragraph_part = self._length, len(self._parts)

    def add(self, text: str) -> None:
        if text:
            self._append(text)
            self._just_broke = False

    def add_line(self, text: str) -> None:
        if self._length > self._paragraph_start:
            self._append("\n")
        self.add(text)

    def end_paragraph(self) -> tuple[int, str]:
        """(offset on the current page, text) of the paragraph just read."""
        start, text = self._paragraph_start, "".join(self._parts[self._paragraph_part :])
        if not text.strip():  # an empty paragraph leaves no blank lines behind
            cut = self._paragraph_part - (1 if self._separated else 0)
            self._length -= sum(len(part) for part in self._parts[cut:])
            del self._parts[cut:]
        self._paragraph_start, self._paragraph_part = self._length, len(self._parts)
        self._separated = False
        return start, text

    def heading(self, offset: int, title: str) -> None:
        self._headings.append(Heading(offset=offset, title=title))

    def page_break(self) -> None:
        self._finish_page()
        self._just_broke = True

    def rendered_break(self) -> None:
        if not self._just_broke:
            self._finish_page()

    def pages(self) -> tuple[Page, ...]:
        self._finish_page(final=True)
        return tuple(self._done)

    def _finish_page(self, final: bool = False) -> None:
        text = "".join(self._parts).rstrip()
        if final and not text and self._done:
            return  # a break at the very end makes no empty last page
        self._done.append(
            Page(
                number=len(self._done) + 1,
                text=text,
                headings=tuple(h for h in self._headings if h.offset < max(1, len(text))),
            )
        )
        self._parts, self._length, self._headings = [], 0, []
        self._paragraph_start, self._paragraph_part, self._separated = 0, 0, False

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

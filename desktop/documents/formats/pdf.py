"""PDF files through PDFium (pypdfium2, Apache-2.0/BSD): text, scans, bookmarks, pictures.

A page's text is PDFium's text layer; a page with (almost) none but an image or a form object
drawn on it is a scan, returned empty with `needs_ocr` set. Bookmarks become headings on the
page they point at. `render_page` and `passage_rects` serve OCR and the page viewer: the
rectangles are in the coordinates of a rendering at scale 1.0, so the viewer multiplies them by
its own scale.

PDFium is not thread-safe: every call into it holds one process-wide lock.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.documents.extracted import (
    DocumentError,
    ExtractedDocument,
    Heading,
    NeedsPassword,
    Page,
)

_PDFIUM = threading.RLock()
# Fewer visible characters than this, with an image drawn: a scan (a Bates number or a page
# header stamped on a scanned page still counts as a scan).
SCAN_TEXT_CHARS = 32
_MAX_BOOKMARKS = 10_000  # a hostile outline can be huge; headings beyond this are not needed
_DEVICE_PRECISION = 64  # FPDF_PageToDevice answers in whole pixels: ask at 64x, divide
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RenderedPage:
    width: int
    height: int
    stride: int  # bytes per row
    bgra: bytes  # 8 bits per channel, B G R A: Qt's QImage.Format_ARGB32 on little-endian
    scale: float


def read_pdf(data: bytes, name: str, password: str | None = None) -> ExtractedDocument:
    """Every page's text (empty and `needs_ocr` for scans), the bookmarks and the title."""
    with _open(data, name, password) as pdf:
        try:
            pages = [_read_page(pdf, index) for index in range(len(pdf))]
            headings = _bookmarks(pdf, pages)
            title = (pdf.get_metadata_value("Title") or "").strip() or None
        except pdfium.PdfiumError as exc:
            raise _damaged(name) from exc
    pages = [Page(p.number, p.text, tuple(headings.get(p.number, ())), p.needs_ocr) for p in pages]
    return ExtractedDocument(kind="pdf", pages=tuple(pages), title=title)


def render_page(
    data: bytes, number: int, scale: float = 2.0, password: str | None = None
) -> RenderedPage:
    """Page `number` (1-based) as a BGRA picture, forms filled in, on white."""
    with _open(data, "The PDF", password) as pdf:
        _check_number(pdf, number)
        try:
            pdf.init_forms()
            page = pdf[number - 1]
            bitmap = page.render(
                scale=scale, may_draw_forms=True, force_bitmap_format=pdfium_c.FPDFBitmap_BGRA
            )
            rendered = RenderedPage(
                width=bitmap.width,
                height=bitmap.height,
                stride=bitmap.stride,
                bgra=bytes(bitmap.buffer),
                scale=scale,
            )
            bitmap.close()
            page.close()
        except pdfium.PdfiumError as exc:
            raise _damaged("The PDF") from exc
    return rendered


def passage_rects(
    data: bytes, number: int, start: int, end: int, password: str | None = None
) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) boxes, in pixels at scale 1.0 from the top-left corner, over
    the characters [start, end) of page `number`'s text as `read_pdf` gave it; one per line."""
    with _open(data, "The PDF", password) as pdf:
        _check_number(pdf, number)
        page = pdf[number - 1]
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            units = _text_units(raw)
            start, end = max(0, start), min(end, len(units))
            if start >= end:
                return []
            first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, units[start])
            last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, units[end - 1])
            if first < 0 or last < first:
                return []
            boxes = [
                textpage.get_rect(i) for i in range(textpage.count_rects(first, last - first + 1))
            ]
            return _merge_lines([_to_pixels(page, box) for box in boxes])
        finally:
            textpage.close()
            page.close()


# -- reading ------------------------------------------------------------------------------------


@contextmanager
def _open(data: bytes, name: str, password: str | None) -> Iterator[pdfium.PdfDocument]:
    with _PDFIUM:
        if not data:
            raise DocumentError(
                words(QT_TRANSLATE_NOOP("DocumentErrors", "{name} is empty."), name=name)
            )
        try:
            pdf = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                if password:
                    raise NeedsPassword(
                        words(
                            QT_TRANSLATE_NOOP(
                                "DocumentErrors", "The password for {name} is not right."
                            ),
                            name=name,
                        )
                    ) from exc
                raise NeedsPassword(
                    words(
                        QT_TRANSLATE_NOOP("DocumentErrors", "{name} is protected by a password."),
                        name=name,
                    )
                ) from exc
            raise _damaged(name) from exc
        try:
            yield pdf
        finally:
            pdf.close()


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        text = _clean(textpage.get_text_range())
        visible = len(_SPACE.sub("", text))
        if visible < SCAN_TEXT_CHARS and _draws_pictures(page):
            return Page(number=index + 1, text="", needs_ocr=True)
        return Page(number=index + 1, text=text)
    finally:
        textpage.close()
        page.close()


def _draws_pictures(page: pdfium.PdfPage) -> bool:
    """An image, or a form object with content (scanners often wrap the image in one)."""
    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM]
    return next(iter(page.get_objects(filter=kinds, max_depth=3)), None) is not None


def _bookmarks(pdf: pdfium.PdfDocument, pages: list[Page]) -> dict[int, list[Heading]]:
    """Page number -> headings, placed where the bookmark's title appears in the page text."""
    found: dict[int, list[Heading]] = {}
    for count, bookmark in enumerate(pdf.get_toc(max_depth=8)):
        if count >= _MAX_BOOKMARKS:
            break
        title = _SPACE.sub(" ", bookmark.get_title() or "").strip()
        index = _bookmark_page(pdf, bookmark)
        if not title or index is None or not 0 <= index < len(pages):
            continue
        page = pages[index]
        found.setdefault(page.number, []).append(
            Heading(offset=_find_title(page.text, title), title=title)
        )
    for marks in found.values():
        marks.sort(key=lambda heading: heading.offset)
    return found


def _bookmark_page(pdf: pdfium.PdfDocument, bookmark: pdfium.PdfBookmark) -> int | None:
    dest = pdfium_c.FPDFBookmark_GetDest(pdf, bookmark)
    if not dest:  # many writers use a GoTo action instead of a direct destination
        action = pdfium_c.FPDFBookmark_GetAction(bookmark)
        if not action:
            return None
        dest = pdfium_c.FPDFAction_GetDest(pdf, action)
        if not dest:
            return None
    index = pdfium_c.FPDFDest_GetDestPageIndex(pdf, dest)
    return index if index >= 0 else None


def _find_title(text: str, title: str) -> int:
    """Where the title is written on its page (words may be split by line breaks), else 0."""
    words = [re.escape(word) for word in title.split()]
    match = re.search(r"\s+".join(words), text, re.IGNORECASE) if words else None
    return match.start() if match else 0


def _clean(raw: str) -> str:
    """PDFium's text with "\\n" line ends; see `_text_units` for the way back."""
    return "".join(char for _, char in _cleaned_chars(raw))


def _cleaned_chars(raw: str) -> Iterator[tuple[int, str]]:
    """(UTF-16 unit index in PDFium's text, character) for each character of the clean text."""
    unit = 0
    for i, char in enumerate(raw):
        width = 2 if ord(char) > 0xFFFF else 1
        if char == "\r":
            if raw[i + 1 : i + 2] != "\n":
                yield unit, "\n"
        elif char == "\x02":  # PDFium's mark for a hyphen that ends a line
            yield unit, "-"
        elif char not in ("\x00", "\ufffe"):
            yield unit, char
        unit += width


def _text_units(raw: str) -> list[int]:
    return [unit for unit, _ in _cleaned_chars(raw)]


def _to_pixels(
    page: pdfium.PdfPage, box: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """A box in PDF units (left, bottom, right, top) to top-left pixels at scale 1.0, with the
    page's rotation and crop box applied as rendering applies them."""
    width, height = page.get_size()
    size_x = round(width * _DEVICE_PRECISION)
    size_y = round(height * _DEVICE_PRECISION)
    left, bottom, right, top = box
    xs, ys = [], []
    for px, py in ((left, bottom), (right, top)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page, 0, 0, size_x, size_y, 0, px, py, dx, dy)
        xs.append(dx.value / _DEVICE_PRECISION)
        ys.append(dy.value / _DEVICE_PRECISION)
    return (min(xs), min(ys), max(xs), max(ys))


def _merge_lines(
    boxes: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """One box per line: boxes that overlap vertically by more than half are joined."""
    merged: list[tuple[float, float, float, float]] = []
    for box in boxes:
        if merged:
            left, top, right, bottom = merged[-1]
            overlap = min(bottom, box[3]) - max(top, box[1])
            if overlap > 0.5 * min(bottom - top, box[3] - box[1]):
                merged[-1] = (
                    min(left, box[0]),
                    min(top, box[1]),
                    max(right, box[2]),
                    max(bottom, box[3]),
                )
                continue
        merged.append(box)
    return merged


def _check_number(pdf: pdfium.PdfDocument, number: int) -> None:
    if not 1 <= number <= len(pdf):
        raise DocumentError(
            words(
                QT_TRANSLATE_NOOP(
                    "DocumentErrors", "The PDF has no page {number}; it has {pages}."
                ),
                number=number,
                pages=len(pdf),
            )
        )


def _damaged(name: str) -> DocumentError:
    return DocumentError(
        words(
            QT_TRANSLATE_NOOP(
                "DocumentErrors",
                "{name} could not be read: it is damaged or not a complete PDF file.",
            ),
            name=name,
        )
    )

"""Scanned pages of a read document: OCR'd in place, or named in a note, with progress."""

from __future__ import annotations

import pytest

from desktop.documents.extracted import DocumentError, ExtractedDocument, Page
from desktop.documents.scanned_pages import page_list, read_scanned_pages, unread_scanned_pages

ENGINE = "RapidOCR 3.10.0 (PP-OCR, ONNX Runtime)"


def document(scanned: set[int], pages: int = 8) -> ExtractedDocument:
    return ExtractedDocument(
        kind="pdf",
        pages=tuple(
            Page(n, "" if n in scanned else f"text of page {n}", needs_ocr=n in scanned)
            for n in range(1, pages + 1)
        ),
        notes=("The PDF's attachments were skipped.",),
    )


def test_scanned_pages_get_the_text_ocr_read_and_a_note_says_which() -> None:
    seen: list[tuple[int, int]] = []
    read = read_scanned_pages(
        document({3, 7}),
        render=lambda number: f"picture of page {number}",
        recognise=lambda picture: f"OCR of {picture}",
        engine=ENGINE,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [page.text for page in read.pages][2] == "OCR of picture of page 3"
    assert read.pages[6].text == "OCR of picture of page 7"
    assert read.pages[0].text == "text of page 1"
    assert read.scanned_pages == []
    assert read.notes == (
        "The PDF's attachments were skipped.",
        f"Pages 3 and 7 were read by OCR ({ENGINE}); the text may contain misread words.",
    )
    assert seen == [(6, 8), (7, 8), (8, 8)]  # the text pages at once, then each scan


@pytest.mark.parametrize("failure", [MemoryError(), DocumentError("The PDF is damaged.")])
def test_a_page_that_cannot_be_drawn_is_named_and_the_others_are_read(failure) -> None:
    def render(number: int) -> str:
        if number in (2, 5):
            raise failure
        return "picture"

    read = read_scanned_pages(document({2, 4, 5}), render, lambda _: "words", ENGINE)
    assert read.pages[3].text == "words"
    assert read.scanned_pages == [2, 5]
    assert read.notes[1:] == (
        f"Page 4 was read by OCR ({ENGINE}); the text may contain misread words.",
        "Pages 2 and 5 are scanned images and could not be read: too large or damaged to draw "
        "for OCR.",
    )


def test_without_ocr_the_note_names_the_scanned_pages() -> None:
    unread = unread_scanned_pages(document({3, 7}), "no OCR engine is installed")
    assert unread.scanned_pages == [3, 7]
    assert unread.notes[-1] == (
        "Pages 3 and 7 are scanned images and could not be read: no OCR engine is installed."
    )


def test_a_document_without_scans_is_left_alone() -> None:
    plain = document(set())
    assert read_scanned_pages(plain, str, str, ENGINE) is plain
    assert unread_scanned_pages(plain, "no OCR engine is installed") is plain


@pytest.mark.parametrize(
    ("numbers", "said"),
    [
        ([3], "Page 3"),
        ([7, 3], "Pages 3 and 7"),
        ([1, 2, 3, 4, 9, 12], "Pages 1-4, 9 and 12"),
        (list(range(1, 501)), "Pages 1-500"),
    ],
)
def test_page_lists_read_as_a_person_would_write_them(numbers: list[int], said: str) -> None:
    assert page_list(numbers) == said

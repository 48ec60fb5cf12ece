"""PDFs: text per page, scans found, bookmarks as headings, passwords, pictures, highlights."""

from __future__ import annotations

import pytest

from desktop.documents.extracted import DocumentError, NeedsPassword
from desktop.documents.formats import read_document
from desktop.documents.formats.pdf import passage_rects, read_pdf, render_page
from tests.documents.pdf_writer import PAGE_HEIGHT, PAGE_WIDTH, ImagePage, encrypt_pdf, make_pdf

CONTRACT = [
    "Contract of sale\nThe buyer shall pay the price in full.\nCafé terms apply.",
    ImagePage(lines=("Signed by both parties",)),
    "Schedule A\nThe goods are listed here.",
]


@pytest.fixture(scope="module")
def contract() -> bytes:
    return make_pdf(
        CONTRACT, title="Sale of Goods", outline=[("The buyer shall pay", 1), ("Schedule A", 3)]
    )


def test_text_pages_and_title(contract: bytes) -> None:
    document = read_document(contract, "sale.pdf")
    assert document.kind == "pdf"
    assert document.title == "Sale of Goods"
    assert document.page_count == 3
    assert document.pages[0].text.splitlines() == CONTRACT[0].splitlines()
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert document.has_text


def test_scanned_page_needs_ocr_and_is_empty(contract: bytes) -> None:
    document = read_pdf(contract, "sale.pdf")
    assert document.scanned_pages == [2]
    assert document.pages[1].text == ""
    assert not document.pages[0].needs_ocr


def test_scan_with_a_stamped_number_is_still_a_scan() -> None:
    document = read_pdf(make_pdf([ImagePage(stamp="ABC000123")]), "bates.pdf")
    assert document.scanned_pages == [1]


def test_blank_page_is_not_a_scan() -> None:
    document = read_pdf(make_pdf([""]), "blank.pdf")
    assert document.scanned_pages == []
    assert not document.has_text


def test_bookmarks_become_headings_where_their_title_is(contract: bytes) -> None:
    pages = read_pdf(contract, "sale.pdf").pages
    (pay,) = pages[0].headings
    assert pay.title == "The buyer shall pay"
    assert pages[0].text[pay.offset :].startswith("The buyer shall pay")
    assert [h.title for h in pages[2].headings] == ["Schedule A"]
    assert pages[2].headings[0].offset == 0
    assert pages[1].headings == ()


def test_password_protected_pdf(contract: bytes) -> None:
    locked = encrypt_pdf(contract, "s3cret")
    with pytest.raises(NeedsPassword, match=r"locked\.pdf is protected by a password"):
        read_document(locked, "locked.pdf")
    with pytest.raises(NeedsPassword, match=r"password for locked\.pdf is not right"):
        read_document(locked, "locked.pdf", password="guess")
    opened = read_document(locked, "locked.pdf", password="s3cret")
    assert "The buyer shall pay" in opened.pages[0].text


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf[: len(pdf) // 3],  # cut off
        lambda pdf: pdf[:20] + bytes(len(pdf) - 20),  # zeroed
        lambda pdf: b"%PDF-1.7\n",  # a header and nothing else
    ],
)
def test_damaged_pdf_is_a_document_error_naming_it(contract: bytes, damage) -> None:
    with pytest.raises(DocumentError, match=r"broken\.pdf could not be read: it is damaged"):
        read_document(damage(contract), "broken.pdf")


def test_render_page_size_scales(contract: bytes) -> None:
    small = render_page(contract, 1, scale=1.0)
    large = render_page(contract, 1, scale=2.0)
    assert (small.width, small.height) == (PAGE_WIDTH, PAGE_HEIGHT)
    assert (large.width, large.height) == (2 * PAGE_WIDTH, 2 * PAGE_HEIGHT)
    assert len(large.bgra) == large.stride * large.height
    assert large.stride >= 4 * large.width
    # White paper with dark text: mostly 255, some dark pixels.
    assert min(small.bgra[0 : small.stride * 200 : 4]) < 128
    assert large.bgra[:4] == b"\xff\xff\xff\xff"


def test_render_page_number_out_of_range(contract: bytes) -> None:
    with pytest.raises(DocumentError, match="no page 9"):
        render_page(contract, 9)


def test_passage_rects_cover_the_passage_line_by_line(contract: bytes) -> None:
    text = read_pdf(contract, "sale.pdf").pages[0].text
    word_line1 = text.index("Contract")
    word_line2 = text.index("buyer")
    (first,) = passage_rects(contract, 1, word_line1, word_line1 + len("Contract"))
    (second,) = passage_rects(contract, 1, word_line2, word_line2 + len("buyer"))
    assert second[1] > first[3] - 1  # line 2 lies below line 1 (top-left origin)
    for left, top, right, bottom in (first, second):
        assert 0 <= left < right <= PAGE_WIDTH
        assert 0 <= top < bottom <= PAGE_HEIGHT
    assert second[0] > first[0]  # "buyer" is not at the start of its line
    whole = passage_rects(contract, 1, 0, len(text))
    assert len(whole) == 3  # one rectangle per line
    assert whole[0][1] < whole[1][1] < whole[2][1]


def test_passage_rects_of_nothing(contract: bytes) -> None:
    assert passage_rects(contract, 1, 5, 5) == []
    assert passage_rects(contract, 2, 0, 10) == []  # a scan has no text layer

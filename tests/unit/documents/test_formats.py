"""Every supported format: its text, pages and headings; damage and refusals in plain words."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from desktop.documents.extracted import DocumentError, ExtractedDocument, Page
from desktop.documents.formats import SUPPORTED_SUFFIXES, read_document
from tests.documents.outlook_writer import make_msg
from tests.documents.pdf_writer import ImagePage, make_pdf
from tests.documents.word_writer import (
    PAGE_BREAK,
    RENDERED_BREAK,
    Heading,
    Table,
    make_docx,
    make_zip_bomb,
)


def headings(document: ExtractedDocument) -> list[tuple[int, str]]:
    return [(page.number, h.title) for page in document.pages for h in page.headings]


def heading_texts_match(document: ExtractedDocument) -> bool:
    """Each heading's offset points at its own words in the page text."""
    return all(
        page.text[h.offset :].startswith(h.title.split()[0])
        for page in document.pages
        for h in page.headings
        if not h.title.startswith("Attachment: ")
    )


def test_supported_suffixes() -> None:
    documents = {".pdf", ".docx", ".rtf"}
    texts = {".txt", ".md", ".markdown", ".html", ".htm"}
    assert documents | texts | {".eml", ".msg"} == SUPPORTED_SUFFIXES


# -- Word -------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_headings_in_order() -> None:
    data = make_docx(
        [
            Heading("Lease Agreement", level=0),
            "This lease is made between the parties.",
            Heading("Rent"),
            "Rent is due monthly.",
            Table([["Item", "Amount"], ["Rent", "1,000"], ["Deposit", "2,000"]]),
            "After the table.",
        ]
    )
    document = read_document(data, "lease.docx")
    assert document.kind == "docx"
    assert document.title == "Lease Agreement"
    assert document.pages[0].text == (
        "Lease Agreement\n\nThis lease is made between the parties.\n\nRent\n\n"
        "Rent is due monthly.\n\nItem | Amount\nRent | 1,000\nDeposit | 2,000\n\nAfter the table."
    )
    assert headings(document) == [(1, "Lease Agreement"), (1, "Rent")]
    assert heading_texts_match(document)


def test_docx_page_breaks_hard_and_rendered() -> None:
    data = make_docx(
        [
            "Page one.",
            PAGE_BREAK,
            RENDERED_BREAK,  # Word marks the same break again: still one new page
            "Page two.",
            RENDERED_BREAK,
            Heading("Part Three", level=2),
            "Page three.",
        ],
        title="Breaks",
    )
    document = read_document(data, "breaks.docx")
    assert [page.text for page in document.pages] == [
        "Page one.",
        "Page two.",
        "Part Three\n\nPage three.",
    ]
    assert document.title == "Breaks"
    assert headings(document) == [(3, "Part Three")]
    assert document.pages[2].headings[0].offset == 0


def test_docx_damaged_and_not_word() -> None:
    data = make_docx(["Some text."])
    with pytest.raises(DocumentError, match=r"cut\.docx could not be read: it is damaged"):
        read_document(data[: len(data) // 2], "cut.docx")
    with pytest.raises(DocumentError, match=r"junk\.docx could not be read"):
        read_document(b"PK\x03\x04" + bytes(200), "junk.docx")


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError, match=r"bomb\.docx was refused: it would expand to 20 MB"):
        read_document(make_zip_bomb(inflated_mb=20), "bomb.docx")


def test_empty_docx_has_no_text() -> None:
    document = read_document(make_docx([]), "empty.docx")
    assert not document.has_text
    assert document.page_count == 1


# -- text and Markdown ------------------------------------------------------------------------


def test_text_form_feeds_split_pages_and_line_ends_normalised() -> None:
    document = read_document(b"First page\r\nline two\fSecond page\rend", "notes.txt")
    assert document.kind == "text"
    assert [page.text for page in document.pages] == ["First page\nline two", "Second page\nend"]
    assert headings(document) == []


def test_text_in_cp1252_and_utf16() -> None:
    words = "Müller\u2019s “draft” \u2013 §4"
    assert read_document(words.encode("cp1252"), "a.txt").pages[0].text == words
    assert read_document(words.encode("utf-16-le"), "b.txt").pages[0].text == words


def test_binary_with_text_suffix_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"data\.txt does not contain readable text"):
        read_document(bytes(range(256)) * 8, "data.txt")


def test_markdown_headings_atx_and_setext_not_in_code() -> None:
    text = (
        "Intro line\n===\n\nSome words.\n\n## Terms ##\n\nMore.\n\n"
        "```\n# not a heading\n```\n\nSub part\n--------\n\ntext\n\f# Second page\nbody\n"
    )
    document = read_document(text.encode(), "brief.md")
    assert document.kind == "markdown"
    assert document.title == "Intro line"
    assert headings(document) == [
        (1, "Intro line"),
        (1, "Terms"),
        (1, "Sub part"),
        (2, "Second page"),
    ]
    page = document.pages[0]
    terms = next(h for h in page.headings if h.title == "Terms")
    assert page.text[terms.offset :].startswith("## Terms")
    assert page.text[page.headings[2].offset :].startswith("Sub part")


# -- HTML -------------------------------------------------------------------------------------


def test_html_visible_text_blocks_headings_and_title() -> None:
    markup = b"""<!DOCTYPE html><html><head><title>Firm  memo</title>
    <style>p { color: red }</style><script>alert("x")</script></head><body>
    <h1>Memo &amp; advice</h1><p>The client   <b>must</b> reply.<br>By Friday.</p>
    <table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>Partner</td></tr></table>
    <h2>Next steps</h2><ul><li>Call</li><li>Write</li></ul></body></html>"""
    document = read_document(markup, "memo.html")
    assert document.kind == "html"
    assert document.title == "Firm memo"
    assert document.pages[0].text == (
        "Memo & advice\n\nThe client must reply.\nBy Friday.\n\nName | Role\nAnn | Partner\n\n"
        "Next steps\n\nCall\nWrite"
    )
    assert headings(document) == [(1, "Memo & advice"), (1, "Next steps")]
    assert heading_texts_match(document)
    assert "alert" not in document.pages[0].text


def test_html_declared_charset_is_used() -> None:
    markup = '<html><head><meta charset="windows-1252"></head><body>Café “x”</body></html>'
    document = read_document(markup.encode("cp1252"), "page.htm")
    assert document.pages[0].text == "Café “x”"


# -- e-mail -----------------------------------------------------------------------------------


def make_eml(attachments: list[tuple[str, str, bytes]] = (), html_only: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = "Ann Lee <ann@firm.example>"
    message["To"] = "Bob Roe <bob@client.example>"
    message["Cc"] = "Cy Poe <cy@firm.example>"
    message["Date"] = "Fri, 01 Mar 2024 09:30:00 +0000"
    message["Subject"] = "Settlement offer \u2013 final"
    if html_only:
        message.set_content("<p>We offer <b>10,000</b>.</p><p>Regards</p>", subtype="html")
    else:
        message.set_content("Dear Bob,\n\nWe offer 10,000.\n\nRegards, Ann")
        message.add_alternative("<p>HTML version, not preferred</p>", subtype="html")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def test_eml_headers_then_plain_body() -> None:
    document = read_document(make_eml(), "offer.eml")
    assert document.kind == "eml"
    assert document.title == "Settlement offer \u2013 final"
    assert document.pages[0].text == (
        "From: Ann Lee <ann@firm.example>\nTo: Bob Roe <bob@client.example>\n"
        "Cc: Cy Poe <cy@firm.example>\nDate: Fri, 01 Mar 2024 09:30:00 +0000\n"
        "Subject: Settlement offer \u2013 final\n\nDear Bob,\n\nWe offer 10,000.\n\nRegards, Ann"
    )
    assert document.notes == ()


def test_eml_html_only_body_goes_through_the_html_reader() -> None:
    text = read_document(make_eml(html_only=True), "offer.eml").pages[0].text
    assert text.endswith("Subject: Settlement offer \u2013 final\n\nWe offer 10,000.\n\nRegards")


def test_eml_attachments_read_as_pages_and_unsupported_noted() -> None:
    pdf = make_pdf(["Invoice 42\nTotal due 500", "Terms page"])
    docx = make_docx(["Draft agreement text."])
    data = make_eml(
        [
            ("invoice.pdf", "application/pdf", pdf),
            ("draft.docx", "application/octet-stream", docx),
            ("figures.xlsx", "application/octet-stream", b"PK\x03\x04" + bytes(40)),
            ("scan.pdf", "application/pdf", make_pdf([ImagePage()])),
        ]
    )
    document = read_document(data, "offer.eml")
    texts = [page.text for page in document.pages]
    assert texts[1] == "Attachment: invoice.pdf\n\nInvoice 42\nTotal due 500"
    assert texts[2] == "Terms page"
    assert texts[3] == "Attachment: draft.docx\n\nDraft agreement text."
    assert texts[4] == "Attachment: scan.pdf\n\n"
    assert headings(document) == [
        (2, "Attachment: invoice.pdf"),
        (4, "Attachment: draft.docx"),
        (5, "Attachment: scan.pdf"),
    ]
    assert document.scanned_pages == []  # no PDF of its own to OCR: the note says so
    assert document.notes == (
        "Attachment figures.xlsx was not read (unsupported type).",
        "Attachment scan.pdf: its scanned pages (1) were not read; "
        "add the attachment on its own to read them.",
    )


def test_eml_unreadable_attachment_is_a_note_not_a_failure() -> None:
    data = make_eml([("broken.pdf", "application/pdf", b"%PDF-1.4\nnothing else")])
    document = read_document(data, "offer.eml")
    assert document.page_count == 1
    assert document.notes == (
        "Attachment broken.pdf could not be read: it is damaged or not a complete PDF file.",
    )


# -- Outlook ----------------------------------------------------------------------------------


def test_msg_headers_body_and_attachments() -> None:
    pdf = make_pdf(["Invoice 42"])
    data = make_msg(
        subject="Settlement offer",
        sender="Ann Lee",
        to="Bob Roe; Cy Poe",
        body="Dear Bob,\r\nWe offer 10,000.\r\n",
        sent=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
        attachments=[("invoice.pdf", pdf), ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(50))],
    )
    document = read_document(data, "offer.msg")
    assert document.kind == "msg"
    assert document.title == "Settlement offer"
    assert document.pages[0].text == (
        "From: Ann Lee\nTo: Bob Roe; Cy Poe\nDate: Fri, 01 Mar 2024 09:30:00 +0000\n"
        "Subject: Settlement offer\n\nDear Bob,\nWe offer 10,000."
    )
    assert document.pages[1].text == "Attachment: invoice.pdf\n\nInvoice 42"
    assert document.notes == ("Attachment photo.png was not read (unsupported type).",)


def test_msg_ansi_properties_and_large_body() -> None:
    body = "Clause café. " * 1000  # over 4 KB: stored outside the mini stream
    data = make_msg("Ansi", "Zoë", "Bob", body, None, ansi=True)
    text = read_document(data, "old.msg").pages[0].text
    assert text.startswith("From: Zoë\nTo: Bob\nSubject: Ansi\n\nClause café.")
    assert text.count("café") == 1000


def test_msg_html_body_when_there_is_no_text_body() -> None:
    html = b"<html><body><p>Hello <b>there</b></p><p>Bye</p></body></html>"
    data = make_msg("Hi", "Ann", "Bob", None, None, html_body=html)
    assert read_document(data, "x.msg").pages[0].text.endswith("Subject: Hi\n\nHello there\n\nBye")


def test_msg_damaged() -> None:
    data = make_msg("Hi", "Ann", "Bob", "Body", None)
    with pytest.raises(DocumentError, match=r"cut\.msg could not be read"):
        read_document(data[:1200], "cut.msg")


# -- RTF --------------------------------------------------------------------------------------


def test_rtf_text_and_page_breaks() -> None:
    data = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}}\pard Caf\'e9 terms\par"
        rb" second line\page Page two \u8364? total\par}"
    )
    document = read_document(data, "terms.rtf")
    assert document.kind == "rtf"
    assert [page.text for page in document.pages] == [
        "Café terms\nsecond line",
        "Page two € total",
    ]


# -- choosing the reader ----------------------------------------------------------------------


def test_content_decides_over_a_wrong_suffix() -> None:
    assert read_document(make_pdf(["Real PDF"]), "letter.txt").kind == "pdf"
    assert read_document(make_docx(["Real Word"]), "letter.pdf").kind == "docx"
    assert read_document(b"<html><body>x</body></html>", "page.txt").kind == "html"
    assert read_document(make_eml(), "saved.txt").kind == "eml"
    assert read_document(b"just words", "README").kind == "text"


@pytest.mark.parametrize(
    ("data", "name", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "photo.png", "an image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old.doc", "an older Word document"),
        (b"a,b\n1,2\n", "table.csv", "a spreadsheet"),
        (b"\x7fELF" + bytes(60), "tool", "a program"),
    ],
)
def test_unsupported_types_are_named_and_supported_ones_listed(data, name, what) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name} is {what}")
    assert "which Cloister cannot read. Supported: PDF, Word (.docx)" in message


def test_empty_files_have_no_text_or_say_why() -> None:
    assert not read_document(b"", "empty.txt").has_text
    assert not read_document(b"", "empty.md").has_text
    with pytest.raises(DocumentError, match=r"empty\.pdf"):
        read_document(b"", "empty.pdf")


def test_with_pages_replaces_pages_and_keeps_the_rest() -> None:
    document = read_document(make_pdf(["Text", ImagePage()], title="T"), "scan.pdf")
    ocr = document.with_pages([document.pages[0], Page(number=2, text="Read by OCR")])
    assert ocr.title == "T" and ocr.kind == "pdf"
    assert ocr.scanned_pages == []
    assert ocr.pages[1].text == "Read by OCR"
    assert document.scanned_pages == [2]  # the original is unchanged


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a.msg", "a.rtf", "a.html", "a.eml"])
def test_mangled_files_give_a_document_error_never_a_traceback(name: str) -> None:
    import random

    seeds = {
        "a.pdf": lambda: make_pdf(["Hello\nworld", ImagePage()], title="t", outline=[("Hello", 1)]),
        "a.docx": lambda: make_docx([Heading("H"), "para", Table([["a", "b"]])]),
        "a.msg": lambda: make_msg("s", "a", "b", "body", None, [("x.pdf", make_pdf(["x"]))]),
        "a.rtf": lambda: rb"{\rtf1\ansi{\fonttbl{\f0 T;}}\pard a\'e9 \page b\u8364?\par}",
        "a.html": lambda: b"<html><body><h1>x</h1><p>y</p></body></html>",
        "a.eml": lambda: make_eml([("x.pdf", "application/pdf", make_pdf(["x"]))]),
    }
    original = seeds[name]()
    rng = random.Random(name)  # the same mangling on every run
    for _ in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        try:
            read_document(bytes(data), name)
        except DocumentError as exc:
            assert str(exc)

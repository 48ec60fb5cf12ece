"""The PDF record: a real, paginated A4 file with its title, written whole or not at all."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop import __version__
from desktop.core.errors import KnownError
from desktop.core.export import conversation_markdown
from desktop.core.records import Conversation, Message, MessageStatus, Role
from desktop.ui.chat.pdf_export import printable_document, write_pdf

TITLE = "Lease dispute — Müller v. Smith"
MOMENT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def record(message_count: int) -> str:
    conversation = Conversation(id=1, title=TITLE, created_at=MOMENT, updated_at=MOMENT)
    messages = [
        Message(
            id=n,
            conversation_id=1,
            role=Role.USER if n % 2 else Role.ASSISTANT,
            content=f"Message {n}: what does **clause {n}** say?\n\n```\ncode {n}\n```",
            status=MessageStatus.INTERRUPTED if n == message_count else MessageStatus.COMPLETE,
            model=None if n % 2 else "SmolLM2-135M.gguf",
            created_at=MOMENT,
        )
        for n in range(1, message_count + 1)
    ]
    return conversation_markdown(
        conversation, messages, exported_at=MOMENT, app_version=__version__
    )


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def info_text(pdf: bytes, key: str) -> str:
    """An Info dictionary string, whether Qt wrote it as a literal or as hex, UTF-16 or not."""
    match = re.search(rb"/" + key.encode() + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", pdf)
    assert match, f"no /{key} in the PDF"
    raw = match.group(1)
    if raw.startswith(b"<"):
        value = bytes.fromhex(raw[1:-1].decode("ascii"))
    else:
        value = re.sub(rb"\\(.)", rb"\1", raw[1:-1], flags=re.DOTALL)
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    return value.decode("latin-1")


def test_a_short_conversation_makes_a_one_page_pdf_with_its_title(qtbot, tmp_path) -> None:
    target = tmp_path / "record.pdf"
    write_pdf(record(2), target, title=TITLE)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1024
    assert pages(pdf) == 1
    assert info_text(pdf, "Title") == TITLE
    assert info_text(pdf, "Creator") == f"Cloister {__version__}"
    assert list(tmp_path.iterdir()) == [target]  # no temp file left behind


def test_a_long_conversation_runs_over_several_pages(qtbot, tmp_path) -> None:
    target = tmp_path / "long.pdf"
    write_pdf(record(200), target, title=TITLE)
    assert pages(target.read_bytes()) > 1


def test_an_existing_file_is_replaced(qtbot, tmp_path) -> None:
    target = tmp_path / "record.pdf"
    target.write_bytes(b"old")
    write_pdf(record(1), target, title=TITLE)
    assert target.read_bytes().startswith(b"%PDF-")


def test_writing_into_a_missing_folder_is_a_known_error(qtbot, tmp_path) -> None:
    target = tmp_path / "missing" / "record.pdf"
    with pytest.raises(KnownError, match=r"Could not export to .*record\.pdf"):
        write_pdf(record(1), target, title=TITLE)
    assert list(tmp_path.iterdir()) == []


def test_long_code_lines_wrap_instead_of_running_off_the_page(qtbot) -> None:
    document = printable_document("```\n" + "x" * 2000 + "\n```\n")
    block = document.begin()
    while block.isValid():
        assert not block.blockFormat().nonBreakableLines()
        block = block.next()


def test_images_are_shown_as_their_address_not_loaded(qtbot, tmp_path: Path) -> None:
    document = printable_document(f"See ![the plan]({tmp_path / 'plan.png'}) here")
    assert f"See [image: the plan <{tmp_path / 'plan.png'}>] here" in document.toPlainText()


def page_texts(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range().strip() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("message_count", [58, 59, 60, 61, 62, 200])
def test_the_last_page_is_never_blank(qtbot, tmp_path, message_count: int) -> None:
    # The record ends with a rule; at 60 and 200 messages it used to spill onto a page of its
    # own that held nothing but the page number.
    target = tmp_path / "record.pdf"
    write_pdf(record(message_count), target, title=TITLE)
    texts = page_texts(target)
    last_words = texts[-1].replace(str(len(texts)), "", 1).strip()
    assert last_words, f"page {len(texts)} of {len(texts)} is blank"

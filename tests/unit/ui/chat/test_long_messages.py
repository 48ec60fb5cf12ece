"""A pasted 1 MB document in the transcript: shown collapsed, all of it one click away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from desktop.core.long_text import PREVIEW_CHARS, preview, size_label
from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat.chat_view import ChatView
from tests.unit.ui.chat.transcript import lines

MEGABYTE_OF_PROSE = ("The tenant shall pay the rent on the first day of each month.\n" * 16_400)[
    :1_000_000
]


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    qtbot.addWidget(widget)
    return widget


def message(content: str, role: Role = Role.USER, message_id: int = 7) -> Message:
    return Message(
        id=message_id,
        conversation_id=1,
        role=role,
        content=content,
        status=MessageStatus.COMPLETE,
    )


def show_all_link(view: ChatView) -> tuple[str, str]:
    links = [(text, href) for text, href in view.links() if text.startswith("Show all")]
    assert len(links) == 1, view.links()
    return links[0]


@pytest.mark.parametrize("role", [Role.USER, Role.ASSISTANT])
def test_a_megabyte_message_shows_its_beginning_and_a_show_all_link(view, role) -> None:
    view.add_message(message(MEGABYTE_OF_PROSE, role))

    shown = view.toPlainText()
    assert len(shown) < 2 * PREVIEW_CHARS, "a megabyte is never laid out in the transcript"
    assert "The tenant shall pay the rent" in shown
    text, _href = show_all_link(view)
    assert text == "Show all (1.0 MB)"


def test_show_all_opens_the_whole_message_byte_exact(qtbot, view) -> None:
    view.add_message(message(MEGABYTE_OF_PROSE))

    view.anchorClicked.emit(QUrl(show_all_link(view)[1]))

    viewer = view.message_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.shown_text() == MEGABYTE_OF_PROSE
    assert "1.0 MB" in viewer.windowTitle()


def test_a_message_of_ordinary_length_is_shown_whole(view) -> None:
    text = "A short question about the lease. " * 100
    view.add_message(message(text))
    assert text.strip() in view.toPlainText()
    assert not [t for t, _ in view.links() if t.startswith("Show all")]


def test_a_long_message_stays_collapsed_when_the_conversation_is_reopened(view) -> None:
    view.show_messages([message(MEGABYTE_OF_PROSE), message("Fine.", Role.ASSISTANT, 8)])
    assert len(view.toPlainText()) < 2 * PREVIEW_CHARS
    assert lines(view)[-1] == "Fine."


def test_the_preview_ends_at_a_word_and_the_size_reads_plainly() -> None:
    shown = preview(MEGABYTE_OF_PROSE)
    assert MEGABYTE_OF_PROSE.startswith(shown)
    assert MEGABYTE_OF_PROSE[len(shown)].isspace(), "cut between words"
    assert size_label("x" * 999) == "999 bytes"
    assert size_label("x" * 38_400) == "38 KB"
    assert size_label("é" * 600_000) == "1.2 MB"  # UTF-8 bytes, as the file would be

"""The transcript: Markdown rendered, replies streamed in place, notes for unfinished ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont, QTextDocument

from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat.chat_view import ChatView
from tests.unit.ui.chat.transcript import lines


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    qtbot.addWidget(widget)
    return widget


def message(
    content: str, role: Role = Role.ASSISTANT, status: MessageStatus = MessageStatus.COMPLETE
) -> Message:
    return Message(id=1, conversation_id=1, role=role, content=content, status=status)


def fragments(view: ChatView) -> list[tuple[str, QFont]]:
    """Every run of text in the transcript with the font it is shown in."""
    found = []
    block = view.document().begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            fragment = pieces.fragment()
            found.append((fragment.text(), fragment.charFormat().font()))
            pieces += 1
        block = block.next()
    return found


def font_of(view: ChatView, text: str) -> QFont:
    matches = [font for piece, font in fragments(view) if piece == text]
    assert matches, f"{text!r} not shown as one run; shown: {[p for p, _ in fragments(view)]}"
    return matches[0]


def is_monospace(view: ChatView, text: str) -> bool:
    font = font_of(view, text)
    return font.fixedPitch() or "monospace" in font.families()


def test_messages_are_shown_under_who_wrote_them(view) -> None:
    view.show_messages([message("What is 2+2?", Role.USER), message("It is 4.", Role.ASSISTANT)])
    assert lines(view) == ["You", "What is 2+2?", "Assistant", "It is 4."]
    assert font_of(view, "You").bold()


def test_bold_text_is_rendered_bold_without_the_asterisks(view) -> None:
    view.add_message(message("This is **very** important."))
    assert "This is very important." in lines(view)
    assert font_of(view, "very").bold()
    assert not font_of(view, "This is ").bold()


def test_code_is_rendered_in_a_fixed_width_font(view) -> None:
    view.add_message(message("Call `main()`:\n\n```python\nprint('hi')\nexit(0)\n```\n"))
    assert lines(view)[-2:] == ["print('hi')", "exit(0)"]
    assert is_monospace(view, "main()")
    assert is_monospace(view, "print('hi')")
    assert not is_monospace(view, "Call ")


def test_lists_and_headings_lose_their_markup(view) -> None:
    view.add_message(message("# Plan\n\n- buy milk\n- call Ana\n\n1. first\n2. second"))
    assert lines(view)[1:] == ["Plan", "buy milk", "call Ana", "first", "second"]


def test_text_that_looks_like_html_is_shown_as_written(view) -> None:
    prompt = "What does <div> do? And <b>this</b>? Is 1 < 2 > 0?"
    view.add_message(message(prompt, Role.USER))
    assert lines(view) == ["You", prompt]


@pytest.mark.parametrize(
    ("status", "note"),
    [
        (MessageStatus.CANCELLED, "Stopped by you."),
        (MessageStatus.INTERRUPTED, "Interrupted: the model stopped before finishing"),
        (MessageStatus.ERROR, "The model could not answer."),
    ],
)
def test_an_unfinished_reply_says_why(view, status: MessageStatus, note: str) -> None:
    view.show_messages([message("Partial answ", status=status)])
    assert "Partial answ" in lines(view)
    assert lines(view)[-1].startswith(note)


def test_a_complete_reply_has_no_note(view) -> None:
    view.show_messages([message("Done.")])
    assert lines(view) == ["Assistant", "Done."]


def test_show_messages_replaces_the_transcript(view) -> None:
    view.show_messages([message("old conversation")])
    view.show_messages([message("new conversation")])
    assert lines(view) == ["Assistant", "new conversation"]
    view.show_messages([])
    assert lines(view) == []


def test_a_reply_streams_in_place_after_earlier_messages(qtbot, view) -> None:
    view.show_messages([message("Tell me a story", Role.USER)])
    view.begin_reply()
    assert lines(view) == ["You", "Tell me a story", "Assistant", "…"]  # visibly thinking

    for piece in ["Once ", "upon ", "a **time**"]:
        view.append_to_reply(piece)
    assert view.reply_text == "Once upon a **time**"
    qtbot.waitUntil(lambda: lines(view)[-1] == "Once upon a time", timeout=10_000)
    assert font_of(view, "time").bold()
    assert lines(view)[:3] == ["You", "Tell me a story", "Assistant"]  # earlier text untouched

    view.append_to_reply(".")
    view.end_reply(MessageStatus.COMPLETE)  # the final text is shown at once
    assert lines(view) == ["You", "Tell me a story", "Assistant", "Once upon a time."]


def test_a_stopped_reply_keeps_its_text_and_says_so(view) -> None:
    view.begin_reply("The answer is")
    view.end_reply(MessageStatus.CANCELLED)
    assert lines(view) == ["Assistant", "The answer is", "Stopped by you."]


def test_an_interrupted_reply_gives_the_detail_and_notice(view) -> None:
    view.begin_reply("Half")
    view.end_reply(
        MessageStatus.INTERRUPTED,
        detail="(the model process crashed (SIGKILL).)",
        notice="Earlier messages were left out.",
    )
    assert lines(view)[-2:] == [
        "Interrupted: the model stopped before finishing this answer. "
        "(the model process crashed (SIGKILL).)",
        "Earlier messages were left out.",
    ]


def test_a_streamed_reply_can_resume_from_saved_text(qtbot, view) -> None:
    view.begin_reply("Saved so far")  # e.g. the user came back to a conversation mid-reply
    view.append_to_reply(", and more")
    qtbot.waitUntil(lambda: lines(view)[-1] == "Saved so far, and more", timeout=10_000)


def test_text_after_the_reply_ended_is_ignored(view) -> None:
    view.append_to_reply("no reply in progress")
    view.end_reply(MessageStatus.COMPLETE)
    assert lines(view) == []

    view.begin_reply("Done")
    view.end_reply(MessageStatus.COMPLETE)
    view.append_to_reply(" late token")
    assert view.reply_text == "Done"  # not taken: no later render can show it
    assert lines(view) == ["Assistant", "Done"]


def test_nothing_is_fetched_for_the_document(view) -> None:
    assert not view.openLinks()
    for url in ("file:///etc/passwd", "https://example.com/tracker.png"):
        assert view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(url)) is None


def test_a_streamed_reply_with_tags_keeps_its_text(view) -> None:
    view.begin_reply("<think>Let me see.</think> Use a <table> for this.")
    view.end_reply(MessageStatus.COMPLETE)
    assert lines(view)[-1] == "<think>Let me see.</think> Use a <table> for this."


def test_a_users_line_breaks_are_shown_as_typed(qtbot) -> None:
    from desktop.core.records import Message, Role
    from desktop.ui.chat.chat_view import ChatView

    view = ChatView()
    qtbot.addWidget(view)
    view.add_message(
        Message(id=1, conversation_id=1, role=Role.USER, content="Dear client,\n*urgent*")
    )
    assert "Dear client,\n*urgent*" in view.toPlainText().replace("\u2029", "\n")

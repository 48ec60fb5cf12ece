"""Messages as cards: who, when, which model; code blocks with Copy; only the latest answer
offers Regenerate; the keyboard's menu key opens a message's actions; colours follow the
palette; a long conversation opens with its latest messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.core.records import Message, MessageStatus, Role
from desktop.ui.chat import chat_view
from desktop.ui.chat.chat_view import ChatView
from tests.unit.ui.chat.transcript import lines

CODE = "def f():\n\treturn 'tab'  \n\nprint(f())"
ANSWER = f"Here:\n\n```python\n{CODE}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nsecond\n```"


@pytest.fixture
def view(qtbot) -> ChatView:
    widget = ChatView()
    widget.model_name = lambda file_name, sha256: "SmolLM2 135M Instruct"
    qtbot.addWidget(widget)
    return widget


def message(message_id: int, role: Role, content: str, **more: object) -> Message:
    return Message(id=message_id, conversation_id=1, role=role, content=content, **more)


def headers(view: ChatView) -> list[str]:
    block, found = view.document().begin(), []
    while block.isValid():
        if " · " in block.text():
            found.append(block.text())
        block = block.next()
    return found


def test_a_card_shows_who_wrote_it_when_and_which_model(view) -> None:
    sent = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    view.show_messages(
        [
            message(1, Role.USER, "Hi", created_at=sent),
            message(2, Role.ASSISTANT, "Hello", created_at=sent, model="smollm2.gguf"),
        ]
    )
    you, assistant = headers(view)
    local = sent.astimezone()
    assert you.startswith("You · ") and f"{local.minute:02d}" in you
    assert "2026" in you or "26" in you  # not today: the date is shown too
    assert assistant.startswith("Assistant · ")
    assert assistant.endswith(" · SmolLM2 135M Instruct")  # the controller's name for it


def test_today_shows_only_the_time(view) -> None:
    view.add_message(message(1, Role.USER, "Hi", created_at=datetime.now(UTC)))
    [header] = headers(view)
    assert header.count(" · ") == 1 and len(header.split(" · ")[1]) <= 8


def test_each_code_block_copies_exactly_its_code(view) -> None:
    view.add_message(message(5, Role.ASSISTANT, ANSWER))
    copy_links = [(text, href) for text, href in view.links() if href.startswith("cloister-code:")]
    assert [text for text, _ in copy_links] == ["Copy code", "Copy code"]

    view.anchorClicked.emit(chat_view.QUrl(copy_links[0][1]))
    assert QApplication.clipboard().text() == CODE  # the tab and trailing spaces kept
    view.anchorClicked.emit(chat_view.QUrl(copy_links[1][1]))
    assert QApplication.clipboard().text() == "second"


def test_code_is_shown_monospace_on_a_tinted_background(view) -> None:
    view.add_message(message(5, Role.ASSISTANT, ANSWER))
    block = view.document().begin()
    while block.isValid() and block.text() != "def f():":
        block = block.next()
    assert block.isValid()
    card = view._frames[5].frameFormat().background().color()
    code = block.blockFormat().background().color()
    assert code.isValid() and code != card
    assert "print(f())" in lines(view) and "a" in lines(view)  # the table's cells


def test_copy_code_links_come_with_the_finished_reply(qtbot, view) -> None:
    view.begin_reply("```\nx = 1\n", message_id=9)
    assert not [h for _, h in view.links() if h.startswith("cloister-code:")]
    view.append_to_reply("```\n")
    view.end_reply(MessageStatus.COMPLETE)
    assert view.code_blocks(9) == ["x = 1"]


def test_actions_per_message_and_regenerate_only_on_the_latest_answer(view) -> None:
    view.show_messages(
        [
            message(1, Role.USER, "One"),
            message(2, Role.ASSISTANT, "First"),
            message(3, Role.USER, "Two"),
        ]
    )
    actions = [h for _, h in view.links() if h.startswith("cloister-action:")]
    assert actions == [
        "cloister-action:copy:1",
        "cloister-action:edit:1",
        "cloister-action:delete:1",
        "cloister-action:copy:2",
        "cloister-action:regenerate:2",
        "cloister-action:delete:2",
        "cloister-action:about:2",
        "cloister-action:copy:3",
        "cloister-action:edit:3",
        "cloister-action:delete:3",
    ]
    view.begin_reply(message_id=4)
    view.end_reply(MessageStatus.COMPLETE)
    regenerate = [h for _, h in view.links() if h.startswith("cloister-action:regenerate")]
    assert regenerate == ["cloister-action:regenerate:4"]


def test_action_links_emit_what_the_controller_does(qtbot, view) -> None:
    view.show_messages([message(1, Role.USER, "One"), message(2, Role.ASSISTANT, "First")])
    for action, signal, message_id in (
        ("edit", view.edit_requested, 1),
        ("regenerate", view.regenerate_requested, 2),
        ("delete", view.delete_requested, 2),
        ("about", view.about_requested, 2),
    ):
        with qtbot.waitSignal(signal) as emitted:
            view.anchorClicked.emit(chat_view.QUrl(f"cloister-action:{action}:{message_id}"))
        assert emitted.args == [message_id]


# A popup menu grabs the keyboard, which the offscreen platform cannot: not ours.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing", extend=True)
def test_the_menu_key_opens_the_actions_of_the_message_the_cursor_is_in(qtbot, view) -> None:
    view.show_messages([message(1, Role.USER, "One"), message(2, Role.ASSISTANT, "First")])
    view.show()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._frames[1].firstPosition() + 2)
    view.setTextCursor(cursor)

    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard,
        QPoint(0, 0),
        QPoint(0, 0),
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)

    menu = view.context_menu
    assert menu is not None
    entries = [a.text() for a in menu.actions() if a.objectName().startswith("message-")]
    assert entries == ["Copy", "Edit", "Delete"]
    with qtbot.waitSignal(view.edit_requested) as emitted:
        next(a for a in menu.actions() if a.objectName() == "message-edit").trigger()
    assert emitted.args == [1]
    menu.close()


def test_cards_take_the_new_colours_when_the_palette_changes(view) -> None:
    view.show_messages([message(1, Role.USER, "One")])
    light = view._frames[1].frameFormat().background().color()
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(20, 20, 24))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    view.setPalette(dark)
    now = view._frames[1].frameFormat().background().color()
    assert now != light and now.lightness() < 80
    assert lines(view) == ["You", "One"]


def test_a_streamed_reply_ends_as_it_would_be_shown_when_reopened(qtbot, view) -> None:
    text = "# Title\n\nFirst *paragraph*.\n\n- a\n- b\n\n```\ncode\n```\n\nLast line."
    view.begin_reply(message_id=3)
    for start in range(0, len(text), 7):
        view.append_to_reply(text[start : start + 7])
        view._render_reply()  # as the timer would, after every few tokens
    streamed_settled = lines(view)
    assert streamed_settled[-1] == "Last line."
    view.end_reply(MessageStatus.COMPLETE)
    streamed = view.toHtml()

    other = ChatView()
    qtbot.addWidget(other)
    other.add_message(message(3, Role.ASSISTANT, text))
    assert lines(other) == lines(view)
    assert streamed.count("<table") == other.toHtml().count("<table")


def test_a_long_conversation_opens_with_its_latest_messages(view) -> None:
    many = [
        message(i, Role.USER if i % 2 else Role.ASSISTANT, f"Message {i}") for i in range(1, 301)
    ]
    view.show_messages(many)
    assert view.shown_ids() == list(range(251, 301))
    [earlier] = [t for t, h in view.links() if h.startswith("cloister-earlier")]
    assert earlier == "Show earlier messages (250 more)"
    view.anchorClicked.emit(chat_view.QUrl("cloister-earlier:"))
    assert view.shown_ids() == list(range(151, 301))
    assert "Message 151" in lines(view)
    assert view.verticalScrollBar().value() >= 0


def test_the_view_has_an_accessible_name_and_description(view) -> None:
    assert view.accessibleName() == "Conversation"
    assert "menu key" in view.accessibleDescription()
    assert view.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard

"""Message actions end to end in the real window and controller, with the store and engine in
memory: copy, regenerate, edit and resend, delete with a confirmation, About this answer."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.audit_events import EventType
from desktop.core.events import FinishReason, GenerationFinished
from desktop.core.records import MessageStatus, Role
from desktop.core.settings import GenerationSettings
from tests.unit.ui.chat.test_chat_controller import Chat
from tests.unit.ui.chat.transcript import lines

SHA = "ab" * 32


def answered(chat: Chat, prompt: str, answer: str) -> int:
    """Send `prompt`, stream `answer` as the reply, finish it; return the reply's id."""
    reply_id = chat.send(prompt)
    chat.token(reply_id, answer, 4)
    chat.clock.now += 2.5  # the answer took 2.5 s
    chat.emit(GenerationFinished(reply_id, FinishReason.STOP, 4, 12.5, prompt_tokens=21))
    chat.wait_saved(reply_id, MessageStatus.COMPLETE)
    chat.qtbot.waitUntil(lambda: chat.window.chat_view.message(reply_id) is not None)
    return reply_id


def test_copy_puts_the_messages_markdown_on_the_clipboard(chat: Chat) -> None:
    reply_id = answered(chat, "Format it", "Use **bold** and `code`.")
    view = chat.window.chat_view
    chat.qtbot.waitUntil(lambda: view.message(reply_id).content == "Use **bold** and `code`.")

    view.act("copy", reply_id)

    assert QApplication.clipboard().text() == "Use **bold** and `code`."
    assert chat.status_bar() == "Message copied"


def test_regenerate_asks_again_and_replaces_the_latest_answer(chat: Chat) -> None:
    first = answered(chat, "Name a colour", "Blue.")
    before = len(chat.engine.generated)

    chat.window.chat_view.act("regenerate", first)

    chat.qtbot.waitUntil(lambda: len(chat.engine.generated) > before)
    new_id, sent, _, _ = chat.engine.generated[-1]
    assert sent == [{"role": "user", "content": "Name a colour"}]  # the old answer is not sent
    assert new_id != first
    [conversation] = chat.store.conversations()
    assert [m.id for m in chat.store.messages(conversation.id)][-1] == new_id
    assert first in chat.store.deleted
    [deleted] = chat.auditor.of(EventType.MESSAGE_DELETE)
    assert (deleted.details, deleted.reason) == ({"message_id": first}, "regenerate")
    chat.token(new_id, "Green.")
    chat.qtbot.waitUntil(lambda: lines(chat.window.chat_view)[-1] == "Green.")
    assert "Blue." not in lines(chat.window.chat_view)


def test_only_the_latest_answer_can_be_regenerated(chat: Chat) -> None:
    first = answered(chat, "One", "First.")
    answered(chat, "Two", "Second.")
    view = chat.window.chat_view
    menu = view.message_menu(view._frames[first].firstPosition() + 1, view.rect().center())
    names = [a.objectName() for a in menu.actions() if a.objectName().startswith("message-")]
    assert names == ["message-copy", "message-delete", "message-about"]
    before = len(chat.engine.generated)
    chat.controller.regenerate(first)
    chat.qtbot.waitUntil(lambda: "no longer" in chat.status_bar())
    assert len(chat.engine.generated) == before


def test_edit_and_resend_replaces_the_later_messages(chat: Chat) -> None:
    answered(chat, "What is 2+2?", "4.")
    second = answered(chat, "And 3+3?", "6.")
    [conversation] = chat.store.conversations()
    first_prompt = chat.store.messages(conversation.id)[0]
    before = len(chat.engine.generated)

    chat.window.chat_view.act("edit", first_prompt.id)
    dialog = chat.controller.edit_dialog
    assert dialog is not None and dialog.text() == "What is 2+2?"
    dialog.editor.setPlainText("What is 2+3?")
    dialog.resend_button.click()

    chat.qtbot.waitUntil(lambda: len(chat.engine.generated) > before)
    new_id, sent, _, _ = chat.engine.generated[-1]
    assert sent == [{"role": "user", "content": "What is 2+3?"}]
    stored = chat.store.messages(conversation.id)
    assert [(m.role, m.content) for m in stored[:1]] == [(Role.USER, "What is 2+3?")]
    assert [m.id for m in stored] == [first_prompt.id, new_id]
    assert second in chat.store.deleted
    [submitted] = chat.auditor.of(EventType.PROMPT_SUBMIT)[-1:]
    assert submitted.details["edited_message_id"] == first_prompt.id
    assert lines(chat.window.chat_view)[:3] == ["You", "What is 2+3?", "Assistant"]


def test_regenerate_and_edit_wait_for_the_answer_in_progress(chat: Chat) -> None:
    first = answered(chat, "One", "First.")
    chat.send("Two")  # streaming now
    before = len(chat.engine.generated)
    chat.controller.regenerate(first)
    assert "Wait for the answer" in chat.status_bar()
    assert len(chat.engine.generated) == before


def test_delete_asks_first_and_is_audited(chat: Chat) -> None:
    reply_id = answered(chat, "Secret question", "Secret answer.")
    view = chat.window.chat_view

    view.act("delete", reply_id)
    box = chat.controller.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert chat.store.deleted == []

    view.act("delete", reply_id)
    box = chat.controller.confirm_box
    [delete] = [
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    ]
    delete.click()

    chat.qtbot.waitUntil(lambda: chat.store.deleted == [reply_id])
    chat.qtbot.waitUntil(lambda: "Secret answer." not in lines(view))
    assert "Secret question" in lines(view)
    [event] = chat.auditor.of(EventType.MESSAGE_DELETE)
    assert event.details == {"message_id": reply_id}


def test_about_this_answer_shows_model_settings_tokens_speed_and_time(qtbot, chat: Chat) -> None:
    settings = GenerationSettings(temperature=0.7, seed=42)
    chat.controller._set_default_settings(settings)
    chat.controller._model_name, chat.controller._model_sha256 = "smollm2-135m.gguf", SHA
    reply_id = answered(chat, "Hello", "Hi.")

    stored = chat.store.stored(reply_id)
    assert stored.settings == settings
    assert stored.generation_ms == 2500
    assert stored.tokens_per_second == 12.5

    chat.window.chat_view.act("about", reply_id)
    qtbot.waitUntil(lambda: chat.controller.about_dialog is not None)
    values = chat.controller.about_dialog.values
    assert values["file"] == "smollm2-135m.gguf"
    assert values["sha256"] == SHA
    assert values["tokens"] == "21 read, 4 written"
    assert values["speed"] == "12.5 tokens/s"
    assert values["time"] == "2.5 s"
    assert "temperature 0.7" in values["settings"] and "seed 42" in values["settings"]

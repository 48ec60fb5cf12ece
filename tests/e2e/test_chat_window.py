"""The user's story in the real window (offscreen): real worker, real model, real store."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Cloister, build
from desktop.core.records import MessageStatus, Role
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from desktop.ui.chat.chat_controller import EngineSignals

pytestmark = pytest.mark.model
WAIT_MS = 180_000  # hang guards only: a loaded machine answers slowly


@pytest.fixture
def make_app(qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path, generation_settings):
    opened: list[Cloister] = []

    def make(settings: GenerationSettings = generation_settings) -> Cloister:
        app = build(app_paths, data_key=data_key, model_path=starter_model, settings=settings)
        qtbot.addWidget(app.window)
        app.window.show()
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


def type_prompt(qtbot, app: Cloister, text: str) -> None:
    box = app.window.prompt_box
    box.setFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def send_and_wait(qtbot, app: Cloister, text: str) -> tuple[int, str]:
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
        type_prompt(qtbot, app, text)
    return finished.args[0], finished.args[1]


def test_typed_prompt_streams_an_answer_that_is_saved(qtbot, make_app) -> None:
    app = make_app()
    view_lengths: list[int] = []

    def on_token(_event: object) -> None:
        view_lengths.append(len(app.window.chat_view.reply_text))

    app.window.findChild(EngineSignals).event.connect(on_token)

    _message_id, status = send_and_wait(qtbot, app, "What is the capital of France?")

    assert status == MessageStatus.COMPLETE
    assert app.window.prompt_box.toPlainText() == "", "the prompt box is cleared once sent"
    # The answer arrived piece by piece: its first piece was shown before the rest came.
    shown_lengths = [n for n in view_lengths if n]
    assert shown_lengths[0] < shown_lengths[-1]
    shown = app.window.chat_view.toPlainText()
    assert "What is the capital of France?" in shown
    assert "Paris" in shown
    assert "tok/s" in app.window.speed_label.text()
    # The catalog's name, never the GGUF header's "Smollm2 135M 8k Lc100K Mix1 Ep2"
    assert app.window.model_label.text().startswith("SmolLM2 135M Instruct (Q4_1) · ")

    saved = app.store.messages(app.controller.current_conversation)
    assert [m.role for m in saved] == [Role.USER, Role.ASSISTANT]
    assert saved[1].status == MessageStatus.COMPLETE
    assert "Paris" in saved[1].content


def test_conversations_survive_a_restart(qtbot, make_app) -> None:
    first = make_app()
    send_and_wait(qtbot, first, "What is the capital of France?")
    conversation = first.controller.current_conversation
    first.window.close()
    assert first._closed

    second = make_app()
    qtbot.waitUntil(lambda: second.window.conversation_list.count() == 1, timeout=WAIT_MS)
    assert second.window.conversation_list.item(0).text() == "What is the capital of France?"
    qtbot.waitUntil(lambda: "Paris" in second.window.chat_view.toPlainText(), timeout=WAIT_MS)
    assert second.controller.current_conversation == conversation


def test_stop_keeps_the_partial_answer(qtbot, make_app) -> None:
    app = make_app(GenerationSettings(temperature=0.7, seed=3, max_tokens=2000))
    type_prompt(qtbot, app, "Write a very long story about a lighthouse keeper.")
    qtbot.waitUntil(lambda: len(app.window.chat_view.reply_text) > 40, timeout=WAIT_MS)
    assert app.window.stop_button.isEnabled()
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(app.window.stop_button, Qt.MouseButton.LeftButton)
    message_id, status = finished.args
    assert status == MessageStatus.CANCELLED
    assert not app.window.stop_button.isEnabled()
    assert "Stopped by you." in app.window.chat_view.toPlainText()
    assert len(app.store.message(message_id).content) > 40
    assert app.store.message(message_id).status == MessageStatus.CANCELLED


def test_killed_worker_keeps_the_window_and_the_partial_answer(qtbot, make_app) -> None:
    app = make_app(GenerationSettings(temperature=0.7, seed=3, max_tokens=2000))
    type_prompt(qtbot, app, "Write a very long story about a lighthouse keeper.")
    qtbot.waitUntil(lambda: len(app.window.chat_view.reply_text) > 40, timeout=WAIT_MS)
    worker_pid = app.engine.pid
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
        os.kill(worker_pid, signal.SIGSEGV)
    message_id, status = finished.args
    assert status == MessageStatus.INTERRUPTED
    assert app.window.isVisible()
    assert "Interrupted" in app.window.chat_view.toPlainText()
    assert "SIGSEGV" in app.window.statusBar().currentMessage()
    assert app.store.message(message_id).status == MessageStatus.INTERRUPTED
    assert len(app.store.message(message_id).content) > 0

    # The next message starts a fresh worker and is answered.
    _, status = send_and_wait(qtbot, app, "What is the capital of France?")
    assert status == MessageStatus.COMPLETE
    assert app.engine.pid not in (None, worker_pid)


def test_chat_settings_are_edited_in_a_dialog_and_kept_with_the_conversation(
    qtbot, make_app
) -> None:
    app = make_app()
    send_and_wait(qtbot, app, "What is the capital of France?")
    conversation_id = app.controller.current_conversation

    app.window.menus.chat_settings.trigger()
    qtbot.waitUntil(lambda: app.controller.settings_dialog is not None)
    dialog = app.controller.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.system_prompt.setPlainText("Answer like a careful lawyer.")
    dialog.temperature.setValue(0.5)
    dialog.accept()

    def saved() -> bool:
        settings = app.store.conversation(conversation_id).settings
        return settings.system_prompt == "Answer like a careful lawyer."

    qtbot.waitUntil(saved)
    assert app.store.conversation(conversation_id).settings.temperature == 0.5
    # The next answer in this conversation is generated with them (and still works).
    _, status = send_and_wait(qtbot, app, "And of Italy?")
    assert status == MessageStatus.COMPLETE


def test_the_status_bar_names_the_model_and_its_prompt_format(qtbot, make_app) -> None:
    app = make_app()
    qtbot.waitUntil(lambda: "context 8,192" in app.window.model_label.text(), timeout=WAIT_MS)
    assert "model's own chat template" in app.window.model_label.toolTip()
    assert not app.window.load_progress.isVisible()

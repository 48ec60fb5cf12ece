"""Regenerate and edit-and-resend in the real window: real worker, real model, real encrypted
store and audit log (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl

from desktop.app import Cloister, build
from desktop.core.records import MessageStatus, Role
from desktop.core.settings import GenerationSettings
from desktop.paths import AppPaths
from tests.unit.ui.chat.transcript import lines

pytestmark = pytest.mark.model
WAIT_MS = 180_000  # hang guards only: a loaded machine answers slowly
SETTINGS = GenerationSettings(temperature=0.0, max_tokens=24, seed=7)


@pytest.fixture
def app(qtbot, app_paths: AppPaths, data_key: bytes, starter_model: Path):
    opened = build(app_paths, data_key=data_key, model_path=starter_model, settings=SETTINGS)
    qtbot.addWidget(opened.window)
    opened.window.show()
    yield opened
    opened.close()


def send_and_wait(qtbot, app: Cloister, text: str) -> int:
    box = app.window.prompt_box
    box.setFocus()
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as finished:
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert finished.args[1] == MessageStatus.COMPLETE
    return finished.args[0]


def click(app: Cloister, action: str, message_id: int) -> None:
    app.window.chat_view.anchorClicked.emit(QUrl(f"cloister-action:{action}:{message_id}"))


def test_regenerate_then_edit_and_resend_in_the_real_window(qtbot, app: Cloister) -> None:
    first_reply = send_and_wait(qtbot, app, "What is the capital of France?")
    conversation = app.controller.current_conversation
    assert conversation is not None

    # Regenerate: the latest answer is asked for again and replaced.
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as regenerated:
        click(app, "regenerate", first_reply)
    second_reply = regenerated.args[0]
    assert second_reply != first_reply
    stored = app.store.messages(conversation)
    assert [m.role for m in stored] == [Role.USER, Role.ASSISTANT]
    assert stored[1].id == second_reply and stored[1].content
    assert stored[1].generation_ms and stored[1].settings == SETTINGS

    # Edit the question and resend: its answer is replaced by one to the new text.
    click(app, "edit", stored[0].id)
    dialog = app.controller.edit_dialog
    assert dialog is not None
    dialog.editor.setPlainText("What is the capital of Italy?")
    with qtbot.waitSignal(app.controller.reply_saved, timeout=WAIT_MS) as resent:
        dialog.resend_button.click()
    stored = app.store.messages(conversation)
    assert [(m.role, m.id) for m in stored] == [
        (Role.USER, stored[0].id),
        (Role.ASSISTANT, resent.args[0]),
    ]
    assert stored[0].content == "What is the capital of Italy?"
    shown = lines(app.window.chat_view)
    assert shown[:2] == ["You", "What is the capital of Italy?"]
    assert "What is the capital of France?" not in shown

    # About this answer reads the stored record: the model's SHA-256, tokens and speed.
    click(app, "about", resent.args[0])
    qtbot.waitUntil(lambda: app.controller.about_dialog is not None, timeout=WAIT_MS)
    values = app.controller.about_dialog.values
    assert len(values["sha256"]) == 64
    assert values["speed"].endswith("tokens/s") and "written" in values["tokens"]

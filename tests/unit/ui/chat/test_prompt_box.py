"""The prompt box: Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.chat.prompt_box import PromptBox


@pytest.fixture
def box(qtbot) -> PromptBox:
    widget = PromptBox()
    qtbot.addWidget(widget)
    return widget


def test_enter_sends_the_text(qtbot, box) -> None:
    qtbot.keyClicks(box, "Hello there")
    with qtbot.waitSignal(box.submitted, timeout=10_000) as sent:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert sent.args == ["Hello there"]
    assert box.toPlainText() == "Hello there"  # cleared only once the prompt is saved


def test_the_keypad_enter_key_also_sends(qtbot, box) -> None:
    qtbot.keyClicks(box, "Hi")
    with qtbot.waitSignal(box.submitted, timeout=10_000) as sent:
        qtbot.keyClick(box, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert sent.args == ["Hi"]


def test_shift_enter_inserts_a_new_line_without_sending(qtbot, box) -> None:
    qtbot.keyClicks(box, "first line")
    with qtbot.assertNotEmitted(box.submitted):
        qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "second line")
    assert box.toPlainText() == "first line\nsecond line"

    with qtbot.waitSignal(box.submitted, timeout=10_000) as sent:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert sent.args == ["first line\nsecond line"]


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_blank_text_is_not_sent(qtbot, box, text: str) -> None:
    box.setPlainText(text)
    with qtbot.assertNotEmitted(box.submitted):
        qtbot.keyClick(box, Qt.Key.Key_Return)


def test_other_keys_type_as_usual(qtbot, box) -> None:
    with qtbot.assertNotEmitted(box.submitted):
        qtbot.keyClicks(box, "abc")
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert box.toPlainText() == "ab"

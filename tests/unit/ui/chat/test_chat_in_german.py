"""The chat's own screens in German (issue 21): the sidebar and its questions, rename, edit,
About this answer and the transcript's cards, built with the real German translations; and
the sidebar's delete questions, whose buttons say what they do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.records import Conversation, Message, Role
from desktop.core.settings import GenerationSettings
from desktop.ui.chat.chat_controller import _speed
from desktop.ui.chat.chat_view import ChatView
from desktop.ui.chat.message_dialogs import AboutAnswerDialog, EditMessageDialog
from desktop.ui.chat.rename_dialog import RenameDialog
from desktop.ui.chat.sidebar import Sidebar
from tests.unit.ui.i18n.german import compile_german, german_installed
from tests.unit.ui.i18n.test_german import SAME_IN_GERMAN, shown_texts

# The chat's words, the shared dialog buttons' and the matter switcher's atop the sidebar.
FEATURES = ("chat", "widgets", "matters")
# Written the same in German: the export formats, a hash's name, a model's name.
SAME = SAME_IN_GERMAN | {"JSON", "Markdown", "PDF", "SHA-256", "Tokens", "Tiny"}

ANSWER = Message(
    id=2,
    conversation_id=1,
    role=Role.ASSISTANT,
    content="Three months' notice.\n\n```\nnotice = 3\n```\n",
    model="tiny.gguf",
    model_sha256="ab" * 32,
    prompt_tokens=412,
    completion_tokens=96,
    generation_ms=1500,
)
DATA = {"Lease review", "Three months' notice.", "notice = 3", "tiny.gguf", "ab" * 32}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return compile_german(tmp_path_factory.mktemp("qm"), FEATURES)


@pytest.fixture
def german(compiled: list[Path]) -> Iterator[None]:
    with german_installed(compiled):
        yield


def sidebar() -> Sidebar:
    bar = Sidebar()
    bar.show_conversations(
        [Conversation(id=1, title="Lease review", pinned=True, settings=GenerationSettings())], 1
    )
    bar.conversation_menu(bar.conversation_list.item(0).data(Qt.ItemDataRole.UserRole + 1))
    return bar


def transcript() -> ChatView:
    view = ChatView()
    question = Message(id=1, conversation_id=1, role=Role.USER, content="Lease review")
    view.show_messages([question, ANSWER])
    return view


def card_words(view: QWidget) -> set[str]:
    assert isinstance(view, ChatView)
    return {text for text, _ in view.links()}


SCREENS: dict[str, Callable[[], QWidget]] = {
    "sidebar": sidebar,
    "delete conversation": lambda: Sidebar().delete_box("Lease review"),
    "erase from the audit log": lambda: Sidebar().audit_erase_box("Lease review"),
    "rename": lambda: RenameDialog("Lease review"),
    "edit message": lambda: EditMessageDialog("Lease review"),
    "about this answer": lambda: AboutAnswerDialog(ANSWER, "Tiny", GenerationSettings()),
    "transcript": transcript,
}


def words(widget: QWidget) -> set[str]:
    said = shown_texts(widget) | (card_words(widget) if isinstance(widget, ChatView) else set())
    if isinstance(widget, QMessageBox):
        said |= {widget.text()}
    return {text for text in said if not any(data in text for data in DATA)} | {
        text for text in said if "“Lease review”" in text
    }


@pytest.mark.parametrize("screen", SCREENS)
def test_the_chat_screen_in_german_shows_none_of_its_english_words(
    qtbot, compiled: list[Path], screen: str
) -> None:
    english_widget = SCREENS[screen]()
    qtbot.addWidget(english_widget)
    english = words(english_widget)
    assert english, "the screen shows no words at all"

    with german_installed(compiled):
        german_widget = SCREENS[screen]()
        qtbot.addWidget(german_widget)
        in_german = words(german_widget)

    assert sorted((english & in_german) - SAME) == []


def test_speeds_and_counts_are_written_as_german_writes_them(german: None) -> None:
    assert _speed(1234, 12.34) == "1.234 Tokens · 12,3 Tokens/s"


def test_speeds_keep_english_digits_without_a_language() -> None:
    assert _speed(1234, 12.34) == "1,234 tokens · 12.3 tok/s"


@pytest.mark.parametrize("box", ["delete_box", "audit_erase_box"])
def test_the_delete_questions_name_their_buttons_and_default_to_keeping(qtbot, box: str) -> None:
    bar = Sidebar()
    qtbot.addWidget(bar)
    question: QMessageBox = getattr(bar, box)("Lease review")
    yes = question.button(QMessageBox.StandardButton.Yes)
    no = question.button(QMessageBox.StandardButton.No)
    assert yes.text() in {"Delete", "Erase"} and no.text() in {"Cancel", "Keep"}
    for button in (yes, no):
        assert button.accessibleName() and button.accessibleDescription()
    assert question.defaultButton() is no


@pytest.mark.parametrize(("answer", "agreed"), [("Yes", True), ("No", False)])
def test_confirm_delete_is_the_button_clicked(qtbot, answer: str, agreed: bool) -> None:
    bar = Sidebar()
    qtbot.addWidget(bar)

    def click() -> None:
        box = next(w for w in bar.findChildren(QMessageBox) if w.isVisible())
        box.button(getattr(QMessageBox.StandardButton, answer)).click()

    QTimer.singleShot(0, click)
    assert bar.confirm_delete("Lease review") is agreed

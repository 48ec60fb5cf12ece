"""The window in German: the lock screen, the Documents page, the source viewer, the "Ask about"
bar, the chat settings and the small dialogs, built with the real German translations compiled
from the repository's .ts files, show no English word that their English rendering shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from desktop.core.documents import (
    CollectionRow,
    DocumentRow,
    DocumentStatus,
    EmbedderOption,
    IndexProgress,
    SourceRef,
)
from desktop.core.settings import GenerationSettings
from desktop.ui.chat.ask_about import AskAboutBar
from desktop.ui.chat.message_viewer import MessageViewer
from desktop.ui.chat.prompt_box import PromptBox
from desktop.ui.chat.settings_dialog import ConversationSettingsDialog
from desktop.ui.library.documents_panel import DocumentsDialog, describe_progress
from desktop.ui.library.source_viewer import SourceViewer
from desktop.ui.lock.admin_dialog import AdminPassphraseDialog
from desktop.ui.lock.lock_screen import LockScreen
from desktop.ui.lock.password_dialog import PasswordDialog
from desktop.ui.widgets.numbers import size_words
from tests.unit.ui.i18n.german import compile_german, german_installed

FEATURES = ("chat", "library", "lock", "window")
# Words German writes as English does; anything else English in the German window is a miss.
SAME_IN_GERMAN = {"OK", "Name", "Status", "Top-p", "Top-k", "Administrator", "Passphrase"}
# What the screens show of the user's own data (names, numbers): never translated.
DATA = {
    "Lease agreement.pdf",
    "Smith v Jones",
    "Smith v Jones (2)",
    "all-MiniLM-L6-v2",
    "Lease review",
    "SHA-256 ab12",
    "The file is damaged.",
    "That password is wrong.",
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The four features' .ts files compiled as `make setup` would, in a scratch folder."""
    return compile_german(tmp_path_factory.mktemp("qm"), FEATURES)


@pytest.fixture
def german(qapp: QApplication, compiled: list[Path]) -> Iterator[None]:
    with german_installed(compiled):
        yield


def shown_texts(root: QWidget) -> set[str]:
    """Every word a user or a screen reader gets from `root` and the widgets in it."""
    texts = {root.windowTitle()}
    for widget in [root, *root.findChildren(QWidget)]:
        texts |= {widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()}
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts |= {widget.itemText(row) for row in range(widget.count())}
        if isinstance(widget, QListWidget):
            texts |= {widget.item(row).text() for row in range(widget.count())}
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                texts.add(widget.horizontalHeaderItem(column).text())
                texts |= {widget.item(row, column).text() for row in range(widget.rowCount())}
    texts |= {action.text() for action in root.findChildren(QAction)}
    return {text for text in texts if any(c.isalpha() for c in text)} - DATA


class NoExecutor:
    """The source viewer's page never arrives: its words while loading are enough here."""

    def submit(self, *_: object) -> None:
        pass


def documents_page() -> DocumentsDialog:
    page = DocumentsDialog(None)
    page.show_embedders(
        [
            EmbedderOption(id="minilm", name="all-MiniLM-L6-v2", installed=True, chosen=True),
            EmbedderOption(id="nomic", name="nomic-embed-text", installed=False),
        ]
    )
    collections = [
        CollectionRow(id=1, name="Smith v Jones", documents=2, embedder="all-MiniLM-L6-v2"),
        CollectionRow(id=2, name="Lease review", documents=1, conversation_id=7),
    ]
    page.show_collections(collections, 1)
    rows = [
        DocumentRow(
            id=status_number,
            collection_id=1,
            name="Lease agreement.pdf",
            status=status,
            pages=1200,
            size=2_400_000,
            sha256="ab12",
            message="The file is damaged." if status == DocumentStatus.FAILED else None,
        )
        for status_number, status in enumerate(DocumentStatus, start=1)
    ]
    page.show_documents(rows)
    page.show_progress(
        IndexProgress(files_done=3, files_total=12, pages_done=240, pages_total=1000)
    )
    page.show_error("")
    return page


def source_viewer() -> SourceViewer:
    source = SourceRef(
        number=1,
        document_id=5,
        document_name="Lease agreement.pdf",
        document_sha256="ab12",
        page=2,
        start=0,
        end=10,
        text="The tenant",
    )
    return SourceViewer(source, loader=None, executor=NoExecutor())  # type: ignore[arg-type]


def ask_about_bar() -> AskAboutBar:
    bar = AskAboutBar()
    bar.show_choices(
        7,
        [
            CollectionRow(id=1, name="Smith v Jones", documents=2),
            CollectionRow(id=2, name="Lease review", documents=1, conversation_id=7),
        ],
        1,
    )
    return bar


def keychain_lock_screen() -> LockScreen:
    screen = LockScreen()
    screen.set_needs_passphrase(False)
    return screen


SCREENS: dict[str, Callable[[], QWidget]] = {
    "lock screen": LockScreen,
    "lock screen, keychain": keychain_lock_screen,
    "documents page": documents_page,
    "source viewer": source_viewer,
    "ask about": ask_about_bar,
    "chat settings": lambda: ConversationSettingsDialog(GenerationSettings(), "Lease review"),
    "pdf password": lambda: PasswordDialog("Lease agreement.pdf", "That password is wrong."),
    "administrator": lambda: AdminPassphraseDialog("Lease review", lambda _: None),
    "whole message": lambda: MessageViewer("x" * 10_000),
    "prompt box": PromptBox,
}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_screen_in_german_shows_none_of_its_english_words(
    qtbot, compiled: list[Path], screen: str
) -> None:
    english_widget = SCREENS[screen]()
    qtbot.addWidget(english_widget)
    english = shown_texts(english_widget)
    assert english, "the screen shows no words at all"

    with german_installed(compiled):
        german_widget = SCREENS[screen]()
        qtbot.addWidget(german_widget)
        german = shown_texts(german_widget)

    left_in_english = sorted((english & german) - SAME_IN_GERMAN)
    assert left_in_english == []
    assert german - SAME_IN_GERMAN, "nothing on the screen was translated"


def test_progress_sizes_and_numbers_read_as_german_writes_them(german: None) -> None:
    progress = IndexProgress(
        files_done=3, files_total=12, pages_done=240, pages_total=1000, eta_seconds=130
    )
    assert describe_progress(progress) == (
        "Indizierung: 3 von 12 Dateien · 240 von 1.000 Seiten · noch etwa 2 Min."
    )
    assert size_words(2_400_000) == "2,4 MB"
    long = progress.model_copy(update={"eta_seconds": 2.5 * 3600})
    assert describe_progress(long).endswith("noch etwa 2,5 Std.")


def test_the_lock_screen_says_it_in_german(german: None, qtbot) -> None:
    screen = LockScreen()
    qtbot.addWidget(screen)
    labels = [label.text() for label in screen.findChildren(QLabel)]
    assert "Cloister ist gesperrt" in labels
    assert screen.button.text() == "Entsperren"
    assert screen.field.placeholderText() == "Ihre Cloister-Passphrase"
